"""The auditor's score sheet (指标评分表): one row per unit and indicator, or per item of an indicator.

A row names the indicator (or ``indicator/item``) by its rubric id or its Chinese name, and gives a
``score`` (得分) or a ``count`` (次数) — which one is told apart by the column it is written in — or
marks the indicator 不适用 (not applicable: a 不适用 column, or 不适用 written as the score). Rows for
a half-yearly rubric also carry the half (上半年/下半年) and the method (日常监测…); a method scored
for the unit as a whole (民意调查) leaves the indicator empty. Whether the indicator exists and the
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
    "不适用": "not_applicable", "是否不适用": "not_applicable",
}
LABELS = {"unit": "单位名称", "indicator": "指标", "score": "得分", "count": "次数", "note": "备注",
          "half": "考评期", "method": "考评方式", "not_applicable": "不适用"}
EXPECTED = {
    "unit": "单位名称 (the unit's name)",
    "indicator": "指标 id 或名称 (an indicator id or name)",
    "score": "数值 (a number)",
    "count": "非负整数 (a whole number)",
    "half": "上半年|下半年 (H1|H2)",
    "not_applicable": "是|否 (yes|no)",
}
NOT_APPLICABLE = {"不适用", "n/a", "na", "not applicable"}
YES = {"是", "y", "yes", "true", "1", "√", "不适用"}
NO = {"否", "n", "no", "false", "0", "×", ""}
HALVES: dict[str, Half] = {"上半年": "H1", "h1": "H1", "first": "H1", "1": "H1",
                           "下半年": "H2", "h2": "H2", "second": "H2", "2": "H2"}


class ScoreRow(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    unit: str
    indicator: str | None = None
    score: Decimal | None = None
    count: int | None = None
    note: str | None = None
    half: Half | None = None
    method: str | None = None
    not_applicable: bool = False
    source: str
    row: int

    @model_validator(mode="before")
    @classmethod
    def _not_applicable_as_score(cls, data: Any) -> Any:
        """不适用 written in the score (or count) column marks the row not applicable."""
        if isinstance(data, dict):
            for key in ("score", "count"):
                if str(data.get(key) or "").strip().lower() in NOT_APPLICABLE:
                    data = data | {key: None, "not_applicable": True}
        return data

    @field_validator("not_applicable", mode="before")
    @classmethod
    def _flag(cls, value: Any) -> bool:
        text = "" if value is None else str(value).strip().lower()
        if text in YES or value is True:
            return True
        if text in NO or value is False:
            return False
        raise ValueError("not yes or no")

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
        if self.not_applicable:
            if self.score is not None or self.count is not None:
                raise ValueError("不适用的行不填得分或次数 (a row marked not applicable takes no score or count)")
            return self
        if (self.score is None) == (self.count is None):
            raise ValueError("give either a score (得分) or a count (次数), exactly one")
        return self


VALUE_KEYS = ("score", "count", "not_applicable")


def load_scores(path: Path) -> tuple[list[ScoreRow], list[InputError]]:
    """The rows that give something; a row with no score, count or 不适用 (a template row left
    blank) is not read."""
    records = [record for record in read_records(path, ALIASES)
               if any(record.values.get(key) is not None for key in VALUE_KEYS)]
    return validate_records(records, ScoreRow, LABELS, EXPECTED)
