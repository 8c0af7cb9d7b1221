"""The whole scan: every file under the given paths and every table of the given database URLs,
each table scanned on its own so that one
broken dataset never stops the others, then the catalogue rules over the results.

Progress and persistence are callbacks: the CLI draws a progress bar and the store writes each
dataset as soon as it is graded, so an interrupted scan keeps what it finished.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from secsuite.checks.data import DataSubject
from secsuite.checks.registry import load_registry
from secsuite.classify.guide import Guide
from secsuite.detect.spec import DetectorSpec
from secsuite.errors import InputError, unexpected
from secsuite.i18n import Lang
from secsuite.inventory.catalogue import CatalogueEntry, find_entry
from secsuite.reident.assess import assess, opened
from secsuite.results import DatasetResult, ScanResult
from secsuite.scan.dataset import ScanOptions, scan_table
from secsuite.scan.reuse import Reuse, Reused
from secsuite.sources.files import Skipped, discover, open_file
from secsuite.sources.selection import Selection
from secsuite.sources.table import READ_FAULTS, Table
from secsuite.urls import display_url, is_database_url

if TYPE_CHECKING:
    import polars as pl


@dataclass
class ScanHooks:
    """Callbacks for the caller: ``started(total)``, ``advanced(source)``, ``rows(dataset, done,
    total)`` as a dataset's rows are read (total None when the source does not know it),
    ``bytes_read(dataset, done, total)`` besides for a file streamed without a row count (CSV,
    JSONL: its size is the total), ``dataset(result)``, ``error(error)``, ``skipped(file)`` for a
    file of a folder that holds no table."""

    started: Callable[[int], None] = lambda total: None
    advanced: Callable[[str], None] = lambda source: None
    rows: Callable[[str, int, int | None], None] = lambda dataset, done, total: None
    bytes_read: Callable[[str, int, int], None] = lambda dataset, done, total: None
    dataset: Callable[[DatasetResult], None] = lambda result: None
    error: Callable[[InputError], None] = lambda error: None
    skipped: Callable[[Skipped], None] = lambda skipped: None


@dataclass
class ScanRequest:
    paths: list[str]
    guide: Guide
    specs: tuple[DetectorSpec, ...]
    as_of: date
    options: ScanOptions = field(default_factory=ScanOptions)
    catalogue: list[CatalogueEntry] | None = None
    lang: Lang = "zh"
    rule_params: dict[str, dict] = field(default_factory=dict)
    selection: Selection = field(default_factory=Selection)
    reuse: Reuse | None = None  # unchanged files' and tables' last results (monitoring's re-runs)


def _record(result: ScanResult, hooks: ScanHooks, error: InputError) -> None:
    result.add_error(error)
    hooks.error(error)


def record_skipped(result: ScanResult, hooks: ScanHooks, skipped: Skipped) -> None:
    result.skipped.append(skipped.as_dict())
    hooks.skipped(skipped)


def run_scan(request: ScanRequest, hooks: ScanHooks | None = None) -> ScanResult:
    hooks = hooks or ScanHooks()
    result = ScanResult(
        guide={"id": request.guide.id, "version": request.guide.version}, as_of=request.as_of.isoformat()
    )
    files = [p for p in request.paths if not is_database_url(p)]
    databases = [p for p in request.paths if is_database_url(p)]
    found = list(discover(files))
    hooks.started(sum(not isinstance(item, Skipped) for item in found) + len(databases))
    for item in found:
        if isinstance(item, Skipped):
            record_skipped(result, hooks, item)
            continue
        if isinstance(item, InputError):
            _record(result, hooks, item)
            continue
        path, source = item
        if request.reuse is None:
            _scan_tables(open_file(path, source, request.options.max_cell_bytes), request, result, hooks, source)
        else:
            _scan_or_reuse(path, source, request, request.reuse, result, hooks)
        hooks.advanced(source)
    for url in databases:
        from secsuite.sources.database import open_database  # sqlalchemy loads only for a database

        options = request.options
        tables = open_database(url, request.selection, options.max_cell_bytes, options.sample_rows, options.full,
                               options.table_timeout)
        _scan_tables(tables, request, result, hooks, display_url(url))
        hooks.advanced(display_url(url))
    if request.catalogue is not None:
        check_catalogue(request, result, hooks)
    return result


def _scan_or_reuse(path: Path, source: str, request: ScanRequest, reuse: Reuse, result: ScanResult,
                   hooks: ScanHooks) -> None:
    """The file's last result when it is unchanged, else a scan whose result is remembered."""
    reused = reuse.lookup(path, source)
    if reused is not None:
        _replay(reused, request, result, hooks)
        return
    datasets, errors = len(result.datasets), len(result.errors)
    _scan_tables(open_file(path, source, request.options.max_cell_bytes), request, result, hooks, source)
    reuse.remember(path, source, result.datasets[datasets:], result.errors[errors:])


