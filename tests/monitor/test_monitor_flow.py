"""Monitoring end to end, as cron runs it: ``secsuite monitor run-due`` in real processes against a
real store (SQLite and PostgreSQL), real files, the clock set with ``--now``.

A schedule runs its scan on time and not before; a second run after a change lists exactly that
change (``monitor changes`` and ``secsuite diff`` agree); two workers started together on one due
job make exactly one run; the report's trend chart shows the monitored days."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select

from secsuite.monitor.models import Job
from secsuite.store.models import Run
from tests.conftest import ROOT

pytestmark = pytest.mark.slow

PEOPLE = "姓名,身份证号\n张三,11010519491231002X\n李四,11010519491231002X\n"
PLAIN = "城市,人口\n北京,2100\n上海,2400\n"
MOBILES = "联系人,手机号\n王五,13800138000\n赵六,13912345678\n"


def secsuite(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "SECSUITE_LANG": "zh", "COLUMNS": "200",
           "HOME": os.environ.get("HOME", "/tmp")}
    return subprocess.run([sys.executable, "-m", "secsuite", *args], capture_output=True, text=True, cwd=cwd,
                          env=env, timeout=600)


def start(*args: str, cwd: Path) -> subprocess.Popen:
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "HOME": os.environ.get("HOME", "/tmp")}
    return subprocess.Popen([sys.executable, "-m", "secsuite", *args], cwd=cwd, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _runs(url: str) -> list[Run]:
    engine = create_engine(url)
    with engine.connect() as connection:
        rows = list(connection.execute(select(Run.id, Run.trigger, Run.complete, Run.as_of).order_by(Run.id)))
    engine.dispose()
    return rows


@pytest.fixture
def monitored(store_url, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "people.csv").write_text(PEOPLE, encoding="utf-8")
    (data / "plain.csv").write_text(PLAIN, encoding="utf-8")
    added = secsuite("monitor", "add", "共享目录", "--unit", "市大数据局", "--kind", "files", "--path", str(data),
                     "--cron", "0 2 * * *", "--db", store_url, "--now", "2026-12-07T01:00", cwd=tmp_path)
    assert added.returncode == 0, added.stderr
    return store_url, data, tmp_path


def _run_due(url: str, now: str, cwd: Path) -> subprocess.CompletedProcess:
    done = secsuite("monitor", "run-due", "--db", url, "--now", now, cwd=cwd)
    assert done.returncode == 0, done.stderr
    return done


def test_a_schedule_runs_on_time_and_the_next_run_lists_exactly_what_changed(monitored):
    url, data, work = monitored
    _run_due(url, "2026-12-07T01:59", work)
    assert _runs(url) == []
    _run_due(url, "2026-12-07T02:00", work)
    _run_due(url, "2026-12-07T02:00", work)  # idempotent: the firing already ran
    runs = _runs(url)
    assert [(r.trigger, r.complete, str(r.as_of)) for r in runs] == [("scheduled", True, "2026-12-07")]

    (data / "mobiles.csv").write_text(MOBILES, encoding="utf-8")
    _run_due(url, "2026-12-08T02:00", work)
    first, second = (r.id for r in _runs(url))
    changes = secsuite("monitor", "changes", "--since", "1d", "--now", "2026-12-08T02:30", "--db", url,
                       "--format", "json", cwd=work)
    assert changes.returncode == 0, changes.stderr
    listed = [(c["change"], c["aspect"], Path(c["object_id"]).name, c["unit"]) for c in json.loads(changes.stdout)]
    assert listed == [("appeared", "dataset", "mobiles.csv", None)]

    diff = secsuite("diff", str(first), str(second), "--db", url, "--format", "json", cwd=work)
    assert diff.returncode == 0, diff.stderr
    document = json.loads(diff.stdout)
    assert (document["baseline_run"], document["run"]) == (first, second)
    assert [(i["change"], Path(i["object"]["id"]).name) for i in document["new"]] == [("appeared", "mobiles.csv")]
    assert document["fixed"] == document["reopened"] == document["changed"] == []
    assert {"fingerprint", "rule_id", "object", "unit"} <= set(document["new"][0])


def test_two_workers_started_together_make_one_run(monitored):
    url, _, work = monitored
    workers = [start("monitor", "run-due", "--db", url, "--now", "2026-12-07T02:00", cwd=work) for _ in range(2)]
    outputs = [worker.communicate(timeout=600) for worker in workers]
    assert [worker.returncode for worker in workers] == [0, 0], outputs
    assert len(_runs(url)) == 1
    engine = create_engine(url)
    with engine.connect() as connection:
        jobs = list(connection.execute(select(Job.status, Job.attempts, Job.run_id)))
    engine.dispose()
    assert jobs == [("done", 1, _runs(url)[0].id)]
    assert sum("job " in err for _, err in outputs) == 1  # exactly one of the two reports a job


def test_the_report_trend_chart_shows_the_monitored_days(monitored):
    url, _, work = monitored
    for day in ("2026-12-07", "2026-12-08", "2026-12-10"):  # the machine was off on the 9th
        _run_due(url, f"{day}T02:00", work)
    done = secsuite("report", "--year", "2026", "--as-of", "2026-12-10", "--db", url, "--output", "out", cwd=work)
    assert done.returncode == 0, done.stderr
    html = next((work / "out").glob("*.html")).read_text(encoding="utf-8")
    section = html[html.index('id="trends"'):]
    section = section[:section.index("</section>")]
    assert "2026-12-07 至 2026-12-10，3/4 天全部监测目标有完整运行" in section
    assert section.count("<svg") == 1
