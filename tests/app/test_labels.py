"""Locks read from the store by every scan, monitoring's re-runs too: a re-run that reuses an
unchanged file's last result (``reuse_every``) still grades it by the locks approved since, and
gives it back to detection once they are unlocked."""

from __future__ import annotations

import datetime as dt

from secsuite.app.scan import ScanJob, ScanProgress, scan
from secsuite.classify.locks import field_key
from secsuite.store.access import Review
from secsuite.store.db import open_engine, session_factory
from secsuite.timeutil import DEFAULT_TZ

AS_OF = dt.date(2025, 12, 31)
CATALOGUE = ("dataset,unit,share_attr,open_attr,declared_level,deidentification\n"
             "data/联系.csv,市民政局,无条件共享,不予开放,L1,\n")
KEY = field_key("data/联系.csv", "联系", "手机号")


def approve(store_url: str, decision: str, number: int) -> None:
    """An approved label review, as the web's four-eyes flow leaves it."""
    at = dt.datetime(2026, 1, 1, 9, number, tzinfo=DEFAULT_TZ)
    with session_factory(open_engine(store_url)).begin() as session:
        session.add(Review(subject_kind="field_label", subject_key=KEY, unit="市民政局", decision=decision,
                           proposed={"entity": None, "level": "L1"}, reason="测试号段", status="approved",
                           requested_by="auditor", requested_at=at, reviewed_by="auditor2", reviewed_at=at))


def test_reused_results_follow_the_locks(store_url, tmp_path, monkeypatch):
    (tmp_path / "data").mkdir()
    rows = [f"{i},139{i:08d}" for i in range(1, 61)]  # made-up numbers
    (tmp_path / "data" / "联系.csv").write_text("编号,手机号\n" + "\n".join(rows) + "\n", encoding="utf-8")
    (tmp_path / "catalogue.csv").write_text(CATALOGUE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    def rerun() -> tuple[str, str, set[str], int]:
        read: list[int] = []
        outcome = scan(ScanJob(paths=["data"], as_of=AS_OF, catalogue=tmp_path / "catalogue.csv",
                               store_url=store_url, reuse_every=10), ScanProgress(rows=lambda *_: read.append(1)))
        (dataset,) = outcome.result.datasets
        mobile = next(f for f in dataset.fields if f.name == "手机号")
        return mobile.level, dataset.level, {f.rule_id for f in outcome.result.findings}, len(read)

    level, dataset_level, rules, read = rerun()
    assert (level, dataset_level) == ("L3", "L3") and "DATA-SHARE-OVER-LEVEL" in rules and read
    approve(store_url, "override", 1)
    level, dataset_level, rules, read = rerun()
    assert (level, dataset_level, read) == ("L1", "L1", 0), "the file was reused, and graded by the lock"
    assert "DATA-SHARE-OVER-LEVEL" not in rules
    approve(store_url, "unlock", 2)
    level, dataset_level, rules, read = rerun()
    assert (level, dataset_level, read) == ("L3", "L3", 0) and "DATA-SHARE-OVER-LEVEL" in rules
