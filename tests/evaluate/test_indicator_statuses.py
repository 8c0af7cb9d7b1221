"""What evaluation committees fill in, and what the result says about it: a sheet with one score per
unit and indicator, counts told from scores by their column, derived indicators not assessed when no
check ran, scored by hand with a note (status manual, warned where the findings differ), 不适用 with
the rubric's rescaling, and the readings each unit was scored by."""

from __future__ import annotations

from decimal import Decimal

import pytest

from secsuite.evaluate.facts import Fact
from secsuite.evaluate.rubric import load_rubric
from secsuite.findings import Severity

COUNTY = [("宿城区", "县区", "第一档")]


def indicator(unit, name):
    return next(item for item in unit.indicators if item.indicator.name == name)


def whole_scores(unit: str, scores: dict[str, float]) -> list[dict]:
    return [{"单位名称": unit, "指标": name, "得分": value} for name, value in scores.items()]


def test_an_indicator_level_sheet_is_scored(run_evaluation):
    """The sheet a committee fills in: one score per indicator, derived ones left to the findings."""
    rubric = load_rubric("suqian-county")
    fixed = {"人员配置", "机构设立", "创新应用场景建设"}  # 得N分，否则不得分: only 0 or N
    manual = {i.name: float(i.points) - (0 if i.name in fixed else 1) for i in rubric.indicators
              if i.source != "derived"}
    leak = Fact("F-9", "IR-SENSITIVE-DATA-LEAK", Severity.low, "宿城区", "incident", "INC-9", "m", 3)
    (unit,) = run_evaluation(COUNTY, whole_scores("宿城区", manual), [leak]).units
    assert {item.status for item in unit.indicators} == {"scored"}
    assert indicator(unit, "数据汇聚治理").score == 29 and indicator(unit, "安全防护").score == 5
    assert indicator(unit, "数据共享开放").score == 27  # the committee's 29, then −2 for a leak graded 一般
    # base: 100 − 7 (seven indicators one point short) − 2 (the leak); bonus 10 + 9 + 9; 91 × 0.7 + 28
    assert (unit.base, unit.bonus, unit.final) == (91, 28, Decimal("91.7"))
    assert unit.complete and unit.incomplete_reasons == []


def test_items_win_over_a_whole_score_and_the_output_says_so(run_evaluation):
    rows = whole_scores("宿城区", {"数据汇聚治理": 29}) + [
        {"单位名称": "宿城区", "指标": "数据汇聚治理/综合评定", "得分": 20},
        {"单位名称": "宿城区", "指标": "数据汇聚治理/数据质量问题", "次数": 1}]
    (unit,) = run_evaluation(COUNTY, rows).units
    aggregation = indicator(unit, "数据汇聚治理")
    assert aggregation.score == 18 and aggregation.notes == ("同时填写了整项得分和评分项，按评分项计分",)
    document = next(i for i in unit.to_json()["indicators"] if i["name"] == "数据汇聚治理")
    assert document["notes"] == ["同时填写了整项得分和评分项，按评分项计分"]


@pytest.mark.parametrize(("column", "value", "score"), [
    ("次数", 3, 2),  # three trainings, 1 each, capped at 2
    ("得分", 1.5, Decimal("1.5")),  # the committee's score for the indicator
])
def test_a_count_item_takes_a_count_or_a_score_by_its_column(run_evaluation, column, value, score):
    (unit,) = run_evaluation(COUNTY, [{"单位名称": "宿城区", "指标": "业务培训", column: value}]).units
    assert indicator(unit, "业务培训").score == score


def test_a_deduction_item_given_as_points(run_evaluation):
    rows = [{"单位名称": "宿城区", "指标": "数据共享开放/调用共享次数赋分", "得分": 20},
            {"单位名称": "宿城区", "指标": "数据共享开放/未按要求提供数据", "得分": -3}]
    (unit,) = run_evaluation(COUNTY, rows).units
    assert indicator(unit, "数据共享开放").score == 17


