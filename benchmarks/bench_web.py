"""The web application's pages at 200 units × 100,000 current findings: server time, SQL time and
export memory, against the same pages on a tenth of the data and a page without queries.

    python benchmarks/bench_web.py [--url postgresql+psycopg://postgres@127.0.0.1:5432/postgres]
                                   [--database secsuite_bench_web] [--rounds 15] [--history 2] [--keep]
    python benchmarks/bench_web.py --url sqlite:////tmp/bench     # the same on SQLite files in that folder

Builds two stores through the store's models (bulk inserts): the full one (200 units, 100,000 current
findings across the four kinds of run, ``--history`` older runs of each kind holding the same findings
again, 1 % of the findings accepted or marked false positive after review, some reviews expired or
pending, 5,000 audit events) and one with a tenth of the findings and events. Each page is asked
``--rounds`` times in-process over ASGI; the server time is measured inside the application (routing,
session, queries, rendering, the whole body sent), the SQL time by the driver's cursor, and on
PostgreSQL each SELECT of the page is run again under EXPLAIN ANALYZE for the database's own
execution time, which a loaded machine disturbs least. Exports stream every finding as CSV and XLSX
while the resident memory is sampled: its growth stays flat from the tenth to the full store. The databases are dropped
at the end unless ``--keep``. Prints medians and p95, the 300 ms target, and the ratios to /login and
to the tenth.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import gc
import hashlib
import json
import os
import secrets
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi.testclient import TestClient
from sqlalchemy import create_engine, event, insert, text
from sqlalchemy.engine import Engine, make_url

from secsuite.store.access import Review
from secsuite.store.db import open_engine, session_factory
from secsuite.store.models import EvaluationRecord, FindingRecord, Run, RunUnit
from secsuite.timeutil import DEFAULT_TZ
from secsuite.web.accounts import Accounts
from secsuite.web.app import create_app
from secsuite.web.audit import CLI, AuditLog
from secsuite.web.units import sync_units

UNITS, FINDINGS, TARGET_MS = 200, 100_000, 300
KINDS = ("scan", "check", "netscan", "incidents")
RULES = ("DATA-SHARE-OVER-LEVEL", "DATA-NOT-CATALOGUED", "MLPS-NOT-FILED", "CRYPTO-WEAK-ALGORITHM", "NET-TLS-WEAK",
         "IR-RESPONSE-SLA-BREACH")
SEVERITY_CYCLE = ("critical", "high", "medium", "low", "info")
PASSWORD = "Bench-Passw0rd-2025"
BATCH = 10_000
AS_OF = dt.date(2025, 12, 31)


def unit_name(i: int) -> str:
    return f"单位{i % UNITS:03d}"


def finding_row(i: int, run_ids: dict[str, int]) -> dict[str, Any]:
    """Finding ``i`` of one generation of runs; the same fingerprint in every generation."""
    return {"run_id": run_ids[KINDS[i % 4]], "finding_id": "F-" + hashlib.md5(str(i).encode()).hexdigest()[:16],
            "rule_id": RULES[i % 6], "severity": SEVERITY_CYCLE[(i // 7) % 5], "title": f"问题标题 {i % 6}",
            "message": f"第 {i} 个问题的说明", "unit": unit_name(i), "object_kind": "dataset",
            "object_id": f"data/{unit_name(i)}/表{i}.csv", "evidence": {}, "citation": "依据", "remediation": "整改",
            "as_of": AS_OF, "muted": i % 50 == 0}


def fill(engine: Engine, findings: int, history: int, events: int, key: bytes) -> None:
    now = dt.datetime.now(DEFAULT_TZ)
    with session_factory(engine).begin() as session:
        for _ in range(history + 1):  # older generations first: the current runs are the latest
            runs = {kind: Run(kind=kind, status="finished", started_at=now, finished_at=now, as_of=AS_OF,
                              arguments={}, tool_version="bench", complete=True) for kind in (*KINDS, "evaluate")}
            session.add_all(runs.values())
            session.flush()
            run_ids = {kind: run.id for kind, run in runs.items()}
            for start in range(1, findings + 1, BATCH):
                session.execute(insert(FindingRecord), [finding_row(i, run_ids)
                                                        for i in range(start, min(start + BATCH, findings + 1))])
            session.execute(insert(EvaluationRecord), [
                {"run_id": runs["evaluate"].id, "year": 2025, "rubric_id": "bench", "rubric_version": "1",
                 "unit": unit_name(i), "unit_type": ("county", "functional_area", "department")[i % 3],
                 "tier": "第一档", "vetoed": i % 20 == 0, "veto_reason": f"一票否决：事件 INC-{i}" if i % 20 == 0 else None,
                 "veto_finding_ids": [], "base_score": None if i % 20 == 0 else 60 + i % 40, "bonus_score": 0,
                 "final_score": None if i % 20 == 0 else 60 + i % 40, "rank": 1 + i // 3} for i in range(UNITS)])
            # what the recorder writes when a run finishes: every run of a generation covered every unit
            session.execute(insert(RunUnit), [{"run_id": run_id, "unit": unit_name(i)}
                                              for run_id in run_ids.values() for i in range(UNITS)])
        session.add(Run(kind="scan", status="running", started_at=now, as_of=AS_OF, arguments={}, tool_version="bench"))
        reviewed = []  # 1 % approved and in force, then some expired and some pending
        for i in range(1, findings + 1, 100):
            row = finding_row(i, {kind: 0 for kind in KINDS})
            state = ("approved", now + dt.timedelta(days=90)) if i % 300 != 1 else ("approved", now - dt.timedelta(days=1))
            if i % 700 == 1:
                state = ("pending", now + dt.timedelta(days=90))
            reviewed.append({"subject_kind": "finding", "subject_key": row["finding_id"], "unit": row["unit"],
                             "decision": ("accepted", "false_positive")[i % 2], "proposed": {}, "reason": "基准测试",
                             "expires_at": state[1], "status": state[0], "requested_by": "bench-unit",
                             "requested_at": now, "reviewed_by": "bench-auditor" if state[0] == "approved" else None,
                             "reviewed_at": now if state[0] == "approved" else None})
        session.execute(insert(Review), reviewed)
        sync_units(session)
        accounts = Accounts(session, AuditLog(key), CLI, now)
        accounts.add("bench-auditor", "auditor", None, password=PASSWORD)
        accounts.add("bench-unit", "unit_user", unit_name(7), password=PASSWORD)
        accounts.add("bench-auditadmin", "audit_admin", None, password=PASSWORD)
        audit = AuditLog(key)
        for i in range(events):
            audit.record(session, CLI, "export", object="findings.csv", unit=unit_name(i), detail={"n": i}, at=now)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        # as autovacuum would do: statistics, and PostgreSQL's visibility map for index-only scans
        connection.execute(text("VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE"))


def create_store(admin_url: str, name: str) -> tuple[str, Callable[[], None]]:
    """A new empty database (PostgreSQL) or file (SQLite), and how to drop it."""
    given = make_url(admin_url)
    if given.get_backend_name() == "sqlite":
        path = Path(given.database or ".") / f"{name}.db"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)
        return f"sqlite:///{path}", lambda: path.unlink(missing_ok=True)
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")

    def run(statement: str) -> None:
        with admin.connect() as connection:
            connection.execute(text(statement))

    run(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    run(f"CREATE DATABASE {name}")
    return given.set(database=name).render_as_string(hide_password=False), \
        lambda: run(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


class ServerTime:
    """ASGI middleware: the time from the request entering the application to its last byte sent."""

    def __init__(self, app: Any):
        self.app, self.seconds = app, 0.0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        start = time.perf_counter()
        try:
            await self.app(scope, receive, send)
        finally:
            self.seconds = time.perf_counter() - start


@dataclass
class SqlLog:
    """The statements a request ran, and the driver time they took."""

    seconds: float = 0.0
    statements: list[tuple[str, Any]] = field(default_factory=list)
    _started: float = 0.0

    def attach(self, engine: Engine) -> None:
        @event.listens_for(engine, "before_cursor_execute")
        def before(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
            self._started = time.perf_counter()

        @event.listens_for(engine, "after_cursor_execute")
        def after(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
            self.seconds += time.perf_counter() - self._started
            self.statements.append((statement, parameters))

    def reset(self) -> None:
        self.seconds, self.statements = 0.0, []


@dataclass
class Store:
    label: str
    url: str
    engine: Engine
    timer: ServerTime
    sql: SqlLog
    clients: dict[str, TestClient]
    drop: Callable[[], None]


def open_store(admin_url: str, name: str, findings: int, history: int) -> Store:
    url, drop = create_store(admin_url, name)
    key = secrets.token_bytes(32)
    started = time.perf_counter()
    fill(open_engine(url), findings, history, findings // 20, key)
    print(f"  {name}: {findings:,} current findings (+{history} older runs of each), "
          f"filled in {time.perf_counter() - started:.0f} s", flush=True)
    engine = open_engine(url)
    sql = SqlLog()
    sql.attach(engine)
    timer = ServerTime(create_app(engine, audit_key=key))
    clients = {}
    for username in ("bench-auditor", "bench-unit", "bench-auditadmin"):
        client = TestClient(timer, base_url="http://bench", follow_redirects=False)
        client.get("/login")
        response = client.post("/login", data={"username": username, "password": PASSWORD,
                                               "csrf_token": client.cookies["secsuite_login"]},
                               headers={"origin": "http://bench"})
        assert response.status_code == 303, response.text
        clients[username] = client
    return Store(name, url, engine, timer, sql, clients, drop)


@dataclass
class Timing:
    server_ms: list[float]
    sql_ms: list[float]
    explain_ms: float | None

    @property
    def median(self) -> float:
        return statistics.median(self.server_ms)

    @property
    def p95(self) -> float:
        return statistics.quantiles(self.server_ms, n=20, method="inclusive")[18]


def explain_ms(engine: Engine, statements: list[tuple[str, Any]]) -> float | None:
    """PostgreSQL's own planning + execution time of the request's SELECTs."""
    if engine.dialect.name != "postgresql":
        return None
    total = 0.0
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        for statement, parameters in statements:
            if statement.lstrip().upper().startswith("SELECT"):
                cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + statement, parameters)
                (plan,) = cursor.fetchone()
                plan = (json.loads(plan) if isinstance(plan, str) else plan)[0]
                total += plan["Planning Time"] + plan["Execution Time"]
        connection.rollback()
    finally:
        connection.close()
    return total


def measure(store: Store, who: str, path: str, rounds: int) -> Timing:
    client = store.clients[who]
    assert client.get(path).status_code == 200, path  # warm-up: templates compiled, plans and caches warm
    server, sql = [], []
    for _ in range(rounds):
        store.sql.reset()
        response = client.get(path)
        assert response.status_code == 200, path
        server.append(store.timer.seconds * 1000)
        sql.append(store.sql.seconds * 1000)
    return Timing(server, sql, explain_ms(store.engine, store.sql.statements))


def rss() -> int:
    """The process's resident memory in bytes (Linux)."""
    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@dataclass
