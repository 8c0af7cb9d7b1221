"""What every use case shares: who started a run, the key of what it covered, opening the store,
and recording a run from start to finish."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

from secsuite.errors import StoreError
from secsuite.i18n import Lang
from secsuite.urls import display_url, is_database_url

if TYPE_CHECKING:
    from pydantic import BaseModel
    from sqlalchemy import Engine

    from secsuite.store.recorder import RunRecorder

NAMED_INPUT = "web:"  # the prefix of RunJob.named_inputs
Trigger = Literal["cli", "scheduled", "web", "api", "push"]
R = TypeVar("R")
S = TypeVar("S", bound="BaseModel")  # a row read from an input file: it has a ``source``


@dataclass(frozen=True)
class Provenance:
    """Who or what started a run: ``trigger`` the way it came in, ``actor`` the user, token or schedule."""

    trigger: Trigger = "cli"
    actor: str | None = None


@dataclass(kw_only=True)
class RunJob:
    """What every run request carries besides its inputs: the output language, the config file's
    rule settings, the store to record in (None: not recorded) and who started the run."""

    lang: Lang = "zh"
    rule_params: dict[str, dict[str, Any]] = field(default_factory=dict)
    store_url: str | None = None
    provenance: Provenance = field(default_factory=Provenance)
    engine: Engine | None = None
    """The open store of ``store_url`` where the caller holds one (a server), else it is opened."""
    named_inputs: dict[Path, str] = field(default_factory=dict)
    """Inputs that are temporary files standing for something else (a web upload, a units list
    written from the store), by the name of what they stand for (``web:upload/systems/UNIT``). The
    run records and keys that name: the temporary path is gone after the run and new at each upload."""

    def input_name(self, path: Path) -> str:
        return self.named_inputs.get(path, str(path))

    def named_sources(self, records: list[S]) -> list[S]:
        """Rows read from a named input, their ``source`` its name, so stored rows and evidence
        point at what the file stood for rather than at a temporary path."""
        if not self.named_inputs:
            return records
        return [record.model_copy(update={"source": self.input_name(Path(record.source))}) for record in records]


@dataclass
class RunOutcome(Generic[R]):
    """The pipeline's result, the run it was stored as (None without a store), and whether every
    input was read without an error, which makes the run comparable with another of the same scope."""

    result: R
    run_id: int | None
    complete: bool


def covered_input(value: str | Path) -> str:
    """An input as the scope key sees it: a database URL without user or password, a file by its
    absolute path, so ``data/`` and ``./data`` cover the same thing."""
    text = str(value)
    if text.startswith(NAMED_INPUT):
        return text
    if is_database_url(text):
        from sqlalchemy.engine import URL, make_url  # loaded on use: start-up time

        url = make_url(text)
        bare = URL.create(url.drivername, None, None, url.host, url.port, url.database, url.query)
        return bare.render_as_string(hide_password=False)
    return Path(text).expanduser().resolve().as_posix()


def scope_key(kind: str, inputs: Iterable[str | Path], options: Mapping[str, object]) -> str:
    """A stable hash of what a run covered: its kind, its inputs in any order, and the options that
    change what is covered (a file among them by its absolute path). Two runs with the same key can
    be compared finding by finding."""
    scope = {
        "kind": kind,
        "inputs": sorted({covered_input(value) for value in inputs}),
        "options": {key: covered_input(value) if isinstance(value, Path) else value for key, value in options.items()},
    }
    text = json.dumps(scope, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def open_store(url: str) -> Engine:
    """Open (and migrate) the store; a failure names the store without its password."""
    from secsuite.store.db import open_engine  # the store (sqlalchemy) loads on use: start-up time

    try:
        return open_engine(url)
    except Exception as exc:  # any driver error
        raise StoreError(f"cannot open the result store {display_url(url)}: {type(exc).__name__}") from None


@dataclass(frozen=True)
class RunStart:
    """What a new run is recorded with; ``arguments`` are stored as given, plus the store without password."""

    kind: str
    as_of: dt.date
    arguments: dict
    scope: str
    provenance: Provenance
    guide: tuple[str, str] | None = None


def start_run(url: str | None, start: RunStart, engine: Engine | None = None) -> RunRecorder | None:
    """The recorder of a new run in the store at ``url`` (None: not recorded)."""
    if url is None:
        return None
    from secsuite.store.recorder import RunRecorder  # the store (sqlalchemy) loads on use: start-up time

    return RunRecorder(
        engine or open_store(url),
        start.kind,
        start.as_of,
        start.arguments | {"db": display_url(url)},
        guide=start.guide,
        trigger=start.provenance.trigger,
        actor=start.provenance.actor or (_login() if start.provenance.trigger == "cli" else None),
        scope_key=start.scope,
    )


def _login() -> str | None:
    """Who ran a command-line run: the login name, when the system knows it."""
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return None


def finish_run(recorder: RunRecorder | None, result: R, errors: int) -> RunOutcome[R]:
    """Close the run as finished; without a store the outcome is complete when no input failed."""
    if recorder is None:
        return RunOutcome(result, None, complete=not errors)
    recorder.finish()
    return RunOutcome(result, recorder.run_id, complete=not recorder.input_errors)


def store_missing(url: str) -> bool:
    """A SQLite store whose file does not exist yet (opening it would create an empty one)."""
    from sqlalchemy.engine import make_url  # loaded on use: start-up time

    parsed = make_url(url)
    return parsed.drivername.startswith("sqlite") and bool(parsed.database) and not Path(parsed.database).is_file()


EXIT_CLEAN, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2
"""The exit-code contract of every command (README, ``secsuite --help``)."""


def exit_code(input_errors: int, failing: bool) -> int:
    """2 when anything could not be read or checked, even if the rest was (a partial result is
    neither clean nor only findings); else 1 when findings reach ``--fail-on``; else 0."""
    if input_errors:
        return EXIT_INPUT
    return EXIT_FINDINGS if failing else EXIT_CLEAN


@dataclass(frozen=True)
class Coverage:
    """How much of what a run was given it could not check: ``not_checked`` of ``total`` items
    (datasets of a scan, rows of an inventory)."""

    not_checked: int
    total: int


def dataset_coverage(datasets: Iterable[str], errors: Iterable[Mapping[str, Any]]) -> Coverage:
    """Datasets of a scan: those scanned, and each source with an error but no dataset (an unreadable
    file, sheet or table); a dataset read in part (rows skipped) counts as not checked too."""
    scanned = set(datasets)
    failed = {e["source"] for e in errors if e["source"] not in scanned}
    partial = {e["source"] for e in errors if e["source"] in scanned}
    return Coverage(len(failed) + len(partial), len(scanned) + len(failed))


def row_coverage(checked: int, errors: Iterable[Mapping[str, Any]]) -> Coverage:
    """Rows of an inventory: those checked, and each row an error kept out (an error about a whole
    file or column is listed with the errors, but is no row)."""
    failed = {(e["source"], e.get("sheet"), e["row"]) for e in errors if e.get("row") is not None}
    return Coverage(len(failed), checked + len(failed))
