"""SQL databases through SQLAlchemy: every table and view of every schema, read-only.

Reading must never write, even when the database fights back: a view may call a function that
turns the session's read-only flag off (MariaDB ``SET SESSION tx_read_only=0``) so that the next
view's function can insert rows. So connections are never pooled (each table gets a fresh session,
made read-only when it connects) and each table is read inside its own read-only transaction,
begun explicitly, which a function cannot turn read-write (PostgreSQL refuses once a query ran;
MariaDB applies a session change to the next transaction only). SQLite files are opened through a
quoted ``file:`` URI with ``mode=ro``, and ``immutable=1`` unless a ``-wal`` file says the database
is live, so no ``-wal``/``-shm`` file is ever created beside them. An account that can only read
remains the real guarantee (README: "Scanning databases").

Each table's read runs under a time limit (``--table-timeout``): each statement (PostgreSQL
``statement_timeout``, MariaDB ``max_statement_time``, MySQL ``max_execution_time``, SQLite a
progress handler) and the whole stream of batches, so a view that never ends becomes that table's
error and the server stops working on it. Tables are sampled inside the database (PostgreSQL ``TABLESAMPLE``, a random order
elsewhere); views are never counted and are sampled by their first rows, so a sampled scan never
evaluates a whole view. ``--full`` streams every row through a server-side cursor in batches.
Every value is cast to text in SQL, column comments feed the name hints, and the URL is only ever
shown without its password.
"""

from __future__ import annotations

import os
import sqlite3
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import polars as pl
from sqlalchemy import (
    Connection,
    Engine,
    String,
    cast,
    column,
    create_engine,
    event,
    func,
    inspect,
    select,
    table,
    text,
)
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import NoSuchModuleError, SQLAlchemyError
from sqlalchemy.pool import NullPool
from sqlalchemy.sql.expression import TableClause

from secsuite.errors import InputError, unexpected
from secsuite.redact import mask_sensitive
from secsuite.sources.selection import Selection
from secsuite.sources.table import BATCH_ROWS, READ_FAULTS, Table, blank_oversized, unique_names
from secsuite.urls import display_url

SYSTEM_SCHEMAS = {"information_schema", "pg_catalog", "pg_toast", "mysql", "performance_schema", "sys"}
OVERSAMPLE = 2.0  # TABLESAMPLE returns about the asked share; ask for more and LIMIT
MIN_PAGES = 32  # SYSTEM sampling draws whole pages: enough of them that the sample cannot fall short
DEFAULT_TABLE_TIMEOUT = 600.0  # seconds per table: each statement, and the whole read


def sqlite_uri(path: str) -> str:
    """A read-only ``file:`` URI for a SQLite file; ``#`` and ``?`` in the path are quoted so that
    they never cut the path short and drop ``mode=ro``. ``immutable=1`` (no locks, no ``-shm``)
    unless a ``-wal`` file beside it says another process is writing to it."""
    live = os.path.exists(f"{path}-wal")
    quoted = urllib.parse.quote(os.path.abspath(path), safe="/")
    return f"file:{quoted}?mode=ro" + ("" if live else "&immutable=1")


def _sqlite_engine(url: URL) -> Engine:
    database = url.database or ""
    if not database or database == ":memory:" or database.startswith("file:"):
        return create_engine(url, poolclass=NullPool)
    uri = sqlite_uri(database)
    if not os.path.isfile(database):
        raise FileNotFoundError(database)  # sqlite3 would say only "unable to open database file"
    return create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True), poolclass=NullPool)


