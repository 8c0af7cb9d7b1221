"""The full scan as Spark jobs: one job per dataset, merged and graded on the driver.

Executors turn each partition into column states (``states``); the driver absorbs them, in
partition order, into the same ``ColumnScan``s the local engine fills and grades them with the
same ``grade``, so both engines give the same entities, hit counts and levels for the same rows.
The catalogue rules then run exactly as in the local pipeline.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import polars as pl
from py4j.protocol import Py4JError
from pyspark.errors import PySparkException
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import ArrayType, MapType, StringType, StructType

from secsuite.errors import InputError
from secsuite.inventory.catalogue import find_entry
from secsuite.reident.assess import GLIMPSE_ROWS, assess_with, describe_masking, mark_quasi_identifiers, opened
from secsuite.reident.measures import Measures
from secsuite.results import DatasetResult, ScanResult
from secsuite.scan.dataset import column_scans, grade
from secsuite.scan.lost_precision import cut_number_errors
from secsuite.scan.pipeline import ScanHooks, ScanRequest, check_catalogue, record_skipped
from secsuite.sources.files import Skipped
from secsuite.sources.table import Table
from secsuite.spark.dataset import SparkDataset
from secsuite.spark.errors import failure
from secsuite.spark.progress import run_job
from secsuite.spark.reident import spark_measure
from secsuite.spark.session import prepare
from secsuite.spark.sources import quoted, resolve
from secsuite.spark.states import MALFORMED, ScanSpec, partition_states


@dataclass
class SparkHooks(ScanHooks):
    """``ScanHooks`` and ``tasks(done, known)``: the Spark tasks of the dataset being scanned."""

    tasks: Callable[[int, int], None] = lambda done, known: None


def scan_with_spark(request: ScanRequest, spark: SparkSession, hooks: SparkHooks | None = None) -> ScanResult:
    """Every dataset behind ``request.paths`` scanned in full on ``spark``; one that fails is an
    input error and the others go on, as in the local engine."""
    hooks = hooks or SparkHooks()
    prepare(spark)
    result = ScanResult(
        guide={"id": request.guide.id, "version": request.guide.version}, as_of=request.as_of.isoformat()
    )
    found = list(resolve(spark, request.paths, request.selection))
    hooks.started(sum(isinstance(item, SparkDataset) for item in found))
    for item in found:
        if isinstance(item, Skipped):
            record_skipped(result, hooks, item)
            continue
        if isinstance(item, InputError):
            _record(result, hooks, item)
            continue
        dataset = _scan(spark, item, request, result, hooks)
        hooks.advanced(item.source)
        if dataset is not None:
            result.datasets.append(dataset)
            hooks.dataset(dataset)
    if request.catalogue is not None:
        check_catalogue(request, result, hooks)
    return result


def _record(result: ScanResult, hooks: ScanHooks, error: InputError) -> None:
    result.add_error(error)
    hooks.error(error)


def _scan(spark: SparkSession, item: SparkDataset, request: ScanRequest, result: ScanResult,
          hooks: SparkHooks) -> DatasetResult | None:
    try:
        frame = item.read(spark)
        columns = [name for name in frame.columns if name != MALFORMED]
        comments = {f.name: f.metadata.get("comment") or "" for f in frame.schema.fields} | item.comments
        options = request.options
        spec = ScanSpec(tuple(columns), comments, request.specs, request.as_of, options.text_engine,
                        options.max_cell_bytes)
        states = partition_states(as_text(frame), spec)
        rows = run_job(spark, f"secsuite scan {item.source}", states.collect, hooks.tasks)
    except (PySparkException, Py4JError) as exc:
        _record(result, hooks, InputError(item.source, failure(exc)))
        return None
    scans = column_scans(columns, comments, request.specs, request.as_of, options.text_engine)
    merged = list(scans.values())
    rows_total = skipped = 0
    blanked = [0] * len(columns)
    cut = [0] * len(columns)
    for row in sorted(rows, key=lambda r: (r.partition, r.column)):  # partition order: the local examples
        merged[row.column].absorb(json.loads(row.state))
        blanked[row.column] += row.blanked
        cut[row.column] += row.cut
        if row.column == 0:
            rows_total += row.rows
            skipped += row.skipped
    for warning in _warnings(item.source, columns, blanked, skipped, options.max_cell_bytes):
        _record(result, hooks, warning)
    for warning in cut_number_errors(item.source, dict(zip(columns, cut, strict=True))):
        _record(result, hooks, warning)
    described = Table(item.source, item.name, item.format, _rows_stay_on_executors, columns, comments)
    dataset = grade(described, scans, request.guide, rows_total, rows_total, False, request.lang)
    dataset.partial = bool(skipped or any(blanked))
    if request.catalogue:
        entry = find_entry(request.catalogue, dataset.source, dataset.name)
        dataset.unit = entry.unit if entry else None
    try:
        _reidentification(spark, frame, columns, comments, dataset, request, hooks)
    except (PySparkException, Py4JError) as exc:
        _record(result, hooks, InputError(item.source, failure(exc)))
    return dataset


def _reidentification(spark: SparkSession, frame: DataFrame, columns: list[str], comments: dict[str, str],
                      dataset: DatasetResult, request: ScanRequest, hooks: SparkHooks) -> None:
    """Quasi-identifiers from the first rows (the only rows the driver reads, and keeps in memory
    only), then, for an opened dataset, the measures as Spark group-bys over every row."""
    text = as_text(frame).select([f"c{i}" for i in range(len(columns))])
    head = text.limit(GLIMPSE_ROWS).collect()
    glimpse = pl.DataFrame([list(row) for row in head], schema={c: pl.String for c in columns}, orient="row")
    mark_quasi_identifiers(dataset, glimpse, comments, request.guide)
    describe_masking(dataset, glimpse, request.as_of)
    del head, glimpse
    if not request.catalogue:
        return
    entry = find_entry(request.catalogue, dataset.source, dataset.name)
    tier = opened(request.guide, entry.open_attr) if entry else None
    if tier is None:
        return
    renamed = {name: f"c{i}" for i, name in enumerate(columns)}

    def run(quasi: list[str], sensitive: list[str], threshold: int) -> Measures:
        def job(what: str, action: Callable[[], object]) -> object:
            return run_job(spark, f"secsuite {what} {dataset.source}", action, hooks.tasks)

        return spark_measure(text, renamed, quasi, sensitive, threshold, job)

    dataset.reidentification = assess_with(run, dataset, request.guide, tier, request.lang, engine="spark")


def _rows_stay_on_executors(table: Table) -> Iterator[pl.DataFrame]:
    """The driver never reads a dataset's rows; the executors do."""
    return iter(())


