"""A small store of three units on real SQLite and PostgreSQL, users of every role, and signed-in
clients of the application over ASGI, with a clock the tests move."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from secsuite.findings import Finding, ObjectRef, Severity
from secsuite.store.db import open_engine, session_factory
from secsuite.store.models import EvaluationRecord, Run
from secsuite.store.recorder import RunRecorder
from secsuite.timeutil import DEFAULT_TZ
from secsuite.web import passwords
from secsuite.web.accounts import Accounts
from secsuite.web.app import create_app
from secsuite.web.audit import CLI, AuditLog
from secsuite.web.units import sync_units

AS_OF = dt.date(2025, 12, 31)
UNIT_A, UNIT_B, UNIT_C = "市民政局", "市公安局", "宿城区"
ORIGIN = "http://testserver"
PASSWORD = "Corr3ct-Horse-Battery"
# (user, role, unit): one user per role; unit_a and unit_b see one unit each.
USERS = {
    "auditor": ("auditor", None), "unit_a": ("unit_user", UNIT_A), "unit_b": ("unit_admin", UNIT_B),
    "evaluator_c": ("evaluator", UNIT_C), "sysadmin": ("sys_admin", None), "secadmin": ("sec_admin", None),
    "auditadmin": ("audit_admin", None),
}


class Clock:
    """A clock the test moves; the application reads it on every request."""

    def __init__(self) -> None:
        self.now = dt.datetime(2026, 3, 2, 9, 0, tzinfo=DEFAULT_TZ)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


def _finding(rule: str, unit: str, object_id: str, severity: Severity, muted: bool = False) -> Finding:
    obj = ObjectRef(kind="dataset", id=object_id)
    return Finding(id=Finding.fingerprint(rule, obj, unit), rule_id=rule, severity=severity, title=f"{rule} 标题",
                   message=f"{object_id} 的问题", unit=unit, object=obj, evidence={}, citation="依据",
                   as_of=AS_OF, muted=muted, mute_reason="已整改" if muted else None)


FINDINGS = [
    _finding("DATA-SHARE-OVER-LEVEL", UNIT_A, "data/民政/低保.csv", Severity.critical),
    _finding("DATA-NOT-CATALOGUED", UNIT_A, "data/民政/养老.csv", Severity.medium),
    _finding("DATA-NOT-CATALOGUED", UNIT_A, "data/民政/婚姻.csv", Severity.low, muted=True),
    _finding("DATA-SHARE-OVER-LEVEL", UNIT_B, "data/公安/人口.csv", Severity.high),
    _finding("DATA-NOT-CATALOGUED", UNIT_B, "data/公安/=HYPERLINK(1).csv", Severity.medium),
    _finding("DATA-NOT-CATALOGUED", UNIT_C, "data/宿城/社保.csv", Severity.high),
]


def seed(url: str) -> None:
    """Findings of three units through the recorder, and an evaluation vetoing unit A."""
    engine = open_engine(url)
    recorder = RunRecorder(engine, "scan", AS_OF, {"paths": ["data"]})
    recorder.findings(FINDINGS)
    recorder.finish()
    evaluation = RunRecorder(engine, "evaluate", AS_OF, {})
    with session_factory(engine).begin() as session:
        run = session.get(Run, evaluation.run_id)
        for rank, (unit, vetoed, score) in enumerate([(UNIT_B, False, 81.5), (UNIT_A, True, None)], start=1):
            session.add(EvaluationRecord(run_id=run.id, year=2025, rubric_id="r", rubric_version="1", unit=unit,
                                         unit_type="department", tier="第一档", vetoed=vetoed,
                                         veto_reason="一票否决：事件 INC-9「泄露」" if vetoed else None,
                                         base_score=score, bonus_score=0.0 if score else None, final_score=score,
                                         rank=rank))
        session.add(EvaluationRecord(run_id=run.id, year=2025, rubric_id="r", rubric_version="1", unit=UNIT_C,
                                     unit_type="county", tier="第一档", vetoed=False, base_score=70.0,
                                     bonus_score=1.0, final_score=71.0, rank=1))
    evaluation.finish()


@dataclass
class Site:
    """The application over one store, with its clock, audit key and users."""

    url: str
    key: bytes
    clock: Clock

    def app(self):  # type: ignore[no-untyped-def]
        return create_app(open_engine(self.url), audit_key=self.key, clock=self.clock)

    def client(self) -> TestClient:
        return TestClient(self.app(), base_url=ORIGIN, follow_redirects=False)

    def sessions(self):  # type: ignore[no-untyped-def]
        return session_factory(open_engine(self.url))

    def accounts(self, session) -> Accounts:  # type: ignore[no-untyped-def]
        return Accounts(session, AuditLog(self.key), CLI, self.clock())


def login(client: TestClient, username: str, password: str = PASSWORD) -> int:
    """Sign in through the login form (its CSRF cookie and field); the status of the POST."""
    client.get("/login")
    response = client.post("/login", data={"username": username, "password": password,
                                           "csrf_token": client.cookies.get("secsuite_login", "")},
                           headers={"origin": ORIGIN})
    return response.status_code


def csrf_of(client: TestClient) -> str:
    """The session's synchronizer token, as the pages carry it in hx-headers and hidden fields."""
    page = client.get("/password").text
    marker = 'name="csrf_token" value="'
    return page[page.index(marker) + len(marker):].split('"', 1)[0]


