"""Recording a run another secsuite pushed (``secsuite scan … --push URL``): the JSON document its
command prints, validated, refused when what would be stored holds a person's raw identifier
(:func:`raw_values`; assets are not searched: a certificate's subject is public), and recorded through
the same recorder as a local run, with where it came from. The same document pushed again finds the
run the first push recorded (its SHA-256 is the key), so a retry after a lost answer records once.

What is recorded of each kind: a scan's datasets (fields, levels, masked examples) and a network
scan's assets, besides every kind's findings and input errors. A check's systems and an incident
register's incidents are not in their documents beyond what the findings cite.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from secsuite.app.run import Provenance, RunStart, finish_run, scope_key, start_run
from secsuite.checks.coverage import UnitCoverage
from secsuite.errors import InputError
from secsuite.findings import Finding
from secsuite.netscan.model import Asset
from secsuite.redact import holds_identifier
from secsuite.results import DatasetResult

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from secsuite.store.recorder import RunRecorder


class Tool(BaseModel):
    """The ``tool`` entry of every document: the secsuite and the rule content that judged the data."""

    name: Literal["secsuite"]
    version: str = Field(max_length=32)
    content: dict[str, Any] = Field(default_factory=dict)


class PushedError(BaseModel):
    """An input error of the pushing run, as its document lists it (already free of cell values)."""

    source: str
    message: str
    sheet: str | None = None
    row: int | None = None
    field: str | None = None
    expected: str | None = None

    def input_error(self) -> InputError:
        return InputError(self.source, self.message, self.sheet, self.row, self.field, self.expected)


class UnitNamed(BaseModel):
    """An entry of a document that is not recorded but names a unit (an incident, a unit's statistics)."""

    unit: str | None = None


class PushedDocument(BaseModel):
    """What every pushed document carries: ``schema``, ``tool``, ``as_of``, findings and errors, and
    the run id it has where it was made (None: it was not recorded there)."""

    model_config = ConfigDict(populate_by_name=True)
    kind: ClassVar[str]

    schema_: str = Field(alias="schema")
    tool: Tool
    as_of: dt.date
    run_id: int | None = None
    findings: list[Finding] = Field(default_factory=list)
    errors: list[PushedError] = Field(default_factory=list)

    def guide_ref(self) -> tuple[str, str] | None:
        return None

    def named(self) -> Iterator[str | None]:
        """The unit of every entry (None for an entry of no unit)."""
        yield from (finding.unit for finding in self.findings)

    def recorded(self) -> dict[str, Any]:
        """The parts recorded and checked for raw values, as JSON."""
        return self.model_dump(mode="json", include={"tool", "findings", "errors"})

    def record(self, recorder: RunRecorder) -> None:
        """Write the kind's own results (datasets, assets); findings and errors are written by the caller."""

    def sha256(self) -> str:
        text = json.dumps(self.model_dump(mode="json", by_alias=True), sort_keys=True, ensure_ascii=False,
                          separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


class GuidedDocument(PushedDocument):
    guide: dict[str, str]

    def guide_ref(self) -> tuple[str, str] | None:
        return (self.guide["id"], self.guide["version"]) if {"id", "version"} <= self.guide.keys() else None


class ScanDocument(GuidedDocument):
    """``secsuite scan --format json`` (``secsuite.scan/1``)."""

    kind = "scan"
    schema_: Literal["secsuite.scan/1"] = Field(alias="schema")
    datasets: list[DatasetResult] = Field(default_factory=list)

    def named(self) -> Iterator[str | None]:
        yield from super().named()
        yield from (dataset.unit for dataset in self.datasets)

    def recorded(self) -> dict[str, Any]:
        return super().recorded() | {"datasets": [dataset.model_dump(mode="json") for dataset in self.datasets]}

    def record(self, recorder: RunRecorder) -> None:
        for dataset in self.datasets:
            recorder.dataset(dataset)


class CheckDocument(GuidedDocument):
    """``secsuite check --format json`` (``secsuite.findings/1`` with the units' coverage)."""

    kind = "check"
    schema_: Literal["secsuite.findings/1"] = Field(alias="schema")
    coverage: list[UnitCoverage] = Field(default_factory=list)
    systems_checked: int = 0

    def named(self) -> Iterator[str | None]:
        yield from super().named()
        yield from (row.unit for row in self.coverage)


class NetscanDocument(PushedDocument):
    """``secsuite netscan --format json`` (``secsuite.findings/1`` with the assets)."""

    kind = "netscan"
    schema_: Literal["secsuite.findings/1"] = Field(alias="schema")
    assets: list[Asset] = Field(default_factory=list)
    scan: dict[str, Any] = Field(default_factory=dict)

    def named(self) -> Iterator[str | None]:
        yield from super().named()
        yield from (asset.unit for asset in self.assets)

    def record(self, recorder: RunRecorder) -> None:
        recorder.assets(self.assets)


class IncidentsDocument(PushedDocument):
    """``secsuite incidents --format json`` (``secsuite.findings/1`` with incidents and statistics)."""

    kind = "incidents"
    schema_: Literal["secsuite.findings/1"] = Field(alias="schema")
    year: int | None = None
    incidents: list[UnitNamed] = Field(default_factory=list)
    stats: list[UnitNamed] = Field(default_factory=list)

    def named(self) -> Iterator[str | None]:
        yield from super().named()
        yield from (item.unit for item in self.incidents + self.stats)


DOCUMENTS: dict[str, type[PushedDocument]] = {model.kind: model for model in
                                              (ScanDocument, CheckDocument, NetscanDocument, IncidentsDocument)}
KINDS = tuple(DOCUMENTS)


def raw_values(document: PushedDocument) -> list[str]:
    """Where the recorded parts hold text that validates as an identifier (ID number, mobile, bank
    card, credit code): JSON paths such as ``findings[0].evidence.value``, never the value itself."""
    found: list[str] = []

    def walk(value: Any, path: str) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{path}.{key}" if path else str(key))
        elif isinstance(value, list):
            for number, item in enumerate(value):
                walk(item, f"{path}[{number}]")
        elif isinstance(value, str) and holds_identifier(value):
            found.append(path)

    walk(document.recorded(), "")
    return found


@dataclass(frozen=True)
class Origin:
    """Who pushed, from where: the token's owner and token, the host the client names and the address
    the server saw."""

    actor: str
    token_id: int | None
    host: str | None
    ip: str | None
    at: dt.datetime


@dataclass(frozen=True)
class Recorded:
    """The run a push is recorded as; ``created`` False when the same document was recorded before."""

    run_id: int
    created: bool
    sha256: str


def _existing(engine: Engine, sha256: str) -> int | None:
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from secsuite.store.pushes import PushedRun

    with Session(engine) as session:
        return session.scalar(select(PushedRun.run_id).where(PushedRun.sha256 == sha256))


def record_pushed(engine: Engine, document: PushedDocument, origin: Origin) -> Recorded:
    """Record the document as a run of its kind (trigger ``push``, actor the token's owner, the
    pushing secsuite's version and rule content), unless the same document was recorded before."""
    from sqlalchemy.exc import IntegrityError
    from sqlalchemy.orm import Session

    from secsuite.store.models import Run
    from secsuite.store.pushes import PushedRun

    sha256 = document.sha256()
    earlier = _existing(engine, sha256)
    if earlier is not None:
        return Recorded(earlier, False, sha256)
    units = sorted({unit for unit in document.named() if unit})
    arguments = {"pushed_from": origin.host, "units": units, "local_run_id": document.run_id,
                 "tool_version": document.tool.version, "sha256": sha256}
    start = RunStart(document.kind, document.as_of, arguments,
                     scope_key(document.kind, [], {"pushed_from": origin.host, "units": units}),
                     Provenance("push", origin.actor), document.guide_ref())
    recorder = start_run(engine.url.render_as_string(hide_password=True), start, engine)
    assert recorder is not None
    recorder.judged_by(document.tool.version, document.tool.content)
    document.record(recorder)
    for error in document.errors:
        recorder.error(error.input_error())
    recorder.findings(document.findings)
    run_id = finish_run(recorder, None, len(document.errors)).run_id
    assert run_id is not None
    try:
        with Session(engine) as session, session.begin():
            session.add(PushedRun(sha256=sha256, run_id=run_id, kind=document.kind, pushed_at=origin.at,
                                  host=origin.host, ip=origin.ip, tool_version=document.tool.version,
                                  local_run_id=document.run_id, actor=origin.actor, token_id=origin.token_id))
    except IntegrityError:  # the same document, pushed twice at once: keep the run of the first
        with Session(engine) as session, session.begin():
            session.delete(session.get(Run, run_id))
        earlier = _existing(engine, sha256)
        assert earlier is not None
        return Recorded(earlier, False, sha256)
    return Recorded(run_id, True, sha256)
