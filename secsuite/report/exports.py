"""The flat exports machines read: the findings as CSV, and the findings plus the evaluation as JSON.

Both use the field names of ``secsuite.findings/1`` and ``secsuite.evaluation/1``, so a script
written against ``secsuite check --format json`` reads them unchanged; values (titles, messages)
are in the report's language. The CSV carries a BOM so Excel opens its Chinese correctly.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

from secsuite import __version__
from secsuite.findings import Finding
from secsuite.provenance import content, tool
from secsuite.report.escape import spreadsheet
from secsuite.report.store_view import ReportData, china_time
from secsuite.store.models import EvaluationRecord

REPORT_SCHEMA = "secsuite.report/1"
FINDING_COLUMNS = ("id", "rule_id", "severity", "title", "message", "unit", "object_kind", "object_id", "citation",
                   "remediation", "as_of", "muted", "mute_reason")
# The CSV's last columns say what produced each row: a CSV has no other place for metadata.
PROVENANCE_COLUMNS = ("tool_version", "content_sha256")


def finding_row(finding: Finding) -> dict[str, Any]:
    """One finding as the flat row the CSV and the workbook share."""
    return {"id": finding.id, "rule_id": finding.rule_id, "severity": finding.severity.value, "title": finding.title,
            "message": finding.message, "unit": finding.unit or "", "object_kind": finding.object.kind,
            "object_id": finding.object.id, "citation": finding.citation, "remediation": finding.remediation,
            "as_of": finding.as_of.isoformat(), "muted": finding.muted, "mute_reason": finding.mute_reason or ""}


def findings_csv(data: ReportData) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FINDING_COLUMNS + PROVENANCE_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    judged_by = {"tool_version": __version__, "content_sha256": content()["sha256"]}
    for finding in data.findings:
        row = finding_row(finding) | {"muted": "true" if finding.muted else "false"} | judged_by
        writer.writerow({key: spreadsheet(value) for key, value in row.items()})
    return "\ufeff" + buffer.getvalue()


def evaluation_unit(record: EvaluationRecord) -> dict[str, Any]:
    """One unit in the shape of ``secsuite evaluate --format json``."""
    return {
        "unit": record.unit, "unit_type": record.unit_type, "tier": record.tier, "vetoed": record.vetoed,
        "veto_reason": record.veto_reason, "veto_finding_ids": list(record.veto_finding_ids or []),
        "base_score": record.base_score, "bonus_score": record.bonus_score, "final_score": record.final_score,
        "rank": record.rank, "rubric": record.rubric_id, "rubric_version": record.rubric_version,
        "complete": record.complete, "incomplete_reasons": list(record.incomplete_reasons or []),
        "warnings": list(record.warnings or []), "readings": list(record.readings or []),
        "indicators": [{"id": item.indicator_id, "name": item.name, "group": item.group_name, "points": item.points,
                        "score": item.score, "status": item.status, "not_assessed": list(item.not_assessed or []),
                        "warnings": list(item.warnings or []), "deductions": list(item.deductions or []),
                        "missing": list(item.missing or [])} for item in record.indicators],
    }


def _evaluation(data: ReportData) -> dict[str, Any]:
    """As ``secsuite evaluate --format json``: ``rubric`` the ids used, ``rubrics`` per unit type."""
    records = [record for _, members in data.groups() for record in members]
    used = {record.unit_type: record.rubric_id for record in records}
    return {"schema": "secsuite.evaluation/1", "tool": tool(), "year": data.year, "rubric": ",".join(dict.fromkeys(used.values())),
            "rubrics": used, "units": [evaluation_unit(record) for record in records]}


def _instant(value: dt.datetime | None) -> str | None:
    shown = china_time(value)
    return shown.isoformat() if shown else None


def report_json(data: ReportData) -> str:
    runs = {kind: {"id": run.id, "as_of": run.as_of.isoformat(),
                   "finished_at": _instant(run.finished_at), "tool_version": run.tool_version,
                   "content_sha256": run.content_sha256}
            for kind, run in data.runs.items()}
    document = {
        "schema": REPORT_SCHEMA, "tool": tool(), "year": data.year,
        "as_of": data.as_of.isoformat(), "unit": data.unit, "runs": runs,
        "suppressions": {"file": data.suppression_source, "expired": [
            {"entry": e.number, "rule": e.entry.rule, "object": e.entry.object, "unit": e.entry.unit,
             "reason": e.entry.reason, "expires": e.entry.expires.isoformat(), "findings": e.findings}
            for e in data.expired]},
        "findings": [finding.to_json() for finding in data.findings],
        "evaluation": _evaluation(data),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
