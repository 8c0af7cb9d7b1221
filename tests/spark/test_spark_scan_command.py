"""``secsuite scan --engine spark``: the same ``secsuite.scan/1`` document and the same store records
as the local engine, through the CLI a user runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

pytest.importorskip("pyspark", reason="PySpark is not installed: pip install -e '.[spark]'")

from sqlalchemy import select  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from secsuite.cli import app  # noqa: E402
from secsuite.spark import session  # noqa: E402
from secsuite.store.db import open_engine, session_factory  # noqa: E402
from secsuite.store.models import Dataset, Run  # noqa: E402
from tests.conftest import EXAMPLES  # noqa: E402

DATA = [str(EXAMPLES / "data/公安"), str(EXAMPLES / "data/交通")]
COMMON = ["--as-of", "2025-12-31", "--format", "json", "--catalogue", str(EXAMPLES / "catalogue.csv")]


@pytest.fixture
def cli_spark(spark, monkeypatch):
    """The CLI on the tests' session: it would otherwise start its own and stop it afterwards."""
    monkeypatch.setattr(session, "start_session", lambda master, conf: spark)
    monkeypatch.setattr(spark, "stop", lambda: None)


def scan(*args: str):
    return CliRunner().invoke(app, ["scan", *args], env={"COLUMNS": "200"})


def test_spark_engine_writes_the_same_document_and_store_records(cli_spark, tmp_path):
    store = str(tmp_path / "store.db")
    local = scan(*DATA, *COMMON, "--full", "--db", store, "-o", str(tmp_path / "local.json"))
    spark = scan(*DATA, *COMMON, "--engine", "spark", "--spark-master", "local[2]", "--db", store,
                 "-o", str(tmp_path / "spark.json"))
    # exit 2 for both: the catalogue names datasets of folders not scanned here (input errors)
    assert (local.exit_code, spark.exit_code) == (2, 2), spark.output
    documents = [json.loads((tmp_path / name).read_text(encoding="utf-8")) for name in ("local.json", "spark.json")]
    assert [d.pop("run_id") for d in documents] == [1, 2]
    local_document, spark_document = documents
    assert spark_document == local_document
    with session_factory(open_engine(store))() as db:
        runs = db.scalars(select(Run).order_by(Run.id)).all()
        assert [r.arguments["engine"] for r in runs] == ["local", "spark"]
        assert runs[1].arguments["full"] is True and runs[1].arguments["spark_master"] == "local[2]"
        stored = [
            sorted((d.source, d.level, d.rows_total, tuple((f.name, f.level, json.dumps(f.entities)) for f in d.fields))
                   for d in run.datasets)
            for run in runs
        ]
        assert stored[0] == stored[1] and len(stored[1]) == 2
        assert db.scalar(select(Dataset.sampled).where(Dataset.run_id == 2)) is False


@pytest.mark.parametrize("args", [["--spark-master", "local[2]"], ["--engine", "spark", "--spark-conf", "no-equals"]])
def test_spark_options_are_checked(args):
    result = scan(str(EXAMPLES / "data/公安"), "--no-store", *args)
    assert result.exit_code == 2 and "--spark-" in result.output


def test_a_real_spark_run_from_the_shell_is_quiet_and_equal(tmp_path):
    """As a user runs it: a JVM of its own in local[1], the venv's Python on the executors, no log noise."""
    path = os.pathsep.join(p for p in os.environ["PATH"].split(os.pathsep) if not p.startswith(sys.prefix))
    env = {"PATH": path, "HOME": str(tmp_path), "SECSUITE_LANG": "zh"}  # no venv on PATH, as from cron
    command = [sys.executable, "-m", "secsuite", "scan", str(EXAMPLES / "data/人社"), "--as-of", "2025-12-31",
               "--format", "json", "--no-store", "--quiet"]
    spark = subprocess.run([*command, "--engine", "spark", "--spark-master", "local[1]"], capture_output=True,
                           text=True, cwd=tmp_path, env=env, timeout=300)
    local = subprocess.run([*command, "--full"], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300)
    assert spark.returncode == 0, spark.stderr
    assert json.loads(spark.stdout) == json.loads(local.stdout)
    noise = [line for line in spark.stderr.splitlines() if line and "incubator modules" not in line]
    assert noise == []
    assert not list(tmp_path.glob("metastore_db")) and not list(tmp_path.glob("spark-warehouse"))
