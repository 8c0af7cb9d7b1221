"""Four-eyes review of findings on SQLite and PostgreSQL: a unit proposes to accept a risk until a
date, it changes nothing until another person (an auditor) approves, then the finding shows as
accepted everywhere (list, filter, API, export, dashboard) and reopens by itself on its date."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

import pytest

from tests.web.conftest import FINDINGS, ORIGIN, UNIT_A, csrf_of, login

TARGET = next(f for f in FINDINGS if f.unit == UNIT_A and f.severity.value == "medium")


def post(client, path, **data):
    return client.post(path, data=data | {"csrf_token": csrf_of(client)}, headers={"origin": ORIGIN})


def status_shown(client) -> str:
    page = client.get(f"/findings/{quote(TARGET.id)}").text
    return page.split('id="finding-status">', 1)[1].split("</strong>", 1)[0].rsplit(">", 1)[1]


def pending_review_id(site) -> int:
    from sqlalchemy import select

    from secsuite.store.access import Review

    with site.sessions()() as session:
        return session.scalars(select(Review.id).where(Review.subject_key == TARGET.id, Review.status == "pending")).one()


@pytest.fixture
def until(site) -> str:
    return (site.clock() + dt.timedelta(days=30)).date().isoformat()


def test_acceptance_needs_a_second_person_and_reopens_on_its_date(site, clients, until):
    unit, auditor = clients["unit_a"], clients["auditor"]
    assert status_shown(unit) == "待处理"
    proposed = post(unit, f"/findings/{quote(TARGET.id)}/review", decision="accepted", reason="系统下线前临时保留",
                    until=until)
    assert proposed.status_code == 303
    assert status_shown(unit) == "待处理", "a proposal alone changes nothing"
    review = pending_review_id(site)
    refused = post(unit, f"/reviews/{review}", approve="1")
    assert refused.status_code == 403 and "另一人" in refused.text
    again = post(unit, f"/findings/{quote(TARGET.id)}/review", decision="false_positive", reason="x", until=until)
    assert again.status_code == 400 and "已有待审核" in again.text
    assert post(auditor, f"/reviews/{review}", approve="1").status_code == 303
    assert status_shown(unit) == "已接受风险"
    accepted = auditor.get(f"/findings?unit={quote(UNIT_A)}&status=accepted").text
    open_now = auditor.get(f"/findings?unit={quote(UNIT_A)}&status=open").text
    assert TARGET.object.id in accepted and TARGET.object.id not in open_now
    assert "已接受风险" in auditor.get(f"/findings/export.csv?unit={quote(UNIT_A)}").content.decode("utf-8-sig")
    site.clock.advance(days=31)
    try:
        for client, username in ((unit, "unit_a"), (auditor, "auditor")):  # a month idle: sign in again
            assert login(client, username) == 303
        assert status_shown(unit) == "待处理", "the acceptance expired: the finding is open again"
        assert TARGET.object.id in auditor.get(f"/findings?unit={quote(UNIT_A)}&status=open").text
    finally:
        site.clock.advance(days=-31)


def test_the_proposer_cannot_approve_even_as_auditor(site, clients, until):
    auditor = clients["auditor"]
    other = next(f for f in FINDINGS if f.unit == UNIT_A and f.severity.value == "critical")
    assert post(auditor, f"/findings/{quote(other.id)}/review", decision="false_positive", reason="规则误判",
                until=until).status_code == 303
    from sqlalchemy import select

    from secsuite.store.access import Review

    with site.sessions()() as session:
        review = session.scalars(select(Review.id).where(Review.subject_key == other.id)).one()
    response = post(auditor, f"/reviews/{review}", approve="1")
    assert response.status_code == 403 and "另一人" in response.text
    assert post(clients["unit_a"], f"/reviews/{review}", approve="1").status_code == 403, "units do not approve"


@pytest.mark.parametrize(("role", "status"), [("unit_b", 404), ("evaluator_c", 404), ("secadmin", 403)])
def test_other_units_and_roles_cannot_touch_the_finding(clients, until, role, status):
    response = post(clients[role], f"/findings/{quote(TARGET.id)}/review", decision="accepted", reason="r", until=until)
    assert response.status_code == status
    assert clients[role].get(f"/findings/{quote(TARGET.id)}").status_code == status


@pytest.mark.parametrize(("decision", "reason", "days", "message"), [
    ("accepted", "", 30, "须填写理由"),
    ("accepted", "r", 0, "有效期"),
    ("accepted", "r", 400, "有效期"),
    ("delete", "r", 30, "处理方式"),
])
def test_proposals_are_checked(site, clients, decision, reason, days, message):
    other = next(f for f in FINDINGS if f.unit == UNIT_A and f.muted)
    until = (site.clock() + dt.timedelta(days=days)).date().isoformat()
    response = post(clients["unit_a"], f"/findings/{quote(other.id)}/review", decision=decision, reason=reason,
                    until=until)
    assert response.status_code == 400 and message in response.text
