"""Opening the store: resolve the URL (flag > $SECSUITE_DB > ./secsuite.db), migrate to head.

Migrations run on every open (alembic is idempotent at its heads; each capability adds its tables
as its own branch from the initial revision), so an old store file is upgraded
in place and a new one is created with the current schema.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from secsuite.urls import display_url

__all__ = ["display_url", "open_engine", "resolve_url", "session_factory"]

MIGRATIONS = Path(__file__).parent / "migrations"
DEFAULT_DB = "secsuite.db"


def resolve_url(given: str | None = None) -> str:
    url = given or os.environ.get("SECSUITE_DB") or DEFAULT_DB
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser()}"
    return url


def _sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()


def migrate(engine: Engine) -> None:
    from alembic import command  # alembic costs a third of a second to import: only when a store opens
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "heads")


def open_engine(url: str | None = None) -> Engine:
    resolved = resolve_url(url)
    engine = create_engine(resolved, future=True)
    if engine.dialect.name == "sqlite":
        _sqlite_pragmas(engine)
    migrate(engine)
    return engine


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
