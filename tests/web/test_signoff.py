"""Sign-off of an evaluation on SQLite and PostgreSQL: the unit's administrator confirms, an auditor
approves and it is published with the hash of what was signed; nothing published changes, and a
changed result needs a new version."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from secsuite.store.access import Signoff
from secsuite.store.models import EvaluationRecord
from secsuite.web.signoff import content_hash
from tests.web.conftest import ORIGIN, UNIT_A, UNIT_B, csrf_of


def sign(client, unit: str, action: str):
    return client.post(f"/units/{quote(unit)}/signoff", data={"action": action, "comment": "核对无误",
                                                              "csrf_token": csrf_of(client)}, headers={"origin": ORIGIN})


def steps(site, unit: str) -> list[Signoff]:
    with site.sessions()() as session:
        return list(session.scalars(select(Signoff).where(Signoff.unit == unit).order_by(Signoff.id)))


def test_confirm_approve_publish_then_a_new_version_only_after_a_change(site, clients):
    unit_admin, auditor = clients["unit_b"], clients["auditor"]
    assert sign(auditor, UNIT_B, "approve").status_code == 403, "nothing confirmed yet"
    assert sign(unit_admin, UNIT_B, "confirm").status_code == 303
    assert "等待审计人员审核" in unit_admin.get(f"/units/{quote(UNIT_B)}").text
    assert sign(unit_admin, UNIT_B, "approve").status_code == 403, "units do not approve"
    assert sign(auditor, UNIT_B, "approve").status_code == 303
    page = auditor.get(f"/units/{quote(UNIT_B)}").text
    assert "第 1 版已发布" in page
    with site.sessions()() as session:
        record = session.scalars(select(EvaluationRecord).where(EvaluationRecord.unit == UNIT_B)).one()
        expected = content_hash(record)
    assert [(s.stage, s.version, s.content_hash) for s in steps(site, UNIT_B)] == [
        ("confirmed", 1, expected), ("approved", 1, expected)]
    refused = sign(unit_admin, UNIT_B, "confirm")
    assert refused.status_code == 403 and "不可更改" in refused.text

    with site.sessions().begin() as session:  # a new evaluation run changes the unit's result
        session.execute(text("UPDATE evaluations SET final_score = 79.5 WHERE unit = :unit"), {"unit": UNIT_B})
    assert "须确认新版本" in auditor.get(f"/units/{quote(UNIT_B)}").text
    assert sign(unit_admin, UNIT_B, "confirm").status_code == 303
    assert steps(site, UNIT_B)[-1].version == 2 and steps(site, UNIT_B)[-1].content_hash != expected


@pytest.mark.parametrize(("role", "unit", "status"), [("unit_a", UNIT_A, 403), ("unit_b", UNIT_A, 404),
                                                      ("secadmin", UNIT_B, 403)])
def test_who_may_sign(clients, role, unit, status):
    assert sign(clients[role], unit, "confirm").status_code == status


def test_published_steps_cannot_be_changed(site):
    with site.sessions()() as session, pytest.raises(DBAPIError, match="append-only"):
        session.execute(text("UPDATE signoffs SET content_hash = 'x'"))
        session.commit()
