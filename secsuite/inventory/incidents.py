"""The incident register (安全事件台账) that units submit: what happened, when each step was taken,
and how large the impact was. Timestamps are read as auditors type them; a missing one is left
empty for the rules to report, but a step recorded before the discovery is an input error.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from secsuite.errors import InputError
from secsuite.inventory.amounts import as_amount
from secsuite.inventory.rows import validate_records
from secsuite.inventory.tabular import as_datetime, read_records
from secsuite.inventory.units import UnitType, parse_unit_type
from secsuite.timeutil import DEFAULT_TZ

OperatorType = Literal["cii", "central_state_organ", "other"]
DataLevel = Literal["core", "important", "general"]

ALIASES = {
    "事件编号": "incident_id", "编号": "incident_id", "事件ID": "incident_id",
    "单位": "unit", "单位名称": "unit", "责任单位": "unit",
    "单位类型": "unit_type",
    "事件名称": "title", "名称": "title", "标题": "title",
    "事件类别": "category", "事件类型": "category", "类别": "category",
    "发现时间": "detected_at", "发现或获知时间": "detected_at", "获知时间": "detected_at",
    "响应时间": "responded_at", "应急响应时间": "responded_at",
    "联动处置时间": "coordinated_at", "处置时间": "coordinated_at",
    "处置完成时间": "resolved_at", "完成时间": "resolved_at",
    "上报时间": "reported_at", "报告时间": "reported_at",
    "运营者类型": "operator_type",
    "泄露个人信息人数": "pi_people_affected", "涉及个人信息人数": "pi_people_affected",
    "涉及数据级别": "data_level", "数据级别": "data_level",
    "直接经济损失": "economic_loss_cny", "直接经济损失（元）": "economic_loss_cny", "直接经济损失(元)": "economic_loss_cny",
    "中断时长": "downtime_hours", "中断时长（小时）": "downtime_hours", "中断时长(小时)": "downtime_hours",
    "严重泄露": "severe", "是否严重泄露": "severe",
    "总结报告时间": "summary_reported_at", "总结报告报送时间": "summary_reported_at",
    "是否通知个人": "pi_notified", "已通知受影响个人": "pi_notified", "通知个人": "pi_notified",
    "通知个人时间": "pi_notified_at", "通知受影响个人时间": "pi_notified_at",
}
LABELS = {
    "incident_id": "事件编号", "unit": "单位名称", "unit_type": "单位类型", "title": "事件名称", "category": "事件类别",
    "detected_at": "发现时间", "responded_at": "响应时间", "coordinated_at": "联动处置时间",
    "resolved_at": "处置完成时间", "reported_at": "上报时间", "operator_type": "运营者类型",
    "pi_people_affected": "泄露个人信息人数", "data_level": "涉及数据级别", "economic_loss_cny": "直接经济损失",
    "downtime_hours": "中断时长", "severe": "严重泄露",
    "summary_reported_at": "总结报告时间", "pi_notified": "是否通知个人", "pi_notified_at": "通知个人时间",
}
_TIME = "日期和时间，如 2025-03-01 09:00 或 2025/3/1 9:00:05 (a date and time)"
EXPECTED = {
    "incident_id": "事件编号 (an incident id)",
    "unit": "单位名称 (the unit's name)",
    "unit_type": "县区|功能区|市级部门 (county|functional_area|department)",
    "detected_at": _TIME, "responded_at": _TIME + "，不早于发现时间 (not before detected_at)",
    "coordinated_at": _TIME + "，不早于发现时间 (not before detected_at)",
    "resolved_at": _TIME + "，不早于发现时间 (not before detected_at)",
    "reported_at": _TIME + "，不早于发现时间 (not before detected_at)",
    "operator_type": "关键信息基础设施|中央和国家机关|其他 (cii|central_state_organ|other)",
    "pi_people_affected": "非负整数，可写 120万 (a count, 万/亿 allowed)",
    "data_level": "核心数据|重要数据|一般数据 (core|important|general)",
    "economic_loss_cny": "金额（元），可写 500万 (yuan, 万/亿 allowed)",
    "downtime_hours": "小时数 (hours)",
    "severe": "是|否 (yes|no)",
    "summary_reported_at": _TIME + "，不早于发现时间 (not before detected_at)",
    "pi_notified": "是|否 (yes|no)",
    "pi_notified_at": _TIME + "，不早于发现时间 (not before detected_at)",
}
OPERATOR_TYPES: dict[str, OperatorType] = {
    "cii": "cii", "关键信息基础设施": "cii", "关键信息基础设施运营者": "cii", "关基": "cii",
    # 第四条's second category is 中央和国家机关各部门及其管理的企事业单位; a county's or a city
    # department's 党政机关 is an "other" operator (4 hours, to the provincial 网信部门)
    "central_state_organ": "central_state_organ", "state_organ": "central_state_organ",
    "中央和国家机关": "central_state_organ", "中央和国家机关各部门": "central_state_organ",
    "中央国家机关": "central_state_organ", "国家机关": "central_state_organ",
    "中央和国家机关各部门及其管理的企事业单位": "central_state_organ",
    "other": "other", "其他": "other", "其他运营者": "other", "党政机关": "other", "机关": "other",
    "地方党政机关": "other", "县区": "other", "市级部门": "other", "功能区": "other",
}
DATA_LEVELS: dict[str, DataLevel] = {
    "core": "core", "核心": "core", "核心数据": "core",
    "important": "important", "重要": "important", "重要数据": "important",
    "general": "general", "一般": "general", "一般数据": "general",
}
YES = {"是", "y", "yes", "true", "1", "√", "严重", "已通知"}
NO = {"否", "n", "no", "false", "0", "×", "", "未通知"}
PLAUSIBLE_MAXIMUM = {
    "pi_people_affected": Decimal(1_500_000_000),  # above China's population (1.41 billion, 2024)
    "economic_loss_cny": Decimal(10) ** 13,  # 10万亿元, several times the largest recorded loss
    "downtime_hours": Decimal(24 * 366 * 10),  # ten years
}
"""Bounds past which a count is a typo, not a fact: it is an input error, so it cannot grade an
incident 特别重大 nor veto a unit."""


def _lookup(table: dict[str, Any], value: Any, what: str) -> Any:
    if value is None:
        return None
    text = str(value).strip()
    found = table.get(text.lower(), table.get(text))
    if found is None:
        raise ValueError(f"unknown {what}")
    return found


def _yes_no(value: Any) -> bool:
    text = "" if value is None else str(value).strip().lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise ValueError("not yes or no")


class Incident(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    incident_id: str
    unit: str
    unit_type: UnitType | None = None
    title: str | None = None
    category: str | None = None
    detected_at: dt.datetime | None = None
    responded_at: dt.datetime | None = None
    coordinated_at: dt.datetime | None = None
    resolved_at: dt.datetime | None = None
    reported_at: dt.datetime | None = None
    operator_type: OperatorType | None = None
    pi_people_affected: int | None = Field(default=None, ge=0)
    data_level: DataLevel | None = None
    economic_loss_cny: Decimal | None = Field(default=None, ge=0)
    downtime_hours: Decimal | None = Field(default=None, ge=0)
    severe: bool = False
    summary_reported_at: dt.datetime | None = None
    pi_notified: bool | None = None
    pi_notified_at: dt.datetime | None = None
    source: str
    row: int

    @field_validator("incident_id", "unit", "title", "category", mode="before")
    @classmethod
    def _text(cls, value: Any) -> Any:
        return None if value is None else str(value).strip()

    @field_validator("unit_type", mode="before")
    @classmethod
    def _unit_type(cls, value: Any) -> Any:
        return parse_unit_type(value)

    @field_validator("detected_at", mode="before")
    @classmethod
    def _detected(cls, value: Any) -> dt.datetime | None:
        return as_datetime(value, DEFAULT_TZ)

    @field_validator("responded_at", "coordinated_at", "resolved_at", "reported_at", "summary_reported_at",
                     "pi_notified_at", mode="before")
    @classmethod
    def _after_detection(cls, value: Any, info: ValidationInfo) -> dt.datetime | None:
        stamp = as_datetime(value, DEFAULT_TZ)
        detected = info.data.get("detected_at")
        if stamp is not None and detected is not None and stamp < detected:
            raise ValueError("早于发现时间 (earlier than the discovery time)")
        return stamp

    @field_validator("operator_type", mode="before")
    @classmethod
    def _operator(cls, value: Any) -> Any:
        return _lookup(OPERATOR_TYPES, value, "operator type")

    @field_validator("data_level", mode="before")
    @classmethod
    def _level(cls, value: Any) -> Any:
        return _lookup(DATA_LEVELS, value, "data level")

    @field_validator("pi_people_affected", "economic_loss_cny", "downtime_hours", mode="before")
    @classmethod
    def _amount(cls, value: Any, info: ValidationInfo) -> Any:
        return as_amount(value, PLAUSIBLE_MAXIMUM[info.field_name or ""])

    @field_validator("severe", mode="before")
    @classmethod
    def _flag(cls, value: Any) -> bool:
        return bool(_yes_no(value))

    @field_validator("pi_notified", mode="before")
    @classmethod
    def _notified(cls, value: Any) -> bool | None:
        return None if value is None else _yes_no(value)


def load_incidents(path: Path) -> tuple[list[Incident], list[InputError]]:
    """The incidents of a CSV/XLSX/YAML register; an id used twice is an error on its second row."""
    incidents, errors = validate_records(read_records(path, ALIASES), Incident, LABELS, EXPECTED)
    seen: dict[str, Incident] = {}
    for incident in incidents:
        if incident.incident_id in seen:
            errors.append(InputError(
                incident.source, f"事件编号重复，首次出现在第{seen[incident.incident_id].row}行 (incident id used twice)",
                row=incident.row, field="事件编号 (incident_id)", expected="a unique incident id"))
        else:
            seen[incident.incident_id] = incident
    return list(seen.values()), sorted(errors, key=lambda error: error.row or 0)
