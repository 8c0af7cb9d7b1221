"""The incidents page over a store the use cases filled: the response and handling clocks and the
statutory report as they stand at the server's clock or at ``?as_of=``, unit scoping, pagination."""

from __future__ import annotations

import secrets

import pytest

from secsuite.app.incidents import IncidentsJob, assess_incidents
from secsuite.web import paging
from secsuite.web.units import sync_units
from tests.web.conftest import PASSWORD, Clock, Site, login
from tests.web.real_runs import AS_OF, GA, MZ, _register


def _row(body: str, incident: str) -> str:
    table = body[body.index('id="incidents"'):]
    return next(row for row in table.split("<tr>") if f"<td>{incident}</td>" in row)


# (as_of, incident) → what its response, handling and report cells say (the server's clock: 09:00)
CASES = [
    ("", "INC-MZ-1", ("计时中", "剩余 3:00"), ("计时中", "剩余 28:00"), ("无需上报",)),
    ("2026-03-02T09:10", "INC-MZ-1", ("已超时未完成",), ("计时中", "剩余 18:00"), ("无需上报",)),
    ("", "INC-GA-1", ("按时", "4:00"), ("超时", "40:00"), ("无需上报",)),
    ("", "INC-GA-2", ("按时", "3:00"), ("按时", "20:00"), ("待上报", "2026-03-02 11:30:00", "剩余 2:30:00")),
    ("2026-03-02", "INC-GA-2", ("按时",), ("按时",), ("逾期未报",)),
]


@pytest.mark.parametrize(("as_of", "incident", "response", "handling", "report"), CASES)
def test_each_clock_as_it_stands(real_clients, as_of, incident, response, handling, report):
    body = real_clients["auditor"].get("/incidents" + (f"?as_of={as_of}" if as_of else "")).text
    cells = _row(body, incident).split("<td>")
    for cell, words in zip(cells[6:9], (response, handling, report), strict=True):
        assert all(word in cell for word in words), (cell, words)


def test_the_moment_is_shown_and_a_bad_one_refused(real_clients):
    client = real_clients["auditor"]
    assert "时限状态截至 2026-03-02 09:00:00" in client.get("/incidents").text
    assert "时限状态截至 2026-03-02 23:59:59" in client.get("/incidents?as_of=2026-03-02").text
    # the grammar of --as-of and of the registers' cells, as auditors type it
    assert "时限状态截至 2026-03-02 23:59:59" in client.get("/incidents?as_of=2026年3月2日").text
    assert "时限状态截至 2026-03-02 09:10:00" in client.get("/incidents?as_of=2026年3月2日 9时10分").text
    response = client.get("/incidents?as_of=yesterday")
    assert response.status_code == 400


def test_unit_staff_see_their_incidents_only(real_clients):
    mine = real_clients["mz"].get("/incidents").text
    assert "INC-MZ-1" in mine and "INC-GA-1" not in mine and "INC-GA-2" not in mine
    assert real_clients["mz"].get("/incidents?unit=" + GA).status_code == 404
    theirs = real_clients["ga"].get("/incidents?unit=" + GA).text
    assert "INC-GA-1" in theirs and "INC-MZ-1" not in theirs


def test_the_list_pages(real_clients, monkeypatch):
    monkeypatch.setattr(paging, "PAGE_SIZE", 2)
    client = real_clients["auditor"]
    first, second = client.get("/incidents?as_of=2026-03-02").text, client.get("/incidents?as_of=2026-03-02&page=2").text
    assert first.count("<tr><td>INC-") == 2 and second.count("<tr><td>INC-") == 1
    assert 'href="/incidents?as_of=2026-03-02&amp;page=2"' in first


def test_the_clocks_follow_the_limits_their_run_was_assessed_with(tmp_path):
    """A register assessed under a config that shortens the response limit to 3 minutes: the page's
    clocks agree with that run's findings, not with the rule pack's 5 minutes (the web reads no
    config: the run recorded its limits)."""
    url = f"sqlite:///{tmp_path / 'store.db'}"
    _register(tmp_path / "incidents.csv", (GA, MZ))
    outcome = assess_incidents(IncidentsJob(path=tmp_path / "incidents.csv", as_of=AS_OF, store_url=url,
                                            rule_params={"IR-RESPONSE-SLA-BREACH": {"minutes": 3}}))
    breaches = {f.object.id for f in outcome.result.findings if f.rule_id == "IR-RESPONSE-SLA-BREACH"}
    assert breaches == {"INC-GA-1"}  # it responded after 4 minutes
    site = Site(url, secrets.token_bytes(32), Clock())
    with site.sessions().begin() as session:
        sync_units(session)
        site.accounts(session).add("auditor", "auditor", None, password=PASSWORD)
    client = site.client()
    assert login(client, "auditor") == 303
    body = client.get("/incidents").text  # the clock reads 2026-03-02 09:00
    assert "超时" in _row(body, "INC-GA-1").split("<td>")[6]
    assert "剩余 1:00" in _row(body, "INC-MZ-1").split("<td>")[6]  # found at 08:58
