"""One finding model for every check: data, 等保, 密评, network, incidents."""

from __future__ import annotations

import hashlib
from datetime import date
from enum import Enum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class Severity(str, Enum):
    critical = "critical"
    high = "high"
    medium = "medium"
    low = "low"
    info = "info"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {
    Severity.info: 0,
    Severity.low: 1,
    Severity.medium: 2,
    Severity.high: 3,
    Severity.critical: 4,
}

ObjectKind = Literal["dataset", "field", "system", "asset", "incident", "unit"]


class ObjectRef(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: ObjectKind
    id: str


class Finding(BaseModel):
    """A rule's verdict on one object. ``evidence`` holds masked values only."""

    model_config = ConfigDict(extra="forbid")

    id: str
    rule_id: str
    severity: Severity
    title: str
    message: str
    unit: str | None = None
    object: ObjectRef
    evidence: dict[str, Any] = Field(default_factory=dict)
    citation: str
    remediation: str = ""
    as_of: date
    muted: bool = False
    mute_reason: str | None = None

    @staticmethod
    def fingerprint(rule_id: str, obj: ObjectRef, unit: str | None) -> str:
        """Stable id: the same rule on the same object gives the same id across runs."""
        digest = hashlib.sha256(f"{rule_id}\x1f{obj.kind}\x1f{obj.id}\x1f{unit or ''}".encode()).hexdigest()
        return f"F-{digest[:16]}"

    def to_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


def at_or_above(findings: list[Finding], threshold: Severity) -> list[Finding]:
    return [f for f in findings if not f.muted and f.severity.rank >= threshold.rank]
