"""等保 rules at their boundaries: day 30 vs day 31, exactly one year, leap years, levels."""

from __future__ import annotations

import datetime as dt

import pytest

from secsuite.findings import Severity

D = dt.date


@pytest.mark.parametrize(
    ("level", "graded_on", "online_on", "as_of", "overdue"),
    [
        (3, "2025-11-30", "2020-05-01", D(2025, 12, 30), None),  # running system: 30 days after grading
        (3, "2025-11-30", "2020-05-01", D(2025, 12, 31), 1),  # day 31
        (2, "2025-10-01", "2025-12-01", D(2025, 12, 31), None),  # new system: clock starts at go-live
        (2, "2025-10-01", "2025-11-30", D(2025, 12, 31), 1),
        (2, "2024-01-30", None, D(2024, 2, 29), None),  # leap year: day 30 is 29 February
        (2, "2024-01-30", None, D(2024, 3, 1), 1),
        (2, None, "2023-01-30", D(2023, 3, 1), None),  # no 29 February in 2023: day 30 is 1 March
        (2, None, "2023-01-30", D(2023, 3, 2), 1),
        ("一级", "2020-01-01", "2020-01-01", D(2025, 12, 31), None),  # level 1 need not file
        (None, "2020-01-01", "2020-01-01", D(2025, 12, 31), None),  # not graded
        (2, None, None, D(2025, 12, 31), None),  # no clock: MLPS-DATES-MISSING reports it instead
    ],
)
def test_not_filed_after_thirty_days(run_rule, level, graded_on, online_on, as_of, overdue):
    findings = run_rule("MLPS-NOT-FILED", as_of=as_of, mlps_level=level, graded_on=graded_on, online_on=online_on)
    assert [f.evidence["days_overdue"] for f in findings] == ([overdue] if overdue else [])


def test_not_filed_message_names_system_dates_and_delay(run_rule):
    (finding,) = run_rule("MLPS-NOT-FILED", mlps_level="第三级", graded_on="2025年11月30日", online_on="2020/5/1")
    assert finding.message == ("系统「测试系统」为第3级，应在 2025-11-30 定级后30日内备案（截止 2025-12-30），"
                               "至 2025-12-31 仍无备案编号，已逾期 1 天。")
    assert finding.severity is Severity.high and finding.unit == "市公安局"
    assert finding.object.kind == "system" and finding.object.id == "测试系统"
    assert "第十五条" in finding.citation


def test_a_filing_number_means_filed(run_rule):
    assert run_rule("MLPS-NOT-FILED", mlps_level=3, graded_on="2020-01-01", filing_no="32130043001-00001") == []


@pytest.mark.parametrize(
    ("filed_on", "late"),
    [("2024-03-30", None), ("2024-03-31", 1), ("2024-04-30", 31)],
)
def test_filed_late(run_rule, filed_on, late):
    # graded 29 February 2024, live since 1 February: 30 days end on 30 March
    findings = run_rule("MLPS-FILED-LATE", mlps_level="S3A3G3", graded_on="2024-02-29", online_on="2024-02-01",
                        filing_no="32130043001-00002", filed_on=filed_on)
    assert [f.evidence["days_late"] for f in findings] == ([late] if late else [])


NATIONAL_DAY = {  # an example holiday calendar: 1-8 October off, Sunday 28 Sept and Saturday 11 Oct worked
    "deadline_days": 10, "day_type": "working", "workdays": ["2025-09-28", "2025/10/11"],
    "holidays": [f"2025-10-0{day}" for day in range(1, 9)],
}


@pytest.mark.parametrize(
    ("settings", "as_of", "overdue"),
    [
        ({}, D(2025, 10, 26), None),  # 30 calendar days after Friday 26 September
        ({}, D(2025, 10, 27), 1),
        # working days 28, 29, 30 Sept, 9, 10, 11, 13, 14, 15, 16 Oct: the 10th is 16 October
        (NATIONAL_DAY, D(2025, 10, 16), None),
        (NATIONAL_DAY, D(2025, 10, 17), 1),
        ({"deadline_days": 10, "day_type": "working"}, D(2025, 10, 10), None),  # weekends only
        ({"deadline_days": 10, "day_type": "working"}, D(2025, 10, 11), 1),
    ],
)
def test_filing_deadline_in_working_days(run_rule, settings, as_of, overdue):
    findings = run_rule("MLPS-NOT-FILED", as_of=as_of, settings=settings, mlps_level=2, graded_on="2025-09-26",
                        online_on="2025-01-01")
    assert [f.evidence["days_overdue"] for f in findings] == ([overdue] if overdue else [])


def test_dates_missing_is_high_without_a_filing_number(run_rule):
    (unfiled,) = run_rule("MLPS-DATES-MISSING", mlps_level=2)
    (filed,) = run_rule("MLPS-DATES-MISSING", mlps_level=2, filing_no="32131143001-00002")
    assert unfiled.severity is Severity.high and "尚无备案编号" in unfiled.message
    assert filed.severity is Severity.medium and "32131143001-00002" in filed.message
    assert run_rule("MLPS-DATES-MISSING", mlps_level=2, online_on="2025-01-01") == []
    assert run_rule("MLPS-DATES-MISSING", mlps_level=1) == []


