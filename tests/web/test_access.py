"""Route × role × unit → status, over ASGI on SQLite and PostgreSQL: each business role sees its
units' pages and gets 404 for another unit's, as for a unit that does not exist; the three
administrators (三员) reach their own console only and no business data; nobody signed in is sent
to the login page."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.web.conftest import FINDINGS, UNIT_A, UNIT_B, UNIT_C

A, B, C = quote(UNIT_A), quote(UNIT_B), quote(UNIT_C)
ROLES = ("auditor", "unit_a", "unit_b", "evaluator_c", "sysadmin", "secadmin", "auditadmin", "anonymous")
# Expected status per role, in the order of ROLES.
TABLE = {
    "/":                              (200, 200, 200, 200, 403, 403, 403, 303),
    "/units":                         (200, 200, 200, 200, 403, 403, 403, 303),
    f"/units/{A}":                    (200, 200, 404, 404, 403, 403, 403, 303),
    f"/units/{B}":                    (200, 404, 200, 404, 403, 403, 403, 303),
    f"/units/{C}":                    (200, 404, 404, 200, 403, 403, 403, 303),
    "/units/no-such-unit":            (404, 404, 404, 404, 403, 403, 403, 303),
    "/findings":                      (200, 200, 200, 200, 403, 403, 403, 303),
    f"/findings?unit={A}":            (200, 200, 404, 404, 403, 403, 403, 303),
    f"/findings?unit={B}":            (200, 404, 200, 404, 403, 403, 403, 303),
    f"/findings/export.csv?unit={B}": (200, 404, 200, 404, 403, 403, 403, 303),
    f"/findings/export.xlsx?unit={A}": (200, 200, 404, 404, 403, 403, 403, 303),
    "/evaluations":                   (200, 200, 200, 200, 403, 403, 403, 303),
    "/runs":                          (200, 200, 200, 200, 403, 403, 403, 303),
    f"/runs?unit={A}":                (200, 200, 404, 404, 403, 403, 403, 303),
    "/runs/1":                        (200, 200, 200, 200, 403, 403, 403, 303),
    "/runs/1/diff":                   (200, 200, 200, 200, 403, 403, 403, 303),
    "/runs/999":                      (404, 404, 404, 404, 403, 403, 403, 303),
    "/datasets":                      (200, 200, 200, 200, 403, 403, 403, 303),
    f"/datasets?unit={A}":            (200, 200, 404, 404, 403, 403, 403, 303),
    "/datasets/999":                  (404, 404, 404, 404, 403, 403, 403, 303),
    "/incidents":                     (200, 200, 200, 200, 403, 403, 403, 303),
    f"/incidents?unit={B}":           (200, 404, 200, 404, 403, 403, 403, 303),
    "/monitoring":                    (200, 200, 200, 403, 403, 403, 403, 303),
    f"/monitoring?unit={C}":          (200, 404, 404, 403, 403, 403, 403, 303),
    "/uploads":                       (200, 200, 200, 200, 403, 403, 403, 303),
    "/uploads/templates/systems.xlsx": (200, 200, 200, 403, 403, 403, 403, 303),
    "/uploads/templates/scores.xlsx": (200, 200, 200, 200, 403, 403, 403, 303),
    "/uploads/templates/units.xlsx":  (404, 404, 404, 404, 403, 403, 403, 303),
    "/labels/999999":                 (404, 404, 404, 404, 403, 403, 403, 303),
    "/account":                       (200, 200, 200, 200, 200, 200, 200, 303),
    "/admin/users":                   (403, 403, 403, 403, 403, 200, 403, 303),
    "/admin/audit":                   (403, 403, 403, 403, 403, 403, 200, 303),
    "/admin/system":                  (403, 403, 403, 403, 200, 403, 403, 303),
    "/admin/ranges":                  (403, 403, 403, 403, 403, 200, 403, 303),
}
CASES = [(path, role, status) for path, statuses in TABLE.items() for role, status in zip(ROLES, statuses, strict=True)]


@pytest.mark.parametrize(("path", "role", "status"), CASES, ids=[f"{r}:{p}" for p, r, _ in CASES])
def test_route_role_unit_status(clients, path, role, status):
    response = clients[role].get(path)
    assert response.status_code == status, response.text[:300]
    if status == 303:
        assert response.headers["location"] == "/login"


OBJECTS = {unit: {f.object.id for f in FINDINGS if f.unit == unit} for unit in (UNIT_A, UNIT_B, UNIT_C)}
SEES = {"auditor": {UNIT_A, UNIT_B, UNIT_C}, "unit_a": {UNIT_A}, "unit_b": {UNIT_B}, "evaluator_c": {UNIT_C}}


@pytest.mark.parametrize("role", sorted(SEES))
@pytest.mark.parametrize("path", ["/", "/units", "/findings", "/findings/export.csv", "/evaluations", "/uploads"])
def test_lists_hold_exactly_the_units_granted(clients, role, path):
    body = clients[role].get(path).text
    for unit in (UNIT_A, UNIT_B, UNIT_C):
        assert (unit in body) is (unit in SEES[role]), unit
        if path.startswith("/findings"):
            assert all((obj in body) is (unit in SEES[role]) for obj in OBJECTS[unit])


@pytest.mark.parametrize("role", ["sysadmin", "secadmin", "auditadmin"])
def test_administrators_see_no_business_data(clients, role):
    home = {"sysadmin": "/admin/system", "secadmin": "/admin/users", "auditadmin": "/admin/audit"}[role]
    body = clients[role].get(home).text
    assert not any(obj in body for objects in OBJECTS.values() for obj in objects)
    assert "一票否决" not in body and "DATA-SHARE-OVER-LEVEL" not in body


def test_the_veto_shows_as_a_banner_to_those_who_see_the_unit(clients):
    for role in ("auditor", "unit_a"):
        body = clients[role].get("/").text
        assert 'class="veto-banner"' in body and "INC-9" in body
    assert 'class="veto-banner"' not in clients["unit_b"].get("/").text


def test_export_is_what_the_filters_show_in_csv_and_xlsx_alike(clients):
    from io import BytesIO

    from openpyxl import load_workbook

    client = clients["auditor"]
    query = f"?unit={A}&status=open"
    listed = client.get("/findings" + query).text
    csv_rows = client.get("/findings/export.csv" + query).content.decode("utf-8-sig").strip().split("\r\n")
    book = load_workbook(BytesIO(client.get("/findings/export.xlsx" + query).content))
    xlsx_rows = [[cell or "" for cell in row] for row in book.active.iter_rows(values_only=True)]
    shown = {f.object.id for f in FINDINGS if f.unit == UNIT_A and not f.muted}
    assert len(csv_rows) == len(xlsx_rows) == len(shown) + 1
    assert all(obj in listed for obj in shown)
    assert [row.split(",")[0] for row in csv_rows] == [row[0] for row in xlsx_rows]
    assert {row[7] for row in xlsx_rows[1:]} == shown


def test_formula_looking_names_stay_text_in_exports(clients):
    from io import BytesIO

    from openpyxl import load_workbook

    client = clients["unit_b"]
    csv_text = client.get("/findings/export.csv").content.decode("utf-8-sig")
    assert "data/公安/=HYPERLINK(1).csv" in csv_text
    book = load_workbook(BytesIO(client.get("/findings/export.xlsx").content))
    cells = [cell for row in book.active.iter_rows() for cell in row if "HYPERLINK" in str(cell.value)]
    assert cells and all(cell.data_type == "s" for cell in cells)


def test_dashboard_counts_open_findings_by_unit_and_severity(site):
    from secsuite.web.sessions import Principal
    from secsuite.web.views import unit_rows

    with site.sessions()() as session:
        rows = unit_rows(session, Principal(0, "auditor", frozenset({"auditor"}), None), site.clock())
    shown = {row.unit.name: ({s: n for s, n in row.counts.items() if n}, row.muted) for row in rows}
    expected = {}
    for unit in (UNIT_A, UNIT_B, UNIT_C):
        counts: dict[str, int] = {}
        for f in FINDINGS:
            if f.unit == unit and not f.muted:
                counts[f.severity.value] = counts.get(f.severity.value, 0) + 1
        expected[unit] = (counts, sum(1 for f in FINDINGS if f.unit == unit and f.muted))
    assert shown == expected
