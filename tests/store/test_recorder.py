"""The store on real SQLite and PostgreSQL: migrations, run history, what is (not) stored."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, inspect, select

from secsuite.errors import InputError
from secsuite.findings import Finding, ObjectRef, Severity
from secsuite.results import DatasetResult, EntityResult, FieldResult
from secsuite.store.db import display_url, open_engine, session_factory
from secsuite.store.models import Dataset, FindingRecord, Run, RunError
from secsuite.store.recorder import RunRecorder
from secsuite.urls import resolve_url

AS_OF = dt.date(2025, 12, 31)


def dataset() -> DatasetResult:
    entity = EntityResult(type="CN_RESIDENT_ID", confidence=0.95, hits=10, ratio=1.0, examples=["1101**********002X"])
    return DatasetResult(source="data/人口.csv", name="人口", format="csv", rows_scanned=10, rows_total=10,
                         sampled=False, level="L4",
                         fields=[FieldResult(name="身份证号", category="个人信息/身份信息", level="L4", entities=[entity])])


def finding() -> Finding:
    obj = ObjectRef(kind="dataset", id="data/人口.csv")
    return Finding(id=Finding.fingerprint("DATA-SHARE-OVER-LEVEL", obj, "市公安局"), rule_id="DATA-SHARE-OVER-LEVEL",
                   severity=Severity.high, title="t", message="m", unit="市公安局", object=obj,
                   evidence={"level": "L4"}, citation="c", as_of=AS_OF)


def record_run(url: str) -> int:
    recorder = RunRecorder(open_engine(url), "scan", AS_OF, {"paths": ["data"]}, guide=("g", "1"))
    recorder.dataset(dataset())
    recorder.error(InputError("data/坏.csv", "文件为空 (empty file)"))
    recorder.findings([finding()])
    recorder.finish()
    return recorder.run_id


def test_runs_are_kept_as_history(store_url):
    first, second = record_run(store_url), record_run(store_url)
    assert second > first
    engine = open_engine(store_url)  # reopening an up-to-date store migrates nothing and loses nothing
    with session_factory(engine)() as session:
        assert session.scalar(select(func.count()).select_from(Run)) == 2
        assert {run.status for run in session.scalars(select(Run))} == {"finished"}
        stored = session.scalars(select(Dataset).where(Dataset.run_id == second)).one()
        assert stored.level == "L4" and stored.fields[0].entities[0]["examples"] == ["1101**********002X"]
        assert session.scalar(select(func.count()).select_from(FindingRecord)) == 2
        assert session.scalars(select(RunError)).first().source == "data/坏.csv"
    assert {"runs", "datasets", "fields", "findings", "run_errors", "alembic_version"} <= set(
        inspect(engine).get_table_names())


def test_partial_results_stay_written_when_a_run_fails(store_url):
    recorder = RunRecorder(open_engine(store_url), "scan", AS_OF, {})
    recorder.dataset(dataset())
    recorder.finish("failed")
    with session_factory(open_engine(store_url))() as session:
        run = session.get(Run, recorder.run_id)
        assert run.status == "failed" and len(run.datasets) == 1


def test_urls_resolve_and_never_show_passwords(monkeypatch, tmp_path):
    monkeypatch.delenv("SECSUITE_DB", raising=False)
    assert resolve_url(None) == "sqlite:///secsuite.db"
    monkeypatch.setenv("SECSUITE_DB", str(tmp_path / "x.db"))
    assert resolve_url(None) == f"sqlite:///{tmp_path / 'x.db'}"
    assert resolve_url("postgresql://u@h/db") == "postgresql://u@h/db"
    shown = display_url("postgresql+psycopg://auditor:S3cret!@db.example/secsuite")
    assert "S3cret" not in shown and "auditor" in shown
