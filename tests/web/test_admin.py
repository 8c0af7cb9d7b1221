"""The security administrator's users page keeps each user's e-mail address as `secsuite users
email` does, checked the same way, and monitoring alerts addressed to a role and unit reach it."""

from __future__ import annotations

from sqlalchemy import select

from secsuite.monitor.recipients import resolve
from secsuite.store.access import AuditEvent
from tests.web.conftest import ORIGIN, UNIT_B, csrf_of


def post(client, **data):
    return client.post("/admin/users", data=data | {"csrf_token": csrf_of(client)}, headers={"origin": ORIGIN})


def test_e_mail_is_set_checked_and_used_by_alerts(site, clients):
    admin = clients["secadmin"]
    added = post(admin, action="add", username="mailer", role_name="unit_admin", unit=UNIT_B, email="ops@b.example")
    assert added.status_code == 200 and "ops@b.example" in added.text
    refused = post(admin, action="email", username="mailer", email="not-an-address")
    assert refused.status_code == 400 and "邮箱地址无效" in refused.text
    assert post(admin, action="email", username="mailer", email="duty@b.example").status_code == 303
    assert "duty@b.example" in admin.get("/admin/users").text
    with site.sessions()() as session:
        assert "duty@b.example" in resolve(session, [f"unit_admin@{UNIT_B}"], None, site.clock()).addresses
        changed = session.scalars(select(AuditEvent).where(AuditEvent.action == "user.email")).one()
    assert (changed.actor, changed.object) == ("secadmin", "mailer")
    assert post(admin, action="email", username="mailer", email="").status_code == 303
    with site.sessions()() as session:
        assert resolve(session, [f"unit_admin@{UNIT_B}"], None, site.clock()).addresses == []
