"""Bad score sheets give clear errors naming file, row and field, all of them in one pass: a unit
not on the units list, a score above the indicator's maximum, an unknown indicator, and the other
ways a row can fail to fit its rubric."""

from __future__ import annotations

import pytest

from tests.evaluate.conftest import check_sheet as check


@pytest.mark.parametrize(("row", "field", "words"), [
    ({"单位名称": "宿城区区", "指标": "人员配置", "得分": 3}, "单位名称 (unit)", "不在单位名单中"),
    ({"单位名称": "宿城区", "指标": "项目管理", "得分": 10.5}, "得分 (score)", "高于"),
    ({"单位名称": "宿城区", "指标": "数据汇聚治理/综合评定", "得分": 31}, "得分 (score)", "高于"),
    ({"单位名称": "宿城区", "指标": "项目管理", "得分": -1}, "得分 (score)", "低于"),
    ({"单位名称": "宿城区", "指标": "人员配置", "得分": 2}, "得分 (score)", "只能取规定分值"),
    ({"单位名称": "宿城区", "指标": "网络安全", "得分": 3}, "指标 (indicator)", "没有该指标"),
    ({"单位名称": "宿城区", "指标": "信息安全", "得分": 3}, "指标 (indicator)", "没有该指标"),  # a department's
    ({"单位名称": "宿城区", "指标": "安全防护", "得分": 3}, "备注 (note)", "由检查结果计算，手工评分须在备注中说明依据"),
    ({"单位名称": "宿城区", "指标": "安全防护", "得分": 6, "备注": "专家组评定"}, "得分 (score)", "高于"),
    ({"单位名称": "宿城区", "指标": "数据共享开放", "次数": 2}, "指标 (indicator)", "有多个评分项"),
    ({"单位名称": "宿城区", "指标": "数据共享开放", "得分": 31}, "得分 (score)", "高于"),
    ({"单位名称": "宿城区", "指标": "数据开发利用/市级采用", "得分": 3}, "次数 (count)", "最大值比较法按次数计算"),
    ({"单位名称": "宿城区", "指标": "集约化建设/发现问题数", "得分": 1}, "得分 (score)", "高于"),
    ({"单位名称": "宿城区", "指标": "数据共享开放/未按要求提供数据", "得分": -11}, "得分 (score)", "低于"),
    ({"单位名称": "宿城区", "指标": "数据共享开放/分类分级", "得分": 3}, "指标 (indicator)", "没有该评分项"),
    ({"单位名称": "宿城区", "指标": "数据汇聚治理/综合评定", "得分": "不适用"}, "指标 (indicator)", "按整个指标标注"),
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
                                    {"单位名称": "宿城区", "指标": "数据共享开放", "次数": 20},
                                    {"单位名称": "宿城区", "指标": "集约化建设/发现问题数", "得分": 1}])
    assert [e.expected for e in errors[:2]] == ["0–10", "0|2|5"]
    assert "数据共享开放/未按要求提供数据" in errors[2].expected
    assert errors[3].expected.startswith("-5–0（扣分项填负数")


def test_every_error_in_one_pass_and_duplicates(tmp_path):
    rows = [{"单位名称": "宿城区", "指标": "人员配置", "得分": 3},
            {"单位名称": "宿城区", "指标": "staffing", "得分": 0},  # the same input by its id
            {"单位名称": "某局", "指标": "人员配置", "得分": 3},
            {"单位名称": "市公安局", "指标": "人员配置", "得分": 6},
            {"单位名称": "宿城区", "指标": "人员配置"},  # left blank, as in a template: not read
            {"单位名称": "宿城区", "指标": "机构设立", "得分": 2, "次数": 1}]
    sheet, errors, _ = check(tmp_path, rows)
    assert [(e.row, e.field) for e in errors] == [(6, None), (2, "指标 (indicator)"), (3, "单位名称 (unit)"),
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
