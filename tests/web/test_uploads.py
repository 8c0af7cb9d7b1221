"""Uploads of the XLSX templates over ASGI on SQLite and PostgreSQL: a filled template runs the
command's use case and its results show on the unit and evaluation pages, recorded as the user's
web run; a broken sheet shows the reader's own errors and records nothing; another unit is 404,
the administrators 403; no CSRF token 403; too large 413; every attempt is audited."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import zipfile
from dataclasses import replace
from html import unescape
from urllib.parse import quote

import openpyxl
import pytest
from sqlalchemy import func, select

from secsuite.classify.guide import load_guide
from secsuite.errors import InputError
from secsuite.evaluate.engine import rubrics_for
from secsuite.evaluate.sheet import build_sheet
from secsuite.inventory.incidents import load_incidents
from secsuite.inventory.scores import load_scores
from secsuite.inventory.systems import load_systems
from secsuite.inventory.template import build_workbook, inventory_template
from secsuite.inventory.units import Unit
from secsuite.sources.limits import RATIO_FROM, check_workbook
from secsuite.store.access import AuditEvent
from secsuite.store.models import IncidentRecord, Run, SystemRecord
from secsuite.web.uploads import MAX_BYTES_ENV
from tests.web.conftest import ORIGIN, UNIT_A, UNIT_B, UNIT_C, csrf_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
T = dt.datetime


def _workbook(kind: str, *rows: dict) -> bytes:
    """A template of ``secsuite template KIND`` filled with ``rows`` (column key → value)."""
    return build_workbook(replace(inventory_template(kind), rows=rows))


def _sheet(*rows: tuple) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


SYSTEM = {"unit": UNIT_A, "unit_type": "市级部门", "system": "低保救助管理系统", "mlps_level": "第三级",
          "graded_on": dt.date(2024, 3, 1), "online_on": dt.date(2024, 6, 1)}
LEAK = {"incident_id": "INC-UP-1", "unit": UNIT_A, "title": "低保救助名单数据泄露", "category": "数据安全事件",
        "detected_at": T(2025, 6, 17, 11, 25), "responded_at": T(2025, 6, 17, 11, 31, 30),
        "coordinated_at": T(2025, 6, 17, 12, 6), "resolved_at": T(2025, 6, 17, 16, 25),
        "reported_at": T(2025, 6, 17, 13, 0), "pi_people_affected": 3200, "data_level": "重要数据"}
BROKEN = {
    "systems": (_workbook("systems", SYSTEM | {"mlps_level": "第九级"}), lambda p: load_systems([p], load_guide(None)).errors),
    "incidents": (_workbook("incidents", LEAK | {"detected_at": "昨天下午"}), lambda p: load_incidents(p)[1]),
    "scores": (_sheet(("单位名称", "指标", "得分"), (UNIT_A, "人员配置", "满分")), lambda p: load_scores(p)[1]),
}


def _post(client, kind: str, content: bytes, unit: str = UNIT_A, name: str | None = None, year: str = "2025",
          csrf: bool = True, content_type: str = XLSX):
    data = {"unit": unit, "year": year} | ({"csrf_token": csrf_of(client)} if csrf else {})
    return client.post(f"/uploads/{kind}", data=data, headers={"origin": ORIGIN},
                       files={"file": (name or f"{kind}.xlsx", content, content_type)})


def _shown_errors(html: str) -> list[tuple[str, str, str, str]]:
    """(row, field, message, expected) of each error row of the page."""
    cells = re.findall(r'<tr class="upload-error">.*?<td class="num e-row">(.*?)</td><td class="e-field">(.*?)</td>'
                       r'<td class="e-message">(.*?)</td><td class="e-expected">(.*?)</td>', html, re.S)
    return [tuple(unescape(cell) for cell in row) for row in cells]


def _as_shown(error: InputError) -> tuple[str, str, str, str]:
    return ("" if error.row is None else str(error.row), error.field or "", error.message, error.expected or "")


def _runs(site) -> int:
    with site.sessions()() as session:
        return session.scalar(select(func.count()).select_from(Run))


def _last_event(site, action: str = "upload") -> AuditEvent:
    with site.sessions()() as session:
        return session.scalars(select(AuditEvent).where(AuditEvent.action == action)
                               .order_by(AuditEvent.seq.desc())).first()


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_a_broken_sheet_shows_the_readers_errors_and_records_nothing(clients, site, tmp_path, kind):
    content, read = BROKEN[kind]
    path = tmp_path / "broken.xlsx"
    path.write_bytes(content)
    expected = read(path)
    assert expected, "the sheet is meant to be broken"
    before = _runs(site)
    response = _post(clients["unit_a"], kind, content, name="台账.xlsx")
    assert response.status_code == 400
    assert _shown_errors(response.text) == [_as_shown(error) for error in expected]
    assert str(path) not in response.text and "secsuite-upload-" not in response.text
    assert response.text.count('<td class="e-source">台账.xlsx</td>') == len(expected)
    assert _runs(site) == before
    event = _last_event(site)
    assert (event.actor, event.outcome, event.unit, event.detail["errors"]) == ("unit_a", "failure", UNIT_A, len(expected))
    assert event.detail["sha256"] == hashlib.sha256(content).hexdigest()


def test_the_inventory_is_checked_and_its_findings_show_on_the_unit_page(clients, site):
    before = clients["unit_a"].get(f"/findings?unit={quote(UNIT_A)}&kind=check").text
    response = _post(clients["unit_a"], "systems", _workbook("systems", SYSTEM))
    assert response.status_code == 200, response.text[:500]
    run_id = int(re.search(r"第 (\d+) 次运行", response.text).group(1))
    with site.sessions()() as session:
        run = session.get(Run, run_id)
        assert (run.kind, run.trigger, run.actor, run.status) == ("check", "web", "unit_a", "finished")
        assert run.arguments["paths"] == [f"web:upload/systems/{UNIT_A}"]
        assert session.scalars(select(SystemRecord.source).where(SystemRecord.run_id == run_id)).all() == [
            f"web:upload/systems/{UNIT_A}"]
    listed = clients["unit_a"].get(f"/findings?unit={quote(UNIT_A)}&kind=check").text
    assert "低保救助管理系统" not in before
    assert "MLPS-NOT-FILED" in listed and "低保救助管理系统" in listed
    event = _last_event(site)
    assert (event.outcome, event.detail["run_id"], event.detail["file"]) == ("success", run_id, "systems.xlsx")
    again = _post(clients["auditor"], "systems", _workbook("systems", SYSTEM))
    with site.sessions()() as session:
        runs = session.scalars(select(Run).where(Run.id >= run_id).order_by(Run.id)).all()
    assert again.status_code == 200 and [r.actor for r in runs] == ["unit_a", "auditor"]
    assert runs[0].scope_key == runs[1].scope_key, "two uploads of one unit's inventory are comparable runs"


def test_incidents_show_with_their_sla_and_the_score_sheet_brings_the_veto(clients, site):
    unit_a = clients["unit_a"]
    response = _post(unit_a, "incidents", _workbook("incidents", LEAK))
    assert response.status_code == 200, response.text[:500]
    page = unit_a.get(f"/units/{quote(UNIT_A)}").text
    assert "INC-UP-1" in page and "6:30" in page  # the response clock, over the 5-minute limit
    assert "IR-RESPONSE-SLA-BREACH" in unit_a.get(f"/findings?unit={quote(UNIT_A)}&kind=incidents").text
    with site.sessions()() as session:
        sources = session.scalars(select(IncidentRecord.source).where(
            IncidentRecord.run_id == _last_event(site).detail["run_id"])).all()
    assert sources == [f"web:upload/incidents/{UNIT_A}"], "the stored row names the upload, not a temporary file"

    template = unit_a.get("/uploads/templates/scores.xlsx")
    assert template.status_code == 200 and template.headers["content-type"] == XLSX
    book = openpyxl.load_workbook(io.BytesIO(template.content))
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    assert {row[0] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]} == {UNIT_A}
    sheet.cell(row=2, column=header.index("得分") + 1, value=0)
    filled = io.BytesIO()
    book.save(filled)
    response = _post(unit_a, "scores", filled.getvalue())
    assert response.status_code == 200, response.text[:800]
    assert 'class="veto-banner"' in response.text and "INC-UP-1" in response.text
    evaluations = unit_a.get("/evaluations").text
    assert "一票否决" in evaluations and "INC-UP-1" in evaluations
    assert UNIT_B not in evaluations


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_another_units_upload_is_404_and_audited(clients, site, kind):
    before = _runs(site)
    response = _post(clients["unit_a"], kind, _workbook("systems", SYSTEM | {"unit": UNIT_B}), unit=UNIT_B)
    assert response.status_code == 404
    assert _runs(site) == before
    event = _last_event(site)
    assert (event.actor, event.outcome, event.unit) == ("unit_a", "refused", UNIT_B)


def test_a_score_sheet_checked_against_the_rubric_gives_the_evaluations_errors(clients, site, tmp_path):
    """Errors the evaluation finds (an indicator the unit's rubric does not have) are those of the
    sheet builder ``secsuite evaluate`` runs, and stop the evaluation before anything is recorded."""
    content = _sheet(("单位名称", "指标", "得分"), (UNIT_A, "不存在的指标", 1))
    path = tmp_path / "scores.xlsx"
    path.write_bytes(content)
    units = [Unit(unit=UNIT_A, unit_type="department", tier="第一档", source="units", row=2)]
    _, expected = build_sheet(load_scores(path)[0], {UNIT_A: units[0]}, rubrics_for(units, []), "units")
    assert expected
    before = _runs(site)
    response = _post(clients["unit_a"], "scores", content)
    assert response.status_code == 400
    assert _shown_errors(response.text) == [_as_shown(error) for error in expected]
    assert _runs(site) == before


def test_a_score_sheet_of_another_template_says_so(clients, site):
    response = _post(clients["unit_a"], "scores", _workbook("incidents", LEAK))
    assert response.status_code == 400 and "没有读到指标评分表的数据行" in response.text


def test_rows_of_another_unit_are_row_errors(clients, site):
    response = _post(clients["unit_a"], "systems", _workbook("systems", SYSTEM, SYSTEM | {"unit": UNIT_B}), unit="")
    assert response.status_code == 400
    assert _shown_errors(response.text) == [("3", "单位名称 (unit)", "单位不在本次上传的范围内 (unit outside this upload)",
                                             "本次上传所选的单位 (the unit the upload is for)")]


@pytest.mark.parametrize("role", ["sysadmin", "secadmin", "auditadmin"])
def test_administrators_upload_nothing(clients, role):
    assert _post(clients[role], "systems", _workbook("systems", SYSTEM)).status_code == 403
    assert clients[role].get("/uploads/templates/systems.xlsx").status_code == 403


def test_without_the_csrf_token_it_is_403(clients, site):
    before = _runs(site)
    assert _post(clients["unit_a"], "systems", _workbook("systems", SYSTEM), csrf=False).status_code == 403
    assert _runs(site) == before


def test_an_oversized_upload_is_413(clients, site, monkeypatch):
    content = _workbook("systems", SYSTEM)
    monkeypatch.setenv(MAX_BYTES_ENV, str(len(content) - 1))
    assert _post(clients["unit_a"], "systems", content).status_code == 413


def test_a_body_of_unstated_length_is_refused(clients):
    """Chunked, with no Content-Length: its size cannot be checked before it is read."""
    client = clients["unit_a"]
    body = b"--b\r\nContent-Disposition: form-data; name=\"unit\"\r\n\r\n\r\n--b--\r\n"
    response = client.post("/uploads/systems", content=iter([body]),
                           headers={"origin": ORIGIN, "x-csrf-token": csrf_of(client),
                                    "content-type": "multipart/form-data; boundary=b"})
    assert response.status_code == 411


def test_a_workbook_bomb_is_refused_as_the_reader_refuses_it(clients, site, tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/sharedStrings.xml", b"\0" * RATIO_FROM)
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(InputError) as refused:
        check_workbook(path, str(path))
    response = _post(clients["unit_a"], "systems", buffer.getvalue())
    assert response.status_code == 400
    assert _shown_errors(response.text) == [_as_shown(refused.value)]


@pytest.mark.parametrize(("name", "content_type"), [("systems.csv", "text/csv"), ("systems.xlsx", "text/plain")])
def test_only_xlsx_is_taken(clients, site, name, content_type):
    response = _post(clients["unit_a"], "systems", b"unit,system\n", name=name, content_type=content_type)
    assert response.status_code == 415
    assert "只接受 XLSX" in response.text and _last_event(site).outcome == "refused"


def test_a_file_named_after_an_id_number_is_audited_masked(clients, site):
    _post(clients["unit_a"], "systems", b"not a zip", name="11010519491231002X.xlsx")
    event = _last_event(site)
    assert "11010519491231002X" not in str(event.detail) and event.detail["file"].endswith(".xlsx")


@pytest.mark.parametrize("kind", ["systems", "incidents"])
def test_blank_templates_are_the_commands(clients, site, kind):
    response = clients["unit_b"].get(f"/uploads/templates/{kind}.xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [cell.value for cell in sheet[1]] == inventory_template(kind).headers() and sheet.max_row == 1
    event = _last_event(site, "download")
    assert (event.actor, event.object) == ("unit_b", f"template/{kind}")


@pytest.mark.parametrize(("role", "units"), [("auditor", {UNIT_A, UNIT_B, UNIT_C}), ("evaluator_c", {UNIT_C})])
def test_the_score_sheet_lists_the_units_one_may_score(clients, role, units):
    sheet = openpyxl.load_workbook(io.BytesIO(clients[role].get("/uploads/templates/scores.xlsx").content)).worksheets[0]
    assert {row[0] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]} == units


def test_an_evaluator_uploads_score_sheets_only(clients):
    assert _post(clients["evaluator_c"], "systems", _workbook("systems", SYSTEM), unit=UNIT_C).status_code == 403
    response = _post(clients["evaluator_c"], "scores", _sheet(("单位名称", "指标", "得分"), (UNIT_A, "人员配置", 1)),
                     unit="")
    assert response.status_code == 400
    assert _shown_errors(response.text)[0][1:3] == ("单位名称 (unit)", "单位不在本次上传的范围内 (unit outside this upload)")
