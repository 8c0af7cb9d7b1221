"""What Spark reads: the datasets behind the paths, file-system URIs and catalog names a user gives.

A directory that Spark or Hive wrote (``_SUCCESS``, ``part-*`` files or ``key=value`` partition
folders) is one dataset, read as one DataFrame that Spark splits across the cluster; any other
directory is walked as the local engine walks it, one dataset per file with the same source name.
CSV is read with the encoding, delimiter and header the local reader finds (from a small head read
on the driver); JSON columns keep the order of the first record, as the local reader keeps it.
A URI (``hdfs://``, ``s3a://``, ``oss://`` …) is one dataset; a name is a catalog (Hive) table, or
a database whose tables are all scanned. Nothing here reads a row into the driver.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import ArrayType, StringType, StructField, StructType

from secsuite.errors import InputError
from secsuite.sources.csv_file import read_header
from secsuite.sources.encoding import detect_encoding
from secsuite.sources.files import SUFFIXES, Skipped, hidden_folder, not_scanned
from secsuite.sources.json_file import RECORD_KEYS
from secsuite.sources.selection import Selection
from secsuite.sources.table import unique_names
from secsuite.spark.dataset import Reader, SparkDataset
from secsuite.spark.errors import java_class
from secsuite.spark.jdbc import open_jdbc
from secsuite.spark.states import MALFORMED
from secsuite.urls import display_url, is_database_url

FORMATS = SUFFIXES | {".orc": "orc"}  # Hive tables are often ORC
COMPRESSED = (".gz", ".bz2", ".snappy", ".zst", ".zstd", ".lz4", ".deflate")
# File systems Hadoop reads, including the Chinese clouds' object stores (OSS, OBS, COS).
URI_SCHEMES = {"file", "hdfs", "viewfs", "webhdfs", "s3", "s3a", "s3n", "gs", "abfs", "abfss", "wasb", "wasbs",
               "oss", "obs", "cosn", "ofs", "o3fs", "jfs", "alluxio"}
TABLE_NAME = re.compile(r"\w+(\.\w+){0,2}")
SPARK_CHARSETS = {"utf-8-sig": "UTF-8", "utf-8": "UTF-8", "gb18030": "GB18030", "gbk": "GBK", "gb2312": "GB2312",
                  "big5": "Big5", "utf_16": "UTF-16", "ascii": "US-ASCII"}


def resolve(spark: SparkSession, targets: list[str], selection: Selection) -> Iterator[SparkDataset | InputError | Skipped]:
    """The datasets behind each argument, in order; what cannot be read is an input error."""
    for target in targets:
        scheme = target.split("://", 1)[0].lower() if "://" in target else ""
        if target.lower().startswith("jdbc:"):
            yield from open_jdbc(spark, target, selection)
        elif scheme in URI_SCHEMES:
            yield _uri(spark, target)
        elif Path(target).exists():
            yield from _local(target)
        elif is_database_url(target):
            yield InputError(display_url(target), "Spark 引擎通过 JDBC 读取数据库，请给出 jdbc: URL "
                             "(the Spark engine reads databases over JDBC; give a jdbc: URL)",
                             expected="jdbc:postgresql://host:5432/db?user=…")
        elif TABLE_NAME.fullmatch(target):
            yield from _catalog(spark, target, selection)
        else:
            yield InputError(target, "路径、表或数据库不存在 (no such path, table or database)")


def _local(given: str) -> Iterator[SparkDataset | InputError | Skipped]:
    path = Path(given)
    if path.is_file():
        yield _file(path, given)
        return
    if _written_by_spark(path):
        yield _directory(path, given)
        return
    found: list[tuple[Path, SparkDataset | InputError | Skipped]] = []
    for folder, subfolders, files in os.walk(path):
        here = Path(folder)
        for name in list(subfolders):
            if (left_out := hidden_folder(here / name)) is not None:
                subfolders.remove(name)
                found.append((here / name, left_out))
            elif _written_by_spark(here / name):
                subfolders.remove(name)  # one dataset: not walked into
                found.append((here / name, _directory(here / name, (here / name).as_posix())))
        for name in files:
            if _format_of(name) is not None and not name.startswith((".", "~$")):
                found.append((here / name, _file(here / name, (here / name).as_posix())))
            else:
                found.append((here / name, not_scanned(here / name)))
    yield from (item for _, item in sorted(found, key=lambda pair: pair[0]))


def _written_by_spark(path: Path) -> bool:
    children = list(path.iterdir()) if path.is_dir() else []
    return any(c.name == "_SUCCESS" or c.name.startswith("part-") or (c.is_dir() and "=" in c.name) for c in children)


def _format_of(name: str) -> str | None:
    lowered = name.lower()
    for suffix in COMPRESSED:
        lowered = lowered.removesuffix(suffix)
    return FORMATS.get(Path(lowered).suffix)


def _file(path: Path, source: str) -> SparkDataset | InputError:
    kind = _format_of(path.name)
    if kind == "xlsx":
        return InputError(source, "Spark 引擎不读取 XLSX 工作簿，请用 --engine local 扫描 "
                                  "(the Spark engine does not read XLSX; scan it with --engine local)")
    return _dataset(path.as_posix(), source, path.stem, kind, path)


def _directory(path: Path, source: str) -> SparkDataset | InputError:
    """A table directory: its format is its data files' (Spark ignores names starting with _ or .)."""
    files = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(("_", ".")))
    kinds = {_format_of(p.name) for p in files}
    if len(kinds) != 1 or None in kinds:
        return InputError(source, "无法判断目录的数据格式 (cannot tell the directory's data format)",
                          expected="data files of one format: parquet, orc, csv or json")
    kind = kinds.pop()
    sample = next((p for p in files if not p.name.lower().endswith(COMPRESSED)), None)
    # Spark writes JSON Lines under a .json suffix.
    return _dataset(path.as_posix(), source, path.name, "jsonl" if kind == "json" else kind, sample)


