"""The units under evaluation (单位名单): each unit's type (县区, 功能区, 市级部门) and tier (档次).

The type picks the rubric and the SLA limits; the type and tier together form the groups in which
units are ranked, as the 宿迁 细则 ranks 第一档 and 第二档 separately.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, field_validator

from secsuite.errors import InputError
from secsuite.inventory.rows import validate_records
from secsuite.inventory.tabular import read_records

UnitType = Literal["county", "functional_area", "department"]

UNIT_TYPES: dict[str, UnitType] = {
    "county": "county", "县区": "county", "县": "county", "区": "county", "县（区）": "county", "旗县区": "county",
    "functional_area": "functional_area", "功能区": "functional_area", "开发区": "functional_area",
    "园区": "functional_area", "新区": "functional_area",
    "department": "department", "市级部门": "department", "部门": "department", "部门和单位": "department",
    "市各有关部门和单位": "department",
}
TIER_NUMERALS = {"1": "第一档", "2": "第二档", "3": "第三档", "一": "第一档", "二": "第二档", "三": "第三档"}

ALIASES = {
    "单位": "unit", "单位名称": "unit", "被考评单位": "unit",
    "单位类型": "unit_type", "类型": "unit_type",
    "档次": "tier", "档": "tier", "分档": "tier",
}
LABELS = {"unit": "单位名称", "unit_type": "单位类型", "tier": "档次"}
EXPECTED = {
    "unit": "单位名称 (the unit's name)",
    "unit_type": "县区|功能区|市级部门 (county|functional_area|department)",
    "tier": "档次，如 第一档 (a tier such as 第一档)",
}


def parse_unit_type(value: Any) -> UnitType | None:
    """A unit type as written in English or Chinese; None when the cell is empty."""
    if value is None:
        return None
    text = str(value).strip()
    if text.lower() in UNIT_TYPES:
        return UNIT_TYPES[text.lower()]
    if text in UNIT_TYPES:
        return UNIT_TYPES[text]
    raise ValueError("unknown unit type")


class Unit(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    unit: str
    unit_type: UnitType
    tier: str | None = None
    source: str
    row: int

    @field_validator("unit", mode="before")
    @classmethod
    def _name(cls, value: Any) -> Any:
        return None if value is None else str(value).strip()

    @field_validator("unit_type", mode="before")
    @classmethod
    def _type(cls, value: Any) -> Any:
        return parse_unit_type(value)

    @field_validator("tier", mode="before")
    @classmethod
    def _tier(cls, value: Any) -> str | None:
        if value is None:
            return None
        text = str(value).strip().removesuffix("档").removeprefix("第")
        return TIER_NUMERALS.get(text, str(value).strip())


def load_units(path: Path) -> tuple[list[Unit], list[InputError]]:
    """The units of a CSV/XLSX/YAML file; a unit named twice is an error on its second row."""
    units, errors = validate_records(read_records(path, ALIASES), Unit, LABELS, EXPECTED)
    seen: dict[str, Unit] = {}
    for unit in units:
        if unit.unit in seen:
            errors.append(InputError(unit.source, f"单位重复，首次出现在第{seen[unit.unit].row}行 (unit listed twice)",
                                     row=unit.row, field="单位名称 (unit)", expected="each unit once"))
        else:
            seen[unit.unit] = unit
    return list(seen.values()), sorted(errors, key=lambda error: error.row or 0)
