"""Incidents graded 较大 and above must be reported from discovery within 1 h (CII operator), 2 h
(state organ) or 4 h (other operator); exactly at the deadline is on time, one second later is
late, no report at all is IR-REPORT-MISSING. 一般 incidents need no report."""

from __future__ import annotations

import datetime as dt

import pytest

from secsuite.errors import ConfigError
from secsuite.incidents.grading import Grade

SERIOUS = {"发现时间": "2025-03-01 09:00:00", "响应时间": "2025-03-01 09:01", "联动处置时间": "2025-03-01 09:10",
           "直接经济损失": 5_000_000, "事件类别": "网络攻击事件"}


def ids(result, incident="INC-001"):
    return {f.rule_id for f in result.findings if f.object.id == incident}


@pytest.mark.parametrize(("operator", "hours"), [("关键信息基础设施", 1), ("国家机关", 2), ("其他", 4), ("other", 4)])
def test_deadline_by_operator_type_inclusive(assess, operator, hours):
    due = dt.datetime(2025, 3, 1, 9) + dt.timedelta(hours=hours)
    on_time = SERIOUS | {"运营者类型": operator, "上报时间": f"{due:%Y-%m-%d %H:%M:%S}"}
    late = SERIOUS | {"运营者类型": operator, "上报时间": f"{due + dt.timedelta(seconds=1):%Y-%m-%d %H:%M:%S}"}
    result = assess(on_time, late)
    assert [case.report_deadline.replace(tzinfo=None) for case in result.cases] == [due, due]
    assert ids(result, "INC-001") == set()
    assert ids(result, "INC-002") == {"IR-REPORT-LATE"}
    finding = next(f for f in result.findings if f.rule_id == "IR-REPORT-LATE")
    assert finding.evidence["late_seconds"] == 1 and f"{hours} 小时" in finding.message


def test_state_organ_is_the_default_operator(assess):
    result = assess(SERIOUS | {"上报时间": "2025-03-01 11:00:01"})
    assert result.cases[0].operator_type == "state_organ" and ids(result) == {"IR-REPORT-LATE"}


def test_no_report_for_a_serious_incident(assess):
    result = assess(SERIOUS, SERIOUS | {"直接经济损失": 4_999_999})
    assert ids(result, "INC-001") == {"IR-REPORT-MISSING"}
    assert result.cases[1].grade is Grade.general and not result.cases[1].report_required
    assert result.cases[1].report_deadline is None and ids(result, "INC-002") == set()


def test_general_incident_reported_late_is_fine(assess):
    result = assess(SERIOUS | {"直接经济损失": 10_000, "上报时间": "2025-03-02 09:00"})
    assert ids(result) == set()


def test_minimum_grade_and_hours_from_config(assess):
    overrides = {"IR-REPORT-LATE": {"min_grade": "重大", "deadline_hours": {"cii": 1, "state_organ": 3, "other": 4}}}
    result = assess(SERIOUS, SERIOUS | {"直接经济损失": 20_000_000, "上报时间": "2025-03-01 11:59"},
                    overrides=overrides)
    assert ids(result, "INC-001") == set()  # 较大 no longer needs a report
    assert ids(result, "INC-002") == set()  # 2:59 within 3 hours


def test_a_bad_setting_is_a_config_error(assess):
    with pytest.raises(ConfigError, match="IR-REPORT-LATE"):
        assess(SERIOUS, overrides={"IR-REPORT-LATE": {"min_grade": "很大"}})
