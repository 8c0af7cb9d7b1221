"""What ``--push`` costs the central server beside recording the same run locally.

    python benchmarks/bench_push.py [--findings 20000] [--url sqlite:///… | postgresql+psycopg://…]

Builds one unit's ``secsuite scan`` document of N findings (masked evidence, as the command writes
them), then times, in the same run: recording its findings with the recorder as a local run does
(the baseline); ``POST /api/v1/runs/scan`` over ASGI (validation, the search for raw identifiers,
recording, audit); and the same document again (found by its hash, not recorded). Prints each
time and its ratio to the baseline.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import secrets
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from secsuite.findings import Finding, ObjectRef, Severity
from secsuite.results import ScanResult
from secsuite.store.db import open_engine, session_factory
from secsuite.store.recorder import RunRecorder
from secsuite.web.accounts import Accounts
from secsuite.web.app import create_app
from secsuite.web.audit import CLI, AuditLog
from secsuite.web.units import sync_units

UNIT = "市民政局"
AS_OF = dt.date(2025, 12, 31)


def findings(count: int) -> list[Finding]:
    made = []
    for number in range(count):
        obj = ObjectRef(kind="field", id=f"data/民政/表{number // 20}.csv#字段{number % 20}")
        made.append(Finding(id=Finding.fingerprint("DATA-NOT-CATALOGUED", obj, UNIT), rule_id="DATA-NOT-CATALOGUED",
                            severity=Severity.medium, title="数据集未编目", message=f"{obj.id} 未编入目录", unit=UNIT,
                            object=obj, evidence={"examples": ["138****5678", "110105********002X"], "hits": number},
                            citation="GB/T 43697-2024", as_of=AS_OF))
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--findings", type=int, default=20_000)
    parser.add_argument("--url", help="an empty store (default: a temporary SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.url or f"sqlite:///{Path(folder) / 'central.db'}"
        engine = open_engine(url)
        key = secrets.token_bytes(32)
        with session_factory(engine).begin() as session:
            sync_units(session, names=[UNIT])
            accounts = Accounts(session, AuditLog(key), CLI, dt.datetime.now(dt.timezone.utc))
            accounts.add("bench-unit", "unit_user", UNIT, password="Bench-Passw0rd-2025")
            token = accounts.token("bench-unit", UNIT, push=True)
        made = findings(args.findings)
        document = ScanResult(guide={"id": "gb-t-43697-2024", "version": "1"}, as_of=AS_OF.isoformat(),
                              findings=made).to_json()
        body = json.dumps(document, ensure_ascii=False).encode("utf-8")

        started = time.perf_counter()
        recorder = RunRecorder(engine, "scan", AS_OF, {"paths": ["data"]})
        recorder.findings(made)
        recorder.finish()
        baseline = time.perf_counter() - started

        client = TestClient(create_app(engine, audit_key=key), base_url="http://testserver")
        headers = {"authorization": f"Bearer {token}", "content-type": "application/json"}
        timed = {}
        for name in ("push", "push again"):
            started = time.perf_counter()
            answer = client.post("/api/v1/runs/scan", content=body, headers=headers)
            timed[name] = time.perf_counter() - started
            assert answer.status_code == (201 if name == "push" else 200), answer.text
        print(f"document: {args.findings} findings, {len(body) / 1e6:.1f} MB ({engine.dialect.name})")
        print(f"{'local record (baseline)':26} {baseline:7.2f} s   1.00")
        for name, seconds in timed.items():
            print(f"{name:26} {seconds:7.2f} s   {seconds / baseline:.2f}")


if __name__ == "__main__":
    main()
