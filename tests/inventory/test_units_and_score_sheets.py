"""The units list and the score sheet: English or Chinese headers and values, and errors that name
the row and field."""

from __future__ import annotations

from decimal import Decimal

from secsuite.inventory.scores import load_scores
from secsuite.inventory.units import load_units


def test_units_types_and_tiers(tmp_path):
    path = tmp_path / "units.csv"
    path.write_text("单位名称,单位类型,档次\n宿城区,县区,第一档\n市湖滨新区,功能区,2\n市公安局,department,一档\n"
                    "市民政局,市级部门,\n宿城区,县区,第一档\n某单位,乡镇,\n", encoding="utf-8")
    units, errors = load_units(path)
    assert [(u.unit, u.unit_type, u.tier) for u in units] == [
        ("宿城区", "county", "第一档"), ("市湖滨新区", "functional_area", "第二档"), ("市公安局", "department", "第一档"),
        ("市民政局", "department", None)]
    assert [(e.row, e.field) for e in errors] == [(6, "单位名称 (unit)"), (7, "单位类型 (unit_type)")]


def test_score_rows(tmp_path):
    path = tmp_path / "scores.yaml"
    path.write_text(
        "- {单位名称: 宿城区, 指标: 人员配置, 得分: 3, 备注: 已任命CDO}\n"
        "- {unit: 宿城区, indicator: 业务培训, count: 3}\n"
        "- {单位名称: 宿城区, 指标: 一体化政务服务平台建设, 得分: 2.5, 考评期: 上半年, 考评方式: 日常监测}\n"
        "- {单位名称: 宿城区, 指标: 人员配置, 得分: 3, 次数: 1}\n"
        "- {单位名称: 宿城区, 指标: 业务培训, 次数: 1.5}\n"
        "- {单位名称: 宿城区, 指标: 业务培训, 次数: 2, 考评期: 全年}\n",
        encoding="utf-8",
    )
    rows, errors = load_scores(path)
    assert [(r.indicator, r.score, r.count, r.half, r.method) for r in rows] == [
        ("人员配置", Decimal(3), None, None, None), ("业务培训", None, 3, None, None),
        ("一体化政务服务平台建设", Decimal("2.5"), None, "H1", "日常监测")]
    assert rows[0].note == "已任命CDO"
    assert [(e.row, e.field) for e in errors] == [(4, None), (5, "次数 (count)"), (6, "考评期 (half)")]
    assert "exactly one" in errors[0].message
