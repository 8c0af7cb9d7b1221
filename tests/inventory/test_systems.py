"""The systems inventory: values as auditors write them, and bad rows reported without stopping the rest."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
import yaml

from secsuite.inventory.systems import (
    ALIASES,
    LABELS,
    load_systems,
    parse_conclusion,
    parse_flag,
    parse_hosts,
    parse_level,
    parse_score,
    split_list,
)


@pytest.mark.parametrize(
    ("value", "level"),
    [
        (3, 3), (3.0, 3), ("3", 3), ("三级", 3), ("第三级", 3), ("第3级", 3), ("等保三级", 3), ("三级等保", 3),
        ("S3A3G3", 3), ("s2a3g3", 3), ("S3A2G3", 3), ("Ⅲ级", 3), ("第四级", 4), ("level 2", 2), ("L5", 5),
        ("第三级（S3A3G3）", 3), ("一级", 1), (None, None), ("未定级", None), ("-", None),
        ("S3", 3), ("s2", 2), ("3.0", 3), ("叁级", 3), ("第叁级", 3), ("贰级", 2), ("等保肆级", 4),
    ],
)
def test_levels(value, level):
    assert parse_level(value) == level


@pytest.mark.parametrize(("value", "message"), [
    (7, "没有第7级"), ("第七级", "没有第7级"), (0, "没有第0级"), ("S6A6G6", "没有第6级"), ("高", "不是保护等级"),
    (2.5, "不是保护等级"), (True, "不是保护等级"), ("3.5", "不是保护等级"), ("S3A", "不是保护等级"),
])
def test_impossible_levels(value, message):
    with pytest.raises(ValueError, match=message):
        parse_level(value)


@pytest.mark.parametrize(
    ("value", "conclusion"),
    [("优", "优"), ("良好", "良"), ("中", "中"), ("较差", "差"), ("符合", "符合"), ("基本符合", "基本符合"),
     ("不符合", "不符合"), ("Basically compliant", "基本符合"), ("基本符合（75分）", "基本符合"), ("无", None)],
)
def test_conclusions(value, conclusion):
    assert parse_conclusion(value) == conclusion


def test_values_of_other_fields():
    assert [parse_flag(v) for v in ("是", "否", "Y", "no", True, None, "已接入", "未使用")] == [
        True, False, True, False, True, None, True, False]
    assert [parse_score(v) for v in (86, "86.5", "90分", None)] == [86, 86.5, 90, None]
    assert split_list("SM2、SM3，SM4/ZUC; RSA 2048") == ("SM2", "SM3", "SM4", "ZUC", "RSA 2048")
    assert split_list(["SM2", " ", "无"]) == ("SM2",)
    assert parse_hosts("127.0.0.1, 10.0.0.0/24；gov-app.example.cn  ::1") == (
        "127.0.0.1", "10.0.0.0/24", "gov-app.example.cn", "::1")
    for bad, function in (("101", parse_score), ("x", parse_score), ("也许", parse_flag), ("300.1.1.1!", parse_hosts)):
        with pytest.raises(ValueError):
            function(bad)


def test_every_field_has_its_chinese_header():
    assert all(ALIASES[label] == key for key, label in LABELS.items())
    assert ALIASES["主机/IP"] == "hosts" and ALIASES["备案证明编号"] == "filing_no"


def _write_xlsx(path, rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)


def test_xlsx_with_chinese_headers_and_excel_dates(tmp_path, guide):
    path = tmp_path / "台账.xlsx"
    _write_xlsx(path, [
        ["单位名称", "单位类型", "系统名称", "等保级别", "定级日期", "上线日期", "备案编号", "关键信息基础设施",
         "使用算法", "使用公共密码服务", "存储数据最高级别", "主机/IP"],
        ["市公安局", "市级部门", "警务综合平台", "S3A3G3", dt.datetime(2023, 3, 10), 43617, 32130043001,
         "是", "SM2、SM3", "否", "敏感数据", "127.0.0.1"],
    ])
    inventory = load_systems([path], guide)
    assert inventory.errors == []
    (system,) = inventory.systems
    assert (system.unit_type, system.mlps_level, system.graded_on, system.online_on) == (
        "department", 3, dt.date(2023, 3, 10), dt.date(2019, 6, 1))
    assert system.filing_no == "32130043001" and system.cii is True and system.crypto_service is False
    assert system.algorithms == ("SM2", "SM3") and system.data_level == "L4" and system.hosts == ("127.0.0.1",)
    assert (system.source, system.row) == (str(path), 2)


def test_bad_rows_name_file_row_and_column_and_the_rest_is_kept(tmp_path, guide):
    path = tmp_path / "systems.yaml"
    path.write_text(yaml.safe_dump([
        {"单位名称": "市公安局", "系统名称": "甲", "等保级别": 3, "定级日期": "2025-01-01"},
        {"单位名称": "市公安局", "系统名称": "乙", "等保级别": 7},
        {"单位名称": "市公安局", "系统名称": "丙", "定级日期": "2025-02-29", "备注": "x"},
        {"单位名称": "市公安局", "系统名称": " 甲 ", "等保级别": "三级"},  # the same system again
        {"单位名称": "市人社局", "系统名称": "甲", "存储数据最高级别": "九级"},
        {"单位名称": "市人社局", "等保级别": 2},
        {"unit": "市人社局", "system": "乙", "mlps_level": 2},
    ], allow_unicode=True), encoding="utf-8")
    inventory = load_systems([path], guide)
    assert [(s.unit, s.system) for s in inventory.systems] == [("市公安局", "甲"), ("市人社局", "乙")]
    located = [(e.source, e.row, e.field) for e in inventory.errors]
    assert located == [
        (str(path), 3, "备注"),
        (str(path), 2, "等保级别 (mlps_level)"),
        (str(path), 3, "定级日期 (graded_on)"),
        (str(path), 4, "系统名称 (system)"),
        (str(path), 5, "存储数据最高级别 (data_level)"),
        (str(path), 6, "系统名称 (system)"),
    ]
    messages = [e.message for e in inventory.errors]
    assert "未知列" in messages[0] and "没有第7级" in messages[1] and "2025年2月29日" in messages[2]
    assert "与第1行" in messages[3] and "缺少必填字段" in messages[5]
    assert "L1、L2、L3、L4" in inventory.errors[4].expected


def test_duplicates_across_files_and_unreadable_files(tmp_path, guide):
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text("unit,system,mlps_level\n市公安局,甲,3\n", encoding="utf-8")
    second.write_text("单位名称,系统名称,等保级别\n市公安局,甲,3\n市公安局,乙,2\n", encoding="utf-8")
    inventory = load_systems([first, second, tmp_path / "missing.csv"], guide)
    assert [s.system for s in inventory.systems] == ["甲", "乙"]
    duplicate, missing = inventory.errors
    assert (duplicate.source, duplicate.row) == (str(second), 2) and str(first) in duplicate.message
    assert missing.source == str(tmp_path / "missing.csv") and "文件不存在" in missing.message


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_filing_number_excel_turned_into_a_number_is_named_not_judged(tmp_path, guide, suffix):
    rows = [["单位名称", "系统名称", "等保级别", "备案编号"],
            ["市公安局", "甲", 3, "32130043001-00001"],
            ["市公安局", "乙", 3, 3213004300100002.0 if suffix == ".xlsx" else "3.213E+15"],
            ["市公安局", "丙", 3, "3.2130043001E+15" if suffix == ".xlsx" else "3213004300100002"]]
    path = tmp_path / f"systems{suffix}"
    if suffix == ".xlsx":
        book = openpyxl.Workbook()
        for row in rows:
            book.active.append(row)
        book.save(path)
    else:
        path.write_text("\n".join(",".join(map(str, row)) for row in rows) + "\n", encoding="utf-8")
    inventory = load_systems([path], guide)
    kept = {s.system for s in inventory.systems}
    cut = [(e.row, e.field) for e in inventory.errors if "Excel" in e.message]
    assert (kept, cut) == (({"甲", "丙"}, [(3, "备案编号 (filing_no)")]) if suffix == ".csv" else
                           ({"甲"}, [(3, "备案编号 (filing_no)"), (4, "备案编号 (filing_no)")]))
    assert all("00100002" not in str(e) and "E+15" not in str(e) for e in inventory.errors)
