"""The 包头 rubric (《包头市数字政府建设考评指标》): half-year = 日常监测 60% + 实地调研 20% + 民意调查 10% +
第三方评估 10%, annual = mean of the two halves; seven areas of 25/25/20/10/10/5/5 points."""

from __future__ import annotations

from decimal import Decimal

from secsuite.evaluate.rubric import load_rubric

METHODS = ("日常监测", "实地调研", "民意调查", "第三方评估")


def rows(unit, indicator, half, values):
    return [{"单位名称": unit, "指标": indicator, "考评期": half, "考评方式": method, "得分": value}
            for method, value in zip(METHODS, values, strict=False)]


def test_half_year_weights_and_annual_mean(run_evaluation):
    scores = (rows("昆都仑区", "一体化政务服务平台建设", "上半年", (3, 2, 1, 2))
              + rows("昆都仑区", "一体化政务服务平台建设", "下半年", (2, 3, 3, 3))
              + rows("昆都仑区", "升级建设政府一体化协同办公平台", "上半年", (20, 20, 20, 20))
              + rows("昆都仑区", "升级建设政府一体化协同办公平台", "下半年", (10,)))
    evaluation = run_evaluation([("昆都仑区", "县区", "")], scores, rubrics=["baotou-digital-government"])
    (unit,) = evaluation.units
    score = {item.indicator.name: item.score for item in unit.indicators}
    # H1 = 0.6×3 + 0.2×2 + 0.1×1 + 0.1×2 = 2.5; H2 = 0.6×2 + 0.2×3 + 0.1×3 + 0.1×3 = 2.4; (2.5 + 2.4) / 2
    assert score["一体化政务服务平台建设"] == Decimal("2.45")
    # H1 = 20; H2 = 0.6×10 with the other methods unscored (0) = 6; (20 + 6) / 2
    assert score["升级建设政府一体化协同办公平台"] == 13
    assert unit.base == Decimal("15.45") and unit.bonus == 0 and unit.final == Decimal("15.45")
    platform = next(i for i in unit.indicators if i.indicator.name == "升级建设政府一体化协同办公平台")
    assert platform.missing == ("得分（下半年·实地调研）", "得分（下半年·民意调查）", "得分（下半年·第三方评估）")


def test_full_marks_everywhere_is_one_hundred(run_evaluation):
    rubric = load_rubric("baotou-digital-government")
    scores = [row for indicator in rubric.indicators for half in ("上半年", "下半年")
              for row in rows("稀土高新区", indicator.name, half, (float(indicator.points),) * 4)]
    (unit,) = run_evaluation([("稀土高新区", "功能区", "")], scores, rubrics=["baotou-digital-government"]).units
    assert unit.final == 100


def test_seven_areas_and_their_points():
    rubric = load_rubric("baotou-digital-government")
    assert [(g.name, g.points) for g in rubric.groups] == [
        ("政务服务“一网通办”", 25), ("政府治理“一网统管”", 25), ("政府办公统一协同", 20), ("强化基础设施支撑", 10),
        ("释放数据要素价值", 10), ("筑牢安全防护体系", 5), ("加强统筹管理和工作保障", 5)]
    assert [(m.name, m.weight) for m in rubric.periods.methods] == [
        ("日常监测", Decimal("0.6")), ("实地调研", Decimal("0.2")), ("民意调查", Decimal("0.1")),
        ("第三方评估", Decimal("0.1"))]
    assert rubric.veto is None
    service = rubric.groups[0]
    assert [(i.name, i.points) for i in service.indicators][-1] == ("优化政务服务应用", 12)
    assert sum(i.points for i in service.indicators) == 25
