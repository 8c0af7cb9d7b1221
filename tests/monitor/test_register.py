"""The issue register's lifetimes: opened, fixed only by a complete run of the same scope, reopened
when a finding returns, accepted risks reopening on their date, SLA due dates and MTTR per unit."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from secsuite.config import MonitorConfig
from secsuite.findings import Finding, ObjectRef, Severity
from secsuite.monitor import register
from secsuite.monitor.models import Issue
from secsuite.monitor.review import review_run, tick
from secsuite.store.db import open_engine, session_factory
from secsuite.store.recorder import RunRecorder
from secsuite.timeutil import DEFAULT_TZ

SETTINGS = MonitorConfig()
SCOPE = "scope-a"


def _finding(name: str, severity: Severity = Severity.high, unit: str = "市民政局") -> Finding:
    obj = ObjectRef(kind="dataset", id=f"/data/{name}.csv")
    return Finding(id=Finding.fingerprint("DATA-NOT-CATALOGUED", obj, unit), rule_id="DATA-NOT-CATALOGUED",
                   severity=severity, title="未编目", message="…", unit=unit, object=obj, citation="…",
                   as_of=dt.date(2026, 1, 1))


def _run(engine, day: str, findings: list[Finding], scope: str = SCOPE, complete: bool = True) -> int:
    as_of = dt.date.fromisoformat(day)
    recorder = RunRecorder(engine, "scan", as_of, {}, scope_key=scope)
    recorder.findings(findings)
    if not complete:
        from secsuite.errors import InputError

        recorder.error(InputError("/data/broken.csv", "cannot read"))
    recorder.finish()
    with session_factory(engine).begin() as session:
        review_run(session, recorder.run_id, dt.datetime.combine(as_of, dt.time(2), DEFAULT_TZ), SETTINGS)
    return recorder.run_id


def _statuses(engine) -> dict[str, str]:
    with session_factory(engine)() as session:
        return {i.object_id.rsplit("/", 1)[1]: i.status for i in session.scalars(select(Issue))}


@pytest.fixture
def engine(store_url):
    return open_engine(store_url)


def test_lifetime_of_an_issue(engine):
    a, b = _finding("a"), _finding("b", Severity.critical)
    _run(engine, "2026-03-01", [a, b])
    assert _statuses(engine) == {"a.csv": "open", "b.csv": "open"}
    _run(engine, "2026-03-02", [a], complete=False)  # partial: b is not fixed by a run that missed a file
    _run(engine, "2026-03-03", [a], scope="scope-b")  # another scope: nor by a narrower one
    assert _statuses(engine) == {"a.csv": "open", "b.csv": "open"}
    _run(engine, "2026-03-04", [a])
    assert _statuses(engine) == {"a.csv": "open", "b.csv": "fixed"}
    _run(engine, "2026-03-05", [a, b])
    assert _statuses(engine) == {"a.csv": "open", "b.csv": "reopened"}
    with session_factory(engine)() as session:
        issue = session.get(Issue, b.id)
        assert issue.first_seen_on == dt.date(2026, 3, 1) and issue.closed_on is None
        assert issue.sla_due_on == dt.date(2026, 3, 12)  # critical: 7 days from its reopening


def test_an_accepted_risk_reopens_on_its_date(engine):
    a = _finding("a")
    _run(engine, "2026-03-01", [a])
    with session_factory(engine).begin() as session:
        register.triage(session, a.id, "accepted", "系统年内下线", until=dt.date(2026, 4, 1))
    for day, expected in (("2026-03-31", "accepted"), ("2026-04-01", "reopened")):
        with session_factory(engine).begin() as session:
            tick(session, dt.date.fromisoformat(day), dt.datetime.fromisoformat(f"{day}T09:00+08:00"), SETTINGS)
        assert _statuses(engine) == {"a.csv": expected}
    with session_factory(engine)() as session:
        issue = session.get(Issue, a.id)
        assert issue.sla_due_on == dt.date(2026, 5, 1) and "到期" in (issue.reason or "")


def test_an_accepted_risk_stays_accepted_while_seen_and_a_false_positive_stays_silent(engine):
    a, b = _finding("a"), _finding("b")
    _run(engine, "2026-03-01", [a, b])
    with session_factory(engine).begin() as session:
        register.triage(session, a.id, "accepted", "已报批", until=dt.date(2026, 6, 1))
        register.triage(session, b.id, "false_positive", "测试数据，非真实身份证号")
    _run(engine, "2026-03-02", [a, b])
    assert _statuses(engine) == {"a.csv": "accepted", "b.csv": "false_positive"}


@pytest.mark.parametrize(
    ("status", "until", "reason", "message"),
    [("accepted", None, "why", "--until"), ("fixed", None, "why", "accepted, false_positive or open"),
     ("false_positive", None, "  ", "--reason")],
)
def test_triage_refuses_what_it_cannot_record(engine, status, until, reason, message):
    a = _finding("a")
    _run(engine, "2026-03-01", [a])
    with session_factory(engine).begin() as session, pytest.raises(ValueError, match=message):
        register.triage(session, a.id, status, reason, until=until)


def test_mttr_and_sla_breaches_per_unit(engine):
    a, b, c = _finding("a", Severity.high), _finding("b", Severity.medium), _finding("c", Severity.low, unit="市公安局")
    _run(engine, "2026-03-01", [a, b, c])
    _run(engine, "2026-03-11", [b, c])  # a fixed after 10 days
    _run(engine, "2026-03-21", [c])  # b fixed after 20 days
    with session_factory(engine)() as session:
        rows = {r.unit: r for r in register.remediation(session, dt.date(2026, 7, 1))}
    assert (rows["市民政局"].open, rows["市民政局"].fixed, rows["市民政局"].mttr_days) == (0, 2, 15)
    assert (rows["市公安局"].open, rows["市公安局"].sla_breaches, rows["市公安局"].mttr_days) == (1, 1, None)
