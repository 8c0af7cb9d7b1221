"""Rate limits of failed sign-ins and API tokens, per account and per client address, over SQLite
and PostgreSQL with the application's clock moved instead of waiting: past a limit the answer is
429 with Retry-After (even to the right password or a valid token), and the limit lifts exactly
when the oldest counted failure leaves the window."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from secsuite.store.access import AuditEvent
from secsuite.web.ratelimit import ACCOUNT_LIMIT, ADDRESS_LIMIT, WINDOW
from tests.web.conftest import ORIGIN, PASSWORD, UNIT_A

WINDOW_SECONDS = int(WINDOW.total_seconds())


@pytest.fixture(scope="module")
def app(site):
    return site.app()


@pytest.fixture
def client_at(app):
    """A client of the one application from the given address."""
    return lambda address: TestClient(app, base_url=ORIGIN, follow_redirects=False, client=(address, 50000))


def attempt(client: TestClient, username: str, password: str):
    client.get("/login")
    return client.post("/login", data={"username": username, "password": password,
                                       "csrf_token": client.cookies.get("secsuite_login", "")},
                       headers={"origin": ORIGIN})


@pytest.fixture
def moved_clock(site):
    """Each test starts from the same moment and puts the clock back, so the module's signed-in
    clients stay within their idle time."""
    start = site.clock.now
    yield site.clock
    site.clock.now = start


def test_one_account_guessed_from_many_addresses(site, client_at, moved_clock):
    with site.sessions().begin() as session:
        site.accounts(session).add("victim", "unit_user", UNIT_A, password=PASSWORD)
    for n in range(ACCOUNT_LIMIT):
        assert attempt(client_at(f"198.51.100.{n}"), "victim", "wrong-Password-1").status_code == 401
    moved_clock.advance(seconds=60)
    limited = attempt(client_at("198.51.100.200"), "victim", PASSWORD)
    assert limited.status_code == 429 and limited.headers["retry-after"] == str(WINDOW_SECONDS - 60)
    assert "秒后再试" in limited.text
    moved_clock.advance(seconds=WINDOW_SECONDS - 61)
    assert attempt(client_at("198.51.100.201"), "victim", PASSWORD).headers["retry-after"] == "1"
    moved_clock.advance(seconds=1)
    after = attempt(client_at("198.51.100.202"), "victim", PASSWORD)
    assert after.status_code == 401, "no longer rate-limited, still locked after five wrong passwords"
    moved_clock.advance(minutes=30)
    assert attempt(client_at("198.51.100.203"), "victim", PASSWORD).status_code == 303
    with site.sessions()() as session:
        refused = list(session.scalars(select(AuditEvent).where(AuditEvent.object == "victim",
                                                                AuditEvent.outcome == "refused")))
    assert [e.detail["reason"] for e in refused] == ["rate limited", "rate limited"]


def test_one_address_spraying_many_accounts(site, client_at, moved_clock):
    sprayer = client_at("203.0.113.9")
    for n in range(ADDRESS_LIMIT):
        assert attempt(sprayer, f"nobody{n}", "Spray-Password-1").status_code == 401
    limited = attempt(sprayer, "auditor", PASSWORD)
    assert limited.status_code == 429 and limited.headers["retry-after"] == str(WINDOW_SECONDS)
    assert attempt(client_at("203.0.113.10"), "auditor", PASSWORD).status_code == 303, "others sign in"
    moved_clock.advance(seconds=WINDOW_SECONDS)
    assert attempt(sprayer, "auditor", PASSWORD).status_code == 303


def test_api_tokens_guessed_from_one_address(site, client_at, moved_clock):
    with site.sessions().begin() as session:
        token = site.accounts(session).token("auditor", None)
    guesser = client_at("192.0.2.77")
    for n in range(ADDRESS_LIMIT):
        response = guesser.get("/api/v1/units", headers={"authorization": f"Bearer sst_guess{n}"})
        assert response.status_code == 401
    limited = guesser.get("/api/v1/units", headers={"authorization": f"Bearer {token}"})
    assert limited.status_code == 429 and limited.headers["retry-after"] == str(WINDOW_SECONDS)
    assert limited.json()["detail"].startswith("失败尝试过多") and "retry after" in limited.json()["detail"]
    other = client_at("192.0.2.78").get("/api/v1/units", headers={"authorization": f"Bearer {token}"})
    assert other.status_code == 200
    moved_clock.advance(seconds=WINDOW_SECONDS)
    assert guesser.get("/api/v1/units", headers={"authorization": f"Bearer {token}"}).status_code == 200
    with site.sessions()() as session:
        refused = session.scalars(select(AuditEvent).where(AuditEvent.action == "api.token")).all()
    assert [(e.outcome, e.ip) for e in refused] == [("refused", "192.0.2.77")]


def test_a_revoked_token_replayed_from_many_addresses(site, client_at, moved_clock):
    from secsuite.store.access import ApiToken
    from secsuite.web.tokens import digest

    with site.sessions().begin() as session:
        accounts = site.accounts(session)
        accounts.add("scripted", "unit_user", UNIT_A, password=PASSWORD)
        stolen, current = accounts.token("scripted", None), accounts.token("scripted", None)
        session.scalars(select(ApiToken).where(ApiToken.token_hash == digest(stolen))).one().revoked_at = site.clock()
    for n in range(ACCOUNT_LIMIT):
        replay = client_at(f"100.64.0.{n}").get("/api/v1/units", headers={"authorization": f"Bearer {stolen}"})
        assert replay.status_code == 401
    limited = client_at("100.64.1.1").get("/api/v1/units", headers={"authorization": f"Bearer {current}"})
    assert limited.status_code == 429 and limited.headers["retry-after"] == str(WINDOW_SECONDS)
    moved_clock.advance(seconds=WINDOW_SECONDS)
    assert client_at("100.64.1.1").get("/api/v1/units", headers={"authorization": f"Bearer {current}"}).status_code == 200
