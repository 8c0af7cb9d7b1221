"""The workbook auditors pass around: one sheet per area (概览, 评估, 数据集与字段, 等保密评, 网络资产,
应急事件, 全部问题), each a plain table with a frozen header and filters, so it can be sorted,
filtered and annotated in Excel or WPS without losing the link from a row to its finding id."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.packaging.custom import IntProperty, StringProperty
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from secsuite import __version__
from secsuite.provenance import COUNT_NAMES, content
from secsuite.report.escape import FORMULA_START, workbook
from secsuite.report.exports import FINDING_COLUMNS, finding_row
from secsuite.report.store_view import SEVERITIES, ReportData, UnitView, china_time
from secsuite.report.texts import Texts

HEADER_FILL = PatternFill("solid", fgColor="1E3A8A")
HEADER_FONT = Font(bold=True, color="FFFFFF")
VETO_FILL = PatternFill("solid", fgColor="FEE2E2")
VETO_FONT = Font(bold=True, color="B91C1C")
MAX_WIDTH, MIN_WIDTH = 60, 6
FINDING_LABELS = {"id": "col_finding_id", "rule_id": "col_rule", "severity": "col_severity", "title": "col_title",
                  "message": "col_message", "unit": "col_unit", "object_kind": "col_object_kind",
                  "object_id": "col_object", "citation": "col_citation", "remediation": "col_remediation",
                  "as_of": "col_as_of", "muted": "muted", "mute_reason": "col_mute_reason"}


def _width(value: Any) -> int:
    """Display width, a Chinese character counting two; the longest line of a multi-line cell."""
    lines = str(value).splitlines() or [""]
    return max(sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line) for line in lines)


def _cell(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        shown = china_time(value)
        assert shown is not None
        return shown.replace(tzinfo=None)
    if isinstance(value, list | tuple):
        return workbook("\n".join(str(item) for item in value))
    return workbook(value) if isinstance(value, str) else value


def _as_text(cell: Cell) -> None:
    """Every string is a string cell, never a formula (openpyxl reads a leading ``=`` as one); a
    formula-looking one also gets Excel's quote prefix, so editing it in Excel keeps it text."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
        if cell.value.startswith(FORMULA_START):
            cell.quotePrefix = True


def _sheet(book: Workbook, title: str, headers: Sequence[str], rows: Sequence[Sequence[Any]],
           vetoed_rows: set[int] | None = None) -> Worksheet:
    sheet = book.create_sheet(title)
    sheet.append(list(headers))
    for row in rows:
        sheet.append([_cell(value) for value in row])
    for line in sheet.iter_rows():
        for cell in line:
            _as_text(cell)
    for cell in sheet[1]:
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    for index in vetoed_rows or set():
        for cell in sheet[index + 2]:
            cell.fill, cell.font = VETO_FILL, VETO_FONT
    for column, header in enumerate(headers, start=1):
        values = [header, *(_cell(row[column - 1]) for row in rows)]
        width = min(MAX_WIDTH, max(MIN_WIDTH, max(_width(v) for v in values if v is not None) + 2))
        sheet.column_dimensions[get_column_letter(column)].width = width
        for cell in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            if isinstance(cell[0].value, dt.datetime):
                cell[0].number_format = "yyyy-mm-dd hh:mm:ss"
            elif isinstance(cell[0].value, dt.date):
                cell[0].number_format = "yyyy-mm-dd"
            if _width(cell[0].value or "") > width or "\n" in str(cell[0].value or ""):
                cell[0].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"
    return sheet


def _problems(data: ReportData, kind: str, object_id: str, unit: str | None = None) -> list[str]:
    """The findings on one object (of one unit, when given), as 'RULE-ID title' lines."""
    return [f"{f.rule_id} {f.title}" for f in data.findings if f.object.kind == kind and f.object.id == object_id
            and (unit is None or f.unit == unit)]


def _overview(book: Workbook, t: Texts, views: list[UnitView]) -> None:
    headers = [t(k) for k in ("col_unit_type", "col_tier", "col_rank", "col_unit", "col_base", "col_bonus",
                              "col_final", "col_vetoed", "col_veto_reason")]
    headers += [t.severity(s.value) for s in SEVERITIES] + [t("muted")]
    rows, vetoed = [], set()
    for view in views:
        e = view.evaluation
        counts = view.severity_counts()
        if e is not None and e.vetoed:
            vetoed.add(len(rows))
        rows.append([t.unit_type(view.unit_type), e.tier if e else None, e.rank if e else None, t.unit_name(view.name),
                     e.base_score if e else None, e.bonus_score if e else None, e.final_score if e else None,
                     (t("veto") if e.vetoed else t("word_no")) if e else None, e.veto_reason if e else None,
                     *(counts[s][0] for s in SEVERITIES), sum(counts[s][1] for s in SEVERITIES)])
    _sheet(book, t("sheet_overview"), headers, rows, vetoed)


STATUS_LABELS = ("not_assessed", "not_applicable", "manual")


def _evaluation(book: Workbook, data: ReportData, t: Texts) -> None:
    headers = [t(k) for k in ("col_unit", "col_group", "col_indicator", "col_points", "col_score",
                              "col_status", "col_deductions", "col_missing")]
    rows = []
    for _, members in data.groups():
        for record in members:
            for item in record.indicators:
                deductions = [f"{d['points']} {d['rule_id']} {d.get('object_id', '')} {d['finding_id']}"
                              for d in item.deductions or []]
                status = t(f"status_{item.status}") if item.status in STATUS_LABELS else None
                rows.append([record.unit, item.group_name, item.name, item.points,
                             None if record.vetoed else item.score, status, deductions,
                             list(item.missing or []) + list(item.not_assessed or [])])
    _sheet(book, t("sheet_evaluation"), headers, rows)