def _uri(spark: SparkSession, uri: str) -> SparkDataset | InputError:
    """A file or directory on a cluster file system: its format from the first data file Hadoop lists."""
    try:
        kind = next(filter(None, (_format_of(name) for name in _listed(spark, uri))), None)
    except Exception as exc:  # any Hadoop file-system error, as its class name only
        return InputError(uri, f"无法列出文件 (cannot list files: {java_class(exc)})")
    if kind is None:
        return InputError(uri, "无法判断数据格式 (cannot tell the data format)", expected="parquet, orc, csv or json")
    name = uri.rstrip("/").rsplit("/", 1)[-1]
    if kind == "json" and not uri.lower().endswith(".json"):
        kind = "jsonl"
    return _dataset(uri, uri, Path(name).stem or name, kind, None)


def _listed(spark: SparkSession, uri: str) -> Iterator[str]:
    jvm = spark.sparkContext._jvm
    assert jvm is not None
    path = jvm.org.apache.hadoop.fs.Path(uri)
    files = path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()).listFiles(path, True)
    while files.hasNext():
        name = files.next().getPath().getName()
        if not name.startswith(("_", ".")):
            yield name


def _dataset(location: str, source: str, name: str, kind: str | None, sample: Path | None) -> SparkDataset | InputError:
    if kind in ("parquet", "orc"):
        return SparkDataset(source, name, kind, lambda spark: spark.read.format(kind).load(location))
    if kind in ("json", "jsonl"):
        order = _json_order(sample, kind == "jsonl") if sample else []
        return SparkDataset(source, name, kind, lambda spark: _json(spark, location, kind == "json", order))
    if kind == "csv":
        try:
            return SparkDataset(source, name, kind, _csv(location, source, sample))
        except InputError as error:
            return error
    return InputError(source, "不支持的文件类型 (unsupported file type)", expected=", ".join(sorted(FORMATS)))


