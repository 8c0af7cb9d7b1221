"""What counts as a severe data leak (the veto's default): the auditor's flag, a data-security
incident graded 较大 or above, or any leak of core or important data. Nothing else."""

from __future__ import annotations

import pytest

BASE = {"发现时间": "2025-06-01 10:00", "响应时间": "2025-06-01 10:02", "联动处置时间": "2025-06-01 10:20",
        "上报时间": "2025-06-01 10:30"}


@pytest.mark.parametrize(("row", "severe"), [
    ({"事件类别": "数据安全事件", "涉及数据级别": "重要数据", "泄露个人信息人数": 3200}, True),
    ({"事件类别": "数据安全事件", "涉及数据级别": "核心数据"}, True),
    ({"事件类别": "数据泄露", "泄露个人信息人数": 1_000_000, "涉及数据级别": "一般数据"}, True),
    ({"事件类别": "网络攻击事件", "泄露个人信息人数": 1_000_000}, True),  # leaked PI makes it a data incident
    ({"事件类别": "网络攻击事件", "严重泄露": "是"}, True),
    ({"事件类别": "数据安全事件", "涉及数据级别": "一般数据", "泄露个人信息人数": 999_999}, False),
    ({"事件类别": "网络攻击事件", "涉及数据级别": "重要数据"}, False),  # no leak: graded 较大, but not a data incident
    ({"事件类别": "设备设施故障", "中断时长": 30}, False),
    ({"事件类别": "数据安全事件", "严重泄露": "否"}, False),
])
def test_severe_or_not(assess, row, severe):
    result = assess(BASE | row)
    found = [f for f in result.findings if f.rule_id == "IR-SEVERE-DATA-LEAK"]
    assert bool(found) is severe
    if found:
        assert found[0].severity.value == "critical" and found[0].object.id == "INC-001"


def test_reasons_are_named(assess):
    result = assess(BASE | {"事件名称": "低保救助名单泄露", "事件类别": "数据安全事件", "涉及数据级别": "重要数据",
                            "严重泄露": "是"})
    finding = next(f for f in result.findings if f.rule_id == "IR-SEVERE-DATA-LEAK")
    assert "低保救助名单泄露" in finding.message
    assert finding.evidence["reasons"] == ["flagged severe by the auditor", "data-security incident graded "
                                           "Level III (relatively serious)", "important data involved"]


def test_criteria_from_config(assess):
    overrides = {"IR-SEVERE-DATA-LEAK": {"data_categories": ["数据安全"], "min_grade": "重大", "data_levels": ["core"]}}
    result = assess(BASE | {"事件类别": "数据安全事件", "涉及数据级别": "重要数据"}, overrides=overrides)
    assert not [f for f in result.findings if f.rule_id == "IR-SEVERE-DATA-LEAK"]
