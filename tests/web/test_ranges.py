"""The security administrator approves and revokes scan ranges in the web application: the CSRF
token and our origin are required, a bad range is refused with the reason, every change is in the
audit log, and monitoring's check sees exactly what the page shows."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from secsuite.monitor.ranges import unapproved
from secsuite.store.access import AuditEvent
from tests.web.conftest import ORIGIN, UNIT_A, csrf_of


def _post(client, **form: str):
    return client.post("/admin/ranges", data={"csrf_token": csrf_of(client)} | form, headers={"origin": ORIGIN})


def test_approve_then_revoke_is_audited_and_enforced(site, clients):
    admin = clients["secadmin"]
    done = _post(admin, action="approve", spec="10.88.0.0/24", unit=UNIT_A, reason="授权书 2026-31")
    assert done.status_code == 303
    assert "10.88.0.0/24" in admin.get("/admin/ranges").text
    with site.sessions()() as session:
        assert unapproved(session, UNIT_A, ["10.88.0.9"]) == []
        [event] = session.scalars(select(AuditEvent).where(AuditEvent.action == "range.approve")
                                  .order_by(AuditEvent.seq.desc()).limit(1))
        assert (event.object, event.unit) == ("10.88.0.0/24", UNIT_A)
        from secsuite.monitor.ranges import approved

        [row] = [r for r in approved(session, UNIT_A) if r.spec == "10.88.0.0/24"]
        assert row.approved_by == "secadmin"
    assert _post(admin, action="revoke", range_id=str(row.id)).status_code == 303
    with site.sessions()() as session:
        assert unapproved(session, UNIT_A, ["10.88.0.9"]) == ["10.88.0.9"]
        assert session.scalar(select(AuditEvent.action).where(AuditEvent.action == "range.revoke")) == "range.revoke"


@pytest.mark.parametrize(("form", "message"), [
    ({"spec": "--script=x", "reason": "r"}, "invalid target"),
    ({"spec": "10.0.0.0/8", "reason": " "}, "reason"),
])
def test_a_bad_approval_is_refused_with_its_reason(clients, form, message):
    response = _post(clients["secadmin"], action="approve", unit=UNIT_A, **form)
    assert response.status_code == 400 and message in response.text


def test_the_form_needs_the_csrf_token(clients):
    response = clients["secadmin"].post("/admin/ranges", data={"action": "approve", "spec": "10.0.0.1",
                                                               "unit": UNIT_A, "reason": "r"},
                                        headers={"origin": ORIGIN})
    assert response.status_code == 403