def _read_only_engine(url: URL) -> Engine:
    backend = url.get_backend_name()
    engine = _sqlite_engine(url) if backend == "sqlite" else create_engine(url, poolclass=NullPool)

    @event.listens_for(engine, "connect")
    def _read_only(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        if backend == "postgresql":
            cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
        elif backend in {"mysql", "mariadb"}:
            cursor.execute("SET SESSION TRANSACTION READ ONLY")
        elif backend == "sqlite":
            cursor.execute("PRAGMA query_only = ON")
        cursor.close()
        if backend == "postgresql":
            dbapi_connection.commit()

    return engine


@contextmanager
def read_only_transaction(engine: Engine, timeout: float) -> Iterator[Connection]:
    """A fresh connection in an explicit read-only transaction whose statements stop after
    ``timeout`` seconds; rolled back at the end, whatever was read."""
    backend = engine.dialect.name
    with engine.connect() as connection:
        if backend == "postgresql":
            connection.exec_driver_sql("SET TRANSACTION READ ONLY")
            connection.exec_driver_sql(f"SET LOCAL statement_timeout = {int(timeout * 1000)}")
        elif backend in {"mysql", "mariadb"}:
            if getattr(engine.dialect, "is_mariadb", False):
                connection.exec_driver_sql(f"SET SESSION max_statement_time = {float(timeout)}")
            else:
                connection.exec_driver_sql(f"SET SESSION max_execution_time = {int(timeout * 1000)}")
            connection.exec_driver_sql("START TRANSACTION READ ONLY")
        elif backend == "sqlite":
            _sqlite_deadline(connection, timeout)
        try:
            yield connection
        finally:
            connection.rollback()


def _sqlite_deadline(connection: Connection, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    raw = connection.connection.driver_connection
    raw.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)


def open_database(
    url_text: str,
    selection: Selection,
    max_cell_bytes: int,
    sample_rows: int,
    full: bool,
    timeout: float = DEFAULT_TABLE_TIMEOUT,
) -> Iterator[Table | InputError]:
    url = make_url(url_text)
    shown = display_url(url)
    try:
        engine = _read_only_engine(url)
        inspector = inspect(engine)
        schemas = [s for s in inspector.get_schema_names() if s not in SYSTEM_SCHEMAS]
    except (NoSuchModuleError, ImportError) as exc:
        yield InputError(
            shown,
            f"缺少数据库驱动 (database driver missing: {exc})",
            expected="install the driver, e.g. pip install 'secsuite[postgres]' or 'secsuite[mysql]'",
        )
        return
    except (SQLAlchemyError, OSError) as exc:
        yield InputError(shown, f"无法连接数据库 (cannot connect: {type(getattr(exc, 'orig', None) or exc).__name__})")
        return
    default_schema = inspector.default_schema_name
    for schema in schemas:
        try:
            tables = set(inspector.get_table_names(schema=schema))
            relations = sorted(tables | set(inspector.get_view_names(schema=schema)))
        except READ_FAULTS as exc:  # a schema dropped while listing, or one this account may not list
            yield unexpected(f"{shown}#{schema}", exc, "无法列出模式中的表 (cannot list the schema's tables)")
            continue
        for name in relations:
            if not selection.wants(schema, name, default_schema):
                continue
            source = mask_sensitive(f"{shown}#{schema}.{name}")
            try:
                yield _table(engine, inspector, schema, name, source, name in tables, max_cell_bytes,
                             _Reading(sample_rows, full, timeout))
            except READ_FAULTS as exc:  # reflection or counting failed: this table, not the scan
                yield _read_error(source, exc, timeout)


class _Reading:
    """How each table is read: a sample of ``sample_rows`` or every row, each statement within ``timeout``."""

    def __init__(self, sample_rows: int, full: bool, timeout: float) -> None:
        self.sample_rows, self.full, self.timeout = sample_rows, full, timeout


_TIMEOUT_WORDS = ("statement timeout", "max_statement_time", "maximum statement execution time", "interrupted")


def _timed_out(source: str, timeout: float) -> InputError:
    return InputError(
        source,
        f"读取超时，已中止 (timed out after {timeout:g} s; reading stopped)",
        expected="a table or view read within --table-timeout",
    )


def _read_error(source: str, exc: BaseException, timeout: float) -> InputError:
    if any(word in str(getattr(exc, "orig", None) or exc).lower() for word in _TIMEOUT_WORDS):
        return _timed_out(source, timeout)
    return unexpected(source, exc, "无法读取表 (cannot read table)")


def _table(
    engine: Engine,
    inspector: Any,
    schema: str,
    name: str,
    source: str,
    is_table: bool,
    max_cell_bytes: int,
    reading: _Reading,
) -> Table:
    columns = inspector.get_columns(name, schema=schema)
    raw = [_real_name(engine, c["name"]) for c in columns]
    names = unique_names(raw, source)
    comments = {label: c.get("comment") or "" for label, c in zip(names, columns, strict=True)}
    relation = table(name, *(column(n) for n in raw), schema=schema)
    estimate, pages = _estimated_size(engine, schema, name, relation, is_table, reading.timeout)

    raw_of = dict(zip(names, raw, strict=True))

    def stream(table: Table, wanted: list[str], sampled: bool) -> Iterator[pl.DataFrame]:
        """The ``wanted`` columns (by label), a sample or every row, in a read-only transaction
        within the table's time limit."""
        query = select(*(cast(relation.c[raw_of[label]], String).label(label) for label in wanted))
        if sampled:
            query = _sampled(engine, query, relation, is_table, estimate, pages, reading.sample_rows)
        first = 1
        deadline = time.monotonic() + reading.timeout
        try:
            with read_only_transaction(engine, reading.timeout) as connection:
                streamed = connection.execution_options(stream_results=True, max_row_buffer=BATCH_ROWS)
                for rows in streamed.execute(query).partitions(BATCH_ROWS):
                    frame = pl.DataFrame(rows, schema={n: pl.String for n in wanted}, orient="row")
                    yield blank_oversized(frame, table, first, max_cell_bytes)
                    first += frame.height
                    if time.monotonic() > deadline:  # each FETCH is a statement of its own
                        raise _timed_out(table.source, reading.timeout)
        except SQLAlchemyError as exc:
            raise _read_error(table.source, exc, reading.timeout) from None

    return Table(source, mask_sensitive(name), engine.dialect.name, lambda t: stream(t, names, not reading.full),
                 columns=names, comments=comments, rows_total=estimate,
                 open_columns=lambda t, wanted: stream(t, wanted, False),
                 statistics=_write_statistics(engine, schema, name, reading.timeout))


def _write_statistics(engine: Engine, schema: str, name: str, timeout: float) -> dict[str, Any] | None:
    """PostgreSQL's counters of inserted, updated and deleted tuples: they only grow, with every
    committed write (a backend reports its writes within seconds). Other engines keep nothing as
    trustworthy (MySQL's UPDATE_TIME has one-second steps and is cached): their tables are always read."""
    if engine.dialect.name != "postgresql":
        return None
    with read_only_transaction(engine, timeout) as connection:
        row = connection.execute(text(
            "SELECT n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_user_tables "
            "WHERE schemaname = :schema AND relname = :name"), {"schema": schema, "name": name}).first()
    return None if row is None else dict(row._mapping)


def _real_name(engine: Engine, reflected: str) -> str:
    """MySQL reflection reads names from SHOW CREATE TABLE and leaves a backtick doubled."""
    return reflected.replace("``", "`") if engine.dialect.name in {"mysql", "mariadb"} else reflected


def _estimated_size(
    engine: Engine, schema: str, name: str, relation: TableClause, is_table: bool, timeout: float
) -> tuple[int | None, int | None]:
    """Rows (and, on PostgreSQL, pages) without scanning a large table: catalogue statistics where
    the dialect keeps them, a count of tables elsewhere. Views are not counted: that would evaluate
    the whole view."""
    if not is_table:
        return None, None
    with read_only_transaction(engine, timeout) as connection:
        if engine.dialect.name == "postgresql":
            row = connection.execute(
                text(
                    "SELECT c.reltuples::bigint, c.relpages FROM pg_class c "
                    "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = :schema AND c.relname = :name"
                ),
                {"schema": schema, "name": name},
            ).first()
            if row is not None and row[0] is not None and row[0] >= 0:
                return int(row[0]), int(row[1] or 0)
        return int(connection.execute(select(func.count()).select_from(relation)).scalar() or 0), None


def _sampled(engine: Engine, query: Any, relation: TableClause, is_table: bool, estimate: int | None,
             pages: int | None, sample_rows: int) -> Any:
    """A sample drawn across the whole table, inside the database; a view's first rows. PostgreSQL
    samples whole pages: at least ``MIN_PAGES`` of them, so that the rows drawn cannot fall short of
    ``sample_rows`` by the chance of a few pages, and the rows kept are a random choice among them,
    not the first pages in physical order."""
    if not is_table:
        return query.limit(sample_rows)
    if engine.dialect.name == "postgresql" and (estimate or 0) > 10 * sample_rows and relation.c:
        share = max(OVERSAMPLE * sample_rows / (estimate or 1), MIN_PAGES / max(pages or 1, 1))
        sampled = relation.tablesample(func.system(min(100.0, 100.0 * share)))
        return (select(*(cast(sampled.c[c.name], String).label(label)
                         for c, label in zip(relation.c, query.selected_columns.keys(), strict=True)))
                .order_by(func.random()).limit(sample_rows))
    return query.order_by(func.random() if engine.dialect.name != "mysql" else func.rand()).limit(sample_rows)