def _datasets(book: Workbook, data: ReportData, t: Texts) -> None:
    headers = [t(k) for k in ("col_unit", "col_dataset", "col_source", "col_dataset_level", "col_field",
                              "col_category", "col_level", "col_entities", "col_rows_scanned", "col_rows_total")]
    rows = [[d.unit, d.name, d.source, d.level, f.name, f.category, f.level,
             [f"{e['type']} {e.get('ratio', 0):.0%} {'，'.join(e.get('examples', [])[:2])}".strip() for e in f.entities],
             d.rows_scanned, d.rows_total]
            for d in data.datasets for f in d.fields]
    _sheet(book, t("sheet_datasets"), headers, rows)


def _systems(book: Workbook, data: ReportData, t: Texts) -> None:
    headers = [t(k) for k in ("col_unit", "col_system", "col_mlps_level", "col_filing_no", "col_filed_on",
                              "col_evaluated_on", "col_evaluation_conclusion", "col_evaluation_score", "cii",
                              "col_crypto_level", "col_crypto_assessed_on", "col_crypto_conclusion", "col_crypto_score",
                              "col_algorithms", "col_findings")]
    yes_no = {True: t("word_yes"), False: t("word_no"), None: None}
    rows = [[s.unit, s.system, s.mlps_level, s.filing_no, s.filed_on, s.last_evaluated_on, s.evaluation_conclusion,
             s.evaluation_score, yes_no[s.cii], s.crypto_level, s.crypto_assessed_on, s.crypto_conclusion,
             s.crypto_score, "、".join(s.algorithms or []), _problems(data, "system", s.system, s.unit)]
            for s in data.systems]
    _sheet(book, t("sheet_systems"), headers, rows)


def _assets(book: Workbook, data: ReportData, t: Texts) -> None:
    headers = [t(k) for k in ("col_unit", "col_asset", "col_service", "col_product", "col_systems", "col_tls",
                              "col_tlcp", "col_findings")]
    rows = []
    for a in data.assets:
        tls = a.tls or {}
        certificates = [f"{c['subject']} {c['not_after'][:10]}" for c in tls.get("certificates", [])]
        rows.append([a.unit, a.asset_id, a.service, " ".join(filter(None, [a.product, a.version])),
                     [f"{r['system']}（{r.get('unit') or ''}）" for r in a.systems or []],
                     [" ".join(tls.get("protocols", [])), *certificates] if tls else None,
                     (t("tlcp_yes") if a.tlcp.get("supported") else t("tlcp_no")) if a.tlcp else None,
                     _problems(data, "asset", a.asset_id)])
    _sheet(book, t("sheet_assets"), headers, rows)


def _incidents(book: Workbook, data: ReportData, t: Texts) -> None:
    headers = [t(k) for k in ("col_unit", "col_incident", "col_incident_title", "col_incident_category", "col_grade",
                              "col_detected", "col_response", "col_handling", "col_report_deadline",
                              "col_reported_at", "col_severe", "col_findings")]

    def clock(seconds: int | None) -> str | None:
        return None if seconds is None else f"{seconds // 60}:{seconds % 60:02d}"

    rows = [[i.unit, i.incident_id, i.title, i.category, i.grade, i.detected_at, clock(i.response_seconds),
             clock(i.handling_seconds), i.report_deadline, i.reported_at, t("word_yes") if i.severe else t("word_no"),
             _problems(data, "incident", i.incident_id, i.unit)]
            for i in data.incidents]
    _sheet(book, t("sheet_incidents"), headers, rows)


def _findings(book: Workbook, data: ReportData, t: Texts) -> None:
    headers = [t(FINDING_LABELS[column]) for column in FINDING_COLUMNS]
    rows = []
    for finding in data.findings:
        row = finding_row(finding) | {"severity": t.severity(finding.severity.value),
                                      "object_kind": t(f"object_{finding.object.kind}"),
                                      "muted": t("muted") if finding.muted else ""}
        rows.append([row[column] for column in FINDING_COLUMNS])
    _sheet(book, t("sheet_findings"), headers, rows)


def _provenance(book: Workbook) -> None:
    """The version and rule content, as the workbook's custom properties (File › Properties)."""
    judged_by = content()
    book.properties.version = __version__
    for name, value in (("secsuite_version", __version__), ("content_sha256", judged_by["sha256"]),
                        *((f"content_{key}", judged_by[key]) for key in COUNT_NAMES.values()),
                        ("content_local_files", len(judged_by["local"]))):
        prop = StringProperty(name=name, value=value) if isinstance(value, str) else IntProperty(name=name, value=value)
        book.custom_doc_props.append(prop)


def report_xlsx(data: ReportData, t: Texts) -> bytes:
    book = Workbook()
    book.remove(book.active)
    _overview(book, t, data.views())
    _evaluation(book, data, t)
    _datasets(book, data, t)
    _systems(book, data, t)
    _assets(book, data, t)
    _incidents(book, data, t)
    _findings(book, data, t)
    book.properties.title = workbook(t("report_unit_title", unit=data.unit, year=data.year) if data.unit else t(
        "report_title", year=data.year))
    book.properties.creator = "secsuite"
    _provenance(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def table_xlsx(title: str, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    """One sheet in the report's style, for the tables other commands export (diffs, the register)."""
    book = Workbook()
    book.remove(book.active)
    _sheet(book, title, headers, rows)
    book.properties.creator = "secsuite"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
