"""Pagination of the findings list, the units list and the audit log on SQLite and PostgreSQL: the
pages together show every finding exactly once, in the export's order; counts and page numbers are
the store's (and the dashboard's counts per unit); a page past the end is the last one; the links
keep the filters."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import secrets
from io import BytesIO
from urllib.parse import quote, urlencode

import pytest
from openpyxl import load_workbook

from secsuite.findings import Severity
from secsuite.store.access import Review
from secsuite.store.db import open_engine
from secsuite.store.recorder import RunRecorder
from secsuite.web.audit import CLI, AuditLog
from secsuite.web.units import sync_units
from secsuite.web.views import PAGE_SIZE, UNITS_PAGE
from tests.web.conftest import AS_OF, PASSWORD, UNIT_A, UNIT_B, UNIT_C, Clock, Site, _finding, login

RULES = ("DATA-SHARE-OVER-LEVEL", "IR-RESPONSE-SLA-BREACH", "MLPS-NOT-FILED")
SEVERITIES = list(Severity)
# A scan of 130 findings (70 of unit A, 45 of B, 15 of C), then a check of 23 of unit B; severities
# and rules cycling, every ninth muted. The list goes by severity, then run, then as recorded.
FINDINGS = [_finding(RULES[i % 3], unit, f"data/{unit}/表{i}.csv", SEVERITIES[i % 5], muted=i % 9 == 0)
            for i, unit in enumerate([UNIT_A] * 70 + [UNIT_B] * 45 + [UNIT_C] * 15 + [UNIT_B] * 23)]
CHECKED = 130  # where the check's findings start
ACCEPTED = [FINDINGS[1].id, FINDINGS[72].id]  # approved reviews in force (one an SLA breach): not open
EXTRA_UNITS = [f"测试单位{i:02d}" for i in range(60)]
AUDIT_EVENTS = 130
COUNT = re.compile(r"第 (\d+) 页 / 共 (\d+) 条（(\d+) 页）")
FINDING_LINK = re.compile(r'href="/findings/(F-[0-9a-f]+)"')


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def site(request, tmp_path_factory) -> Site:
    url = (f"sqlite:///{tmp_path_factory.mktemp('paging') / 'store.db'}" if request.param == "sqlite"
           else request.getfixturevalue("postgres_url"))
    site = Site(url, secrets.token_bytes(32), Clock())
    for kind, findings in (("scan", FINDINGS[:CHECKED]), ("check", FINDINGS[CHECKED:])):
        recorder = RunRecorder(open_engine(url), kind, AS_OF, {})
        recorder.findings(findings)
        recorder.finish()
    with site.sessions().begin() as session:
        sync_units(session, names=EXTRA_UNITS)
        accounts = site.accounts(session)
        accounts.add("auditor", "auditor", None, password=PASSWORD)
        accounts.add("auditadmin", "audit_admin", None, password=PASSWORD)
        now = site.clock()
        for finding_id in ACCEPTED:
            session.add(Review(subject_kind="finding", subject_key=finding_id, unit=UNIT_A, decision="accepted",
                               proposed={}, reason="测试", expires_at=now + dt.timedelta(days=30), status="approved",
                               requested_by="unit", requested_at=now, reviewed_by="auditor", reviewed_at=now))
        audit = AuditLog(site.key)
        for i in range(AUDIT_EVENTS):
            audit.record(session, CLI, "export", object="findings.csv", detail={"n": i}, at=now)
    return site


@pytest.fixture(scope="module")
def auditor(site):
    client = site.client()
    assert login(client, "auditor") == 303
    return client


def shown(client, path: str) -> tuple[list[str], tuple[int, int, int], str]:
    """The finding ids of a page, its (page, total, pages) and its HTML."""
    response = client.get(path)
    assert response.status_code == 200, path
    page, total, pages = map(int, COUNT.search(response.text).groups())
    return list(dict.fromkeys(FINDING_LINK.findall(response.text))), (page, total, pages), response.text


def expected(unit=None, severity=None, rule=None, status=None) -> list[str]:
    """The finding ids a filter shows, in the list's order (most severe first, then by run, then as
    recorded: FINDINGS holds the runs one after the other)."""
    def status_of(f) -> str:
        return "muted" if f.muted else "accepted" if f.id in ACCEPTED else "open"

    kept = [(i, f) for i, f in enumerate(FINDINGS) if (unit is None or f.unit == unit)
            and (severity is None or f.severity.value == severity) and (rule is None or f.rule_id == rule)
            and (status is None or status_of(f) == status)]
    return [f.id for i, f in sorted(kept, key=lambda pair: (-pair[1].severity.rank, pair[0]))]


FILTERS = [{}, {"severity": "high"}, {"unit": UNIT_A}, {"status": "open"}, {"status": "accepted"},
           {"status": "muted", "rule": RULES[0]}, {"unit": UNIT_B, "status": "open", "rule": RULES[1]}]


@pytest.mark.parametrize("given", FILTERS, ids=lambda given: urlencode(given) or "all")
def test_pages_show_every_finding_once_in_the_exports_order(auditor, given):
    want = expected(**given)
    query = urlencode(given)
    first, (page, total, pages), html = shown(auditor, f"/findings?{query}")
    assert (page, total, pages) == (1, len(want), max(1, -(-len(want) // PAGE_SIZE)))
    seen = list(first)
    for number in range(2, pages + 1):
        ids, counted, _ = shown(auditor, f"/findings?{query}{'&' if query else ''}page={number}")
        assert counted == (number, total, pages)
        seen += ids
    assert seen == want
    exported = list(csv.reader(io.StringIO(auditor.get(f"/findings/export.csv?{query}").content.decode("utf-8-sig"))))
    assert [row[0] for row in exported[1:]] == want
    sheet = load_workbook(BytesIO(auditor.get(f"/findings/export.xlsx?{query}").content)).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == want


def test_page_boundaries(auditor):
    want = expected()
    pages = -(-len(want) // PAGE_SIZE)
    assert len(want) % PAGE_SIZE, "the last page must be a partial one for this test"
    last, counted, _ = shown(auditor, f"/findings?page={pages}")
    assert last == want[(pages - 1) * PAGE_SIZE:] and counted == (pages, len(want), pages)
    assert shown(auditor, f"/findings?page={pages + 5}")[:2] == (last, counted), "past the end: the last page"
    assert shown(auditor, "/findings?page=0")[:2] == shown(auditor, "/findings")[:2]
    assert auditor.get("/findings?page=two").status_code == 400
    empty, counted, html = shown(auditor, "/findings?rule=NO-SUCH-RULE")
    assert empty == [] and counted == (1, 0, 1) and 'class="pager"' in html
    assert 'rel="next"' not in html and 'rel="prev"' not in html


def test_pager_links_keep_the_filters(auditor):
    _, (_, total, pages), html = shown(auditor, f"/findings?unit={quote(UNIT_A)}&severity=&status=open")
    assert total == len(expected(unit=UNIT_A, status="open")) and pages == 2
    kept = f"/findings?unit={quote(UNIT_A)}&amp;status=open&amp;page=2"  # the empty filter is left out
    assert f'href="{kept}"' in html and f'hx-get="{kept}"' in html
    assert f"/findings/export.csv?unit={quote(UNIT_A)}&amp;status=open" in html


def test_api_pages_end_empty(site):
    with site.sessions().begin() as session:
        token = site.accounts(session).token("auditor", None, 30)
    client = site.client()
    headers = {"authorization": f"Bearer {token}"}
    seen, page = [], 1
    while items := client.get(f"/api/v1/findings?size=40&page={page}", headers=headers).json()["items"]:
        seen += [item["id"] for item in items]
        page += 1
    assert seen == expected() and page == 5


def test_units_list_is_paginated_with_the_counts_of_its_units(site, auditor):
    names, pages = [], -(-(3 + len(EXTRA_UNITS)) // UNITS_PAGE)
    assert pages > 1
    for number in range(1, pages + 1):
        html = auditor.get(f"/units?page={number}").text
        assert COUNT.search(html).groups() == (str(number), str(3 + len(EXTRA_UNITS)), str(pages))
        names += re.findall(r'<a href="/units/[^"]+">([^<]+)</a>', html)
    assert sorted(names) == sorted([UNIT_A, UNIT_B, UNIT_C, *EXTRA_UNITS])
    row = auditor.get("/units").text.split(f">{UNIT_C}</a>", 1)[1].split("</tr>", 1)[0]
    cells = [int(n) for n in re.findall(r'<td class="num sev-[a-z]+[^"]*">(\d+)</td>', row)]
    counts = [sum(1 for f in FINDINGS if f.unit == UNIT_C and not f.muted and f.severity.value == s.value)
              for s in sorted(Severity, key=lambda s: -s.rank)]
    assert cells == counts


def test_audit_log_is_paginated(site):
    client = site.client()
    assert login(client, "auditadmin") == 303
    html = client.get("/admin/audit").text
    page, total, pages = map(int, COUNT.search(html).groups())
    assert page == 1 and total >= AUDIT_EVENTS + 1 and pages == -(-total // 100)
    last = client.get(f"/admin/audit?page={pages}").text
    seqs = [int(n) for n in re.findall(r'<tr><td class="num">(\d+)</td>', last)]
    assert seqs[-1] == 1 and len(seqs) == total - 100 * (pages - 1)
    assert 'id="audit-intact"' in last


def test_dashboard_counts_are_the_stores(auditor):
    html = auditor.get("/").text
    for unit in (UNIT_A, UNIT_B, UNIT_C):
        row = html.split(f">{unit}</a>", 1)[1].split("</tr>", 1)[0]
        cells = re.findall(r'<td class="num[^"]*">([^<]*)</td>', row)
        mine = [f for f in FINDINGS if f.unit == unit]
        still_open = [f for f in mine if not f.muted and f.id not in ACCEPTED]
        by_severity = [sum(1 for f in still_open if f.severity == s) for s in sorted(Severity, key=lambda s: -s.rank)]
        sla = sum(1 for f in still_open if f.rule_id == "IR-RESPONSE-SLA-BREACH")
        assert [int(n) for n in cells[:8]] == [*by_severity, len(still_open), len(mine) - len(still_open), sla], unit
