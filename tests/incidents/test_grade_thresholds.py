"""Each grade threshold of the CAC 2025 annex (with the 2023 draft values where the final text is
unverified), checked one below (N−1) and at (N) the threshold: "以上" includes the number."""

from __future__ import annotations

import pytest

from secsuite.incidents.grading import Grade

BASE = {"发现时间": "2025-03-01 09:00", "响应时间": "2025-03-01 09:01", "联动处置时间": "2025-03-01 09:10"}

CASES = [
    # field, operator type, value one below, value at, grade reached at the threshold
    ("泄露个人信息人数", None, 999_999, 1_000_000, Grade.serious),
    ("泄露个人信息人数", None, 9_999_999, 10_000_000, Grade.major),
    ("泄露个人信息人数", None, 99_999_999, 100_000_000, Grade.extraordinary),
    ("直接经济损失", None, 4_999_999, 5_000_000, Grade.serious),
    ("直接经济损失", None, 19_999_999, 20_000_000, Grade.major),
    ("直接经济损失", None, 99_999_999, 100_000_000, Grade.extraordinary),
    ("中断时长", "国家机关", 1.99, 2, Grade.serious),
    ("中断时长", "其他", 5.99, 6, Grade.major),
    ("中断时长", "国家机关", 23.99, 24, Grade.extraordinary),
    ("中断时长", "关键信息基础设施", 0.49, 0.5, Grade.serious),
    ("中断时长", "关键信息基础设施", 1.99, 2, Grade.major),
    ("中断时长", "关键信息基础设施", 5.99, 6, Grade.extraordinary),
]
BELOW = {Grade.serious: Grade.general, Grade.major: Grade.serious, Grade.extraordinary: Grade.major}


@pytest.mark.parametrize(("field", "operator", "below", "at", "grade"), CASES)
def test_threshold_n_minus_one_and_n(assess, field, operator, below, at, grade):
    extra = {"运营者类型": operator} if operator else {}
    result = assess(BASE | extra | {field: below}, BASE | extra | {field: at})
    assert [case.grade for case in result.cases] == [BELOW[grade], grade]
    reason = result.cases[1].grade_reasons[0]
    assert reason.grade is grade and reason.threshold.rstrip("0").rstrip(".") == str(at).rstrip("0").rstrip(".")


def test_data_level_grades_and_the_highest_criterion_wins(assess):
    result = assess(BASE | {"涉及数据级别": "重要数据"}, BASE | {"涉及数据级别": "核心数据"},
                    BASE | {"涉及数据级别": "一般数据", "泄露个人信息人数": 5000},
                    BASE | {"涉及数据级别": "重要数据", "直接经济损失": "1亿"})
    assert [case.grade for case in result.cases] == [Grade.serious, Grade.major, Grade.general, Grade.extraordinary]
    assert [r.criterion for r in result.cases[3].grade_reasons] == ["economic_loss_cny", "data_level"]


def test_amounts_as_typed(assess):
    result = assess(BASE | {"泄露个人信息人数": "100万"}, BASE | {"直接经济损失": "2,000万元"},
                    BASE | {"泄露个人信息人数": "1.2亿"})
    assert [case.grade for case in result.cases] == [Grade.serious, Grade.major, Grade.extraordinary]
    assert result.cases[2].incident.pi_people_affected == 120_000_000


def test_thresholds_come_from_the_config(assess):
    overrides = {"IR-REPORT-LATE": {"pi_people_affected": {"较大": 500_000, "重大": 5_000_000, "特别重大": 50_000_000}}}
    result = assess(BASE | {"泄露个人信息人数": 500_000}, overrides=overrides)
    assert result.cases[0].grade is Grade.serious


def test_grade_labels():
    assert [g.value for g in Grade] == ["一般", "较大", "重大", "特别重大"]
    assert [g.roman for g in Grade] == ["IV", "III", "II", "I"]
    assert Grade.serious.label("en") == "Level III (relatively serious)" and Grade.serious.label("zh") == "较大"
