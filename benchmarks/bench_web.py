"""The web application's dashboard and findings list on PostgreSQL: 200 units × 100,000 findings.

    python benchmarks/bench_web.py [--url postgresql+psycopg://postgres@127.0.0.1/postgres] [--rounds 15]

Creates a fresh database ``secsuite_bench_web``, migrates it, fills runs, 100,000 findings of 200
units and their evaluations inside PostgreSQL (generate_series), adds an auditor who sees every
unit and a unit user, then times each page in-process over ASGI (server time: routing, session,
queries, rendering) and prints the median per page, the target (≤ 300 ms) and the ratio to the
login page (no query) measured in the same run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import secrets
import statistics
import time
from urllib.parse import quote

from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from secsuite.store.db import open_engine, session_factory
from secsuite.timeutil import DEFAULT_TZ
from secsuite.web.accounts import Accounts
from secsuite.web.app import create_app
from secsuite.web.audit import CLI, AuditLog
from secsuite.web.units import sync_units

UNITS, FINDINGS, TARGET_MS = 200, 100_000, 300
DATABASE = "secsuite_bench_web"
PASSWORD = "Bench-Passw0rd-2025"
RUNS = "INSERT INTO runs (kind, status, started_at, finished_at, as_of, arguments, tool_version, trigger, complete) " \
       "VALUES (:kind, 'finished', now(), now(), '2025-12-31', '{}', 'bench', 'cli', true) RETURNING id"
FILL = """
INSERT INTO findings (run_id, finding_id, rule_id, severity, title, message, unit, object_kind, object_id, evidence,
                      citation, remediation, as_of, muted)
SELECT (ARRAY[:scan, :check, :netscan, :incidents])[1 + i % 4],
       'F-' || md5(i::text)::varchar(16),
       (ARRAY['DATA-SHARE-OVER-LEVEL','DATA-NOT-CATALOGUED','MLPS-NOT-FILED','CRYPTO-WEAK-ALGORITHM',
              'NET-TLS-WEAK','IR-RESPONSE-SLA-BREACH'])[1 + i % 6],
       (ARRAY['critical','high','medium','low','info'])[1 + (i / 7) % 5],
       '问题标题 ' || (i % 6), '第 ' || i || ' 个问题的说明', '单位' || lpad((i % :units)::text, 3, '0'),
       'dataset', 'data/单位' || (i % :units) || '/表' || i || '.csv', '{}', '依据', '整改', '2025-12-31',
       i % 50 = 0
FROM generate_series(1, :findings) AS i
"""
EVALUATIONS = """
INSERT INTO evaluations (run_id, year, rubric_id, rubric_version, unit, unit_type, tier, vetoed, veto_reason,
                         veto_finding_ids, base_score, bonus_score, final_score, rank)
SELECT :run, 2025, 'bench', '1', '单位' || lpad(i::text, 3, '0'),
       (ARRAY['county','functional_area','department'])[1 + i % 3], '第一档', i % 20 = 0,
       CASE WHEN i % 20 = 0 THEN '一票否决：事件 INC-' || i ELSE NULL END, '[]',
       CASE WHEN i % 20 = 0 THEN NULL ELSE 60 + i % 40 END, 0, CASE WHEN i % 20 = 0 THEN NULL ELSE 60 + i % 40 END,
       1 + i / 3
FROM generate_series(0, :units - 1) AS i
"""


def prepare(admin_url: str) -> tuple[str, bytes]:
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)"))
        connection.execute(text(f"CREATE DATABASE {DATABASE}"))
    url = make_url(admin_url).set(database=DATABASE).render_as_string(hide_password=False)
    engine = open_engine(url)
    with engine.begin() as connection:
        runs = {kind: connection.execute(text(RUNS), {"kind": kind}).scalar_one()
                for kind in ("scan", "check", "netscan", "incidents", "evaluate")}
        connection.execute(text(FILL), {**{k: v for k, v in runs.items() if k != "evaluate"}, "units": UNITS,
                                        "findings": FINDINGS})
        connection.execute(text(EVALUATIONS), {"run": runs["evaluate"], "units": UNITS})
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))  # as autovacuum would: statistics and the visibility map
    key = secrets.token_bytes(32)
    with session_factory(engine).begin() as session:
        sync_units(session)
        accounts = Accounts(session, AuditLog(key), CLI, dt.datetime.now(DEFAULT_TZ))
        accounts.add("bench-auditor", "auditor", None, password=PASSWORD)
        accounts.add("bench-unit", "unit_user", "单位007", password=PASSWORD)
    return url, key


def signed_in(url: str, key: bytes, username: str) -> TestClient:
    client = TestClient(create_app(open_engine(url), audit_key=key), base_url="http://bench", follow_redirects=False)
    client.get("/login")
    response = client.post("/login", data={"username": username, "password": PASSWORD,
                                           "csrf_token": client.cookies["secsuite_login"]},
                           headers={"origin": "http://bench"})
    assert response.status_code == 303, response.text
    return client


def median_ms(client: TestClient, path: str, rounds: int) -> float:
    assert client.get(path).status_code == 200, path  # warm-up: templates compiled, plans cached
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    print(f"preparing {UNITS} units × {FINDINGS:,} findings…", flush=True)
    url, key = prepare(args.url)
    auditor, unit = signed_in(url, key, "bench-auditor"), signed_in(url, key, "bench-unit")
    baseline = median_ms(auditor, "/login", args.rounds)
    pages = [
        ("auditor", auditor, "/"), ("auditor", auditor, "/units"), ("auditor", auditor, "/findings"),
        ("auditor", auditor, "/findings?severity=high&page=200"), ("auditor", auditor, f"/findings?unit={quote('单位042')}"),
        ("auditor", auditor, "/findings?status=open&rule=NET-TLS-WEAK"), ("auditor", auditor, "/evaluations"),
        ("unit user", unit, "/"), ("unit user", unit, "/findings"),
    ]
    print(f"baseline /login: {baseline:.1f} ms (median of {args.rounds})")
    print(f"{'who':<10} {'page':<45} {'median ms':>10} {'× login':>8}  target ≤ {TARGET_MS} ms")
    worst = 0.0
    for who, client, path in pages:
        ms = median_ms(client, path, args.rounds)
        worst = max(worst, ms)
        print(f"{who:<10} {path:<45} {ms:>10.1f} {ms / baseline:>8.1f}  {'ok' if ms <= TARGET_MS else 'SLOW'}")
    print(f"slowest page: {worst:.1f} ms ({'within' if worst <= TARGET_MS else 'over'} the {TARGET_MS} ms target)")


if __name__ == "__main__":
    main()
