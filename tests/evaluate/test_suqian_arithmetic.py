"""The arithmetic of the two 宿迁 rubrics (宿政办发〔2022〕28号附件) against cases computed by hand:
the per-indicator caps and floors, the maximum comparison, base × 70% (县区) or × 80% (市级部门)
plus the bonus."""

from __future__ import annotations

from decimal import Decimal


def by_name(evaluation, unit):
    result = next(u for u in evaluation.units if u.unit.unit == unit)
    return result, {item.indicator.name: item.score for item in result.indicators}


def test_county_rubric_by_hand(run_evaluation, score_rows):
    full = score_rows("宿城区", {
        "人员配置": 3, "机构设立": 2, "业务培训#": 5, "制度建设": 2.5, "项目管理": 8, "集约化建设#": 2,
        "数据汇聚治理/综合评定": 20, "数据汇聚治理/数据质量问题#": 3, "数据汇聚治理/主题库专题库#": 8,
        "数据共享开放/调用共享次数赋分": 22, "数据共享开放/未按要求提供数据#": 12, "数据共享开放/合理数据需求#": 15,
        "数据开发利用/市级采用#": 4, "数据开发利用/省级以上采用#": 1,
        "创新应用场景建设": 10, "重点工作完成情况": 10, "特色亮点": 10,
    })
    sparse = score_rows("宿豫区", {
        "人员配置": 0, "机构设立": 2, "业务培训#": 1, "制度建设": 3, "项目管理": 10, "集约化建设#": 7,
        "数据汇聚治理/综合评定": 5, "数据汇聚治理/数据质量问题#": 4, "数据共享开放/调用共享次数赋分": 10,
        "数据共享开放/合理数据需求#": 3, "数据开发利用/市级采用#": 6, "数据开发利用/省级以上采用#": 3,
        "创新应用场景建设": 0, "重点工作完成情况": 4.5,
    })
    evaluation = run_evaluation([("宿城区", "县区", "第一档"), ("宿豫区", "县区", "第一档")], full + sparse)

    first, scores = by_name(evaluation, "宿城区")
    assert scores["业务培训"] == 2  # 5 trainings × 1, capped at the indicator's 2 points
    assert scores["集约化建设"] == 3  # 5 − 2 × 1
    assert scores["安全防护"] == 5  # no finding
    assert scores["数据汇聚治理"] == 30  # 20 − 3 × 2 + min(8 × 3, 20) = 34, capped at 30
    assert scores["数据共享开放"] == 22  # 22 − min(12, 10) + min(15, 10)
    assert scores["数据开发利用"] == 5  # raw 4 × 0.5 + 1 = 3 against the best raw 6 (宿豫区): 3 / 6 × 10
    # base 3 + 2 + 2 + 2.5 + 8 + 3 + 5 + 30 + 22 + 5 = 82.5; bonus 30; 82.5 × 0.7 + 30
    assert (first.base, first.bonus, first.final) == (Decimal("82.5"), 30, Decimal("87.75"))

    second, scores = by_name(evaluation, "宿豫区")
    assert scores["集约化建设"] == 0  # 5 − 7, floored at 0
    assert scores["数据汇聚治理"] == 0  # 5 − 4 × 2, floored at 0
    assert scores["数据共享开放"] == 13 and scores["数据开发利用"] == 10  # the best unit gets full points
    assert scores["特色亮点"] == 0
    assert next(i for i in second.indicators if i.indicator.name == "特色亮点").missing == ("得分",)
    # base 0 + 2 + 1 + 3 + 10 + 0 + 5 + 0 + 13 + 10 = 44; bonus 0 + 4.5 + 0; 44 × 0.7 + 4.5
    assert (second.base, second.bonus, second.final) == (44, Decimal("4.5"), Decimal("35.3"))
    assert [(u.unit.unit, u.rank) for u in evaluation.units] == [("宿城区", 1), ("宿豫区", 2)]


def test_department_rubric_by_hand(run_evaluation, score_rows):
    rows = score_rows("市公安局", {
        "人员配置": 2, "制度建设": 4, "项目管理#": 3, "集约化建设#": 6,
        "数据汇聚治理/综合评定": 18, "数据汇聚治理/数据质量问题#": 1, "数据汇聚治理/主题库专题库#": 3,
        "数据共享开放/调用共享次数赋分": 25, "数据共享开放/未按要求提供数据#": 2,
        "数据开发利用/市级采用#": 1, "创新应用场景建设": 10, "重点工作完成情况": 8,
    })
    evaluation = run_evaluation([("市公安局", "市级部门", "第一档")], rows)
    unit, scores = by_name(evaluation, "市公安局")
    assert scores["项目管理"] == 7  # starts at 10, −1 per irregularity
    assert scores["集约化建设"] == 0  # 5 − 6, floored
    assert scores["信息安全"] == 5
    assert scores["数据汇聚治理"] == 28  # 18 − 2 + 3 × 4 (4 per library for departments)
    assert scores["数据共享开放"] == 23  # 25 − 2
    assert scores["数据开发利用"] == 10  # the only unit, so the best
    # base 2 + 4 + 7 + 0 + 5 + 28 + 23 + 10 = 79; bonus 10 + 8; 79 × 0.8 + 18
    assert (unit.base, unit.bonus, unit.final) == (79, 18, Decimal("81.2"))
    assert evaluation.to_json()["rubric"] == "suqian-department"
    assert evaluation.to_json()["rubrics"] == {"department": "suqian-department"}


def test_weights_and_bonus_caps_of_the_two_rubrics():
    from secsuite.evaluate.rubric import load_rubric

    county, department = load_rubric("suqian-county"), load_rubric("suqian-department")
    assert (county.base_weight, county.bonus_cap, department.base_weight, department.bonus_cap) == (
        Decimal("0.7"), 30, Decimal("0.8"), 20)
    assert [(g.name, g.points) for g in county.groups] == [("体制机制", 10), ("政务信息化项目", 20), ("数据管理", 70),
                                                          ("加分指标", 30)]
    assert [(g.name, g.points) for g in department.groups] == [("工作机制", 10), ("政务信息化项目", 20),
                                                              ("数据管理", 70), ("加分指标", 20)]
    assert [(i.name, i.points) for i in county.indicators] == [
        ("人员配置", 3), ("机构设立", 2), ("业务培训", 2), ("制度建设", 3), ("项目管理", 10), ("集约化建设", 5),
        ("安全防护", 5), ("数据汇聚治理", 30), ("数据共享开放", 30), ("数据开发利用", 10),
        ("创新应用场景建设", 10), ("重点工作完成情况", 10), ("特色亮点", 10)]
    assert [(i.name, i.points) for i in department.indicators] == [
        ("人员配置", 5), ("制度建设", 5), ("项目管理", 10), ("集约化建设", 5), ("信息安全", 5), ("数据汇聚治理", 30),
        ("数据共享开放", 30), ("数据开发利用", 10), ("创新应用场景建设", 10), ("重点工作完成情况", 10)]
    assert {i.name: i.source for i in county.indicators}["安全防护"] == "derived"
    assert {i.name: i.source for i in county.indicators}["数据共享开放"] == "manual+derived"