def _replay(reused: Reused, request: ScanRequest, result: ScanResult, hooks: ScanHooks) -> None:
    """A reused result as if just scanned: its errors reported again, so the run is as complete as
    the one that read it, and units taken from this run's catalogue."""
    for error in reused.errors:
        _record(result, hooks, error)
    for dataset in reused.datasets:
        _assign_unit(dataset, request)
        result.datasets.append(dataset)
        hooks.dataset(dataset)


def _assign_unit(dataset: DatasetResult, request: ScanRequest) -> CatalogueEntry | None:
    """The dataset's unit from the catalogue's entry for it (returned, None without one)."""
    if not request.catalogue:
        return None
    entry = find_entry(request.catalogue, dataset.source, dataset.name)
    dataset.unit = entry.unit if entry else None
    dataset.share_attr, dataset.open_attr = (entry.share_attr, entry.open_attr) if entry else (None, None)
    return entry


def _guarded(tables: Iterable[Table | InputError], source: str) -> Iterator[Table | InputError]:
    """The tables of one source; a fault while listing them ends that source with an error."""
    try:
        yield from tables
    except READ_FAULTS as exc:
        yield unexpected(source, exc)


def _scan_tables(
    tables: Iterable[Table | InputError], request: ScanRequest, result: ScanResult, hooks: ScanHooks, source: str
) -> None:
    for table in _guarded(tables, source):
        if isinstance(table, InputError):
            _record(result, hooks, table)
            continue
        reuse = request.reuse if table.statistics is not None else None
        reused = reuse.lookup_table(table) if reuse else None
        if reused is not None:
            _replay(reused, request, result, hooks)
            continue
        errors = len(result.errors)
        dataset = _scan_one(table, request, result, hooks)
        if dataset is not None:
            result.datasets.append(dataset)
            hooks.dataset(dataset)
            if reuse:  # a failed read is never remembered: it may have been passing
                reuse.remember_table(table, dataset, result.errors[errors:])


def _counted(table: Table, hooks: ScanHooks) -> Table:
    """The same table, telling ``hooks.rows`` how many rows are read as its batches go by, so one
    10 GB file or a 100M-row table shows progress (and a rate) instead of standing still; a total
    (a row count, or the rows a workbook sheet declares) gives a time left, and a file with a size
    but no row count tells ``hooks.bytes_read`` too so that one can be shown."""
    read = table.open_batches
    if table.rows_total is None and table.bytes_total is not None:
        return replace(table, open_batches=lambda counted: _bytes_counted(counted, read, hooks))

    def open_batches(counted: Table) -> Iterator[pl.DataFrame]:
        done = 0
        expected = counted.rows_total if counted.rows_total is not None else counted.rows_declared
        hooks.rows(counted.name, done, expected)
        for batch in read(counted):
            done += batch.height
            hooks.rows(counted.name, done, max(expected, done) if expected is not None else None)
            yield batch

    return replace(table, open_batches=open_batches)


