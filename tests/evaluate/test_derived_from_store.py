"""Derived indicators read the findings of the year from a real SQLite store: −1 per system with an
等保 finding (each system once, floored at 0, every deduction naming its finding); 数据共享开放
deducts for a sensitive-data leak by its grade and cites the unit's DATA-* mis-declarations, which
deduct nothing on their own; a finding stored by several runs counts once, muted findings and
other years' not."""

from __future__ import annotations

import datetime as dt

from secsuite.evaluate.facts import stored_facts
from secsuite.findings import Finding, ObjectRef, Severity
from secsuite.store.db import open_engine
from secsuite.store.recorder import RunRecorder


def finding(rule_id, unit, kind, object_id, severity=Severity.high, as_of=dt.date(2025, 12, 31), muted=False):
    obj = ObjectRef(kind=kind, id=object_id)
    return Finding(id=Finding.fingerprint(rule_id, obj, unit), rule_id=rule_id, severity=severity, title=rule_id,
                   message=f"{rule_id} {object_id}", unit=unit, object=obj, citation="c", as_of=as_of, muted=muted)


def record(url, as_of, findings):
    recorder = RunRecorder(open_engine(url), "check", as_of, {})
    recorder.findings(findings)
    recorder.finish()


def test_mlps_and_data_deductions_from_stored_findings(tmp_path, run_evaluation, score_rows):
    url = f"sqlite:///{tmp_path / 'store.db'}"
    june, december = dt.date(2025, 6, 30), dt.date(2025, 12, 31)
    not_filed = finding("MLPS-NOT-FILED", "宿城区", "system", "系统A", as_of=june)
    record(url, june, [
        not_filed,
        finding("MLPS-EVAL-FAILED", "宿城区", "system", "系统A", as_of=june),  # same system: deducted once
        finding("MLPS-EVAL-OVERDUE", "宿城区", "system", "系统B", as_of=june),
        finding("CRYPTO-ASSESSMENT-MISSING", "宿城区", "system", "系统B", as_of=june),  # not in the rubric
        finding("DATA-OPEN-OVER-LEVEL", "宿城区", "dataset", "data/低保.csv", Severity.high, june),
        finding("DATA-LEVEL-UNDERDECLARED", "宿城区", "dataset", "data/低保.csv", Severity.medium, june),
        finding("DATA-NOT-CATALOGUED", "宿城区", "dataset", "data/临时.csv", Severity.low, june),  # not listed
        finding("IR-SENSITIVE-DATA-LEAK", "宿城区", "incident", "INC-7", Severity.low, june),  # a 一般 leak
    ])
    record(url, december, [finding("MLPS-NOT-FILED", "宿城区", "system", "系统A")])  # a later run: same finding id
    record(url, dt.date(2024, 12, 31), [finding("MLPS-EVAL-FAILED", "宿城区", "system", "系统C",
                                                as_of=dt.date(2024, 12, 31))])  # another year
    record(url, december, [finding("MLPS-EVAL-FAILED", "宿城区", "system", "系统D", muted=True)])
    record(url, december, [finding("MLPS-NOT-FILED", "市公安局", "system", f"系统{n}") for n in range(1, 7)]
           + [finding("MLPS-EVAL-OVERDUE", "市公安局", "system", "系统9")])  # not a 信息安全 rule

    facts = stored_facts(open_engine(url), 2025)
    assert sum(f.finding_id == not_filed.id for f in facts) == 1
    assert next(f for f in facts if f.finding_id == not_filed.id).run_id == 2  # the latest run's copy

    scores = score_rows("宿城区", {"数据共享开放/调用共享次数赋分": 20})
    evaluation = run_evaluation([("宿城区", "县区", "第一档"), ("市公安局", "市级部门", "第一档")], scores, facts)
    county = next(u for u in evaluation.units if u.unit.unit == "宿城区")
    security = next(i for i in county.indicators if i.indicator.name == "安全防护")
    assert security.score == 3  # systems A and B
    assert [(d.rule_id, d.object_id, d.points) for d in security.deductions] == [
        ("MLPS-NOT-FILED", "系统A", -1), ("MLPS-EVAL-OVERDUE", "系统B", -1)]
    assert security.deductions[0].finding_id == not_filed.id
    sharing = next(i for i in county.indicators if i.indicator.name == "数据共享开放")
    assert sharing.score == 18  # 20 − 2 for a leak graded 一般; the mis-declarations alone deduct nothing
    (leak,) = sharing.deductions
    assert (leak.rule_id, leak.object_id, leak.points) == ("IR-SENSITIVE-DATA-LEAK", "INC-7", -2)
    cited = {f.rule_id for f in facts if f.finding_id in leak.cited}
    assert cited == {"DATA-OPEN-OVER-LEVEL", "DATA-LEVEL-UNDERDECLARED"}

    department = next(u for u in evaluation.units if u.unit.unit == "市公安局")
    info = next(i for i in department.indicators if i.indicator.name == "信息安全")
    assert info.score == 0  # six systems, floored at 0: the sixth deduction takes nothing
    assert [d.points for d in info.deductions] == [-1, -1, -1, -1, -1, 0]
    indicator_json = next(i for i in department.to_json()["indicators"] if i["name"] == "信息安全")
    assert indicator_json["deductions"][0] == {"finding_id": info.deductions[0].finding_id,
                                               "rule_id": "MLPS-NOT-FILED", "points": -1, "evidence": []}
    assert indicator_json["status"] == "scored"


def test_deductions_apply_after_the_auditor_parts_are_capped(run_evaluation, score_rows):
    from secsuite.evaluate.facts import Fact

    leak = Fact("F-1", "IR-SENSITIVE-DATA-LEAK", Severity.medium, "宿城区", "incident", "INC-1", "m", None)
    wrong = Fact("F-2", "DATA-SHARE-OVER-LEVEL", Severity.critical, "宿城区", "dataset", "d.csv", "m", None)
    scores = score_rows("宿城区", {"数据共享开放/调用共享次数赋分": 28, "数据共享开放/合理数据需求#": 5})
    (unit,) = run_evaluation([("宿城区", "县区", "第一档")], scores, [leak, wrong]).units
    sharing = next(i for i in unit.indicators if i.indicator.name == "数据共享开放")
    assert sharing.score == 25  # 28 + 5 = 33 capped at 30, then −5 for a leak graded 较大
    assert sharing.deductions[0].cited == ("F-2",)


def test_a_mis_declaration_without_a_leak_deducts_nothing(run_evaluation, score_rows):
    from secsuite.evaluate.facts import Fact

    wrong = Fact("F-2", "DATA-SHARE-OVER-LEVEL", Severity.critical, "宿城区", "dataset", "d.csv", "m", None)
    scores = score_rows("宿城区", {"数据共享开放/调用共享次数赋分": 28})
    (unit,) = run_evaluation([("宿城区", "县区", "第一档")], scores, [wrong]).units
    sharing = next(i for i in unit.indicators if i.indicator.name == "数据共享开放")
    assert (sharing.score, sharing.deductions) == (28, ())
