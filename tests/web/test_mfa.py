"""The optional TOTP second factor on SQLite and PostgreSQL, with pyotp computing the codes an
authenticator app would show: enrolment shows the secret once and stores it sealed, sign-in asks
for a code after the password, a code is never accepted twice, and the security administrator
recovers a lost device. Every step is in the audit log."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pyotp
import pytest
from sqlalchemy import select

from secsuite.store.access import AuditEvent, User
from tests.web.conftest import ORIGIN, PASSWORD, UNIT_A, csrf_of

USER = "totp_user"


def post(client, path, **data):
    return client.post(path, data=data | {"csrf_token": csrf_of(client)}, headers={"origin": ORIGIN})


def sign_in(site, code: str = "", username: str = USER):
    client = site.client()
    client.get("/login")
    response = client.post("/login", data={"username": username, "password": PASSWORD, "code": code,
                                           "csrf_token": client.cookies.get("secsuite_login", "")},
                           headers={"origin": ORIGIN})
    return client, response.status_code


def between(text: str, start: str, end: str = "<") -> str:
    return text.split(start, 1)[1].split(end, 1)[0]


@pytest.fixture(scope="module")
def enrolled(site, clients) -> str:
    """A unit user who enrolled through the pages; the secret their authenticator holds."""
    with site.sessions().begin() as session:
        site.accounts(session).add(USER, "unit_user", UNIT_A, password=PASSWORD)
    client, status = sign_in(site)
    assert status == 303
    assert "未启用" in client.get("/account").text
    shown = post(client, "/account/mfa").text
    secret = between(shown, 'id="mfa-secret">')
    uri = urlsplit(between(shown, 'id="mfa-uri">').replace("&amp;", "&"))
    assert (uri.scheme, uri.netloc) == ("otpauth", "totp") and parse_qs(uri.query)["secret"] == [secret]
    assert secret not in client.get("/account").text, "the secret is shown once"
    with site.sessions()() as session:
        sealed = session.scalars(select(User.mfa_secret).where(User.username == USER)).one()
    assert secret.encode() not in sealed, "stored sealed, never in clear"
    assert post(client, "/account/mfa/confirm", code="000000").status_code == 400
    assert sign_in(site)[1] == 303, "not active before a right code"
    code = pyotp.TOTP(secret).at(site.clock())
    assert post(client, "/account/mfa/confirm", code=code).status_code == 303
    assert "已启用" in client.get("/account").text
    site.clock.advance(seconds=30)  # the confirming code is spent; the tests sign in with the next one
    return secret


def test_sign_in_asks_for_the_code_after_the_password(site, enrolled):
    totp = pyotp.TOTP(enrolled)
    assert sign_in(site)[1] == 401, "the password alone is not enough"
    wrong = sign_in(site, "123456" if totp.at(site.clock()) != "123456" else "654321")[1]
    assert wrong == 401
    code = totp.at(site.clock())
    client, status = sign_in(site, code)
    assert status == 303 and client.get("/").status_code == 200
    assert sign_in(site, code)[1] == 401, "a code is never accepted twice"
    site.clock.advance(seconds=30)
    assert sign_in(site, totp.at(site.clock()))[1] == 303
    with site.sessions()() as session:
        reasons = [e.detail.get("reason") for e in session.scalars(
            select(AuditEvent).where(AuditEvent.action == "login", AuditEvent.object == USER,
                                     AuditEvent.outcome == "failure"))]
        enrolment = set(session.scalars(select(AuditEvent.action).where(AuditEvent.object == USER)))
    assert reasons.count("wrong second factor") == 3
    assert {"mfa.enrol", "mfa.enable"} <= enrolment


def test_enrolling_again_needs_the_administrator(site, enrolled):
    site.clock.advance(seconds=30)
    client, status = sign_in(site, pyotp.TOTP(enrolled).at(site.clock()))
    assert status == 303
    refused = post(client, "/account/mfa")
    assert refused.status_code == 400 and "安全管理员" in refused.text


def test_the_security_administrator_resets_a_lost_device(site, clients, enrolled):
    site.clock.advance(seconds=30)
    client, status = sign_in(site, pyotp.TOTP(enrolled).at(site.clock()))
    assert status == 303
    admin = clients["secadmin"]
    row = admin.get("/admin/users").text.split(f"<td>{USER}</td>", 1)[1].split("</tr>", 1)[0]
    assert row.endswith("<td>是</td>"), "the users page shows who uses a second factor"
    assert post(admin, "/admin/users", action="mfa_reset", username=USER).status_code == 303
    assert client.get("/").status_code == 303, "the user's sessions ended"
    assert sign_in(site)[1] == 303, "the password alone signs in again; the user enrols anew"
    again = post(admin, "/admin/users", action="mfa_reset", username=USER)
    assert again.status_code == 400 and "未启用动态口令" in again.text
    with site.sessions()() as session:
        reset = session.scalars(select(AuditEvent).where(AuditEvent.action == "mfa.reset")).one()
    assert (reset.actor, reset.object) == ("secadmin", USER)
