"""``secsuite serve --demo``: the bundled example pipeline (scan, check, netscan, incidents,
evaluate, as scripts/example.sh runs it) in a temporary store, with a demo auditor who sees every
unit and a demo unit user who sees only 市民政局, each with a one-time password.

Everything lives in a temporary folder (store, audit key) removed when the server stops.
"""

from __future__ import annotations

import contextlib
import io
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from secsuite.errors import ConfigError
from secsuite.paths import project_home
from secsuite.store.db import open_engine, session_factory
from secsuite.web.accounts import Accounts
from secsuite.web.audit import CLI, AuditLog, load_key
from secsuite.web.clock import system_clock
from secsuite.web.units import sync_units

AS_OF = "2025-12-31"
YEAR = "2025"
DEMO_UNIT = "市民政局"
DEMO_USERS = (("auditor", "demo-auditor", None), ("unit_user", "demo-unit", DEMO_UNIT))


def examples_dir() -> Path:
    folder = project_home() / "examples"
    if not (folder / "units.xlsx").is_file():
        raise ConfigError(f"the bundled example is not installed at {folder}; run --demo from a source checkout "
                          "or set SECSUITE_HOME to one")
    return folder


def pipeline(examples: Path, url: str) -> list[list[str]]:
    """The example's steps as command lines, in the order each needs the previous one's results."""
    common = ["--db", url, "--as-of", AS_OF]
    return [
        ["scan", str(examples / "data"), "--catalogue", str(examples / "catalogue.csv"), *common],
        ["check", str(examples / "systems.xlsx"), *common],
        ["netscan", "--from-xml", str(examples / "netscan" / "127.0.0.1.xml"), "--inventory",
         str(examples / "systems.xlsx"), *common],
        ["incidents", str(examples / "incidents.xlsx"), "--year", YEAR, "--units", str(examples / "units.xlsx"),
         *common],
        ["evaluate", "--year", YEAR, "--units", str(examples / "units.xlsx"), "--scores",
         str(examples / "scores.xlsx"), *common],
    ]


def load_example(url: str, progress: Callable[[str], None]) -> None:
    """Run the example pipeline into the store; a step's exit 1 (findings) is what the example is for.
    The steps' own tables are not shown, only which step runs."""
    from secsuite.cli import app

    for args in pipeline(examples_dir(), url):
        progress(args[0])
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            try:
                app(args, standalone_mode=False)
            except SystemExit as done:
                if done.code not in (None, 0, 1):
                    raise ConfigError(f"secsuite {args[0]} of the example failed (exit {done.code})") from None


@dataclass(frozen=True)
class Demo:
    engine: Engine
    key: bytes
    accounts: list[tuple[str, str, str]]


def prepare_demo(stack: contextlib.ExitStack, progress: Callable[[str], None]) -> Demo:
    """A temporary store with the example loaded, the units filled and the demo users added."""
    from secsuite.inventory.units import load_units

    folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="secsuite-demo-")))
    url = f"sqlite:///{folder / 'demo.db'}"
    load_example(url, progress)
    key = load_key(folder / "audit.key")
    engine = open_engine(url)
    listed, _ = load_units(examples_dir() / "units.xlsx")
    with session_factory(engine).begin() as session:
        sync_units(session, listed)
        accounts = Accounts(session, AuditLog(key), CLI, system_clock())
        issued = [accounts.add(username, role, unit) for role, username, unit in DEMO_USERS]
    return Demo(engine, key, [(item.role, item.username, item.password) for item in issued])
