"""Signing in, as GB/T 22239-2019 8.1.4.1 asks and the clock decides: lockout after five failures,
idle and absolute timeouts, a one-time password changed before anything else, the password policy,
CSRF and Origin checks on every state change, and the security headers."""

from __future__ import annotations

import sqlite3

import pytest

from tests.web.conftest import ORIGIN, PASSWORD, UNIT_A, Clock, Site, build_site, csrf_of, login


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return build_site(f"sqlite:///{tmp_path_factory.mktemp('template') / 'store.db'}")


@pytest.fixture
def fresh(template, tmp_path):
    """A copy of the template store of its own, with its own clock: these tests move the clock and
    lock accounts (copying the store spares the migrations and the argon2 hashing of every user;
    SQLite's backup copies what the write-ahead log still holds, too)."""
    with sqlite3.connect(template.url.removeprefix("sqlite:///")) as source, \
            sqlite3.connect(tmp_path / "store.db") as copy:
        source.backup(copy)
    return Site(f"sqlite:///{tmp_path / 'store.db'}", template.key, Clock())


def test_five_failures_lock_the_account_for_thirty_minutes(fresh):
    client = fresh.client()
    for _ in range(5):
        assert login(client, "auditor", "Wrong-Passw0rd!!") == 401
    assert login(client, "auditor") == 401, "locked: even the right password is refused"
    fresh.clock.advance(minutes=29)
    assert login(client, "auditor") == 401
    fresh.clock.advance(minutes=1, seconds=1)
    assert login(client, "auditor") == 303


def test_every_failure_answers_alike(fresh):
    client = fresh.client()
    answers = {login(client, "nobody", PASSWORD), login(client, "auditor", "Wrong-Passw0rd!!")}
    bodies = set()
    for user, password in (("nobody", PASSWORD), ("auditor", "Wrong-Passw0rd!!")):
        client.get("/login")
        response = client.post("/login", data={"username": user, "password": password,
                                               "csrf_token": client.cookies["secsuite_login"]},
                               headers={"origin": ORIGIN})
        bodies.add(response.text.split('name="csrf_token" value="')[0])
    assert answers == {401} and len(bodies) == 1 and "用户名或密码错误" in bodies.pop()


@pytest.mark.parametrize(("user", "idle_ok", "idle_out"), [
    ("secadmin", 14, 15),   # administrators: 15 minutes
    ("auditor", 29, 30),    # everyone else: 30 minutes
])
def test_idle_timeout(fresh, user, idle_ok, idle_out):
    home = "/admin/users" if user == "secadmin" else "/"
    client = fresh.client()
    assert login(client, user) == 303
    fresh.clock.advance(minutes=idle_ok)
    assert client.get(home).status_code == 200
    fresh.clock.advance(minutes=idle_out)
    response = client.get(home)
    assert response.status_code == 303 and response.headers["location"] == "/login"


def test_absolute_timeout_after_eight_hours_of_activity(fresh):
    client = fresh.client()
    assert login(client, "auditor") == 303
    for _ in range(16):  # every 29 minutes for 7 h 44 min
        fresh.clock.advance(minutes=29)
        assert client.get("/units").status_code == 200
    fresh.clock.advance(minutes=16)
    assert client.get("/units").status_code == 303


def test_one_time_password_must_be_changed_first(fresh):
    with fresh.sessions().begin() as session:
        issued = fresh.accounts(session).add("newcomer", "unit_user", UNIT_A)
    client = fresh.client()
    assert login(client, "newcomer", issued.password) == 303
    assert client.get("/").headers["location"] == "/password"
    token = csrf_of(client)
    changed = client.post("/password", data={"current": issued.password, "new": "Brand-N3w-Secret",
                                             "repeat": "Brand-N3w-Secret", "csrf_token": token},
                          headers={"origin": ORIGIN})
    assert changed.status_code == 303
    assert client.get("/").status_code == 200


