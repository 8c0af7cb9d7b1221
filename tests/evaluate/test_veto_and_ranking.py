"""一票否决 and the ranking: a unit with a severe data leak in the year gets no score and ranks last
in its type and tier, with the incident named; the other units rank by final score, ties shared.
The veto is what the rubric says: 包头's rubric has none."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import yaml

from secsuite.evaluate.facts import Fact, from_finding
from secsuite.findings import Severity
from secsuite.incidents.pipeline import assess_register
from secsuite.inventory.incidents import load_incidents

UNITS = [("市公安局", "市级部门", "第一档"), ("市人社局", "市级部门", "第一档"), ("市卫健委", "市级部门", "第一档"),
         ("市民政局", "市级部门", "第一档"), ("市大数据局", "市级部门", "第二档")]


def leak_facts(tmp_path):
    """The IR-SEVERE-DATA-LEAK finding of a real register: 市民政局 leaked important data."""
    path = tmp_path / "incidents.yaml"
    path.write_text(yaml.safe_dump([
        {"事件编号": "INC-2025-031", "单位名称": "市民政局", "事件名称": "低保救助名单数据泄露", "事件类别": "数据安全事件",
         "发现时间": "2025-06-17 11:25", "响应时间": "2025-06-17 11:29", "联动处置时间": "2025-06-17 11:50",
         "上报时间": "2025-06-17 12:30", "泄露个人信息人数": 3200, "涉及数据级别": "重要数据"},
        {"事件编号": "INC-2025-032", "单位名称": "市卫健委", "事件名称": "误发通知", "事件类别": "数据安全事件",
         "发现时间": "2025-07-01 09:00", "响应时间": "2025-07-01 09:02", "联动处置时间": "2025-07-01 09:20",
         "泄露个人信息人数": 12, "涉及数据级别": "一般数据"},
    ], allow_unicode=True), encoding="utf-8")
    incidents, errors = load_incidents(path)
    result = assess_register(incidents, year=2025, as_of=dt.date(2025, 12, 31))
    return [from_finding(f) for f in result.findings]


def test_vetoed_unit_ranks_last_with_the_incident_named(tmp_path, run_evaluation, score_rows):
    scores = (score_rows("市公安局", {"人员配置": 5, "制度建设": 5}) + score_rows("市人社局", {"人员配置": 5, "制度建设": 5})
              + score_rows("市卫健委", {"人员配置": 2}) + score_rows("市民政局", {"人员配置": 5, "制度建设": 5})
              + score_rows("市大数据局", {"人员配置": 0}))
    evaluation = run_evaluation(UNITS, scores, leak_facts(tmp_path))
    assert [u.final for u in evaluation.units[:3]] == [24, 24, Decimal("17.6")]
    ranks = [(u.unit.unit, u.unit.tier, u.rank) for u in evaluation.units]
    # 公安局 and 人社局 tie at 5 + 5 + 10 + 5 + 5 = 30 base (项目管理, 集约化建设 and 信息安全 start full) → 24;
    # 卫健委 2 + 20 = 22 → 17.6 ranks 3rd (not 2nd); the vetoed unit is last; 第二档 ranks on its own
    assert ranks == [("市人社局", "第一档", 1), ("市公安局", "第一档", 1), ("市卫健委", "第一档", 3),
                     ("市民政局", "第一档", 4), ("市大数据局", "第二档", 1)]
    vetoed = next(u for u in evaluation.units if u.unit.unit == "市民政局")
    assert vetoed.vetoed and (vetoed.base, vetoed.bonus, vetoed.final) == (None, None, None)
    assert all(item.score is None for item in vetoed.indicators)
    assert "INC-2025-031" in vetoed.veto_reason and "低保救助名单数据泄露" in vetoed.veto_reason
    assert vetoed.veto_reason.startswith("一票否决") and "IR-SEVERE-DATA-LEAK" in vetoed.veto_reason
    as_json = vetoed.to_json()
    assert as_json["vetoed"] is True and as_json["final_score"] is None and as_json["rank"] == 4
    assert not next(u for u in evaluation.units if u.unit.unit == "市卫健委").vetoed  # general data: no veto


def test_veto_from_a_stored_finding_and_rubric_without_veto(run_evaluation, score_rows):
    stored = Fact("F-abc", "IR-SEVERE-DATA-LEAK", Severity.critical, "宿城区", "incident", "INC-9", "泄露", 7)
    units = [("宿城区", "县区", "第一档"), ("宿豫区", "县区", "第一档")]
    vetoed = run_evaluation(units, score_rows("宿城区", {"人员配置": 3}), [stored])
    assert [(u.unit.unit, u.vetoed, u.rank) for u in vetoed.units] == [("宿豫区", False, 1), ("宿城区", True, 2)]
    baotou = run_evaluation(units, [], [stored], rubrics=["baotou-digital-government"])
    assert not any(u.vetoed for u in baotou.units)  # the 包头 考评办法 has no veto clause


def test_maximum_comparison_leaves_out_vetoed_units(run_evaluation, score_rows):
    stored = Fact("F-x", "IR-SEVERE-DATA-LEAK", Severity.critical, "泗洪县", "incident", "INC-1", "泄露", 1)
    scores = (score_rows("宿城区", {"数据开发利用/市级采用#": 2, "数据开发利用/省级以上采用#": 1})  # raw 2
              + score_rows("宿豫区", {"数据开发利用/市级采用#": 5})  # raw 2.5
              + score_rows("泗洪县", {"数据开发利用/省级以上采用#": 9}))  # raw 9, but vetoed
    units = [("宿城区", "县区", "第一档"), ("宿豫区", "县区", "第一档"), ("泗洪县", "县区", "第一档"),
             ("市湖滨新区", "功能区", "第二档")]
    evaluation = run_evaluation(units, scores, [stored])
    development = {u.unit.unit: next(i.score for i in u.indicators if i.indicator.name == "数据开发利用")
                   for u in evaluation.units}
    # against the best non-vetoed raw 2.5, across the whole rubric (functional areas included)
    assert development == {"宿城区": 8, "宿豫区": 10, "市湖滨新区": 0, "泗洪县": None}


def test_nobody_scored_gives_zero(run_evaluation):
    (unit,) = run_evaluation([("宿城区", "县区", "第一档")], []).units
    scores = {item.indicator.name: item.score for item in unit.indicators}
    assert scores["数据开发利用"] == 0 and scores["集约化建设"] == 5 and scores["安全防护"] == 5
    assert unit.final == 7  # 0.7 × 10: the two deduction-only indicators keep their 5 points each
