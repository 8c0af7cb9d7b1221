"""Shared fixtures: the bundled example, a fixed as-of date, loaded detectors and guide, and
throw-away databases on the machine's PostgreSQL and MariaDB servers (.ci/run starts them)."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from secsuite.classify.guide import load_guide
from secsuite.detect.spec import load_specs

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
AS_OF = dt.date(2025, 12, 31)


@pytest.fixture(scope="session")
def specs():
    return load_specs()


@pytest.fixture(scope="session")
def guide():
    return load_guide(None)


@pytest.fixture(scope="session")
def as_of() -> dt.date:
    return AS_OF


PG_ADMIN = os.environ.get("SECSUITE_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
MYSQL_ADMIN = os.environ.get("SECSUITE_TEST_MYSQL", "mysql+pymysql://secsuite:secsuite@127.0.0.1:3306/")


def _throwaway_database(admin_url: str, drop: str):
    name = f"secsuite_test_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    yield name
    with admin.connect() as connection:
        connection.execute(text(drop.format(name=name)))
    admin.dispose()


@pytest.fixture(scope="module")
def postgres_url():
    """A fresh database per test module, so modules never see each other's tables."""
    for name in _throwaway_database(PG_ADMIN, "DROP DATABASE {name} WITH (FORCE)"):
        yield PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture(scope="module")
def mysql_url():
    for name in _throwaway_database(MYSQL_ADMIN, "DROP DATABASE {name}"):
        yield MYSQL_ADMIN.rstrip("/") + f"/{name}?charset=utf8mb4"


@pytest.fixture(autouse=True)
def _bundled_content_only():
    """Local content directories a test named (flags, a config file's ``paths:``) end with it."""
    from secsuite.paths import reset_local_dirs

    yield
    reset_local_dirs()
