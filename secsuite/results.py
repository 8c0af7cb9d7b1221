"""The scan result document, ``secsuite.scan/1`` (see DESIGN.md): what every output is made from."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from secsuite.errors import InputError
from secsuite.findings import Finding
from secsuite.provenance import tool

SCAN_SCHEMA = "secsuite.scan/1"


class EntityResult(BaseModel):
    type: str
    confidence: float
    hits: int
    ratio: float
    examples: list[str]
    mode: str = "value"
    name_hint: bool = False


class FieldResult(BaseModel):
    name: str
    category: str | None
    level: str
    entities: list[EntityResult] = Field(default_factory=list)
    non_empty: int = 0


class LevelReason(BaseModel):
    rule_id: str
    title: str
    level: str
    citation: str


class DatasetResult(BaseModel):
    source: str
    name: str
    format: str
    rows_scanned: int
    rows_total: int
    sampled: bool
    level: str
    level_reasons: list[LevelReason] = Field(default_factory=list)
    unit: str | None = None
    partial: bool = False
    fields: list[FieldResult] = Field(default_factory=list)

    def entities(self) -> set[str]:
        return {entity.type for field in self.fields for entity in field.entities}


class ScanResult(BaseModel):
    guide: dict[str, str]
    as_of: str
    datasets: list[DatasetResult] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    errors: list[dict[str, Any]] = Field(default_factory=list)
    run_id: int | None = None

    def add_error(self, error: InputError) -> None:
        self.errors.append(error.as_dict() | {"text": str(error)})

    def to_json(self) -> dict[str, Any]:
        document = {"schema": SCAN_SCHEMA, "tool": tool()} | self.model_dump(mode="json", exclude={"run_id"})
        if self.run_id is not None:
            document["run_id"] = self.run_id
        return document
