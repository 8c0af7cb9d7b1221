"""The shared-data catalogue (共享开放目录): which unit provides each dataset, and its share/open
attributes and declared level. Matching a catalogue row to a scanned dataset is by path suffix,
so a catalogue written relative to the data folder matches however the scan was invoked."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from secsuite.errors import InputError
from secsuite.inventory.tabular import read_records

ALIASES = {
    "数据集": "dataset", "数据资源": "dataset", "资源名称": "dataset", "路径": "dataset",
    "提供单位": "unit", "单位": "unit", "单位名称": "unit",
    "共享属性": "share_attr", "共享类型": "share_attr",
    "开放属性": "open_attr", "开放类型": "open_attr",
    "申报级别": "declared_level", "数据级别": "declared_level", "分级": "declared_level",
    "脱敏方式": "deidentification", "去标识化方式": "deidentification", "脱敏字段": "deidentification",
    "去标识化": "deidentification", "脱敏": "deidentification",
}
# 身份证号:掩码；手机号:SHA-256、银行卡号 — a column, optionally its method, between separators
_DECLARATION_SEPARATORS = re.compile(r"[;；,，、\n]+")
_METHOD_SEPARATOR = re.compile(r"[:：=]")
REQUIRED = ("dataset", "unit")
LABELS = {"dataset": "数据集", "unit": "提供单位", "share_attr": "共享属性", "open_attr": "开放属性",
          "declared_level": "申报级别"}
EXPECTED = {
    "dataset": "扫描时的路径或 库#模式.表，如 data/公安/人口基本信息.csv (the dataset as the scan names it)",
    "unit": "提供单位名称 (the providing unit)",
    "share_attr": "无条件共享|有条件共享|不予共享",
    "open_attr": "无条件开放|有条件开放|不予开放",
    "declared_level": "分类分级指南的级别，如 L3、一般数据3级、重要数据 (a level of the guide)",
}


@dataclass(frozen=True)
class CatalogueEntry:
    dataset: str
    unit: str
    share_attr: str | None
    open_attr: str | None
    declared_level: str | None
    source: str
    row: int
    deidentification: dict[str, str] = field(default_factory=dict)

    def matches(self, dataset_source: str, dataset_name: str) -> bool:
        wanted = self.dataset.replace("\\", "/").strip("/")
        given = dataset_source.replace("\\", "/")
        return given == wanted or given.endswith("/" + wanted) or wanted == dataset_name


def load_catalogue(path: Path) -> list[CatalogueEntry]:
    entries = []
    for record in read_records(path, ALIASES):
        for key in REQUIRED:
            if not record.values.get(key):
                raise InputError(record.source, "缺少必填字段 (required field missing)", row=record.row,
                                 field=key, expected=f"a value for {key} ({'数据集' if key == 'dataset' else '提供单位'})")
        values = record.values
        entries.append(CatalogueEntry(
            dataset=str(values["dataset"]), unit=str(values["unit"]),
            share_attr=_text(values.get("share_attr")), open_attr=_text(values.get("open_attr")),
            declared_level=_text(values.get("declared_level")), source=record.source, row=record.row,
            deidentification=parse_deidentification(_text(values.get("deidentification"))),
        ))
    return entries


def parse_deidentification(text: str | None) -> dict[str, str]:
    """``身份证号:掩码；手机号:SHA-256、邮箱`` → {column: method}; a column without a method maps to ""."""
    declared: dict[str, str] = {}
    for item in _DECLARATION_SEPARATORS.split(text or ""):
        column, *method = _METHOD_SEPARATOR.split(item.strip(), maxsplit=1)
        if column.strip():
            declared[column.strip()] = method[0].strip() if method else ""
    return declared


def _text(value: object) -> str | None:
    return None if value is None else str(value).strip() or None


def find_entry(entries: list[CatalogueEntry], source: str, name: str) -> CatalogueEntry | None:
    return next((entry for entry in entries if entry.matches(source, name)), None)
