"""Checking a systems inventory: the 等保 (mlps) and 商密 (crypto) packs over every system, and
each unit's coverage by the public commercial-cryptography service, as one result document."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field

from secsuite.checks.coverage import UnitCoverage, service_coverage
from secsuite.checks.registry import load_registry
from secsuite.checks.settings import rule_overrides
from secsuite.checks.system_subject import SystemSubject
from secsuite.classify.guide import Guide
from secsuite.errors import InputError
from secsuite.findings import Finding
from secsuite.i18n import Lang
from secsuite.inventory.systems import SystemEntry
from secsuite.provenance import tool

FINDINGS_SCHEMA = "secsuite.findings/1"
PACKS = ("mlps", "crypto", "obligations")
SERVICE_RULE = "CRYPTO-SERVICE-UNUSED"


class SystemsCheck(BaseModel):
    """What ``secsuite check`` prints (``secsuite.findings/1``) and stores."""

    as_of: dt.date
    guide: dict[str, str]
    findings: list[Finding] = Field(default_factory=list)
    errors: list[dict[str, Any]] = Field(default_factory=list)
    coverage: list[UnitCoverage] = Field(default_factory=list)
    systems_checked: int = 0
    run_id: int | None = None

    def add_error(self, error: InputError) -> None:
        self.errors.append(error.as_dict() | {"text": str(error)})

    def to_json(self) -> dict[str, Any]:
        document = {"schema": FINDINGS_SCHEMA, "tool": tool()} | self.model_dump(mode="json", exclude={"run_id"})
        if self.run_id is not None:
            document["run_id"] = self.run_id
        return document


def check_systems(systems: list[SystemEntry], guide: Guide, as_of: dt.date, lang: Lang,
                  overrides: dict[str, Any]) -> SystemsCheck:
    """Run both packs over every system; ``overrides`` are the config file's rule settings
    (ConfigError if one of these packs' rules is given an unknown setting)."""
    registry = load_registry()
    settings = rule_overrides(registry, PACKS, overrides)
    findings = [
        finding
        for system in systems
        for pack in PACKS
        for finding in registry.run_pack(pack, SystemSubject(system, guide), as_of, lang, settings)
    ]
    service_params = registry.get(SERVICE_RULE).default_params() | settings.get(SERVICE_RULE, {})
    return SystemsCheck(as_of=as_of, guide={"id": guide.id, "version": guide.version}, findings=findings,
                        coverage=service_coverage(systems, guide, service_params),
                        systems_checked=len(systems))
