"""The auditor's score sheet (指标评分表): one row per unit and hand-scored indicator.

A row names the indicator by its rubric id or its Chinese name, and gives either a ``score``
(得分) or, for indicators scored per occurrence, a ``count`` (次数). Rows for a half-yearly rubric
also carry the half (上半年/下半年) and the method (日常监测…). Whether the indicator exists and the
value fits is checked against the rubric later, where the rubric is known.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from secsuite.errors import InputError
from secsuite.inventory.amounts import as_amount
from secsuite.inventory.rows import validate_records
from secsuite.inventory.tabular import read_records

Half = Literal["H1", "H2"]

ALIASES = {
    "单位": "unit", "单位名称": "unit", "被考评单位": "unit",
    "指标": "indicator", "指标名称": "indicator", "二级指标": "indicator", "考评指标": "indicator",
    "得分": "score", "分数": "score", "分值": "score",
    "次数": "count", "个数": "count", "数量": "count",
    "备注": "note", "说明": "note", "扣分说明": "note",
    "半年": "half", "考评期": "half", "时段": "half",
    "考评方式": "method", "方式": "method",
}
LABELS = {"unit": "单位名称", "indicator": "指标", "score": "得分", "count": "次数", "note": "备注",
          "half": "考评期", "method": "考评方式"}
EXPECTED = {
    "unit": "单位名称 (the unit's name)",
    "indicator": "指标 id 或名称 (an indicator id or name)",
    "score": "数值 (a number)",
    "count": "非负整数 (a whole number)",
    "half": "上半年|下半年 (H1|H2)",
}
HALVES: dict[str, Half] = {"上半年": "H1", "h1": "H1", "first": "H1", "1": "H1",
                           "下半年": "H2", "h2": "H2", "second": "H2", "2": "H2"}


class ScoreRow(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    unit: str
    indicator: str
    score: Decimal | None = None
    count: int | None = None
    note: str | None = None
    half: Half | None = None
    method: str | None = None
    source: str
    row: int

    @field_validator("unit", "indicator", "note", "method", mode="before")
    @classmethod
    def _text(cls, value: Any) -> Any:
        return None if value is None else str(value).strip()

    @field_validator("score", mode="before")
    @classmethod
    def _score(cls, value: Any) -> Any:
        return as_amount(value, signed=True)  # the rubric says how low a score may go

    @field_validator("count", mode="before")
    @classmethod
    def _count(cls, value: Any) -> Any:
        amount = as_amount(value)
        if amount is not None and (amount < 0 or amount != amount.to_integral_value()):
            raise ValueError("not a whole number of occurrences")
        return amount

    @field_validator("half", mode="before")
    @classmethod
    def _half(cls, value: Any) -> Any:
        if value is None:
            return None
        half = HALVES.get(str(value).strip().lower())
        if half is None:
            raise ValueError("not a half year")
        return half

    @model_validator(mode="after")
    def _one_value(self) -> ScoreRow:
        if (self.score is None) == (self.count is None):
            raise ValueError("give either a score (得分) or a count (次数), exactly one")
        return self


def load_scores(path: Path) -> tuple[list[ScoreRow], list[InputError]]:
    return validate_records(read_records(path, ALIASES), ScoreRow, LABELS, EXPECTED)
