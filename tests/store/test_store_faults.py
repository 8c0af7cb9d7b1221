"""The store under faults: concurrent creation, killed runs, read-only media, a full disk."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import event, select

from secsuite.errors import StoreError
from secsuite.store.db import open_engine, session_factory
from secsuite.store.liveness import ABANDONED
from secsuite.store.models import Dataset, Run
from secsuite.store.recorder import RunRecorder
from tests.store.test_recorder import AS_OF, dataset

ROOT = Path(__file__).resolve().parents[2]
RECORD = (
    "import sys, datetime as dt; from secsuite.store.db import open_engine;"
    "from secsuite.store.recorder import RunRecorder;"
    "r = RunRecorder(open_engine(sys.argv[1]), 'scan', dt.date(2025, 12, 31), {});"
    "print(r.run_id, flush=True); sys.argv[2:] and sys.stdin.read()"
)


def python(*args: str, **kwargs) -> subprocess.Popen[str]:
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            stdin=subprocess.PIPE, text=True, env=env, **kwargs)


def runs(url: str) -> list[Run]:
    with session_factory(open_engine(url))() as session:
        return list(session.scalars(select(Run).order_by(Run.id)))


def test_concurrent_runs_on_a_new_store_all_create_it(store_url):
    """Several scans started at once on a store that does not exist yet: one creates the schema,
    the others wait for its lock; none fails."""
    processes = [python(RECORD, store_url) for _ in range(4)]
    outcomes = [(p.wait(timeout=180), p.stderr.read()) for p in processes]
    assert [code for code, _ in outcomes] == [0, 0, 0, 0], outcomes
    assert len(runs(store_url)) == 4


def test_a_killed_run_is_marked_abandoned(store_url):
    process = python(RECORD, store_url, "wait")
    run_id = int(process.stdout.readline())
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    assert {r.id: r.status for r in runs(store_url)}[run_id] == "running"  # nothing could mark it
    RunRecorder(open_engine(store_url), "scan", AS_OF, {})  # the next run looks at the others
    assert {r.id: r.status for r in runs(store_url)}[run_id] == ABANDONED


def test_a_silent_run_of_another_host_is_abandoned_after_an_hour(store_url):
    old = RunRecorder(open_engine(store_url), "scan", AS_OF, {})
    with session_factory(open_engine(store_url)).begin() as session:
        run = session.get(Run, old.run_id)
        run.host = "elsewhere"
        run.heartbeat_at = dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)
    RunRecorder(open_engine(store_url), "scan", AS_OF, {})
    assert {r.id: r.status for r in runs(store_url)}[old.run_id] == ABANDONED


def test_a_full_disk_is_a_clear_store_error_and_keeps_what_was_written(tmp_path):
    url = f"sqlite:///{tmp_path / 'store.db'}"
    engine = open_engine(url)
    recorder = RunRecorder(engine, "scan", AS_OF, {})
    recorder.dataset(dataset())

    @event.listens_for(engine, "connect")
    def _small_disk(dbapi_connection, _record) -> None:
        dbapi_connection.execute("PRAGMA max_page_count = 1")  # every further page: SQLITE_FULL

    engine.dispose()
    big = dataset()
    big.fields = big.fields * 2000
    with pytest.raises(StoreError, match="cannot write the result store: .*disk is full"):
        recorder.dataset(big)
    with session_factory(open_engine(url))() as session:
        assert len(session.scalars(select(Dataset).where(Dataset.run_id == recorder.run_id)).all()) == 1


def test_a_store_on_read_only_media_is_read_read_only():
    """Run as an unprivileged user (root may write anything), through setpriv when we are root, in
    a folder that user may enter (pytest's own are private to root)."""
    with tempfile.TemporaryDirectory(prefix="secsuite-ro-") as top:
        os.chmod(top, 0o755)
        try:
            _read_only_store(Path(top))
        finally:
            (Path(top) / "media").chmod(0o755)


def _read_only_store(tmp_path: Path) -> None:
    folder = tmp_path / "media"
    folder.mkdir()
    url = f"sqlite:///{folder / 'store.db'}"
    engine = open_engine(url)
    recorder = RunRecorder(engine, "scan", AS_OF, {})
    recorder.dataset(dataset())
    recorder.finish()
    engine.dispose()  # the last connection's close folds the -wal file into the store
    run_id = recorder.run_id
    before = sorted(p.name for p in folder.iterdir())
    (folder / "store.db").chmod(0o444)
    folder.chmod(0o555)
    probe = ("import sys; from sqlalchemy import select; from secsuite.store.db import open_engine, session_factory;"
             "from secsuite.store.models import Run;"
             "s = session_factory(open_engine(sys.argv[1]))(); print([r.id for r in s.scalars(select(Run))])")
    command = [sys.executable, "-c", probe, url]
    if os.geteuid() == 0:
        command = ["setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups", *command]
    done = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, timeout=120,
                          env=os.environ | {"PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"[{run_id}]"
    assert sorted(p.name for p in folder.iterdir()) == before
