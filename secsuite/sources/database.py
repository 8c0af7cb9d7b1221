"""SQL databases through SQLAlchemy: every table and view of every schema, read-only.

The session is made read-only where the dialect allows it (PostgreSQL and MySQL read-only
transactions, SQLite opened with ``mode=ro``). Tables are sampled inside the database (PostgreSQL
``TABLESAMPLE``, a random order elsewhere), so a sample costs the same for ten thousand rows as for
ten million; ``--full`` streams every row through a server-side cursor in batches. Every value is
cast to text in SQL, column comments feed the name hints, and the URL is only ever shown without
its password.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import polars as pl
from sqlalchemy import Engine, MetaData, String, cast, create_engine, event, func, inspect, select, text
from sqlalchemy import Table as SqlTable
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import NoSuchModuleError, SQLAlchemyError

from secsuite.errors import InputError
from secsuite.sources.selection import Selection
from secsuite.sources.table import BATCH_ROWS, Table, blank_oversized
from secsuite.urls import display_url

SYSTEM_SCHEMAS = {"information_schema", "pg_catalog", "pg_toast", "mysql", "performance_schema", "sys"}
OVERSAMPLE = 2.0  # TABLESAMPLE returns about the asked share; ask for more and LIMIT


def _read_only_engine(url: URL) -> Engine:
    if url.get_backend_name() == "sqlite":
        database = url.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            url = url.set(database=f"file:{database}?mode=ro", query={**url.query, "uri": "true"})
        return create_engine(url)
    engine = create_engine(url, pool_pre_ping=True)
    backend = url.get_backend_name()

    @event.listens_for(engine, "connect")
    def _read_only(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        if backend == "postgresql":
            cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
        elif backend in {"mysql", "mariadb"}:
            cursor.execute("SET SESSION TRANSACTION READ ONLY")
        cursor.close()
        if backend == "postgresql":
            dbapi_connection.commit()

    return engine


def open_database(
    url_text: str, selection: Selection, max_cell_bytes: int, sample_rows: int, full: bool
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
    except SQLAlchemyError as exc:
        yield InputError(shown, f"无法连接数据库 (cannot connect: {type(exc.orig or exc).__name__})")
        return
    default_schema = inspector.default_schema_name
    for schema in schemas:
        relations = [(name, "table") for name in inspector.get_table_names(schema=schema)]
        relations += [(name, "view") for name in inspector.get_view_names(schema=schema)]
        for name, _kind in sorted(relations):
            qualified = f"{schema}.{name}"
            if not selection.wants(schema, name, default_schema):
                continue
            try:
                yield _table(engine, inspector, schema, name, shown, max_cell_bytes, sample_rows, full)
            except SQLAlchemyError as exc:
                yield InputError(
                    f"{shown}#{qualified}", f"无法读取表 (cannot read table: {type(exc.orig or exc).__name__})"
                )


def _table(
    engine: Engine,
    inspector: Any,
    schema: str,
    name: str,
    shown: str,
    max_cell_bytes: int,
    sample_rows: int,
    full: bool,
) -> Table:
    columns = inspector.get_columns(name, schema=schema)
    comments = {c["name"]: c.get("comment") or "" for c in columns}
    relation = SqlTable(name, MetaData(), schema=schema, autoload_with=engine)
    source = f"{shown}#{schema}.{name}"
    estimate = _estimated_rows(engine, schema, name, relation)
    names = [c["name"] for c in columns]

    def stream(table: Table, wanted: list[str], sampled: bool) -> Iterator[pl.DataFrame]:
        query = select(*(cast(relation.c[n], String).label(n) for n in wanted))
        if sampled:
            query = _sampled(engine, query, relation, estimate, sample_rows)
        first = 1
        with engine.connect().execution_options(stream_results=True, max_row_buffer=BATCH_ROWS) as connection:
            result = connection.execute(query)
            for rows in result.partitions(BATCH_ROWS):
                frame = pl.DataFrame(rows, schema={n: pl.String for n in wanted}, orient="row")
                yield blank_oversized(frame, table, first, max_cell_bytes)
                first += frame.height

    return Table(source, name, engine.dialect.name, lambda table: stream(table, names, not full), columns=names,
                 comments=comments, rows_total=estimate,
                 open_columns=lambda table, wanted: stream(table, wanted, False),
                 statistics=_write_statistics(engine, schema, name))


def _write_statistics(engine: Engine, schema: str, name: str) -> dict[str, Any] | None:
    """PostgreSQL's counters of inserted, updated and deleted tuples: they only grow, with every
    committed write (a backend reports its writes within seconds). Other engines keep nothing as
    trustworthy (MySQL's UPDATE_TIME has one-second steps and is cached): their tables are always read."""
    if engine.dialect.name != "postgresql":
        return None
    with engine.connect() as connection:
        row = connection.execute(text(
            "SELECT n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_user_tables "
            "WHERE schemaname = :schema AND relname = :name"), {"schema": schema, "name": name}).first()
    return None if row is None else dict(row._mapping)


def _estimated_rows(engine: Engine, schema: str, name: str, relation: SqlTable) -> int:
    """Row count without scanning a large table: catalogue statistics where the dialect keeps them."""
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            estimate = connection.execute(
                text(
                    "SELECT c.reltuples::bigint FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE n.nspname = :schema AND c.relname = :name"
                ),
                {"schema": schema, "name": name},
            ).scalar()
            if estimate is not None and estimate >= 0:
                return int(estimate)
        return int(connection.execute(select(func.count()).select_from(relation)).scalar() or 0)


def _sampled(engine: Engine, query: Any, relation: SqlTable, estimate: int, sample_rows: int) -> Any:
    """A sample drawn across the whole table, inside the database."""
    if (
        engine.dialect.name == "postgresql"
        and estimate > 10 * sample_rows
        and relation.c
        and _is_table(engine, relation)
    ):
        percent = min(100.0, 100.0 * OVERSAMPLE * sample_rows / estimate)
        sampled = relation.tablesample(func.system(percent))
        return select(*(cast(sampled.c[c.name], String).label(c.name) for c in relation.c)).limit(sample_rows)
    return query.order_by(func.random() if engine.dialect.name != "mysql" else func.rand()).limit(sample_rows)


def _is_table(engine: Engine, relation: SqlTable) -> bool:
    """TABLESAMPLE works on tables and materialised views, not on plain views."""
    return relation.name in inspect(engine).get_table_names(schema=relation.schema)
