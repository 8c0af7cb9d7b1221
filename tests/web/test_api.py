"""``/api/v1`` with bearer tokens from the accounts, as scripts use it: 401 without a valid token,
the units the token may see, findings as ``{"items": [...]}``, 404 for another unit's findings."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.web.conftest import FINDINGS, UNIT_A, UNIT_B, UNIT_C

ITEM_KEYS = {"rule_id", "object", "unit", "severity", "status"}


@pytest.fixture(scope="module")
def tokens(site):
    with site.sessions().begin() as session:
        accounts = site.accounts(session)
        made = {"auditor": accounts.token("auditor", None), "unit_a": accounts.token("unit_a", None),
                "auditor_on_b": accounts.token("auditor", UNIT_B), "short": accounts.token("unit_b", None, days=1)}
    return made


@pytest.fixture(scope="module")
def api(site):
    return site.client()


def get(api, path, token=None):
    return api.get(path, headers={"authorization": f"Bearer {token}"} if token else {})


@pytest.mark.parametrize("token_name", [None, "sst_not-a-token"])
@pytest.mark.parametrize("path", ["/api/v1/units", f"/api/v1/findings?unit={UNIT_A}", "/api/v1/findings"])
def test_no_valid_token_is_401(api, path, token_name):
    response = get(api, path, token_name)
    assert response.status_code == 401 and response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize(("who", "units"), [("auditor", {UNIT_A, UNIT_B, UNIT_C}), ("unit_a", {UNIT_A}),
                                            ("auditor_on_b", {UNIT_B})])
def test_units_are_those_the_token_may_see(api, tokens, who, units):
    response = get(api, "/api/v1/units", tokens[who])
    assert response.status_code == 200
    assert {item["name"] for item in response.json()["items"]} == units


@pytest.mark.parametrize(("who", "unit", "status"), [
    ("auditor", UNIT_A, 200), ("auditor", UNIT_B, 200), ("unit_a", UNIT_A, 200), ("unit_a", UNIT_B, 404),
    ("unit_a", "no-such-unit", 404), ("auditor_on_b", UNIT_A, 404), ("auditor_on_b", UNIT_B, 200),
])
def test_findings_of_a_unit(api, tokens, who, unit, status):
    response = get(api, f"/api/v1/findings?unit={unit}", tokens[who])
    assert response.status_code == status
    if status == 200:
        items = response.json()["items"]
        assert {item["object"]["id"] for item in items} == {f.object.id for f in FINDINGS if f.unit == unit}
        assert all(set(item) >= ITEM_KEYS and item["unit"] == unit for item in items)
        assert {item["status"] for item in items} <= {"open", "muted"}


def test_findings_without_a_unit_are_all_the_token_sees(api, tokens):
    items = get(api, "/api/v1/findings", tokens["unit_a"]).json()["items"]
    assert {item["unit"] for item in items} == {UNIT_A}
    assert [item["severity"] for item in items] == ["critical", "medium", "low"]


def test_a_token_expires_and_follows_its_owner(site, api, tokens):
    assert get(api, "/api/v1/units", tokens["short"]).status_code == 200
    site.clock.advance(days=1, seconds=1)
    try:
        assert get(api, "/api/v1/units", tokens["short"]).status_code == 401
    finally:
        site.clock.advance(days=-1, seconds=-1)
    with site.sessions().begin() as session:
        site.accounts(session).revoke("unit_a", "unit_user", UNIT_A)
    try:
        assert get(api, "/api/v1/units", tokens["unit_a"]).json()["items"] == []
        assert get(api, f"/api/v1/findings?unit={UNIT_A}", tokens["unit_a"]).status_code == 404
    finally:
        with site.sessions().begin() as session:
            site.accounts(session).grant("unit_a", "unit_user", UNIT_A)


def test_only_hashes_of_tokens_are_stored(site, tokens):
    from sqlalchemy import select

    from secsuite.store.access import ApiToken

    with site.sessions()() as session:
        stored = set(session.scalars(select(ApiToken.token_hash)))
    assert not stored & set(tokens.values()) and len(stored) >= len(tokens)


def test_openapi_describes_the_api(api):
    spec = api.get("/api/v1/openapi.json").json()
    assert {"/api/v1/units", "/api/v1/findings"} <= set(spec["paths"])
    assert not any(path.startswith(("/admin", "/login")) for path in spec["paths"])
    docs = api.get("/api/v1/docs")
    assert docs.status_code == 200 and "/api/v1/findings" in docs.text


def test_api_reads_are_audited(site, api, tokens):
    from sqlalchemy import select

    from secsuite.store.access import AuditEvent

    get(api, f"/api/v1/findings?unit={UNIT_A}", tokens["auditor"])
    with site.sessions()() as session:
        last = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1)).one()
    assert (last.actor, last.via, last.action, last.unit) == ("auditor", "api", "api.findings", UNIT_A)
    assert isinstance(last.at, dt.datetime)
