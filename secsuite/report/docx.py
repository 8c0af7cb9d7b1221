"""The DOCX report: the masthead, the key-figure table, then the findings, for offices that edit
and countersign reports in Word. The same rows as the HTML's first page (``key_figures``)."""

from __future__ import annotations

import io

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from secsuite.report.key_figures import key_figures
from secsuite.report.masthead import Masthead, masthead
from secsuite.report.store_view import ReportData
from secsuite.report.texts import Texts

CJK_FONT = "SimSun"  # Word substitutes the reader's own CJK font when this one is missing


def _table(document: Document, headers: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text


def report_docx(data: ReportData, t: Texts, head: Masthead | None = None) -> bytes:
    head = head or masthead(data, t)
    document = Document()
    style = document.styles["Normal"]
    style.font.size = Pt(10.5)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), CJK_FONT)
    document.core_properties.title = head.title
    document.add_heading(head.title, level=0)
    meta = [(t("report_issuer"), head.issuer), (t("report_number"), head.number),
            (t("report_date"), head.date.isoformat() if head.date else None), (t("as_of"), data.as_of.isoformat())]
    for label, value in meta:
        if value:
            document.add_paragraph(f"{label}{'：' if t.lang == 'zh' else ': '}{value}")
    document.add_heading(t("key_figures"), level=1)
    _table(document, [t("key_figures"), ""], [[figure.label, figure.value] for figure in key_figures(data, t)])
    document.add_page_break()
    document.add_heading(t("sheet_findings"), level=1)
    rows = [[t.severity(f.severity.value) + (f" · {t('muted')}" if f.muted else ""), f.rule_id, t.unit_name(f.unit),
             f.message + (f"（{f.mute_reason}）" if f.muted and f.mute_reason else ""), f.citation]
            for f in data.findings]
    _table(document, [t("col_severity"), t("col_rule"), t("col_unit"), t("col_message"), t("col_citation")], rows)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
