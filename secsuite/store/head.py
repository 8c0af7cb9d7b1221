"""The store's schema at the migrations' heads, kept as data: opening a store that is already at
the heads (every open after the first) and creating a new SQLite store (the default for users)
then cost no alembic run. Alembic's import and a run of every migration took half a second of
each scan's start-up, while the outcome was known in advance.

``head.json`` holds the heads and, for SQLite, the statements that a run of every migration leaves
in ``sqlite_master`` (tables, indexes and the append-only triggers, in creation order); the
migrations add no rows to a new store beyond the heads recorded. It is
generated from the migrations themselves by ``scripts/store_head.py``, and a test regenerates it
and compares, so it cannot drift from them. Any other store (older, or another database) is
migrated by alembic as before.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from sqlalchemy import Connection, inspect, text

HEAD_FILE = Path(__file__).parent / "migrations" / "head.json"
VERSION_TABLE = "alembic_version"


@cache
def head() -> dict:
    """``{"heads": [...], "sqlite": [statement, ...]}``; the heads as the version table records them."""
    return json.loads(HEAD_FILE.read_text(encoding="utf-8"))


def at_heads(connection: Connection) -> bool:
    """Whether the store's recorded revisions are exactly the heads (nothing to migrate)."""
    if not inspect(connection).has_table(VERSION_TABLE):
        return False
    recorded = set(connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars())
    return recorded == set(head()["heads"])


def is_empty_sqlite(connection: Connection) -> bool:
    return connection.dialect.name == "sqlite" and not inspect(connection).get_table_names()


def create_sqlite_at_heads(connection: Connection) -> None:
    """Create the whole schema of a new SQLite store and record the heads, as a run of every
    migration would (inside the caller's transaction, which holds the store's write lock)."""
    for statement in head()["sqlite"]:  # the version table among them
        connection.exec_driver_sql(statement)
    for revision in head()["heads"]:
        connection.execute(text(f"INSERT INTO {VERSION_TABLE} (version_num) VALUES (:revision)"),
                           {"revision": revision})
