"""The 5-minute response and 30-minute handling clocks run from discovery and are met at exactly
the limit: 5:00 passes, 5:01 breaches; 30:00 passes, 30:01 breaches. Limits change per unit type."""

from __future__ import annotations

import pytest

START = "2025-03-01 09:00:00"


def ids(result, incident="INC-001"):
    return {f.rule_id for f in result.findings if f.object.id == incident}


@pytest.mark.parametrize(("responded", "breach"), [
    ("2025-03-01 09:04:59", False), ("2025-03-01 09:05:00", False), ("2025-03-01 09:05:01", True),
])
def test_response_limit_is_five_minutes_inclusive(assess, responded, breach):
    result = assess({"发现时间": START, "响应时间": responded, "联动处置时间": "2025-03-01 09:10"})
    assert ("IR-RESPONSE-SLA-BREACH" in ids(result)) is breach
    assert "IR-HANDLING-SLA-BREACH" not in ids(result)


@pytest.mark.parametrize(("coordinated", "breach"), [
    ("2025-03-01 09:29:59", False), ("2025-03-01 09:30:00", False), ("2025-03-01 09:30:01", True),
])
def test_handling_limit_is_thirty_minutes_inclusive(assess, coordinated, breach):
    result = assess({"发现时间": START, "响应时间": "2025-03-01 09:01", "联动处置时间": coordinated})
    assert ("IR-HANDLING-SLA-BREACH" in ids(result)) is breach
    assert "IR-RESPONSE-SLA-BREACH" not in ids(result)


def test_breach_message_shows_time_taken_and_limit(assess):
    result = assess({"发现时间": START, "响应时间": "2025/3/1 9:05:01", "联动处置时间": "2025-03-01 09:30:01",
                     "事件名称": "门户网站被篡改"})
    messages = {f.rule_id: f for f in result.findings}
    response = messages["IR-RESPONSE-SLA-BREACH"]
    assert "5:01" in response.message and "5:00" in response.message and "门户网站被篡改" in response.message
    assert response.evidence["seconds"] == 301 and response.evidence["limit_seconds"] == 300
    assert response.object.kind == "incident" and response.unit == "宿城区"
    assert "30:01" in messages["IR-HANDLING-SLA-BREACH"].message


def test_clock_measured_across_timezones(assess):
    # 01:00Z is 09:00 in China: the response at 09:04:30 local took 4:30
    result = assess({"发现时间": "2025-03-01T01:00:00Z", "响应时间": "2025-03-01 09:04:30",
                     "联动处置时间": "2025-03-01 09:31:00+08:00"})
    assert result.cases[0].response.total_seconds() == 270
    assert ids(result) == {"IR-HANDLING-SLA-BREACH"}


def test_limit_per_unit_type_from_config(assess):
    overrides = {"IR-RESPONSE-SLA-BREACH": {"minutes": 5, "minutes_by_unit_type": {"department": 10}}}
    rows = [{"单位名称": name, "发现时间": START, "响应时间": "2025-03-01 09:08:00", "联动处置时间": "2025-03-01 09:20"}
            for name in ("市公安局", "宿城区")]
    result = assess(*rows, overrides=overrides, unit_types={"市公安局": "department", "宿城区": "county"})
    assert "IR-RESPONSE-SLA-BREACH" not in ids(result, "INC-001")  # department: 8:00 within 10 minutes
    assert "IR-RESPONSE-SLA-BREACH" in ids(result, "INC-002")  # county keeps 5 minutes


def test_unit_type_can_come_from_the_register(assess):
    overrides = {"IR-HANDLING-SLA-BREACH": {"minutes": 30, "minutes_by_unit_type": {"county": 45}}}
    result = assess({"单位类型": "县区", "发现时间": START, "响应时间": "2025-03-01 09:01",
                     "联动处置时间": "2025-03-01 09:40"}, overrides=overrides)
    assert result.cases[0].unit_type == "county" and ids(result) == set()


def test_missing_times_are_a_finding_not_a_crash(assess):
    result = assess({"发现时间": START, "联动处置时间": "2025-03-01 09:20"}, {"响应时间": "2025-03-01 09:02"})
    first = [f for f in result.findings if f.object.id == "INC-001"]
    assert [f.rule_id for f in first] == ["IR-TIMESTAMP-MISSING"]
    assert first[0].evidence["missing"] == ["responded_at"] and "响应时间" in first[0].message
    second = [f for f in result.findings if f.object.id == "INC-002"]
    assert second[0].evidence["missing"] == ["detected_at", "coordinated_at"]
    assert result.cases[1].response is None  # no discovery time: nothing to measure, no SLA finding
    assert ids(result, "INC-002") == {"IR-TIMESTAMP-MISSING"}


def test_year_keeps_incidents_discovered_in_it(assess):
    result = assess({"发现时间": "2024-12-31 23:58", "响应时间": "2025-01-01 00:10"},
                    {"发现时间": "2025-12-31 23:50", "响应时间": "2025-12-31 23:54", "联动处置时间": "2026-01-01 00:15"},
                    {"发现时间": "2025-12-31T16:30:00Z", "响应时间": "2026-01-01 00:33", "联动处置时间": "2026-01-01 00:45"})
    assert [case.incident.incident_id for case in result.cases] == ["INC-002"]
    assert result.outside_year == 2  # 16:30Z on 31 Dec is 00:30 on 1 Jan 2026 in China
    assert ids(result, "INC-002") == set()
