"""The scan result document, ``secsuite.scan/1``: what every output is made from."""

from __future__ import annotations

from typing import Any, Literal

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
    # Why the entity was reported, so an auditor can confirm or reject it (additive to secsuite.scan/1):
    # the validators its values passed (empty: pattern and name only) and the signals used
    # (name_hint, mixed_column, bare_with_name, partly_masked, id_birth_link, date_spread, about_individuals, text).
    validators: list[str] = Field(default_factory=list)
    signals: list[str] = Field(default_factory=list)


class Masking(BaseModel):
    """What a column's values look like when they are not plain: masked (``138****5678``) or
    digests (hex of MD5/SHA-1/SHA-256/SM3). Facts only; the catalogue's declaration is judged by
    the DATA-DEIDENTIFICATION-* rules. Never holds a value."""

    form: Literal["masked", "digest"]
    share: float
    entity: str | None = None
    algorithms: list[str] = Field(default_factory=list)
    median_candidates: int | None = None
    reversed: int = 0
    tried: int = 0


class LabelSide(BaseModel):
    """One side of a label: the entity that sets a field's category (None: no entity), and the level."""

    entity: str | None = None
    category: str | None = None
    level: str


class LockedSide(LabelSide):
    """The label a reviewer set and a second person approved (人工确认/人工打标): review id and approver."""

    review: int
    approved_by: str


class Label(BaseModel):
    """What grades a field or dataset when a reviewed label is locked (``locked``), beside what the
    scan sees (``detected``), so a difference stays visible. A dataset whose level moved only
    because of its fields' locks has ``locked`` None. Additive to secsuite.scan/1."""

    locked: LockedSide | None = None
    detected: LabelSide
    differs: bool


class FieldResult(BaseModel):
    name: str
    category: str | None
    level: str
    entities: list[EntityResult] = Field(default_factory=list)
    non_empty: int = 0
    quasi_identifier: str | None = None
    masking: Masking | None = None
    label: Label | None = None


class LevelReason(BaseModel):
    rule_id: str
    title: str
    level: str
    citation: str


class QuasiColumn(BaseModel):
    name: str
    kind: str


class ColumnContribution(BaseModel):
    """Rows at risk if ``column`` left the quasi-identifier tuple: the column to generalise first
    is the one whose removal saves the most rows."""

    column: str
    kind: str
    rows_at_risk_without: int
    reduction: int
    generalise: str


class SensitiveDiversity(BaseModel):
    column: str
    min_l: int
    homogeneous_rows: int


class KBucket(BaseModel):
    k: str
    rows: int


class ReidentificationResult(BaseModel):
    """Re-identification risk of an opened dataset, measured on the full table (``status`` says
    when it was not, and ``reason`` why)."""

    status: Literal["measured", "not_applicable", "not_computed"]
    reason: str | None = None
    engine: str = "polars"
    open_attr: str | None = None
    threshold: int
    quasi_identifiers: list[QuasiColumn] = Field(default_factory=list)
    sensitive: list[str] = Field(default_factory=list)
    rows: int | None = None
    classes: int | None = None
    min_k: int | None = None
    rows_at_risk: int | None = None
    share_at_risk: float | None = None
    unique_rows: int | None = None
    k_distribution: list[KBucket] = Field(default_factory=list)
    contributions: list[ColumnContribution] = Field(default_factory=list)
    guilty: ColumnContribution | None = None
    l_diversity: list[SensitiveDiversity] = Field(default_factory=list)
    passes: bool | None = None


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
    reidentification: ReidentificationResult | None = None
    # The catalogue's share and open attributes (共享属性/开放属性), kept with the run for the web's
    # datasets page; not part of the secsuite.scan/1 document, whose catalogue rules already cite them.
    share_attr: str | None = Field(default=None, exclude=True)
    open_attr: str | None = Field(default=None, exclude=True)
    label: Label | None = None

    def entities(self) -> set[str]:
        return {entity.type for field in self.fields for entity in field.entities}


class ScanResult(BaseModel):
    guide: dict[str, str]
    as_of: str
    datasets: list[DatasetResult] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    errors: list[dict[str, Any]] = Field(default_factory=list)
    skipped: list[dict[str, str]] = Field(default_factory=list)  # files of a folder holding no table
    run_id: int | None = None

    def add_error(self, error: InputError) -> None:
        self.errors.append(error.as_dict() | {"text": str(error)})

    def to_json(self) -> dict[str, Any]:
        document = {"schema": SCAN_SCHEMA, "tool": tool()} | self.model_dump(mode="json", exclude={"run_id"})
        if self.run_id is not None:
            document["run_id"] = self.run_id
        return document
