"""Databases over JDBC, read by Spark: every table and view the login can see, or the one named
after ``#`` (``jdbc:postgresql://host/db?user=u#schema.table``), with sources named as the local
engine names database tables (``<url without password>#schema.table``).

Tables are listed and column comments read through the JDBC metadata on the driver (names only);
reads are read-only sessions where the database allows it. A JDBC table is read by one task unless
the database is partitioned by Spark options; warehouse-scale data belongs in catalog tables.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from pyspark.sql import SparkSession

from secsuite.errors import InputError
from secsuite.sources.database import SYSTEM_SCHEMAS
from secsuite.sources.selection import Selection
from secsuite.spark.dataset import SparkDataset
from secsuite.spark.errors import java_class

# Driver classes of the databases government platforms run, for drivers added with spark.jars.
DRIVERS = {
    "postgresql": "org.postgresql.Driver",
    "mysql": "com.mysql.cj.jdbc.Driver",
    "mariadb": "org.mariadb.jdbc.Driver",
    "sqlserver": "com.microsoft.sqlserver.jdbc.SQLServerDriver",
    "oracle": "oracle.jdbc.OracleDriver",
    "dm": "dm.jdbc.driver.DmDriver",  # 达梦
    "kingbase8": "com.kingbase8.Driver",  # 人大金仓
    "opengauss": "org.opengauss.Driver",
}
READ_ONLY = {
    "postgresql": "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY",
    "mysql": "SET SESSION TRANSACTION READ ONLY",
    "mariadb": "SET SESSION TRANSACTION READ ONLY",
}
_PASSWORD = re.compile(r"^password=", re.IGNORECASE)


def display_jdbc(url: str) -> str:
    """The URL without its password, wherever the driver takes it (``user:pw@``, ``?password=``,
    ``;password=``)."""
    url = re.sub(r"//([^/:@]*):[^/@]*@", r"//\1@", url)
    base, mark, query = url.partition("?")
    if mark:
        kept = [p for p in query.split("&") if not _PASSWORD.match(p)]
        url = base + ("?" + "&".join(kept) if kept else "")
    head, *settings = url.split(";")
    return ";".join([head, *(s for s in settings if not _PASSWORD.match(s))])


def _subprotocol(url: str) -> str:
    return url.split(":", 2)[1].lower() if url.count(":") >= 2 else ""


def open_jdbc(spark: SparkSession, target: str, selection: Selection) -> Iterator[SparkDataset | InputError]:
    url, _, named = target.partition("#")
    shown = display_jdbc(url)
    try:
        tables = list(_tables(spark, url, selection, named))
    except Exception as exc:  # any driver error, by class name: its message may hold the URL
        yield InputError(shown, f"无法连接数据库 (cannot connect over JDBC: {java_class(exc)})",
                         expected="the driver jar in spark.jars (--spark-conf spark.jars=…) and a reachable database")
        return
    if named and not tables:
        yield InputError(f"{shown}#{named}", "表不存在 (no such table)")
    for schema, name, comments in tables:
        yield _dataset(url, shown, schema, name, comments)


def _connect(spark: SparkSession, url: str) -> Any:
    jvm = spark.sparkContext._jvm
    assert jvm is not None
    driver = DRIVERS.get(_subprotocol(url))
    if driver:  # a jar added with spark.jars is not visible to DriverManager until Spark registers it
        jvm.org.apache.spark.sql.execution.datasources.jdbc.DriverRegistry.register(driver)
    connection = jvm.java.sql.DriverManager.getConnection(url)
    connection.setReadOnly(True)
    return connection


def _tables(spark: SparkSession, url: str, selection: Selection, named: str) -> Iterator[tuple[str, str, dict]]:
    """(schema, table, column comments) of the tables and views wanted, system schemas left out."""
    gateway = spark.sparkContext._gateway
    assert gateway is not None
    connection = _connect(spark, url)
    try:
        meta = connection.getMetaData()
        default = connection.getSchema() or connection.getCatalog()
        kinds = gateway.new_array(gateway.jvm.java.lang.String, 2)
        kinds[0], kinds[1] = "TABLE", "VIEW"
        rows = meta.getTables(None, None, "%", kinds)
        found = []
        while rows.next():
            catalog, schema, name = rows.getString("TABLE_CAT"), rows.getString("TABLE_SCHEM"), rows.getString("TABLE_NAME")
            found.append((catalog, schema or catalog or "", name))
        rows.close()
        for catalog, schema, name in sorted(found, key=lambda row: (row[1], row[2])):
            if schema.lower() in SYSTEM_SCHEMAS:
                continue
            if named and named not in (f"{schema}.{name}", name):
                continue
            if not named and not selection.wants(schema, name, default):
                continue
            yield schema, name, _comments(meta, catalog, schema if catalog != schema else None, name)
    finally:
        connection.close()


def _comments(meta: Any, catalog: str | None, schema: str | None, name: str) -> dict[str, str]:
    columns = meta.getColumns(catalog, schema, name, "%")
    comments = {}
    while columns.next():
        comments[columns.getString("COLUMN_NAME")] = columns.getString("REMARKS") or ""
    columns.close()
    return comments


def _quote(url: str, identifier: str) -> str:
    if _subprotocol(url) in ("mysql", "mariadb"):
        return "`" + identifier.replace("`", "``") + "`"
    return '"' + identifier.replace('"', '""') + '"'


def _dataset(url: str, shown: str, schema: str, name: str, comments: dict[str, str]) -> SparkDataset:
    options = {"url": url, "dbtable": f"{_quote(url, schema)}.{_quote(url, name)}"}
    protocol = _subprotocol(url)
    if protocol in DRIVERS:
        options["driver"] = DRIVERS[protocol]
    if protocol in READ_ONLY:
        options["sessionInitStatement"] = READ_ONLY[protocol]
    return SparkDataset(f"{shown}#{schema}.{name}", name, protocol or "jdbc",
                        lambda spark: spark.read.format("jdbc").options(**options).load(), comments)