def _bytes_counted(
    table: Table, read: Callable[[Table], Iterator[pl.DataFrame]], hooks: ScanHooks
) -> Iterator[pl.DataFrame]:
    """The batches, each followed by the rows read (total unknown) and the bytes consumed of the
    file (never going back, though the reader may fall back to a slower one), and the whole size
    once every batch is read."""
    total = table.bytes_total or 0
    rows = done = 0
    hooks.rows(table.name, rows, None)
    hooks.bytes_read(table.name, done, total)
    for batch in read(table):
        rows += batch.height
        done = max(done, min(table.bytes_read() if table.bytes_read else done, total))
        hooks.rows(table.name, rows, None)
        hooks.bytes_read(table.name, done, total)
        yield batch
    hooks.bytes_read(table.name, total, total)


def _scan_one(table: Table, request: ScanRequest, result: ScanResult, hooks: ScanHooks) -> DatasetResult | None:
    table = _counted(table, hooks)
    try:
        dataset = scan_table(table, request.specs, request.guide, request.options, request.as_of, request.lang)
    except InputError as error:
        _record(result, hooks, error)
        return None
    except READ_FAULTS as exc:  # a fault met while reading rows: this dataset is lost, not the run
        _record(result, hooks, unexpected(table.source, exc))
        return None
    finally:
        for warning in table.warnings:
            _record(result, hooks, warning)
    dataset.partial = bool(table.warnings)
    entry = _assign_unit(dataset, request)
    tier = opened(request.guide, entry.open_attr) if entry else None
    if tier is not None:
        dataset.reidentification = assess(table, dataset, request.guide, tier, request.lang)
    return dataset


def _validate_entry(entry: CatalogueEntry, guide: Guide) -> list[InputError]:
    problems = []
    checks = (
        ("share_attr", entry.share_attr, guide.share_limit, "无条件共享、有条件共享或不予共享"),
        ("open_attr", entry.open_attr, guide.open_limit, "无条件开放、有条件开放或不予开放"),
        ("declared_level", entry.declared_level, guide.parse_level, "L1–L4、重要数据或核心数据"),
    )
    for name, value, parse, expected in checks:
        if value is not None and parse(value) is None:
            problems.append(
                InputError(
                    entry.source, "无法识别的取值 (unrecognised value)", row=entry.row, field=name, expected=expected
                )
            )
    return problems


def _undeclarable(entry: CatalogueEntry | None, dataset: DatasetResult) -> list[InputError]:
    """Columns the catalogue declares de-identified that the dataset does not have."""
    if entry is None:
        return []
    names = [field.name for field in dataset.fields]
    return [
        InputError(entry.source, f"声明脱敏的列不在数据集中：{column} (declared de-identified column not in the dataset)",
                   row=entry.row, field="deidentification", expected=f"one of: {'、'.join(names[:20])}")
        for column in entry.deidentification
        if column not in names
    ]


def check_catalogue(request: ScanRequest, result: ScanResult, hooks: ScanHooks) -> None:
    """The DATA-* rules over the graded datasets; the Spark engine runs them the same way."""
    registry = load_registry()
    catalogue = request.catalogue or []
    valid = []
    for entry in catalogue:
        problems = _validate_entry(entry, request.guide)
        for problem in problems:
            _record(result, hooks, problem)
        if not problems:
            valid.append(entry)
    for entry in catalogue:
        if not any(entry.matches(dataset.source, dataset.name) for dataset in result.datasets):
            _record(
                result,
                hooks,
                InputError(
                    entry.source,
                    f"目录中的数据集未被扫描到：{entry.dataset} (catalogue dataset not found among scanned datasets)",
                    row=entry.row,
                    field="dataset",
                ),
            )
    for dataset in result.datasets:
        entry = find_entry(valid, dataset.source, dataset.name)
        for problem in _undeclarable(entry, dataset):
            _record(result, hooks, problem)
        subject = DataSubject(dataset=dataset, entry=entry, guide=request.guide, catalogue_given=True)
        result.findings.extend(registry.run_pack("data", subject, request.as_of, request.lang, request.rule_params))
