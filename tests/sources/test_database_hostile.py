"""Scanned databases are never written, never hang the scan, and one bad table never stops the
rest: real MariaDB, PostgreSQL and SQLite."""

from __future__ import annotations

import sqlite3
import urllib.parse
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from secsuite.scan.dataset import ScanOptions
from secsuite.scan.pipeline import ScanRequest, run_scan
from secsuite.sources.database import sqlite_uri
from secsuite.sources.selection import Selection

ID = "11010519491231002X"


def scan(url: str, specs, guide, as_of, full: bool = False, timeout: float = 60.0, include: tuple[str, ...] = ()):
    options = ScanOptions(full=full, sample_rows=50, table_timeout=timeout)
    request = ScanRequest(paths=[url], guide=guide, specs=specs, as_of=as_of, options=options,
                          selection=Selection(include=include))
    return run_scan(request)


def execute(url: str, *statements: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        for statement in statements:
            connection.execute(text(statement))
    engine.dispose()


def scalar(url: str, query: str):
    engine = create_engine(url)
    with engine.connect() as connection:
        value = connection.execute(text(query)).scalar()
    engine.dispose()
    return value


def by_name(result) -> tuple[set[str], dict[str, str]]:
    scanned = {d.source.rsplit(".", 1)[1] for d in result.datasets}
    errors = {e["source"].rsplit(".", 1)[1]: e["message"] for e in result.errors}
    return scanned, errors


def test_a_view_cannot_turn_a_mariadb_scan_read_write(mysql_url, specs, guide, as_of):
    """View a_unlock's function turns the session read-write; view b_steal's function then writes
    to a MyISAM table, which no rollback undoes. Each table's read is its own read-only transaction
    on a fresh connection, so the write is refused."""
    execute(
        mysql_url,
        "CREATE TABLE loot (v TEXT) ENGINE=MyISAM",
        "CREATE FUNCTION unlock_rw() RETURNS INT MODIFIES SQL DATA BEGIN SET SESSION tx_read_only = 0; RETURN 1; END",
        "CREATE FUNCTION steal() RETURNS INT MODIFIES SQL DATA BEGIN INSERT INTO loot VALUES ('x'); RETURN 1; END",
        "CREATE VIEW a_unlock AS SELECT unlock_rw() AS u",
        "CREATE VIEW b_steal AS SELECT steal() AS s",
    )
    for full in (False, True):
        result = scan(mysql_url, specs, guide, as_of, full=full, include=("a_unlock", "b_steal", "loot"))
        scanned, errors = by_name(result)
        assert scanned == {"a_unlock", "loot"} and set(errors) == {"b_steal"}
        assert "READ ONLY" in errors["b_steal"]
    assert scalar(mysql_url, "SELECT count(*) FROM loot") == 0


def test_a_backtick_in_a_mysql_column_name_is_read(mysql_url, specs, guide, as_of):
    execute(mysql_url, "CREATE TABLE tick (`a``b` TEXT, `身份证号` TEXT)",
            f"INSERT INTO tick VALUES ('x', '{ID}')")
    [dataset] = scan(mysql_url, specs, guide, as_of, include=("tick",)).datasets
    assert [f.name for f in dataset.fields] == ["a`b", "身份证号"]
    assert dataset.fields[1].entities[0].type == "CN_RESIDENT_ID"


@pytest.fixture(scope="module")
def hostile_postgres(postgres_url):
    execute(
        postgres_url,
        "CREATE SCHEMA h",
        f"CREATE TABLE h.a_people AS SELECT '{ID}'::text AS 身份证号",
        "CREATE VIEW h.b_sleeps AS SELECT pg_sleep(30)::text AS s",
        "CREATE VIEW h.c_endless AS WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT n FROM r",
        "CREATE VIEW h.d_fails AS SELECT (1 / (n - n))::text AS v FROM generate_series(1, 3) AS n",
        f"CREATE TABLE h.e_people AS SELECT '{ID}'::text AS 身份证号",
    )
    return postgres_url


def test_postgres_statements_stop_at_the_table_timeout(hostile_postgres, specs, guide, as_of):
    result = scan(hostile_postgres, specs, guide, as_of, full=True, timeout=1, include=("h.*",))
    scanned, errors = by_name(result)
    assert scanned == {"a_people", "e_people"}
    assert set(errors) == {"b_sleeps", "c_endless", "d_fails"}
    assert "timed out" in errors["b_sleeps"] and "timed out" in errors["c_endless"]
    assert "division by zero" in errors["d_fails"]
    still_running = scalar(hostile_postgres, "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%b_sleeps%' "
                                             "AND state = 'active' AND pid <> pg_backend_pid()")
    assert still_running == 0


def test_a_sampled_scan_never_evaluates_a_whole_view(hostile_postgres, specs, guide, as_of):
    """An endless view is sampled by its first rows: no count(*) of it, no random order over it."""
    result = scan(hostile_postgres, specs, guide, as_of, timeout=20, include=("h.c_endless",))
    assert not result.errors
    [dataset] = result.datasets
    assert dataset.rows_scanned == 50


def test_mariadb_statements_stop_at_the_table_timeout(mysql_url, specs, guide, as_of):
    execute(mysql_url, "CREATE VIEW slow AS SELECT SLEEP(30) AS s FROM (SELECT 1 UNION SELECT 2) AS two",
            f"CREATE TABLE t_people AS SELECT '{ID}' AS 身份证号")
    result = scan(mysql_url, specs, guide, as_of, full=True, timeout=1, include=("slow", "t_people"))
    scanned, errors = by_name(result)
    assert scanned == {"t_people"} and set(errors) == {"slow"}


def _people_db(path: Path, wal: bool = False) -> None:
    connection = sqlite3.connect(path)
    if wal:
        connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("CREATE TABLE people (身份证号 TEXT)")
    connection.execute("INSERT INTO people VALUES (?)", (ID,))
    connection.execute("CREATE VIEW endless AS WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) "
                       "SELECT n FROM r")
    connection.commit()
    connection.close()


@pytest.mark.parametrize("name", ["a#b.db", "a?b.db", "a%23b.db", "数据 #1.sqlite"])
def test_sqlite_paths_with_uri_characters_open_read_only(tmp_path, specs, guide, as_of, name):
    folder = tmp_path / "dbs"
    folder.mkdir()
    path = folder / name
    _people_db(path)
    before = sorted(p.name for p in folder.iterdir())
    url = "sqlite:///" + urllib.parse.quote(str(path)) if {"?", "%"} & set(name) else f"sqlite:///{path}"
    result = scan(url, specs, guide, as_of, include=("main.people",))
    assert not result.errors
    assert [d.fields[0].entities[0].type for d in result.datasets] == ["CN_RESIDENT_ID"]
    assert sorted(p.name for p in folder.iterdir()) == before


def test_sqlite_opens_immutable_and_creates_no_wal_files(tmp_path, specs, guide, as_of):
    path = tmp_path / "wal.db"
    _people_db(path, wal=True)
    assert not Path(f"{path}-wal").exists() and "immutable=1" in sqlite_uri(str(path))
    result = scan(f"sqlite:///{path}", specs, guide, as_of, full=True, timeout=1)
    scanned, errors = by_name(result)
    assert scanned == {"people"} and "timed out" in errors["endless"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["wal.db"]


def test_a_live_sqlite_database_is_read_without_immutable(tmp_path):
    path = tmp_path / "live.db"
    _people_db(path, wal=True)
    writer = sqlite3.connect(path)
    writer.execute("INSERT INTO people VALUES ('x')")  # uncommitted: the -wal file exists
    writer.execute("PRAGMA wal_autocheckpoint=0")
    try:
        assert Path(f"{path}-wal").exists()
        assert "immutable" not in sqlite_uri(str(path)) and "mode=ro" in sqlite_uri(str(path))
    finally:
        writer.close()