@pytest.mark.parametrize(
    ("filing_no", "valid"),
    [
        ("32130043001-00001", True),
        ("3213004300100001", True),
        ("３２１３００４３００１－００００１", True),  # full-width forms
        ("32130043001 - 00001", True),
        ("苏公网安备32130002000123", False),  # a website filing number
        ("32130043001-0001", False),
        ("99999943001-00001", False),  # no such administrative area
        ("32139943001-00001", False),
    ],
)
def test_filing_number_layout(run_rule, filing_no, valid):
    findings = run_rule("MLPS-FILING-NO-INVALID", mlps_level=2, filing_no=filing_no)
    assert (findings == []) is valid
    if not valid:
        assert filing_no in findings[0].message


def test_filing_number_area_check_can_be_switched_off(run_rule):
    assert run_rule("MLPS-FILING-NO-INVALID", settings={"check_area_code": False}, filing_no="99999943001-00001") == []


@pytest.mark.parametrize(
    ("level", "online_on", "evaluated", "settings", "missing"),
    [
        (3, "2024-08-01", None, {}, True),
        (3, None, None, {}, True),  # no go-live date: taken as running
        (4, "2025-12-30", None, {}, True),
        (3, "2025-12-31", None, {}, False),  # went live on the as-of day
        (3, "2026-03-01", None, {}, False),  # not live yet
        (3, "2025-12-01", None, {"grace_days": 30}, False),
        (3, "2025-11-30", None, {"grace_days": 30}, True),
        (2, "2020-01-01", None, {}, False),
        (2, "2020-01-01", None, {"min_level": 2}, True),
        (3, "2024-08-01", "2025-01-01", {}, False),
    ],
)
def test_eval_missing(run_rule, level, online_on, evaluated, settings, missing):
    findings = run_rule("MLPS-EVAL-MISSING", settings=settings, mlps_level=level, online_on=online_on,
                        last_evaluated_on=evaluated)
    assert bool(findings) is missing


@pytest.mark.parametrize(
    ("level", "evaluated", "as_of", "settings", "overdue"),
    [
        (3, "2024-12-31", D(2025, 12, 31), {}, None),  # exactly one year
        (3, "2024-12-30", D(2025, 12, 31), {}, 1),
        (3, "2024-02-29", D(2025, 2, 28), {}, None),  # a year after 29 February ends on 28 February
        (3, "2024-02-29", D(2025, 3, 1), {}, 1),
        (3, "2023-03-01", D(2024, 2, 29), {}, None),
        (4, "2025-06-30", D(2025, 12, 30), {}, None),  # six months
        (4, "2025-06-30", D(2025, 12, 31), {}, 1),
        (4, "2025-08-31", D(2026, 2, 28), {}, None),  # six months after 31 August end on 28 February
        (4, "2025-08-31", D(2026, 3, 1), {}, 1),
        (5, "2025-06-30", D(2025, 12, 31), {}, 1),
        (2, "2020-01-01", D(2025, 12, 31), {}, None),  # level 2: not checked by default
        (2, "2023-12-31", D(2025, 12, 31), {"level2_months": 24}, None),
        (2, "2023-12-30", D(2025, 12, 31), {"level2_months": 24}, 1),
    ],
)
def test_eval_overdue(run_rule, level, evaluated, as_of, settings, overdue):
    findings = run_rule("MLPS-EVAL-OVERDUE", as_of=as_of, settings=settings, mlps_level=level,
                        last_evaluated_on=evaluated)
    assert [f.evidence["days_overdue"] for f in findings] == ([overdue] if overdue else [])


@pytest.mark.parametrize(
    ("conclusion", "score", "settings", "reason"),
    [
        ("差", 65, {}, "结论为「差」，得分 65 低于及格线 70 分"),
        ("较差", None, {}, "结论为「差」"),
        ("不符合", None, {}, "结论为「不符合」"),
        ("中", 70, {}, None),  # exactly the pass line
        ("中", 69.5, {}, "得分 69.5 低于及格线 70 分"),
        (None, "74分", {"pass_score": 75}, "得分 74 低于及格线 75 分"),
        ("良", 80, {"pass_score": 80}, None),
        ("基本符合", None, {}, None),
        ("中", None, {"failing_conclusions": ["中", "差"]}, "结论为「中」"),
    ],
)
def test_eval_failed(run_rule, conclusion, score, settings, reason):
    findings = run_rule("MLPS-EVAL-FAILED", settings=settings, last_evaluated_on="2025-09-01",
                        evaluation_conclusion=conclusion, evaluation_score=score)
    assert [f.message for f in findings] == (
        [f"系统「测试系统」最近一次等级测评（2025-09-01）未通过：{reason}。"] if reason else [])


@pytest.mark.parametrize(
    ("level", "online_on", "found"),
    [
        (None, "2024-09-01", True),  # live, level left empty
        ("未定级", "2024-09-01", True),
        ("未定级", "2025-12-31", True),  # live from its go-live day
        ("未定级", "2026-01-01", False),  # not live yet
        ("未定级", None, False),  # no go-live date: not known to be live
        ("一级", "2024-09-01", False),  # graded
        (2, "2024-09-01", False),
    ],
)
def test_a_live_system_must_be_graded(run_rule, level, online_on, found):
    findings = run_rule("MLPS-NOT-GRADED", mlps_level=level, online_on=online_on)
    assert len(findings) == (1 if found else 0)
    if found:
        (finding,) = findings
        assert finding.severity is Severity.high and "第二十一条" in finding.citation
        assert finding.message == f"系统「测试系统」已于 {online_on} 上线，至 2025-12-31 等保级别为空或未定级。"
