"""Database sources on real servers: PostgreSQL and MariaDB on 127.0.0.1, and SQLite files."""

from __future__ import annotations

import csv
import json
import subprocess
import sys

import pytest
from sqlalchemy import Column, MetaData, Table, Text, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from secsuite.scan.dataset import ScanOptions
from secsuite.scan.pipeline import ScanRequest, run_scan
from secsuite.sources.database import _read_only_engine, open_database
from secsuite.sources.selection import Selection
from secsuite.urls import display_url, is_database_url
from tests.conftest import EXAMPLES

PEOPLE = EXAMPLES / "data/公安/人口基本信息.csv"


def people_rows() -> tuple[list[str], list[list[str]]]:
    with PEOPLE.open(encoding="utf-8-sig", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    return header, rows


def load_people(url: str, schema: str | None) -> None:
    """The example's population table, its phone column renamed to a cryptic name with a comment."""
    header, rows = people_rows()
    names = ["zd7" if h == "联系电话" else h for h in header]
    engine = create_engine(url)
    metadata = MetaData(schema=schema)
    people = Table("renkou", metadata, *(Column(n, Text, comment="联系电话" if n == "zd7" else None) for n in names))
    Table("shebei", metadata, Column("id", Text), Column("型号", Text))
    qualified = f"{schema}.renkou" if schema else "renkou"
    with engine.begin() as connection:
        if schema and engine.dialect.name == "postgresql":
            connection.execute(text(f"CREATE SCHEMA IF NOT EXISTS {schema}"))
        connection.execute(text(f"DROP VIEW IF EXISTS {qualified}_view"))
        metadata.drop_all(connection)
        metadata.create_all(connection)
        connection.execute(people.insert(), [dict(zip(names, row, strict=True)) for row in rows])
        connection.execute(text(f"CREATE VIEW {qualified}_view AS SELECT 姓名, 公民身份号码 FROM {qualified}"))
    engine.dispose()


@pytest.fixture(scope="module", params=["postgresql", "mysql", "sqlite"])
def database(request, tmp_path_factory):
    if request.param == "postgresql":
        url, schema = request.getfixturevalue("postgres_url"), "gongan"
    elif request.param == "mysql":
        url, schema = request.getfixturevalue("mysql_url"), None
    else:
        url, schema = f"sqlite:///{tmp_path_factory.mktemp('db') / 'people.db'}", None
    load_people(url, schema)
    return url, schema


def scan(paths, specs, guide, as_of, selection=None, full=False):
    request = ScanRequest(paths=paths, guide=guide, specs=specs, as_of=as_of,
                          options=ScanOptions(full=full, sample_rows=200), selection=selection or Selection())
    return run_scan(request)


def grades(dataset) -> dict[str, tuple[list[str], str]]:
    renamed = {"zd7": "联系电话"}
    return {renamed.get(f.name, f.name): (sorted(e.type for e in f.entities), f.level) for f in dataset.fields}


@pytest.mark.parametrize("full", [False, True], ids=["sampled", "full"])
def test_database_scan_grades_like_the_csv(database, specs, guide, as_of, full):
    url, _ = database
    from_db = scan([url], specs, guide, as_of, Selection(include=("*renkou",)), full=full)
    from_csv = scan([str(PEOPLE)], specs, guide, as_of, full=full)
    assert not from_db.errors
    [table] = from_db.datasets
    [expected] = from_csv.datasets
    assert grades(table) == grades(expected)
    assert table.level == expected.level == "L4"
    assert (table.rows_total, table.rows_scanned) == ((600, 600) if full else (600, 200))


def test_every_table_and_view_is_listed_and_globs_select(database, specs, guide, as_of):
    url, schema = database
    prefix = f"{schema}." if schema else ""
    everything = scan([url], specs, guide, as_of)
    names = sorted(d.source.rsplit(".", 1)[1] for d in everything.datasets)
    assert names == ["renkou", "renkou_view", "shebei"]
    only_views = scan([url], specs, guide, as_of, Selection(include=("*_view",)))
    assert [d.name for d in only_views.datasets] == ["renkou_view"]
    no_device = scan([url], specs, guide, as_of, Selection(exclude=(f"{prefix}shebei", "*view")))
    assert [d.name for d in no_device.datasets] == ["renkou"]


@pytest.fixture(scope="module", params=["postgres", "mysql"])
def commented_database(request):
    """The servers that keep column comments (SQLite has none)."""
    url = request.getfixturevalue(f"{request.param}_url")
    load_people(url, "gongan" if request.param == "postgres" else None)
    return url


def test_column_comments_feed_the_name_signal(commented_database, specs, guide, as_of):
    url = commented_database
    [table] = [t for t in open_database(url, Selection(include=("*renkou",)), 1 << 20, 200, False)]
    assert table.comments["zd7"] == "联系电话"
    [dataset] = scan([url], specs, guide, as_of, Selection(include=("*renkou",))).datasets
    [phone] = [f for f in dataset.fields if f.name == "zd7"]
    assert phone.entities[0].type == "CN_MOBILE" and phone.entities[0].name_hint


def test_the_session_is_read_only(database):
    url, schema = database
    qualified = f"{schema}.shebei" if schema else "shebei"
    engine = _read_only_engine(make_url(url))
    with pytest.raises(DBAPIError), engine.begin() as connection:
        connection.execute(text(f"INSERT INTO {qualified} VALUES ('1', 'x')"))
    engine.dispose()


def test_the_password_never_appears(postgres_url, tmp_path):
    load_people(postgres_url, "gongan")
    url = make_url(postgres_url).set(password="S3cret-pw")  # the server trusts loopback, so any password works
    with_password = url.render_as_string(hide_password=False)
    assert is_database_url(with_password) and "S3cret-pw" not in display_url(url)
    done = subprocess.run(
        [sys.executable, "-m", "secsuite", "scan", with_password, "--include", "gongan.*", "--format", "json",
         "--db", str(tmp_path / "store.db"), "--as-of", "2025-12-31"],
        capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "S3cret-pw" not in done.stdout + done.stderr
    assert "S3cret-pw" not in (tmp_path / "store.db").read_bytes().decode("utf-8", "replace")
    sources = [d["source"] for d in json.loads(done.stdout)["datasets"]]
    assert sources and all(s.startswith("postgresql+psycopg://postgres@127.0.0.1") for s in sources)


def test_unreachable_database_is_an_error_not_a_crash(specs, guide, as_of):
    result = scan(["postgresql+psycopg://nobody:pw@127.0.0.1:1/none"], specs, guide, as_of)
    [error] = result.errors
    assert "cannot connect" in error["message"] and "pw@" not in error["source"]
