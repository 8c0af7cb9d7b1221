"""``secsuite template scores --units FILE``: every unit with every indicator of its rubric (points,
method text, whole-score row and item rows), each score cell with its range, and for 包头 every half
and method with the unit-level methods once per unit. Blank, it reads as nothing; filled, the
evaluation reads exactly what was typed."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import yaml
from typer.testing import CliRunner

from secsuite.cli import app
from secsuite.evaluate.engine import rubrics_for
from secsuite.evaluate.sheet import build_sheet
from secsuite.inventory.scores import load_scores
from secsuite.inventory.units import load_units

UNITS = [{"单位名称": "宿城区", "单位类型": "县区", "档次": "第一档"},
         {"单位名称": "市公安局", "单位类型": "市级部门", "档次": "第一档"}]


def template(tmp_path: Path, units: list[dict], *rubrics: str) -> tuple[Path, Path]:
    units_path, path = tmp_path / "units.yaml", tmp_path / "scores.xlsx"
    units_path.write_text(yaml.safe_dump(units, allow_unicode=True), encoding="utf-8")
    args = ["template", "scores", "--units", str(units_path), "-o", str(path)]
    for rubric in rubrics:
        args += ["--rubric", rubric]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return units_path, path


def read_back(units_path: Path, path: Path, *rubrics: str):
    listed, _ = load_units(units_path)
    rows, errors = load_scores(path)
    sheet, more = build_sheet(rows, {u.unit: u for u in listed}, rubrics_for(listed, list(rubrics)), str(units_path))
    return sheet, errors + more


def rows_of(path: Path) -> list[dict]:
    sheet = openpyxl.load_workbook(path).worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    return [dict(zip(headers, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True)]


def type_into(path: Path, values: dict[tuple[str, str], dict[str, object]]) -> None:
    """Fill cells of the rows named (unit, indicator) with {header: value}."""
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        key = (row[0].value, row[1].value)
        for header, value in values.get(key, {}).items():
            row[headers.index(header)].value = value
    book.save(path)


def score_range(path: Path, unit: str, indicator: str) -> tuple[str, str]:
    sheet = openpyxl.load_workbook(path).worksheets[0]
    number = next(r for r in range(2, sheet.max_row + 1)
                  if (sheet.cell(r, 1).value, sheet.cell(r, 2).value) == (unit, indicator))
    for rule in sheet.data_validations.dataValidation:
        if any(cells.min_col == 3 and cells.min_row <= number <= cells.max_row for cells in rule.sqref.ranges):
            return rule.formula1, rule.formula2
    raise AssertionError(f"no range on the score of {unit} {indicator}")


def test_every_unit_and_indicator_with_points_method_and_ranges(tmp_path):
    units_path, path = template(tmp_path, UNITS)
    rows = rows_of(path)
    county = [r for r in rows if r["单位名称"] == "宿城区"]
    assert [r["指标"] for r in county if r["满分"] is not None][:7] == [
        "人员配置", "机构设立", "业务培训", "制度建设", "项目管理", "集约化建设", "安全防护"]
    assert "数据共享开放/未按要求提供数据" in [r["指标"] for r in county]
    security = next(r for r in county if r["指标"] == "安全防护")
    assert security["满分"] == 5 and "备注" in security["填写方式"]
    assert security["评分方法（细则原文）"] == "未按要求开展等保测评或等保测评不合格的扣1分。"
    assert any(r["指标"] == "信息安全" for r in rows if r["单位名称"] == "市公安局")
    assert score_range(path, "宿城区", "人员配置") == ("0", "3")
    assert score_range(path, "宿城区", "数据共享开放/未按要求提供数据") == ("-10", "0")
    assert openpyxl.load_workbook(path).worksheets[1].title == "填写说明"
    assert read_back(units_path, path) == (read_back(units_path, path)[0], [])  # blank: nothing read, no error
    assert read_back(units_path, path)[0].values == {}


def test_a_filled_template_reads_back_exactly(tmp_path):
    units_path, path = template(tmp_path, UNITS)
    type_into(path, {("宿城区", "人员配置"): {"得分": 3},
                     ("宿城区", "业务培训"): {"次数": 4},
                     ("宿城区", "安全防护"): {"得分": 4, "备注": "专家组评定"},
                     ("宿城区", "数据共享开放"): {"得分": 22},
                     ("宿城区", "数据汇聚治理/数据质量问题"): {"次数": 2},
                     ("宿城区", "数据开发利用"): {"不适用": "是"},
                     ("市公安局", "项目管理"): {"得分": 9}})
    sheet, errors = read_back(units_path, path)
    assert errors == []
    assert sheet.values == {"宿城区": {("staffing", "score", None, None): 3, ("training", "sessions", None, None): 4,
                                       ("aggregation", "quality_issues", None, None): 2}}
    assert sheet.indicator_scores == {"宿城区": {("security", None, None): 4, ("sharing", None, None): 22},
                                      "市公安局": {("project_management", None, None): 9}}
    assert sheet.not_applicable == {"宿城区": {"development"}}
    assert sheet.notes["宿城区"]["security"] == ["专家组评定"]


def test_the_baotou_sheet_has_halves_methods_and_unit_level_rows(tmp_path):
    units = [{"单位名称": "昆都仑区", "单位类型": "县区"}]
    units_path, path = template(tmp_path, units, "baotou-digital-government")
    rows = rows_of(path)
    survey = [r for r in rows if r["考评方式"] == "民意调查"]
    assert [(r["考评期"], r["指标"]) for r in survey] == [("上半年", None), ("下半年", None)]
    assert {r["考评方式"] for r in rows if r["指标"]} == {"日常监测", "实地调研"}
    assert len([r for r in rows if r["指标"]]) == 2 * 2 * 26  # 26 indicators × 2 halves × 2 methods
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    for row in sheet.iter_rows(min_row=2):
        if (row[1].value, row[2].value, row[3].value) == ("完善信用监管", "上半年", "日常监测"):
            row[4].value = 3
        if (row[1].value, row[2].value, row[3].value) == (None, "下半年", "民意调查"):
            row[4].value = 88
    book.save(path)
    sheet_values, errors = read_back(units_path, path, "baotou-digital-government")
    assert errors == []
    assert sheet_values.values == {"昆都仑区": {("credit", "score", "H1", "daily_monitoring"): 3}}
    assert sheet_values.unit_methods == {"昆都仑区": {("H2", "opinion_survey"): Decimal(88)}}


def test_scores_needs_the_units(tmp_path):
    result = CliRunner().invoke(app, ["template", "scores", "-o", str(tmp_path / "s.xlsx")])
    assert result.exit_code == 2 and "--units" in result.output