@pytest.mark.parametrize(("new", "message"), [
    ("Sh0rt-Pass", "至少 12 个字符"),
    ("alllowercaseletters", "至少三类"),
    ("Auditor-Passw0rd-1", "不得包含用户名"),
    (PASSWORD, "最近 5 次"),
])
def test_password_policy(fresh, new, message):
    client = fresh.client()
    assert login(client, "auditor") == 303
    response = client.post("/password", data={"current": PASSWORD, "new": new, "repeat": new,
                                              "csrf_token": csrf_of(client)}, headers={"origin": ORIGIN})
    assert response.status_code == 400 and message in response.text


def test_history_refuses_each_of_the_last_five(fresh):
    from secsuite.store.access import User
    from secsuite.web.accounts import AccountError

    used = [PASSWORD] + [f"Rotati0n-Number-{n}" for n in range(5)]
    with fresh.sessions().begin() as session:
        accounts = fresh.accounts(session)
        user = session.query(User).filter_by(username="auditor").one()
        for previous, new in zip(used, used[1:], strict=False):
            accounts.change_password(user, previous, new)
        for old in used[-5:]:
            with pytest.raises(AccountError, match="最近 5 次"):
                accounts.change_password(user, used[-1], old)
        accounts.change_password(user, used[-1], used[0])  # six changes ago: allowed again


@pytest.mark.parametrize(("headers", "send_token", "status"), [
    ({"origin": ORIGIN}, True, 303),
    ({"origin": ORIGIN}, False, 403),
    ({"origin": "http://evil.example"}, True, 403),
    ({"referer": ORIGIN + "/units"}, True, 303),
    ({}, True, 403),
])
def test_state_changes_need_the_token_and_our_origin(fresh, headers, send_token, status):
    client = fresh.client()
    assert login(client, "auditor") == 303
    data = {"csrf_token": csrf_of(client)} if send_token else {}
    assert client.post("/logout", data=data, headers=headers).status_code == status


def test_htmx_header_carries_the_token(fresh):
    client = fresh.client()
    assert login(client, "secadmin") == 303
    token = csrf_of(client)
    assert f'hx-headers=\'{{"X-CSRF-Token": "{token}"}}\'' in client.get("/admin/users").text
    response = client.post("/admin/users", data={"action": "disable", "username": "unit_b"},
                           headers={"origin": ORIGIN, "x-csrf-token": token})
    assert response.status_code == 303


def test_login_form_needs_its_cookie_token(fresh):
    client = fresh.client()
    client.get("/login")
    response = client.post("/login", data={"username": "auditor", "password": PASSWORD, "csrf_token": "forged"},
                           headers={"origin": ORIGIN})
    assert response.status_code == 403


@pytest.mark.parametrize("path", ["/login", "/static/htmx.min.js", "/static/web.css"])
def test_security_headers(fresh, path):
    response = fresh.client().get(path)
    assert response.status_code == 200
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"


def test_session_cookie_flags_and_no_inline_script(fresh):
    client = fresh.client()
    client.get("/login")
    response = client.post("/login", data={"username": "auditor", "password": PASSWORD,
                                           "csrf_token": client.cookies["secsuite_login"]}, headers={"origin": ORIGIN})
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    page = client.get("/").text
    assert "<script>" not in page and " onclick" not in page and "style=" not in page


def test_static_folder_serves_only_the_application_files(fresh):
    assert fresh.client().get("/static/report.css").status_code == 404
    assert fresh.client().get("/static/../labels.yaml").status_code == 404


def test_revoking_a_grant_or_disabling_ends_sessions(fresh):
    client = fresh.client()
    assert login(client, "unit_a") == 303
    assert client.get("/").status_code == 200
    with fresh.sessions().begin() as session:
        fresh.accounts(session).disable("unit_a")
    assert client.get("/").status_code == 303
    assert login(client, "unit_a") == 401
