"""Assessing an incident register: keep the incidents of the year, time and grade each one, run the
``incidents`` rule pack over it, and sum up per unit. ``secsuite incidents`` prints this and
``secsuite evaluate`` takes its IR-SEVERE-DATA-LEAK findings for the veto.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from secsuite.checks.registry import load_registry
from secsuite.errors import ConfigError, InputError
from secsuite.findings import Finding
from secsuite.i18n import Lang
from secsuite.incidents.case import IncidentCase, assess, case_json
from secsuite.incidents.clock import SlaParams
from secsuite.incidents.grading import GradingParams
from secsuite.incidents.reporting import ReportingParams
from secsuite.incidents.stats import HANDLING_RULE, RESPONSE_RULE, UnitStats, unit_stats
from secsuite.inventory.incidents import Incident
from secsuite.inventory.units import UnitType
from secsuite.provenance import tool
from secsuite.timeutil import DEFAULT_TZ

PACK = "incidents"
GRADING_RULE = "IR-REPORT-LATE"
FINDINGS_SCHEMA = "secsuite.findings/1"


@dataclass
class IncidentsResult:
    as_of: dt.date
    year: int | None
    cases: list[IncidentCase] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    stats: list[UnitStats] = field(default_factory=list)
    outside_year: int = 0
    run_id: int | None = None

    def to_json(self) -> dict[str, Any]:
        by_incident: dict[str, list[str]] = {}
        for finding in self.findings:
            by_incident.setdefault(finding.object.id, []).append(finding.rule_id)
        document: dict[str, Any] = {
            "schema": FINDINGS_SCHEMA,
            "tool": tool(),
            "findings": [finding.to_json() for finding in self.findings],
            "errors": [error.as_dict() | {"text": str(error)} for error in self.errors],
            "year": self.year,
            "as_of": self.as_of.isoformat(),
            "incidents": [case_json(case, by_incident.get(case.incident.incident_id, [])) for case in self.cases],
            "stats": [row.to_json() for row in self.stats],
        }
        if self.run_id is not None:
            document["run_id"] = self.run_id
        return document


def rule_params(rule_id: str, overrides: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """A rule's parameters as it runs: its defaults, then the config file's ``rules:`` entry."""
    return load_registry().get(rule_id).default_params() | dict(overrides.get(rule_id, {}))


@dataclass(frozen=True)
class SlaLimits:
    """The limits of the two clocks, those of IR-RESPONSE-SLA-BREACH and IR-HANDLING-SLA-BREACH."""

    response: SlaParams
    handling: SlaParams

    def recorded(self) -> dict[str, dict[str, Any]]:
        """As an incidents run records them (``Run.arguments["sla"]``), by rule id."""
        return {RESPONSE_RULE: self.response.model_dump(mode="json"),
                HANDLING_RULE: self.handling.model_dump(mode="json")}


def sla_limits(overrides: Mapping[str, Mapping[str, Any]]) -> SlaLimits:
    """The limits as a run applies them: the rules' defaults, then the config's settings."""
    return SlaLimits(SlaParams.model_validate(rule_params(RESPONSE_RULE, overrides)),
                     SlaParams.model_validate(rule_params(HANDLING_RULE, overrides)))


def recorded_sla_limits(arguments: Mapping[str, Any] | None, fallback: Mapping[str, Mapping[str, Any]]) -> SlaLimits:
    """The limits an incidents run judged its incidents by, as it recorded them, so the web's clocks
    and the report's charts agree with its findings whoever shows them; a run recorded before runs
    kept them: the rules' defaults and ``fallback`` (the showing command's config)."""
    recorded = (arguments or {}).get("sla")
    return sla_limits(recorded if recorded else fallback)


def in_year(incident: Incident, year: int | None) -> bool:
    """An incident belongs to the year of its discovery in China time; one with no discovery time
    is kept, so that its missing time is reported rather than hidden."""
    if year is None or incident.detected_at is None:
        return True
    return incident.detected_at.astimezone(DEFAULT_TZ).year == year


def assess_register(
    incidents: Sequence[Incident],
    *,
    year: int | None,
    as_of: dt.date,
    unit_types: Mapping[str, UnitType] | None = None,
    lang: Lang = "zh",
    overrides: Mapping[str, Mapping[str, Any]] | None = None,
) -> IncidentsResult:
    """Cases, findings and statistics of the incidents of ``year``; the unit type comes from the units
    file when given (``unit_types``), else from the register's own column."""
    overrides = overrides or {}
    try:
        params = rule_params(GRADING_RULE, overrides)
        grading, reporting = GradingParams.from_params(params), ReportingParams.from_params(params)
    except ValidationError as exc:
        raise ConfigError(f"rules.{GRADING_RULE}: {exc}") from None
    result = IncidentsResult(as_of=as_of, year=year)
    registry = load_registry()
    for incident in incidents:
        if not in_year(incident, year):
            result.outside_year += 1
            continue
        unit_type = (unit_types or {}).get(incident.unit) or incident.unit_type
        case = assess(incident, unit_type, grading, reporting)
        result.cases.append(case)
        try:
            result.findings.extend(registry.run_pack(PACK, case, as_of, lang, dict(overrides)))
        except ValidationError as exc:
            raise ConfigError(f"rules ({PACK}): {exc}") from None
    result.stats = unit_stats(result.cases, result.findings)
    return result