class Export:
    rss_growth_mb: float
    seconds: float
    first_byte_seconds: float
    size_mb: float


def export(store: Store, fmt: str) -> Export:
    """One export of every current finding, the application called directly over ASGI and each chunk
    dropped once counted (a test client would hold the whole body): the resident memory's growth
    while it runs (sampled every 5 ms), its server time and when its first byte left."""
    cookies = "; ".join(f"{name}={value}" for name, value in store.clients["bench-auditor"].cookies.items())
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
             "path": f"/findings/export.{fmt}", "raw_path": f"/findings/export.{fmt}".encode(), "query_string": b"",
             "root_path": "", "headers": [(b"host", b"bench"), (b"cookie", cookies.encode())],
             "client": ("127.0.0.1", 50000), "server": ("bench", 80)}
    sent: dict[str, float] = {"status": 0, "bytes": 0, "first": 0.0}

    async def call() -> None:
        done, requested, started = asyncio.Event(), [], time.perf_counter()

        async def receive() -> dict[str, Any]:
            if not requested:
                requested.append(True)
                return {"type": "http.request", "body": b"", "more_body": False}
            await done.wait()  # the client stays connected until the body is complete
            return {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                sent["status"] = message["status"]
            elif message["type"] == "http.response.body":
                if message.get("body") and not sent["bytes"]:
                    sent["first"] = time.perf_counter() - started
                sent["bytes"] += len(message.get("body", b""))
                if not message.get("more_body"):
                    done.set()

        await store.timer(scope, receive, send)

    gc.collect()
    base, peak, running = rss(), [0], True

    def sample() -> None:
        while running:
            peak[0] = max(peak[0], rss())
            time.sleep(0.005)

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        asyncio.run(call())
    finally:
        running = False
        sampler.join()
    assert sent["status"] == 200, sent
    return Export(max(0, peak[0] - base) / 2**20, store.timer.seconds, sent["first"], sent["bytes"] / 2**20)


PAGES = [
    ("bench-auditor", "/"), ("bench-auditor", "/units"), ("bench-auditor", "/units?page=4"),
    ("bench-auditor", f"/units/{quote(unit_name(42))}"), ("bench-auditor", "/findings"),
    ("bench-auditor", "/findings?severity=high&page=100"), ("bench-auditor", "/findings?page=2000"),
    ("bench-auditor", f"/findings?unit={quote(unit_name(42))}"), ("bench-auditor", "/findings?status=open&rule=NET-TLS-WEAK"),
    ("bench-auditor", "/findings?status=accepted"), ("bench-auditor", "/evaluations"),
    ("bench-unit", "/"), ("bench-unit", "/findings"), ("bench-auditadmin", "/admin/audit"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres",
                        help="an administrative PostgreSQL URL, or sqlite:///FOLDER")
    parser.add_argument("--database", default="secsuite_bench_web")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--history", type=int, default=2, help="older runs of each kind, with the same findings")
    parser.add_argument("--keep", action="store_true", help="keep the databases")
    args = parser.parse_args()
    print(f"preparing {UNITS} units × {FINDINGS:,} findings and a tenth…", flush=True)
    tenth = open_store(args.url, f"{args.database}_tenth", FINDINGS // 10, args.history)
    full = open_store(args.url, args.database, FINDINGS, args.history)
    try:
        login = measure(full, "bench-auditor", "/login", args.rounds)
        print(f"\nserver time over ASGI, {args.rounds} rounds; baseline /login median {login.median:.1f} ms")
        print(f"{'who':<17}{'page':<42}{'median':>8}{'p95':>8}{'sql':>8}{'explain':>8}{'×login':>8}{'×tenth':>8}")
        worst = 0.0
        for who, path in PAGES:
            small, big = measure(tenth, who, path, args.rounds), measure(full, who, path, args.rounds)
            worst = max(worst, big.median)
            explained = f"{big.explain_ms:.1f}" if big.explain_ms is not None else "—"
            print(f"{who:<17}{path:<42}{big.median:>8.1f}{big.p95:>8.1f}{statistics.median(big.sql_ms):>8.1f}"
                  f"{explained:>8}{big.median / login.median:>8.1f}{big.median / small.median:>8.2f}"
                  f"  {'ok' if big.median <= TARGET_MS else 'SLOW'}", flush=True)
        print(f"slowest page: median {worst:.1f} ms ({'within' if worst <= TARGET_MS else 'over'} the "
              f"{TARGET_MS} ms target)")
        print("\nexports of every current finding (streamed; growth of resident memory while exporting)")
        for fmt in ("csv", "xlsx"):
            small, big = export(tenth, fmt), export(full, fmt)
            print(f"  {fmt:<5} {FINDINGS:,} rows, {big.size_mb:.1f} MB in {big.seconds:.1f} s (first byte after "
                  f"{big.first_byte_seconds:.2f} s); memory +{big.rss_growth_mb:.1f} MB "
                  f"(tenth: +{small.rss_growth_mb:.1f} MB in {small.seconds:.1f} s)", flush=True)
    finally:
        for store in (tenth, full):
            store.engine.dispose()
            if not args.keep:
                store.drop()


if __name__ == "__main__":
    main()
