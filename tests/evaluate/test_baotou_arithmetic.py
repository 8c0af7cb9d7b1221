"""The 包头 rubric (《包头市数字政府建设考评办法》): half-year = 日常监测 60% + 实地调研 20% + 民意调查 10% +
第三方评估 10%, annual = mean of the two halves; seven areas of 25/25/20/10/10/5/5 points."""

from __future__ import annotations

from decimal import Decimal

from secsuite.evaluate.rubric import load_rubric
from tests.evaluate.conftest import check_sheet

METHODS = ("日常监测", "实地调研", "民意调查", "第三方评估")


def rows(unit, indicator, half, values):
    """Indicator rows of the two methods that score indicators (日常监测, 实地调研)."""
    return [{"单位名称": unit, "指标": indicator, "考评期": half, "考评方式": method, "得分": value}
            for method, value in zip(METHODS[:2], values, strict=False)]


def unit_rows(unit, half, survey, third_party):
    """民意调查 and 第三方评估 judge the unit as a whole: one score per half, no indicator."""
    return [{"单位名称": unit, "考评期": half, "考评方式": method, "得分": value}
            for method, value in (("民意调查", survey), ("第三方评估", third_party)) if value is not None]


def test_half_year_weights_and_annual_mean(run_evaluation):
    scores = (rows("昆都仑区", "一体化政务服务平台建设", "上半年", (3, 2))
              + rows("昆都仑区", "一体化政务服务平台建设", "下半年", (2, 3))
              + rows("昆都仑区", "升级建设政府一体化协同办公平台", "上半年", (20, 20))
              + rows("昆都仑区", "升级建设政府一体化协同办公平台", "下半年", (10,))
              + unit_rows("昆都仑区", "上半年", 80, 70) + unit_rows("昆都仑区", "下半年", 90, None))
    evaluation = run_evaluation([("昆都仑区", "县区", "")], scores, rubrics=["baotou-digital-government"])
    (unit,) = evaluation.units
    score = {item.indicator.name: item.score for item in unit.indicators}
    # H1 = 0.6×3 + 0.2×2 = 2.2; H2 = 0.6×2 + 0.2×3 = 1.8; (2.2 + 1.8) / 2
    assert score["一体化政务服务平台建设"] == 2
    # H1 = 0.6×20 + 0.2×20 = 16; H2 = 0.6×10 with 实地调研 unscored (0) = 6; (16 + 6) / 2
    assert score["升级建设政府一体化协同办公平台"] == 11
    methods = {m.method.name: m.contribution for m in unit.methods}
    assert methods == {"民意调查": Decimal("8.5"), "第三方评估": Decimal("3.5")}  # 0.1 × (80 + 90) / 2; 0.1 × 70 / 2
    assert unit.base == 25 and unit.bonus == 0 and unit.final == 25
    platform = next(i for i in unit.indicators if i.indicator.name == "升级建设政府一体化协同办公平台")
    assert platform.missing == ("得分（下半年·实地调研）",)
    assert not unit.complete and unit.incomplete_reasons == ["第三方评估：缺少下半年得分"]
    document = unit.to_json()
    assert document["methods"][0] == {"id": "opinion_survey", "name": "民意调查", "weight": 0.1,
                                      "scores": {"H1": 80, "H2": 90}, "contribution": 8.5, "missing": []}


def test_full_marks_everywhere_is_one_hundred(run_evaluation):
    rubric = load_rubric("baotou-digital-government")
    scores = [row for indicator in rubric.indicators for half in ("上半年", "下半年")
              for row in rows("稀土高新区", indicator.name, half, (float(indicator.points),) * 2)]
    scores += unit_rows("稀土高新区", "上半年", 100, 100) + unit_rows("稀土高新区", "下半年", 100, 100)
    (unit,) = run_evaluation([("稀土高新区", "功能区", "")], scores, rubrics=["baotou-digital-government"]).units
    assert unit.final == 100 and unit.complete


def test_a_unit_level_method_takes_no_indicator(tmp_path):
    _, errors, _ = check_sheet(tmp_path, [{"单位名称": "宿城区", "指标": "完善信用监管", "考评期": "上半年",
                                     "考评方式": "民意调查", "得分": 3},
                                    {"单位名称": "宿城区", "考评期": "上半年", "考评方式": "民意调查", "得分": 101},
                                    {"单位名称": "宿城区", "考评期": "上半年", "考评方式": "民意调查", "得分": 88},
                                    {"单位名称": "宿城区", "考评期": "上半年", "考评方式": "民意调查", "得分": 87}],
                         rubrics=["baotou-digital-government"])
    assert [(e.row, e.field) for e in errors] == [(1, "指标 (indicator)"), (2, "得分 (score)"), (4, "指标 (indicator)")]
    assert "按单位整体评分" in errors[0].message and errors[1].expected == "0–100"
    assert "首次出现在第3行" in errors[2].message


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