def build_site(url: str) -> Site:
    site = Site(url, secrets.token_bytes(32), Clock())
    seed(url)
    with site.sessions().begin() as session:
        sync_units(session)
        accounts = site.accounts(session)
        for username, (role, unit) in USERS.items():
            accounts.add(username, role, unit, password=PASSWORD)
    return site


@pytest.fixture(scope="session", autouse=True)
def quick_hashes():
    """argon2id with the least work it allows: the tests hash and verify hundreds of passwords on a
    shared machine. tests/web/test_passwords.py checks the production parameters."""
    production, dummy = passwords._hasher, passwords._DUMMY
    passwords._hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    passwords._DUMMY = passwords._hasher.hash("not a password of anyone")  # unknown users verify against it
    yield
    passwords._hasher, passwords._DUMMY = production, dummy


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def site(request, tmp_path_factory) -> Site:
    if request.param == "sqlite":
        return build_site(f"sqlite:///{tmp_path_factory.mktemp('web') / 'store.db'}")
    return build_site(request.getfixturevalue("postgres_url"))


@pytest.fixture(scope="module")
def clients(site: Site) -> dict[str, TestClient]:
    """A signed-in client per user, and an anonymous one."""
    signed = {}
    for username in USERS:
        client = site.client()
        assert login(client, username) == 303
        signed[username] = client
    signed["anonymous"] = site.client()
    return signed


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def real(request, tmp_path_factory):
    """A store the use cases themselves filled (tests/web/real_runs.py), once per database."""
    from tests.conftest import PG_ADMIN, _throwaway_database
    from tests.web.real_runs import build

    folder = tmp_path_factory.mktemp("real")
    if request.param == "sqlite":
        yield build(f"sqlite:///{folder / 'store.db'}", folder / "work")
        return
    for name in _throwaway_database(PG_ADMIN, "DROP DATABASE {name} WITH (FORCE)"):
        yield build(PG_ADMIN.rsplit("/", 1)[0] + f"/{name}", folder / "work")


@pytest.fixture(scope="session")
def real_clients(real) -> dict[str, TestClient]:
    """A signed-in client per user of the real store, and an anonymous one."""
    from tests.web.real_runs import USERS as REAL_USERS

    signed = {}
    for username in REAL_USERS:
        client = real.site.client()
        assert login(client, username) == 303
        signed[username] = client
    signed["anonymous"] = real.site.client()
    return signed
