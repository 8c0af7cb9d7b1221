"""SARIF 2.1.0, so CI systems and code-scanning dashboards can take secsuite's findings.

The rules come from the same registry metadata as every other output (title, rationale,
remediation, citation); severities map as the convention of our field does: critical/high →
error, medium → warning, low/info → note. Our objects are not lines of code, so each result is
located by a logical location (dataset, system, asset, incident) named by its object id; a
dataset read from a file also gets that file as its physical location. The finding id goes into
``partialFingerprints``, so a result is followed across runs, and a muted finding carries a
``suppressions`` entry with its reason instead of disappearing.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote

from secsuite import __version__
from secsuite.checks.registry import RuleMeta, load_registry
from secsuite.findings import Finding, Severity
from secsuite.i18n import Lang, pick
from secsuite.provenance import content
from secsuite.report.store_view import ReportData
from secsuite.report.texts import Texts

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Severity.critical: "error", Severity.high: "error", Severity.medium: "warning", Severity.low: "note",
          Severity.info: "note"}
# GitHub code scanning ranks security results by this number (critical ≥ 9, high ≥ 7, medium ≥ 4).
SECURITY_SEVERITY = {Severity.critical: "9.5", Severity.high: "8.0", Severity.medium: "5.5", Severity.low: "3.0",
                     Severity.info: "0.0"}
FINGERPRINT = "secsuiteFindingId/v1"


def _name(rule_id: str) -> str:
    return "".join(part.capitalize() for part in re.split(r"[-_]", rule_id))


def _rule(meta: RuleMeta, pack: str, lang: Lang, t: Texts) -> dict[str, Any]:
    citation = str(meta.citation)
    rule: dict[str, Any] = {
        "id": meta.id,
        "name": _name(meta.id),
        "shortDescription": {"text": pick(meta.title, lang)},
        "fullDescription": {"text": pick(meta.rationale, lang)},
        "help": {"text": t("sarif_help", remediation=pick(meta.remediation, lang), citation=citation)},
        "defaultConfiguration": {"level": LEVELS[meta.severity]},
        "properties": {"tags": ["security", "compliance", pack], "severity": meta.severity.value,
                       "security-severity": SECURITY_SEVERITY[meta.severity], "citation": citation},
    }
    if meta.citation.url:
        rule["helpUri"] = meta.citation.url
    return rule


def _fallback_rule(finding: Finding) -> dict[str, Any]:
    """A rule no longer in the registry (an older store): described by its finding."""
    return {"id": finding.rule_id, "name": _name(finding.rule_id), "shortDescription": {"text": finding.title},
            "defaultConfiguration": {"level": LEVELS[finding.severity]},
            "properties": {"severity": finding.severity.value, "citation": finding.citation}}


def _location(finding: Finding) -> dict[str, Any]:
    qualified = f"{finding.unit}/{finding.object.id}" if finding.unit else finding.object.id
    location: dict[str, Any] = {"logicalLocations": [
        {"name": finding.object.id, "fullyQualifiedName": qualified, "kind": finding.object.kind}]}
    if finding.object.kind == "dataset" and "://" not in finding.object.id:
        path = finding.object.id.split("#", 1)[0]
        artifact = {"uri": quote(path)} | ({} if path.startswith("/") else {"uriBaseId": "%SRCROOT%"})
        location["physicalLocation"] = {"artifactLocation": artifact}
    return location


def _result(finding: Finding, index: int) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": index,
        "kind": "fail",
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [_location(finding)],
        "partialFingerprints": {FINGERPRINT: finding.id},
        "properties": {"severity": finding.severity.value, "title": finding.title, "unit": finding.unit,
                       "citation": finding.citation, "remediation": finding.remediation,
                       "evidence": finding.evidence, "as_of": finding.as_of.isoformat()},
    }
    if finding.muted:
        result["suppressions"] = [{"kind": "external", "status": "accepted",
                                   "justification": finding.mute_reason or ""}]
    return result


def report_sarif(data: ReportData, lang: Lang, t: Texts) -> str:
    registry = load_registry()
    rules = [_rule(rule.meta, rule.pack, lang, t) for rule in sorted(registry.rules.values(), key=lambda r: r.meta.id)]
    index = {rule["id"]: position for position, rule in enumerate(rules)}
    for finding in data.findings:
        if finding.rule_id not in index:
            index[finding.rule_id] = len(rules)
            rules.append(_fallback_rule(finding))
    notes = [{"level": "note", "message": {"text": t(
        "suppression_expired", entry=e.entry.describe(e.number), file=data.suppression_source,
        reason=e.entry.reason, n=e.findings)}} for e in data.expired]
    run = {
        "tool": {"driver": {"name": "secsuite", "version": __version__, "semanticVersion": __version__,
                            "properties": {"content": content()}, "rules": rules}},
        "automationDetails": {"id": f"secsuite/report/{data.year}/{data.unit or 'all'}/"},
        "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notes,
                         "properties": {"year": data.year, "as_of": data.as_of.isoformat(),
                                        "runs": {kind: run.id for kind, run in data.runs.items()}}}],
        "columnKind": "unicodeCodePoints",
        "results": [_result(finding, index[finding.rule_id]) for finding in data.findings],
    }
    return json.dumps({"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}, ensure_ascii=False, indent=2) + "\n"
