"""``secsuite template systems|incidents|units|catalogue`` writes an XLSX that the readers take back
exactly: the data sheet first with the readers' Chinese headers, frozen, drop-downs and ranges as
data validation, a 填写说明 sheet naming every column; a blank template reads as nothing and a
filled one as what was typed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from secsuite.cli import app
from secsuite.inventory import catalogue, incidents, systems, units
from secsuite.timeutil import DEFAULT_TZ

LABELS = {"systems": systems.LABELS, "incidents": incidents.LABELS, "units": units.LABELS,
          "catalogue": catalogue.LABELS}


def write(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / f"{kind}.xlsx"
    result = CliRunner().invoke(app, ["template", kind, "-o", str(path)])
    assert result.exit_code == 0, result.output
    return path


def fill(path: Path, rows: list[dict[str, Any]]) -> Path:
    """Type ``rows`` (Chinese header → value) into the template's data sheet, below the header."""
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    for offset, row in enumerate(rows, start=2):
        for header, value in row.items():
            sheet.cell(row=offset, column=headers.index(header) + 1, value=value)
    book.save(path)
    return path


def validations(path: Path) -> dict[str, list[Any]]:
    """Each header's data validations (type, formula1, formula2)."""
    sheet = openpyxl.load_workbook(path).worksheets[0]
    letters = {cell.column_letter: cell.value for cell in sheet[1]}
    found: dict[str, list[Any]] = {}
    for rule in sheet.data_validations.dataValidation:
        for cells in str(rule.sqref).split():
            found.setdefault(letters["".join(ch for ch in cells.split(":")[0] if ch.isalpha())], []).append(
                (rule.type, rule.formula1, rule.formula2))
    return found


@pytest.mark.parametrize("kind", sorted(LABELS))
def test_layout_headers_freeze_and_instructions(tmp_path, kind):
    path = write(tmp_path, kind)
    book = openpyxl.load_workbook(path)
    data, notes = book.worksheets
    assert notes.title == "填写说明"
    assert [cell.value for cell in data[1]] == list(LABELS[kind].values())
    assert data.freeze_panes == "A2" and data.max_row == 1  # nothing prefilled
    described = {row[0] for row in notes.iter_rows(values_only=True)}
    assert set(LABELS[kind].values()) <= described


def test_systems_validation_and_round_trip(tmp_path, guide):
    path = write(tmp_path, "systems")
    rules = validations(path)
    assert rules["等保级别"] == [("list", '"第一级,第二级,第三级,第四级,第五级"', None)]
    assert rules["处理重要数据"] == [("list", '"是,否"', None)]
    assert rules["测评得分"] == [("decimal", "0", "100")] and rules["最近密评日期"][0][0] == "date"
    assert systems.load_systems([path], guide).systems == []  # blank: nothing read, no error
    fill(path, [{"单位名称": "市大数据局", "单位类型": "市级部门", "系统名称": "政务云平台", "等保级别": "第三级",
                 "上线日期": dt.datetime(2020, 6, 30), "关键信息基础设施": "是", "测评得分": 91.5,
                 "最近关基检测评估日期": dt.datetime(2025, 10, 8), "处理重要数据": "是",
                 "首次密评日期": dt.datetime(2020, 6, 30), "最近密评日期": dt.datetime(2025, 12, 1),
                 "使用算法": "SM2、SM3、SM4", "存储数据最高级别": "L4"}])
    inventory = systems.load_systems([path], guide)
    assert inventory.errors == []
    (entry,) = inventory.systems
    assert (entry.unit, entry.unit_type, entry.system, entry.mlps_level, entry.cii, entry.important_data) == (
        "市大数据局", "department", "政务云平台", 3, True, True)
    assert (entry.online_on, entry.cii_assessed_on, entry.first_crypto_assessed_on, entry.evaluation_score) == (
        dt.date(2020, 6, 30), dt.date(2025, 10, 8), dt.date(2020, 6, 30), 91.5)
    assert entry.algorithms == ("SM2", "SM3", "SM4") and entry.row == 2


def test_incidents_validation_and_round_trip(tmp_path):
    path = write(tmp_path, "incidents")
    rules = validations(path)
    assert rules["运营者类型"] == [("list", '"关键信息基础设施,中央和国家机关,其他"', None)]
    assert rules["泄露个人信息人数"][0][:2] == ("whole", "0")
    assert incidents.load_incidents(path) == ([], [])
    detected = dt.datetime(2025, 6, 17, 11, 25)
    fill(path, [{"事件编号": "INC-1", "单位名称": "市民政局", "事件类别": "数据安全事件", "发现时间": detected,
                 "响应时间": detected + dt.timedelta(minutes=4), "运营者类型": "其他", "泄露个人信息人数": 3200,
                 "涉及数据级别": "重要数据", "是否通知个人": "是", "通知个人时间": detected + dt.timedelta(hours=3),
                 "总结报告时间": dt.datetime(2025, 7, 10, 17, 0)}])
    (incident,), errors = incidents.load_incidents(path)
    assert errors == []
    assert incident.detected_at == detected.replace(tzinfo=DEFAULT_TZ)
    assert (incident.operator_type, incident.pi_people_affected, incident.data_level, incident.pi_notified) == (
        "other", 3200, "important", True)
    assert incident.summary_reported_at == dt.datetime(2025, 7, 10, 17, 0, tzinfo=DEFAULT_TZ)


def test_units_and_catalogue_round_trip(tmp_path):
    path = fill(write(tmp_path, "units"), [{"单位名称": "宿城区", "单位类型": "县区", "档次": "第一档"},
                                          {"单位名称": "市公安局", "单位类型": "市级部门", "档次": "第二档"}])
    assert validations(path)["单位类型"] == [("list", '"县区,功能区,市级部门"', None)]
    listed, errors = units.load_units(path)
    assert errors == [] and [(u.unit, u.unit_type, u.tier) for u in listed] == [
        ("宿城区", "county", "第一档"), ("市公安局", "department", "第二档")]
    path = fill(write(tmp_path, "catalogue"), [{"数据集": "data/公安/人口基本信息.csv", "提供单位": "市公安局",
                                               "共享属性": "有条件共享", "开放属性": "不予开放", "申报级别": "L4"}])
    assert validations(path)["开放属性"] == [("list", '"无条件开放,有条件开放,不予开放"', None)]
    (entry,) = catalogue.load_catalogue(path)
    assert (entry.dataset, entry.unit, entry.share_attr, entry.open_attr, entry.declared_level) == (
        "data/公安/人口基本信息.csv", "市公安局", "有条件共享", "不予开放", "L4")


def test_a_bad_value_typed_into_a_template_names_row_and_column(tmp_path, guide):
    path = fill(write(tmp_path, "systems"), [{"单位名称": "市公安局", "系统名称": "警务综合平台", "首次密评日期": "2025-06-01",
                                             "最近密评日期": "2025-05-01"}])
    (error,) = systems.load_systems([path], guide).errors
    assert error.row == 2 and "首次密评日期晚于最近密评日期" in error.message
