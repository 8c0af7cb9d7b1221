"""``secsuite web init``, ``secsuite users …`` and ``secsuite web units`` as scripts run them: exit
codes, passwords from stdin, one-time passwords printed once, refusals with exit 2 and nothing kept,
and a token that works against the API."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from secsuite.cli import app
from secsuite.store.db import open_engine
from secsuite.web.app import create_app
from secsuite.web.audit import load_key
from tests.conftest import EXAMPLES
from tests.web.conftest import ORIGIN, PASSWORD, UNIT_A, UNIT_B, login, seed


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("SECSUITE_AUDIT_KEY_FILE", str(tmp_path / "audit.key"))
    monkeypatch.delenv("SECSUITE_DB", raising=False)
    url = f"sqlite:///{tmp_path / 'store.db'}"
    seed(url)
    return url


def run(store: str, *args: str, stdin: str | None = None):
    return CliRunner().invoke(app, [*args, "--db", store], input=stdin, env={"SECSUITE_LANG": "zh", "COLUMNS": "200"})


def test_web_init_creates_three_administrators_once(store):
    first = run(store, "web", "init")
    assert first.exit_code == 0, first.output
    lines = re.findall(r"^(sys_admin|sec_admin|audit_admin)\t(\S+)\t(\S+)$", first.output, re.M)
    assert [role for role, _, _ in lines] == ["sys_admin", "sec_admin", "audit_admin"]
    assert len({password for _, _, password in lines}) == 3
    again = run(store, "web", "init")
    assert again.exit_code == 2 and "已初始化" in again.output
    client = TestClient(create_app(open_engine(store), audit_key=load_key()), base_url=ORIGIN, follow_redirects=False)
    _, username, password = lines[1]
    assert login(client, username, password) == 303
    assert client.get("/admin/users").headers["location"] == "/password"


def test_users_add_reads_the_password_from_stdin_and_the_token_works(store):
    added = run(store, "users", "add", "zhang", "--role", "unit_user", "--unit", UNIT_A, stdin=PASSWORD + "\n")
    assert added.exit_code == 0, added.output
    assert PASSWORD not in added.output
    token = run(store, "users", "token", "zhang")
    assert token.exit_code == 0
    value = token.output.strip().splitlines()[-1]
    client = TestClient(create_app(open_engine(store), audit_key=load_key()), base_url=ORIGIN)
    headers = {"authorization": f"Bearer {value}"}
    assert [u["name"] for u in client.get("/api/v1/units", headers=headers).json()["items"]] == [UNIT_A]
    assert client.get(f"/api/v1/findings?unit={UNIT_B}", headers=headers).status_code == 404
    signed = TestClient(create_app(open_engine(store), audit_key=load_key()), base_url=ORIGIN, follow_redirects=False)
    assert login(signed, "zhang") == 303
    assert signed.get("/").status_code == 200, "a password chosen by its operator need not be changed"


def test_users_add_without_stdin_prints_a_one_time_password(store):
    added = run(store, "users", "add", "li", "--role", "auditor", stdin="")
    assert added.exit_code == 0, added.output
    username, password = added.output.splitlines()[0].split("\t")
    client = TestClient(create_app(open_engine(store), audit_key=load_key()), base_url=ORIGIN, follow_redirects=False)
    assert (username, login(client, "li", password)) == ("li", 303)
    assert client.get("/").headers["location"] == "/password"


@pytest.mark.parametrize(("args", "message"), [
    (("users", "add", "wang", "--role", "unit_user"), "needs --unit"),
    (("users", "add", "wang", "--role", "unit_user", "--unit", "不存在的单位"), "单位不存在"),
    (("users", "add", "wang", "--role", "superuser"), "unknown role"),
    (("users", "add", "wang zhang", "--role", "auditor"), "非空白"),
    (("users", "grant", "nobody", "--role", "auditor"), "用户不存在"),
    (("users", "token", "nobody"), "用户不存在"),
    (("users", "add", "wang", "--role", "auditor", "--email", "wang@localhost"), "邮箱地址无效"),
    (("users", "add", "wang", "--role", "auditor", "--email", "wang at example.gov.cn"), "邮箱地址无效"),
    (("users", "email", "nobody", "a@example.gov.cn"), "用户不存在"),
])
def test_refusals_exit_2_and_keep_nothing(store, args, message):
    result = run(store, *args, stdin="")
    assert result.exit_code == 2 and message in result.output, result.output
    listed = run(store, "users", "list")
    assert "wang" not in listed.output


def test_users_carry_the_e_mail_address_alerts_for_their_roles_go_to(store):
    added = run(store, "users", "add", "qian", "--role", "unit_admin", "--unit", UNIT_A,
                "--email", "qian@mz.example.gov.cn", stdin=PASSWORD)
    assert added.exit_code == 0, added.output
    assert "qian@mz.example.gov.cn" in run(store, "users", "list").output
    changed = run(store, "users", "email", "qian", "qian2@mz.example.gov.cn")
    assert changed.exit_code == 0, changed.output
    assert run(store, "users", "email", "qian", "not-an-address").exit_code == 2
    listed = run(store, "users", "list").output
    assert "qian2@mz.example.gov.cn" in listed and "qian@mz.example.gov.cn" not in listed
    assert run(store, "users", "email", "qian", "").exit_code == 0
    assert "qian2@" not in run(store, "users", "list").output


def test_admin_and_business_roles_never_combine(store):
    assert run(store, "web", "init").exit_code == 0
    grant = run(store, "users", "grant", "sysadmin", "--role", "auditor")
    assert grant.exit_code == 2 and "三员分立" in grant.output
    token = run(store, "users", "token", "sysadmin")
    assert token.exit_code == 2


def test_reset_gives_a_new_one_time_password_and_unlocks(store):
    assert run(store, "users", "add", "zhao", "--role", "auditor", stdin=PASSWORD).exit_code == 0
    client = TestClient(create_app(open_engine(store), audit_key=load_key()), base_url=ORIGIN, follow_redirects=False)
    for _ in range(5):
        login(client, "zhao", "Wrong-Passw0rd!!")
    assert login(client, "zhao") == 401
    reset = run(store, "users", "reset", "zhao", stdin="")
    assert reset.exit_code == 0
    _, password = reset.output.splitlines()[0].split("\t")
    assert login(client, "zhao", password) == 303


def test_units_come_from_the_results_and_a_units_list(store):
    result = run(store, "web", "units", "--from", str(EXAMPLES / "units.xlsx"), "--add", "新设单位")
    assert result.exit_code == 0, result.output
    for name in (UNIT_A, UNIT_B, "泗洪县", "市湖滨新区", "新设单位"):
        assert name in result.output


def test_verify_audit(store):
    assert run(store, "web", "init").exit_code == 0
    verified = run(store, "web", "verify-audit")
    assert verified.exit_code == 0 and "4 events" in verified.output


def test_mfa_reset_removes_a_lost_second_factor(store):
    from sqlalchemy import select

    from secsuite.store.access import User
    from secsuite.store.db import session_factory
    from secsuite.web import mfa
    from secsuite.web.audit import AuditLog

    assert run(store, "users", "add", "sun", "--role", "auditor", stdin=PASSWORD).exit_code == 0
    assert run(store, "users", "mfa-reset", "sun").exit_code == 2, "nothing to reset yet"
    with session_factory(open_engine(store)).begin() as session:
        user = session.scalars(select(User).where(User.username == "sun")).one()
        mfa.begin(user, AuditLog(load_key()))
        user.mfa_enabled = True
    assert "是 (yes)" in run(store, "users", "list").output
    reset = run(store, "users", "mfa-reset", "sun")
    assert reset.exit_code == 0 and "/account" in reset.output
    client = TestClient(create_app(open_engine(store), audit_key=load_key()), base_url=ORIGIN, follow_redirects=False)
    assert login(client, "sun") == 303, "the password alone signs in again"
