"""The scan use case on two of the example's datasets: the outcome, the progress callbacks and the store."""

from __future__ import annotations

import datetime as dt
import sys

import pytest
from sqlalchemy import select

from secsuite.app.run import Provenance
from secsuite.app.scan import ScanJob, ScanProgress, scan
from secsuite.errors import ConfigError, InputError, UsageError
from secsuite.scan.dataset import ScanOptions
from secsuite.store.db import open_engine, session_factory
from secsuite.store.models import Dataset, FindingRecord, Run, RunError
from tests.conftest import EXAMPLES

AS_OF = dt.date(2025, 12, 31)
PATHS = ["data/公安", "data/民政"]


@pytest.fixture(autouse=True)
def in_examples(monkeypatch):
    monkeypatch.chdir(EXAMPLES)  # the catalogue names datasets relative to examples/


def test_datasets_are_graded_and_recorded_as_they_come(store_url, rows):
    seen: list[str] = []
    totals: list[int] = []
    job = ScanJob(paths=PATHS, as_of=AS_OF, store_url=store_url, provenance=Provenance("web", "auditor01"))
    outcome = scan(job, ScanProgress(started=totals.append, advanced=seen.append))
    assert totals == [2] and sorted(seen) == ["data/公安/人口基本信息.csv", "data/民政/低保救助.csv"]
    assert outcome.complete and outcome.guide.id == outcome.result.guide["id"]
    assert {(d.source, d.level) for d in outcome.result.datasets} == {
        ("data/公安/人口基本信息.csv", "L4"), ("data/民政/低保救助.csv", "L4")}
    (run,) = rows(Run, outcome.run_id)
    assert (run.kind, run.status, run.complete, run.trigger, run.actor) == ("scan", "finished", True, "web", "auditor01")
    assert run.arguments["paths"] == PATHS and "db" in run.arguments
    assert {(d.source, d.level) for d in rows(Dataset, run.id)} == {(d.source, d.level) for d in outcome.result.datasets}


def test_catalogue_rows_never_scanned_make_the_run_incomplete(store_url, rows):
    outcome = scan(ScanJob(paths=PATHS, as_of=AS_OF, catalogue=EXAMPLES / "catalogue.csv", store_url=store_url))
    assert not outcome.complete
    stored_errors = rows(RunError, outcome.run_id)
    assert len(stored_errors) == len(outcome.result.errors) == 10  # the other datasets of the catalogue
    assert {f.rule_id for f in rows(FindingRecord, outcome.run_id)} == {f.rule_id for f in outcome.result.findings}
    assert outcome.result.findings  # 人口基本信息 is declared L2 and shared without condition
    (run,) = rows(Run, outcome.run_id)
    assert run.complete is False


def test_the_same_scan_has_the_same_scope_and_a_narrower_one_another(store_url, rows):
    first = scan(ScanJob(paths=PATHS, as_of=AS_OF, store_url=store_url))
    again = scan(ScanJob(paths=list(reversed(PATHS)), as_of=AS_OF, store_url=store_url))
    narrower = scan(ScanJob(paths=PATHS[:1], as_of=AS_OF, store_url=store_url))
    keys = [rows(Run, outcome.run_id)[0].scope_key for outcome in (first, again, narrower)]
    assert keys[0] == keys[1] != keys[2]


def test_a_missing_input_is_an_error_of_an_incomplete_run(store_url, rows):
    outcome = scan(ScanJob(paths=[*PATHS, "data/不存在"], as_of=AS_OF, store_url=store_url))
    assert not outcome.complete and len(outcome.result.datasets) == 2
    assert [e.source for e in rows(RunError, outcome.run_id)] == ["data/不存在"]


@pytest.mark.parametrize(
    ("job", "error"),
    [
        (ScanJob(paths=PATHS, as_of=AS_OF, guide="no-such-guide"), ConfigError),
        (ScanJob(paths=PATHS, as_of=AS_OF, catalogue=EXAMPLES / "missing.csv"), InputError),
    ],
)
def test_unusable_requests_raise_typed_errors(job, error):
    with pytest.raises(error):
        scan(job)


def test_spark_without_pyspark_is_a_usage_error_and_the_run_is_failed(store_url, monkeypatch):
    monkeypatch.setitem(sys.modules, "secsuite.spark.engine", None)  # as when the spark extra is not installed
    with pytest.raises(UsageError, match="PySpark"):
        scan(ScanJob(paths=PATHS, as_of=AS_OF, engine="spark", options=ScanOptions(full=True), store_url=store_url))
    with session_factory(open_engine(store_url))() as session:
        run = session.scalars(select(Run).order_by(Run.id.desc())).first()
    assert (run.kind, run.status, run.complete, run.arguments["engine"]) == ("scan", "failed", False, "spark")


def test_rows_read_are_reported_batch_by_batch_with_the_total_when_known(tmp_path):
    """A 150,000-row table moves the bar: rows read climb batch by batch to the row count the
    database gives, so the bar can show the time left."""
    import sqlite3

    path = tmp_path / "big.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE 登记 (编号 INTEGER, 备注 TEXT)")
        connection.executemany("INSERT INTO 登记 VALUES (?, ?)", ((n, f"第{n}行") for n in range(150_000)))
    reported: list[tuple[str, int, int | None]] = []
    scan(ScanJob(paths=[f"sqlite:///{path}"], as_of=AS_OF, options=ScanOptions(full=True)),
         ScanProgress(rows=lambda dataset, done, total: reported.append((dataset, done, total))))
    done = [count for _, count, _ in reported]
    assert done == sorted(done) and done[0] == 0 and done[-1] == 150_000
    assert len(set(done)) > 3  # one step per batch, not one jump at the end
    assert {total for _, _, total in reported} == {150_000}


def test_rows_read_of_a_file_end_at_its_row_count(tmp_path):
    source = tmp_path / "small.csv"
    source.write_text("编号,备注\n1,甲\n2,乙\n3,丙\n", encoding="utf-8")
    reported: list[int] = []
    scan(ScanJob(paths=[str(source)], as_of=AS_OF), ScanProgress(rows=lambda dataset, done, total: reported.append(done)))
    assert reported[0] == 0 and reported[-1] == 3