def as_text(frame: DataFrame) -> DataFrame:
    """Every column as text, renamed by position (names with dots or backticks need no care on the
    executors); nested values as JSON text so that identifiers inside them are still searched;
    Spark's malformed-record marker kept last."""
    columns = []
    for position, field in enumerate(f for f in frame.schema.fields if f.name != MALFORMED):
        column = F.col(quoted(field.name))
        if isinstance(field.dataType, StructType | ArrayType | MapType):
            column = F.to_json(column)
        elif not isinstance(field.dataType, StringType):
            column = column.cast("string")
        columns.append(column.alias(f"c{position}"))
    if MALFORMED in frame.columns:
        columns.append(F.col(MALFORMED))
    return frame.select(columns)


def _warnings(source: str, columns: list[str], blanked: list[int], skipped: int,
              max_cell_bytes: int) -> Iterator[InputError]:
    """What the local readers report row by row, as counts: the executors know no line numbers."""
    if skipped:
        yield InputError(source, f"{skipped:,} 行字段数与表头不符或无法解析，已跳过 "
                                 f"({skipped:,} rows of the wrong width or malformed; skipped)",
                         expected="records as the header and the format define them")
    for name, count in zip(columns, blanked, strict=True):
        if count:
            yield InputError(source, f"{count:,} 个单元格超过大小上限，已跳过 ({count:,} cells exceed the size limit; skipped)",
                             field=name, expected=f"at most {max_cell_bytes:,} bytes (--max-cell-bytes)")
