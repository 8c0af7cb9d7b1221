"""The heads' schema kept as data (``secsuite.store.head``): it is what the migrations create, a new
SQLite store made from it is one alembic would have made, and a store already at the heads is
opened without alembic."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError, OperationalError

from secsuite.store.db import MIGRATIONS, open_engine
from secsuite.store.head import head

ROOT = Path(__file__).resolve().parents[2]


def _schema(url: str) -> tuple[list[str], list[str]]:
    engine = create_engine(url)
    with engine.connect() as connection:
        statements = list(connection.execute(text(
            "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY rowid")).scalars())
        versions = sorted(connection.execute(text("SELECT version_num FROM alembic_version")).scalars())
    engine.dispose()
    return statements, versions


def test_the_bundled_head_schema_is_what_the_migrations_create() -> None:
    """The generator's own check, as CI runs it: exit 0 and nothing reported."""
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "store_head.py"), "--check"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def _alembic_upgrade(url: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    engine = create_engine(url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "heads")
    engine.dispose()


def test_a_new_sqlite_store_is_the_one_alembic_would_make(tmp_path) -> None:
    made = f"sqlite:///{tmp_path / 'new.db'}"
    open_engine(made).dispose()
    migrated = f"sqlite:///{tmp_path / 'migrated.db'}"
    _alembic_upgrade(migrated)
    assert _schema(made) == _schema(migrated)
    assert _schema(made)[1] == sorted(head()["heads"])
    _alembic_upgrade(made)  # alembic finds nothing to do on it
    assert _schema(made) == _schema(migrated)


def test_a_new_store_keeps_its_append_only_tables_so(tmp_path) -> None:
    """The triggers that make the audit trail append-only come with the schema, not only the tables."""
    engine = open_engine(f"sqlite:///{tmp_path / 'store.db'}")
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO audit_events (at, actor, via, action, outcome, detail, key_id, prev_hash, hash) "
            "VALUES ('2025-01-01', 'a', 'cli', 'x', 'ok', '{}', 'k', 'p', 'h')"))
    with pytest.raises((IntegrityError, OperationalError), match="append-only"), engine.begin() as connection:
        connection.execute(text("UPDATE audit_events SET actor = 'b'"))
    engine.dispose()


def test_a_store_at_the_heads_opens_without_alembic(tmp_path) -> None:
    """Every open after the first: alembic is neither run nor imported."""
    url = f"sqlite:///{tmp_path / 'store.db'}"
    open_engine(url).dispose()
    probe = ("import sys; from secsuite.store.db import open_engine; "
             f"open_engine({url!r}).dispose(); print('alembic' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.strip() == "False"


def test_a_sqlite_store_opens_without_the_postgresql_dialect(tmp_path) -> None:
    """A new SQLite store, models and all: SQLAlchemy's PostgreSQL dialect (70 ms to import) stays
    unloaded, as it would not were a model to declare a ``postgresql_*`` option."""
    url = f"sqlite:///{tmp_path / 'store.db'}"
    probe = ("import sys; import secsuite.store.models; from secsuite.store.db import open_engine; "
             f"open_engine({url!r}).dispose(); print('sqlalchemy.dialects.postgresql' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.strip() == "False"