@pytest.mark.parametrize("checked", [True, False])
def test_a_derived_indicator_without_a_check_is_not_assessed(run_evaluation, checked):
    (unit,) = run_evaluation(COUNTY, whole_scores("宿城区", {"项目管理": 8}), checked=checked).units
    security = indicator(unit, "安全防护")
    if checked:  # the unit's systems were checked and nothing was found: full marks
        assert (security.score, security.status, unit.complete) == (5, "scored", True)
        return
    assert (security.score, security.status) == (None, "not_assessed")
    assert unit.base == 8 + 5  # 项目管理 and 集约化建设's start; 安全防护 contributes nothing
    assert not unit.complete
    assert unit.incomplete_reasons[0].startswith("安全防护：等保测评：本年度没有该单位的信息系统台账检查")
    sharing = indicator(unit, "数据共享开放")  # its manual parts still count; the leak part is not assessed
    assert sharing.status == "scored" and sharing.not_assessed and "安全事件台账" in sharing.not_assessed[0]
    document = unit.to_json()
    assert document["complete"] is False and len(document["incomplete_reasons"]) == 2
    assert next(i for i in document["indicators"] if i["name"] == "安全防护")["status"] == "not_assessed"


def test_a_finding_shows_the_check_ran(run_evaluation):
    fact = Fact("F-1", "MLPS-EVAL-FAILED", Severity.high, "宿城区", "system", "系统A", "m", 3)
    (unit,) = run_evaluation(COUNTY, [], [fact], checked=False).units
    assert (indicator(unit, "安全防护").score, indicator(unit, "安全防护").status) == (4, "scored")


@pytest.mark.parametrize(("hand", "warned"), [(4, False), (5, True)])
def test_a_derived_indicator_scored_by_hand(run_evaluation, hand, warned):
    fact = Fact("F-1", "MLPS-EVAL-FAILED", Severity.high, "宿城区", "system", "系统A", "m", 3)
    rows = [{"单位名称": "宿城区", "指标": "安全防护", "得分": hand, "备注": "专家组评定：系统A已整改"}]
    (unit,) = run_evaluation(COUNTY, rows, [fact]).units
    security = indicator(unit, "安全防护")
    assert (security.score, security.status, security.deductions) == (hand, "manual", ())
    assert bool(security.warnings) is warned and bool(unit.warnings) is warned
    if warned:
        assert security.warnings == ("手工评分 5 与检查结果计算的 4 分不同（1 条扣分）",)
    assert unit.notes["security"] == ["专家组评定：系统A已整改"]


def test_a_hand_score_without_a_check_is_manual_and_complete(run_evaluation):
    rows = [{"单位名称": "宿城区", "指标": "安全防护", "得分": 3, "备注": "专家组现场核查"}]
    (unit,) = run_evaluation(COUNTY, rows, checked=False).units
    assert indicator(unit, "安全防护").status == "manual" and indicator(unit, "安全防护").warnings == ()
    assert [r for r in unit.incomplete_reasons if r.startswith("安全防护")] == []


@pytest.mark.parametrize("mark", [{"得分": "不适用"}, {"不适用": "是"}])
def test_not_applicable_rescales_the_base(run_evaluation, mark):
    rubric = load_rubric("suqian-county")
    full = {i.name: float(i.points) for i in rubric.indicators
            if i.source != "derived" and i.name not in {"数据开发利用", "人员配置", "机构设立", "创新应用场景建设"}}
    full |= {"人员配置": 3, "机构设立": 2}
    rows = whole_scores("宿城区", full) + [{"单位名称": "宿城区", "指标": "数据开发利用"} | mark]
    (unit,) = run_evaluation(COUNTY, rows).units
    development = indicator(unit, "数据开发利用")
    assert (development.score, development.status) == (None, "not_applicable")
    assert unit.base == 100  # 90 of the 90 applicable points, scaled to 100
    half = whole_scores("宿城区", {name: (value / 2 if name not in {"人员配置", "机构设立"} else 0)
                                   for name, value in full.items()})
    (unit,) = run_evaluation(COUNTY, half + [{"单位名称": "宿城区", "指标": "数据开发利用"} | mark]).units
    # 人员配置 and 机构设立 0, the other hand-scored base indicators at half (1 + 1.5 + 5 + 2.5 + 15 + 15 = 40),
    # 安全防护 (derived, nothing found) 5: 45 of the 90 applicable points, scaled to 100
    assert unit.base == 50
    assert "按比例折算" in unit.to_json()["not_applicable_rule"]


