"""Incidents graded 较大 and above must be reported from discovery within 1 h (CII operator), 2 h
(中央和国家机关各部门及其管理的企事业单位) or 4 h (every other operator, county and city units
included: 《网络安全事件报告管理办法》第四条); exactly at the deadline is on time, one second later is
late, no report at all is IR-REPORT-MISSING. 一般 incidents need no report."""

from __future__ import annotations

import datetime as dt

import pytest

from secsuite.errors import ConfigError
from secsuite.incidents.grading import Grade

SERIOUS = {"发现时间": "2025-03-01 09:00:00", "响应时间": "2025-03-01 09:01", "联动处置时间": "2025-03-01 09:10",
           "直接经济损失": 5_000_000, "事件类别": "网络攻击事件"}


def ids(result, incident="INC-001"):
    return {f.rule_id for f in result.findings if f.object.id == incident and f.rule_id not in {"IR-TIMESTAMP-MISSING", "IR-SENSITIVE-DATA-LEAK"}}


@pytest.mark.parametrize(("operator", "hours", "category"), [
    ("关键信息基础设施", 1, "cii"), ("中央和国家机关", 2, "central_state_organ"),
    ("central_state_organ", 2, "central_state_organ"), ("state_organ", 2, "central_state_organ"),
    ("党政机关", 4, "other"), ("机关", 4, "other"), ("市级部门", 4, "other"), ("其他", 4, "other"), ("other", 4, "other"),
])
def test_deadline_by_operator_category_inclusive(assess, operator, hours, category):
    due = dt.datetime(2025, 3, 1, 9) + dt.timedelta(hours=hours)
    on_time = SERIOUS | {"运营者类型": operator, "上报时间": f"{due:%Y-%m-%d %H:%M:%S}"}
    late = SERIOUS | {"运营者类型": operator, "上报时间": f"{due + dt.timedelta(seconds=1):%Y-%m-%d %H:%M:%S}"}
    result = assess(on_time, late)
    assert [case.operator_type for case in result.cases] == [category, category]
    assert [case.report_deadline.replace(tzinfo=None) for case in result.cases] == [due, due]
    assert ids(result, "INC-001") == set()
    assert ids(result, "INC-002") == {"IR-REPORT-LATE"}
    finding = next(f for f in result.findings if f.rule_id == "IR-REPORT-LATE")
    assert finding.evidence["late_seconds"] == 1 and f"{hours} 小时" in finding.message
    assert "第四条" in finding.message and finding.evidence["operator_type"] == category


@pytest.mark.parametrize(("reported", "late"), [("2025-03-01 13:00:00", False), ("2025-03-01 13:00:01", True),
                                                ("2025-03-01 11:00:01", False)])
def test_a_unit_without_operator_type_has_four_hours(assess, reported, late):
    """A county unit's incident reported 2 h 1 s after discovery is on time: it is an "other" operator."""
    result = assess(SERIOUS | {"上报时间": reported}, unit_types={"宿城区": "county"})
    assert result.cases[0].operator_type == "other"
    assert ids(result) == ({"IR-REPORT-LATE"} if late else set())
    if late:
        message = next(f.message for f in result.findings if f.rule_id == "IR-REPORT-LATE")
        assert "其他网络运营者" in message and "属地省级网信部门" in message and "4 小时" in message


def test_no_report_for_a_serious_incident(assess):
    result = assess(SERIOUS, SERIOUS | {"直接经济损失": 4_999_999})
    assert ids(result, "INC-001") == {"IR-REPORT-MISSING"}
    assert result.cases[1].grade is Grade.general and not result.cases[1].report_required
    assert result.cases[1].report_deadline is None and ids(result, "INC-002") == set()


def test_general_incident_reported_late_is_fine(assess):
    result = assess(SERIOUS | {"直接经济损失": 10_000, "上报时间": "2025-03-02 09:00"})
    assert ids(result) == set()


def test_minimum_grade_and_hours_from_config(assess):
    overrides = {"IR-REPORT-LATE": {"min_grade": "重大", "deadline_hours": {"cii": 1, "state_organ": 3, "other": 4},
                                   "default_operator_type": "state_organ"}}
    result = assess(SERIOUS, SERIOUS | {"直接经济损失": 20_000_000, "上报时间": "2025-03-01 11:59"},
                    overrides=overrides)
    assert ids(result, "INC-001") == set()  # 较大 no longer needs a report
    assert ids(result, "INC-002") == set()  # 2:59 within 3 hours


def test_a_bad_setting_is_a_config_error(assess):
    with pytest.raises(ConfigError, match="IR-REPORT-LATE"):
        assess(SERIOUS, overrides={"IR-REPORT-LATE": {"min_grade": "很大"}})


REPORTED = SERIOUS | {"上报时间": "2025-03-01 10:00:00", "处置完成时间": "2025-03-01 23:30:00"}


@pytest.mark.parametrize(("summary", "as_of_late"), [
    ("2025-03-31 23:59:59", False),  # day 30 after handling ended, China time: on time
    ("2025-04-01 00:00:00", True),  # day 31
    ("2025-03-31T16:30:00Z", True),  # 00:30 on 1 April in China
    (None, True),  # never sent, and the year is over
])
def test_summary_report_within_30_days_of_handling(assess, summary, as_of_late):
    row = REPORTED | ({"总结报告时间": summary} if summary else {})
    result = assess(row, REPORTED | {"直接经济损失": 10_000})  # a 一般 incident needs no summary report
    assert ids(result) == ({"IR-SUMMARY-REPORT-LATE"} if as_of_late else set())
    assert ids(result, "INC-002") == set()
    if as_of_late:
        finding = next(f for f in result.findings if f.rule_id == "IR-SUMMARY-REPORT-LATE")
        assert finding.evidence["due"] == "2025-03-31" and "第八条" in finding.citation


@pytest.mark.parametrize(("row", "found"), [
    ({}, True),  # no record at all
    ({"是否通知个人": "否"}, True),
    ({"是否通知个人": "是"}, False),  # whether, without when
    ({"通知个人时间": "2025-03-05 09:00"}, False),  # "立即" has no hours unless configured
])
def test_people_affected_by_a_leak_are_notified(assess, row, found):
    leak = {"发现时间": "2025-03-01 09:00:00", "泄露个人信息人数": 46, "事件类别": "数据安全事件"}
    result = assess(leak | row, {"发现时间": "2025-03-01 09:00:00", "事件类别": "数据安全事件"})
    assert ids(result) == ({"IR-PI-NOTIFICATION-MISSING"} if found else set())
    assert ids(result, "INC-002") == set()  # nobody's information leaked


def test_notification_hours_when_configured(assess):
    leak = {"发现时间": "2025-03-01 09:00:00", "泄露个人信息人数": 46, "通知个人时间": "2025-03-02 09:00:01"}
    overrides = {"IR-PI-NOTIFICATION-MISSING": {"max_hours": 24}}
    assert ids(assess(leak, overrides=overrides)) == {"IR-PI-NOTIFICATION-MISSING"}
    assert ids(assess(leak | {"通知个人时间": "2025-03-02 09:00:00"}, overrides=overrides)) == set()
