"""Opening the store: resolve the URL (flag > $SECSUITE_DB > ./secsuite.db), migrate to head.

Every open brings the store to the migrations' heads (each capability adds its tables as its own
branch from the initial revision), so an old store file is upgraded in place and a new one is
created with the current schema; a store already at the heads and a new SQLite store need no
alembic run (``secsuite.store.head``). Three scans started at once on a new
store must not race to create the same tables: migrating holds the store's write lock (SQLite
``BEGIN IMMEDIATE``, a PostgreSQL advisory lock), and the others wait for it, then find the
schema at its heads. A SQLite store this process may not write (read-only media, a file the
auditor may only read) is opened read-only, without migrating, so it can still be reported on.
"""

from __future__ import annotations

import os
import weakref
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from secsuite.urls import display_url, resolve_url

__all__ = ["close_engines", "display_url", "open_engine", "session_factory"]

MIGRATIONS = Path(__file__).parent / "migrations"
_OPEN_ENGINES: weakref.WeakSet[Engine] = weakref.WeakSet()


def _sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()


LOCK_WAIT_SECONDS = 120
_PG_MIGRATION_LOCK = 0x5EC5_0001


def migrate(engine: Engine) -> None:
    """Bring the store to the heads. A store already there is left alone and a new SQLite store is
    created from the heads' schema (``secsuite.store.head``), both without alembic; any other store
    is migrated by alembic, under the store's write lock."""
    from secsuite.store.head import at_heads, create_sqlite_at_heads, is_empty_sqlite

    with engine.connect() as connection:
        if at_heads(connection):
            return
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN IMMEDIATE")  # DDL would otherwise run outside any lock
        elif engine.dialect.name == "postgresql":
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_MIGRATION_LOCK})")
        if at_heads(connection):  # another process migrated it while this one waited for the lock
            return
        if is_empty_sqlite(connection):
            create_sqlite_at_heads(connection)
            return
        _alembic_upgrade(connection)


def _alembic_upgrade(connection: Connection) -> None:
    from alembic import command  # alembic costs a third of a second to import: only when a store needs it
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    command.upgrade(config, "heads")


def _sqlite_path(url: str) -> Path | None:
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database.startswith(("file:", ":memory:")):
        return None
    return Path(parsed.database)


def _writable(path: Path) -> bool:
    """Whether this process can write the store file and the files SQLite keeps beside it."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def open_engine(url: str | None = None) -> Engine:
    resolved = resolve_url(url)
    path = _sqlite_path(resolved)
    if path is not None and path.is_file() and not _writable(path):
        engine = _read_only_sqlite(path)
    else:
        connect_args = {"timeout": LOCK_WAIT_SECONDS} if path is not None else {}
        engine = create_engine(resolved, future=True, connect_args=connect_args)
        if engine.dialect.name == "sqlite":
            _sqlite_pragmas(engine)
        migrate(engine)
    _OPEN_ENGINES.add(engine)
    return engine


def close_engines() -> None:
    """Close the pooled connections of every store this process opened. The command line ends
    without the interpreter's teardown (``secsuite.ending``), which would otherwise close them, and
    SQLite folds its write-ahead log into the store file only when the last connection closes: a
    store file copied on its own after a run must hold that run."""
    for engine in list(_OPEN_ENGINES):
        engine.dispose()


def _read_only_sqlite(path: Path) -> Engine:
    """A store on read-only media: ``immutable=1`` (no lock, no ``-shm`` file) unless a ``-wal``
    file says it was copied while still in use."""
    import sqlite3

    from secsuite.sources.database import sqlite_uri

    uri = sqlite_uri(str(path))
    return create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True), future=True)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
