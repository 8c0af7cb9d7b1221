"""The current picture per unit and kind on SQLite and PostgreSQL: a later run that covers some
units replaces what the store says of those units only; entries of no unit follow the latest run
that had some; a failed run is never current; the SQL clause keeps exactly the current rows."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from secsuite.findings import Finding, ObjectRef, Severity
from secsuite.store.current import current_runs
from secsuite.store.db import open_engine
from secsuite.store.models import FindingRecord
from secsuite.store.recorder import RunRecorder

AS_OF = dt.date(2026, 12, 7)


def _finding(unit: str | None, system: str) -> Finding:
    obj = ObjectRef(kind="system", id=system)
    return Finding(id=Finding.fingerprint("MLPS-NOT-FILED", obj, unit), rule_id="MLPS-NOT-FILED",
                   severity=Severity.high, title="t", message="m", unit=unit, object=obj, citation="c", as_of=AS_OF)


def _run(url: str, kind: str, findings: list[Finding], status: str = "finished") -> int:
    recorder = RunRecorder(open_engine(url), kind, AS_OF, {})
    recorder.findings(findings)
    recorder.finish(status)
    return recorder.run_id


def _current_findings(url: str, kinds: tuple[str, ...]) -> set[tuple[int, str | None, str]]:
    with Session(open_engine(url)) as session:
        current = current_runs(session)
        rows = session.execute(select(FindingRecord.run_id, FindingRecord.unit, FindingRecord.object_id)
                               .where(current.clause(FindingRecord.run_id, FindingRecord.unit, kinds)))
        return {tuple(row) for row in rows}


def test_a_run_for_one_unit_replaces_that_unit_only(store_url):
    a, b, c = (f"{name}-{uuid.uuid4().hex[:6]}" for name in "ABC")
    everyone = _run(store_url, "check", [_finding(a, "A1"), _finding(b, "B1"), _finding(c, "C1")])
    only_a = _run(store_url, "check", [_finding(a, "A2")])  # unit A's upload: A1 fixed, A2 new
    _run(store_url, "check", [_finding(b, "B9")], status="failed")  # never current
    shown = {row for row in _current_findings(store_url, ("check",)) if row[1] in (a, b, c)}
    assert shown == {(only_a, a, "A2"), (everyone, b, "B1"), (everyone, c, "C1")}
    with Session(open_engine(store_url)) as session:
        current = current_runs(session)
        assert current.by_kind["check"][a] == only_a and current.by_kind["check"][b] == everyone
        assert not current.whole(everyone, ("check",)) and current.whole(only_a, ("check",))
        assert current.latest("check") >= only_a


def test_entries_of_no_unit_follow_the_latest_run_that_had_some(store_url):
    unit = f"D-{uuid.uuid4().hex[:6]}"
    first = _run(store_url, "netscan", [_finding(None, "host-1"), _finding(unit, "D1")])
    second = _run(store_url, "netscan", [_finding(None, "host-2")])
    shown = {row for row in _current_findings(store_url, ("netscan",)) if row[1] in (None, unit)}
    assert shown == {(second, None, "host-2"), (first, unit, "D1")}


def test_a_store_without_runs_shows_nothing(tmp_path):
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    open_engine(url)
    assert _current_findings(url, ("scan", "check")) == set()


def test_the_picture_is_read_once_per_transaction(tmp_path):
    """A page asks several times within one transaction and gets one picture; after a commit, a run
    finished meanwhile is seen."""
    url = f"sqlite:///{tmp_path / 'store.db'}"
    first = _run(url, "check", [_finding("A", "A1")])
    with Session(open_engine(url)) as session:
        seen = current_runs(session)
        assert current_runs(session) is seen and seen.latest("check") == first
        later = _run(url, "check", [_finding("A", "A2")])
        assert current_runs(session).latest("check") == first  # the same transaction, the same picture
        session.commit()
        assert current_runs(session).latest("check") == later