def test_not_applicable_and_a_score_together_is_an_error(tmp_path):
    from tests.evaluate.conftest import check_sheet

    _, errors, _ = check_sheet(tmp_path, [{"单位名称": "宿城区", "指标": "数据开发利用", "得分": "不适用"},
                                          {"单位名称": "宿城区", "指标": "数据开发利用/市级采用", "次数": 2}])
    (error,) = errors
    assert error.row == 2 and "已标注不适用" in error.message


def test_the_readings_used_are_named_and_switchable(run_evaluation):
    facts = [Fact(f"F-{n}", "MLPS-EVAL-FAILED", Severity.high, "宿城区", "system", f"系统{n}", "m", 3)
             for n in range(3)]
    (unit,) = run_evaluation(COUNTY, [], facts).units
    assert indicator(unit, "安全防护").score == 2  # per system
    readings = {r["id"]: r for r in unit.to_json()["readings"]}
    assert readings["security_deduction"]["option"] == "per_system"
    assert readings["security_deduction"]["source"] == "未按要求开展等保测评或等保测评不合格的扣1分。"
    assert "pass_score" in readings["mlps_fail_marks"]["text"] and "严重" in readings["severe_leak"]["text"]


@pytest.mark.parametrize(("option", "score"), [("per_system", 2), ("once", 4)])
def test_security_deduction_per_system_or_once(tmp_path, option, score):
    """"未按要求开展等保测评…的扣1分": three failing systems lose 3 points per system, 1 point once."""
    from secsuite.evaluate.engine import chosen_readings, evaluate, rubrics_for
    from secsuite.evaluate.facts import Evidence
    from secsuite.evaluate.sheet import Sheet
    from secsuite.inventory.units import Unit
    from tests.evaluate.conftest import AS_OF

    units = [Unit(unit="宿城区", unit_type="county", tier="第一档", source="u", row=1)]
    rubrics = chosen_readings(rubrics_for(units, []), [f"security_deduction={option}"])
    facts = [Fact(f"F-{n}", "MLPS-EVAL-FAILED", Severity.high, "宿城区", "system", f"系统{n}", "m", 3) for n in range(3)]
    (unit,) = evaluate(2025, AS_OF, units, rubrics, Sheet(), facts, evidence=Evidence(frozenset({"宿城区"}))).units
    assert indicator(unit, "安全防护").score == score
    assert next(r for r in unit.readings() if r["id"] == "security_deduction")["option"] == option


def test_the_public_cryptography_service_is_an_advisory_no_rubric_scores():
    """The work point only builds the service: CRYPTO-SERVICE-UNUSED is an info note and no rubric
    deducts for it."""
    from secsuite.checks.registry import load_registry
    from secsuite.evaluate.rubric import FindingsPart, list_rubrics

    meta = load_registry().get("CRYPTO-SERVICE-UNUSED").meta
    assert meta.severity == Severity.info and "不计入年度考评" in meta.rationale.zh
    rules = {rule for rubric in list_rubrics() for i in rubric.indicators for part in i.parts
             if isinstance(part, FindingsPart) for rule in part.rules + part.cites}
    assert "CRYPTO-SERVICE-UNUSED" not in rules
