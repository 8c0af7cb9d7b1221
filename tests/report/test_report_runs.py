"""The report says which run it used and that a newer one never finished (a scan killed with -9)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ENV = os.environ | {"PYTHONPATH": str(ROOT)}
KILLED_SCAN = (
    "import sys, datetime as dt; from secsuite.store.db import open_engine;"
    "from secsuite.store.recorder import RunRecorder;"
    "r = RunRecorder(open_engine(sys.argv[1]), 'scan', dt.date(2025, 12, 31), {});"
    "print(r.run_id, flush=True); sys.stdin.read()"
)


def secsuite(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "secsuite", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=300, env=ENV)


def test_report_names_the_run_it_used_and_the_newer_one_that_never_finished(tmp_path):
    (tmp_path / "data.csv").write_text("姓名,身份证号\n张三,11010519491231002X\n", encoding="utf-8")
    store = tmp_path / "store.db"
    scanned = secsuite("scan", "data.csv", "--db", str(store), "--as-of", "2025-12-31", "-q", cwd=tmp_path)
    assert scanned.returncode == 0, scanned.stderr
    killed = subprocess.Popen([sys.executable, "-c", KILLED_SCAN, f"sqlite:///{store}"], stdout=subprocess.PIPE,
                              stdin=subprocess.PIPE, text=True, env=ENV)
    newer = int(killed.stdout.readline())
    killed.send_signal(signal.SIGKILL)
    killed.wait(timeout=60)
    done = secsuite("report", "--year", "2025", "--as-of", "2025-12-31", "--db", str(store), "--lang", "en",
                    "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    text = " ".join(done.stderr.split())
    assert f"scan: run {newer - 1} (" in text
    assert f"a newer scan run {newer} (" in text and "never finished (abandoned)" in text
