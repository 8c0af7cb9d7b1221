"""Bad score sheets give clear errors naming file, row and field, all of them in one pass: a unit
not on the units list, a score above the indicator's maximum, an unknown indicator, and the other
ways a row can fail to fit its rubric."""

from __future__ import annotations

import pytest
import yaml

from secsuite.evaluate.engine import rubrics_for
from secsuite.evaluate.sheet import build_sheet
from secsuite.inventory.scores import load_scores
from secsuite.inventory.units import load_units

UNITS = [{"单位名称": "宿城区", "单位类型": "县区", "档次": "第一档"},
         {"单位名称": "市公安局", "单位类型": "市级部门", "档次": "第一档"}]


def check(tmp_path, rows, rubrics=()):
    units_path, scores_path = tmp_path / "units.yaml", tmp_path / "scores.yaml"
    units_path.write_text(yaml.safe_dump(UNITS, allow_unicode=True), encoding="utf-8")
    scores_path.write_text(yaml.safe_dump(rows, allow_unicode=True), encoding="utf-8")
    units, _ = load_units(units_path)
    parsed, errors = load_scores(scores_path)
    sheet, sheet_errors = build_sheet(parsed, {u.unit: u for u in units}, rubrics_for(units, list(rubrics)),
                                      str(units_path))
    return sheet, errors + sheet_errors, scores_path


@pytest.mark.parametrize(("row", "field", "words"), [
    ({"单位名称": "宿城区区", "指标": "人员配置", "得分": 3}, "单位名称 (unit)", "不在单位名单中"),
    ({"单位名称": "宿城区", "指标": "项目管理", "得分": 10.5}, "得分 (score)", "高于"),
    ({"单位名称": "宿城区", "指标": "数据汇聚治理/综合评定", "得分": 31}, "得分 (score)", "高于"),
    ({"单位名称": "宿城区", "指标": "项目管理", "得分": -1}, "得分 (score)", "低于"),
    ({"单位名称": "宿城区", "指标": "人员配置", "得分": 2}, "得分 (score)", "只能取规定分值"),
    ({"单位名称": "宿城区", "指标": "网络安全", "得分": 3}, "指标 (indicator)", "没有该指标"),
    ({"单位名称": "宿城区", "指标": "信息安全", "得分": 3}, "指标 (indicator)", "没有该指标"),  # a department's
    ({"单位名称": "宿城区", "指标": "安全防护", "得分": 3}, "指标 (indicator)", "由检查结果计算"),
    ({"单位名称": "宿城区", "指标": "数据共享开放", "得分": 20}, "指标 (indicator)", "有多个评分项"),
    ({"单位名称": "宿城区", "指标": "业务培训", "得分": 2}, "次数 (count)", "请填写次数"),
    ({"单位名称": "宿城区", "指标": "人员配置", "次数": 1}, "得分 (score)", "请填写得分"),
    ({"单位名称": "宿城区", "指标": "人员配置", "得分": 3, "考评期": "上半年"}, "考评期/考评方式 (half/method)", "不分半年"),
])
def test_bad_row(tmp_path, row, field, words):
    _, errors, path = check(tmp_path, [{"单位名称": "市公安局", "指标": "人员配置", "得分": 5}, row])
    (error,) = errors
    assert (error.source, error.row, error.field) == (str(path), 2, field)
    assert words in error.message
    assert str(path) in str(error) and "第2行" in str(error)


def test_expected_values_are_spelled_out(tmp_path):
    _, errors, _ = check(tmp_path, [{"单位名称": "宿城区", "指标": "项目管理", "得分": 11},
                                    {"单位名称": "市公安局", "指标": "人员配置", "得分": 3},
                                    {"单位名称": "宿城区", "指标": "数据共享开放", "得分": 20}])
    assert [e.expected for e in errors[:2]] == ["0–10", "0|2|5"]
    assert "数据共享开放/未按要求提供数据" in errors[2].expected


def test_every_error_in_one_pass_and_duplicates(tmp_path):
    rows = [{"单位名称": "宿城区", "指标": "人员配置", "得分": 3},
            {"单位名称": "宿城区", "指标": "staffing", "得分": 0},  # the same input by its id
            {"单位名称": "某局", "指标": "人员配置", "得分": 3},
            {"单位名称": "市公安局", "指标": "人员配置", "得分": 6},
            {"单位名称": "宿城区", "指标": "人员配置"}]
    sheet, errors, _ = check(tmp_path, rows)
    assert [(e.row, e.field) for e in errors] == [(5, None), (2, "指标 (indicator)"), (3, "单位名称 (unit)"),
                                                  (4, "得分 (score)")]
    assert "首次出现在第1行" in errors[1].message
    assert sheet.values["宿城区"] == {("staffing", "score", None, None): 3}


def test_half_yearly_rows_need_half_and_method(tmp_path):
    rows = [{"单位名称": "宿城区", "指标": "完善信用监管", "得分": 3, "考评期": "上半年", "考评方式": "日常监测"},
            {"单位名称": "宿城区", "指标": "完善信用监管", "得分": 3, "考评方式": "日常监测"},
            {"单位名称": "宿城区", "指标": "完善信用监管", "得分": 3, "考评期": "下半年", "考评方式": "电话抽查"},
            {"单位名称": "宿城区", "指标": "完善信用监管", "得分": 3, "考评期": "上半年", "考评方式": "field_research"}]
    sheet, errors, _ = check(tmp_path, rows, rubrics=["baotou-digital-government"])
    assert [(e.row, e.field) for e in errors] == [(2, "考评期 (half)"), (3, "考评方式 (method)")]
    assert errors[1].expected == "日常监测|实地调研|民意调查|第三方评估"
    assert set(sheet.values["宿城区"]) == {("credit", "score", "H1", "daily_monitoring"),
                                           ("credit", "score", "H1", "field_research")}
