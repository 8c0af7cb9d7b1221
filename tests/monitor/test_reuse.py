"""Cheap re-runs: an unchanged file's last result is reused (the same result, its errors reported
again), a changed one is read again even when its size and mtime were kept, a change of settings
starts afresh, and every N-th run reads everything in full."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import select

from secsuite.monitor.models import CachedSource
from secsuite.monitor.reuse import StoreReuse, settings_key
from secsuite.scan.pipeline import ScanRequest, run_scan
from secsuite.store.db import open_engine, session_factory

PEOPLE = "姓名,身份证号,手机号\n张三,11010519491231002X,13800138000\n李四,110101199003077777,13912345678\n"
PLAIN = "城市,人口\n北京,2100\n上海,2400\n"


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "data"
    root.mkdir()
    (root / "people.csv").write_text(PEOPLE, encoding="utf-8")
    (root / "plain.csv").write_text(PLAIN, encoding="utf-8")
    (root / "broken.json").write_text("{not json", encoding="utf-8")
    return root


def _scan(engine, tree, specs, guide, as_of, reread_every=10, lang="zh"):
    request = ScanRequest(paths=[str(tree)], guide=guide, specs=specs, as_of=as_of, lang=lang)
    request.reuse = reuse = StoreReuse(engine, settings_key(request), reread_every)
    result = run_scan(request)
    reuse.save()
    return result


def _reuses(engine) -> dict[str, int]:
    with session_factory(engine)() as session:
        return {os.path.basename(row.source): row.reuses for row in session.scalars(select(CachedSource))}


def _document(result) -> dict:
    return result.model_dump(mode="json", exclude={"run_id"})


def test_an_unchanged_tree_is_reused_whole_with_the_same_result(store_url, tree, specs, guide, as_of):
    engine = open_engine(store_url)
    first = _scan(engine, tree, specs, guide, as_of)
    assert _reuses(engine) == {"people.csv": 0, "plain.csv": 0, "broken.json": 0}
    second = _scan(engine, tree, specs, guide, as_of)
    assert _reuses(engine) == {"people.csv": 1, "plain.csv": 1, "broken.json": 1}
    assert _document(second) == _document(first)
    assert [e["source"].endswith("broken.json") for e in second.errors] == [True]


def test_a_change_that_keeps_size_and_mtime_is_still_seen(store_url, tree, specs, guide, as_of):
    engine = open_engine(store_url)
    _scan(engine, tree, specs, guide, as_of)
    people = tree / "people.csv"
    stat = people.stat()
    people.write_text(PEOPLE.replace("张三", "王五"), encoding="utf-8")  # same byte length
    os.utime(people, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert people.stat().st_size == stat.st_size
    _scan(engine, tree, specs, guide, as_of)
    assert _reuses(engine) == {"people.csv": 0, "plain.csv": 1, "broken.json": 1}


def test_every_nth_run_reads_everything_again(store_url, tree, specs, guide, as_of):
    engine = open_engine(store_url)
    seen = []
    for _ in range(5):
        _scan(engine, tree, specs, guide, as_of, reread_every=3)
        seen.append(_reuses(engine)["plain.csv"])
    assert seen == [0, 1, 2, 0, 1]


def test_other_settings_never_reuse_a_result(store_url, tree, specs, guide, as_of):
    engine = open_engine(store_url)
    _scan(engine, tree, specs, guide, as_of, lang="zh")
    english = _scan(engine, tree, specs, guide, as_of, lang="en")
    assert _reuses(engine) == {"people.csv": 0, "plain.csv": 0, "broken.json": 0}  # zh rows, en rows: both fresh
    fresh = run_scan(ScanRequest(paths=[str(tree)], guide=guide, specs=specs, as_of=as_of, lang="en"))
    assert _document(english) == _document(fresh)
    people = next(d for d in english.datasets if d.source.endswith("people.csv"))
    assert {e.type for f in people.fields for e in f.entities} >= {"CN_RESIDENT_ID", "CN_MOBILE"}


def _fill(url: str, rows: list[tuple[str, str]]) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE IF NOT EXISTS people (name VARCHAR(20), id_card VARCHAR(18))"))
        for name, id_card in rows:
            connection.execute(text("INSERT INTO people VALUES (:n, :i)"), {"n": name, "i": id_card})
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:  # statistics leave a backend at its next idle moment: now
            connection.execute(text("SELECT pg_stat_force_next_flush()"))
            connection.commit()
    engine.dispose()


def test_a_table_is_reused_while_its_write_statistics_stand_still(postgres_url, tmp_path, specs, guide, as_of):
    url = postgres_url
    _fill(url, [("张三", "11010519491231002X")])
    engine = open_engine(f"sqlite:///{tmp_path / 'store.db'}")

    def scan():
        scan_request = ScanRequest(paths=[url], guide=guide, specs=specs, as_of=as_of)
        scan_request.reuse = reuse = StoreReuse(engine, settings_key(scan_request), 10)
        result = run_scan(scan_request)
        reuse.save()
        return result

    first = scan()
    second = scan()
    assert list(_reuses(engine).values()) == [1]
    assert _document(second) == _document(first)
    _fill(url, [("李四", "11010519491231002X")])
    third = scan()
    assert list(_reuses(engine).values()) == [0]
    assert [d.rows_total for d in third.datasets] == [2]


@pytest.mark.parametrize("scanned", ["sqlite", "mysql_url"])
def test_a_table_without_trustworthy_statistics_is_always_read(request, tmp_path, scanned, specs, guide, as_of):
    from sqlalchemy.engine import make_url

    from secsuite.sources.selection import Selection

    url = f"sqlite:///{tmp_path / 'scanned.db'}" if scanned == "sqlite" else request.getfixturevalue(scanned)
    _fill(url, [("张三", "11010519491231002X")])
    engine = open_engine(f"sqlite:///{tmp_path / 'store.db'}")
    schema = make_url(url).database if scanned == "mysql_url" else "main"  # MySQL: other tests' databases too
    for _ in range(2):
        scan_request = ScanRequest(paths=[url], guide=guide, specs=specs, as_of=as_of,
                                   selection=Selection((f"{schema}.people",), ()))
        scan_request.reuse = reuse = StoreReuse(engine, settings_key(scan_request), 10)
        assert len(run_scan(scan_request).datasets) == 1
        reuse.save()
    assert _reuses(engine) == {}