def _csv(location: str, source: str, sample: Path | None) -> Reader:
    """Header, delimiter and encoding as the local reader finds them; every column read as text; rows
    of the wrong width go to ``MALFORMED`` and are skipped by the executors, as locally. Lines are
    records (a line break inside a quoted cell splits the row), so that Spark can split big files."""
    options = {"header": "true", "quote": '"', "escape": '"', "mode": "PERMISSIVE",
               "columnNameOfCorruptRecord": MALFORMED, "multiLine": "false"}
    if sample is None:  # a compressed or remote file: UTF-8, comma, the header Spark reads
        return lambda spark: _with_malformed(spark, location, options, None)
    encoding = detect_encoding(sample, source)
    raw, delimiter, _titles = read_header(sample, encoding, source)  # Spark reads the first line as the header
    options |= {"sep": delimiter, "encoding": SPARK_CHARSETS.get(encoding, encoding)}
    return lambda spark: _with_malformed(spark, location, options, unique_names(raw, source))


def _with_malformed(spark: SparkSession, location: str, options: dict[str, str], names: list[str] | None) -> DataFrame:
    if names is None:
        names = unique_names(spark.read.options(**options).csv(location).columns, location)
    schema = StructType([StructField(n, StringType()) for n in [*names, MALFORMED]])
    return spark.read.schema(schema).options(**options).csv(location)


def _json(spark: SparkSession, location: str, document: bool, order: list[str]) -> DataFrame:
    """JSON Lines, or one JSON document (an array of records, or an object holding one under a key
    such as ``data``, as the local reader accepts); columns in the order of the first record."""
    frame = spark.read.options(multiLine=str(document).lower(), columnNameOfCorruptRecord=MALFORMED).json(location)
    kinds = {f.name: f.dataType for f in frame.schema.fields}
    wrapper = next((key for key in RECORD_KEYS if isinstance(kinds.get(key), ArrayType)
                    and isinstance(kinds[key].elementType, StructType)), None) if document else None
    if wrapper:
        frame = frame.select(F.explode(quoted(wrapper)).alias("record")).select("record.*")
    first = [c for c in order if c in frame.columns]
    rest = [c for c in frame.columns if c not in first and c != MALFORMED]
    tail = [MALFORMED] if MALFORMED in frame.columns else []
    return frame.select([quoted(c) for c in first + rest + tail])


def _json_order(path: Path, lines: bool) -> list[str]:
    """The keys of the file's first record, read from its head (Spark sorts inferred columns)."""
    try:
        with path.open("r", encoding="utf-8-sig") as handle:
            head = handle.readline() if lines else handle.read(1 << 20)
        if not lines:
            head = head.lstrip().removeprefix("[").lstrip()
        record, _ = json.JSONDecoder().raw_decode(head)
    except (OSError, UnicodeDecodeError, ValueError):
        return []
    wrapped = [record[key] for key in RECORD_KEYS if isinstance(record, dict) and isinstance(record.get(key), list)]
    if wrapped and wrapped[0] and isinstance(wrapped[0][0], dict):
        record = wrapped[0][0]
    return list(record) if isinstance(record, dict) else []


def _catalog(spark: SparkSession, name: str, selection: Selection) -> Iterator[SparkDataset | InputError]:
    """A table or view of the session's catalog (Hive when the cluster is configured so), or every
    table of a database, filtered by ``--include``/``--exclude``."""
    if spark.catalog.tableExists(name):
        yield _table(name)
    elif spark.catalog.databaseExists(name):
        for table in sorted(spark.catalog.listTables(name), key=lambda t: t.name):
            if not table.isTemporary and selection.wants(name, table.name, None):
                yield _table(f"{name}.{table.name}")
    else:
        yield InputError(name, "路径、表或数据库不存在 (no such path, table or database)")


def _table(name: str) -> SparkDataset:
    return SparkDataset(name, name.rsplit(".", 1)[-1], "table", lambda spark: spark.table(name))


def quoted(name: str) -> str:
    """A column reference Spark takes literally, dots and backticks included."""
    return "`" + name.replace("`", "``") + "`"
