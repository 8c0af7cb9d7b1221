"""Scan datasets (files, database URLs; locally or as Spark jobs) and record the run."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from secsuite.app.run import RunJob, RunOutcome, RunStart, finish_run, open_store, scope_key, start_run
from secsuite.classify.guide import Guide, load_guide
from secsuite.classify.locks import NO_LOCKS, Locks, apply
from secsuite.detect.spec import load_specs
from secsuite.errors import UsageError
from secsuite.inventory.catalogue import load_catalogue
from secsuite.results import DatasetResult, ScanResult
from secsuite.scan.dataset import ScanOptions
from secsuite.sources.selection import Selection
from secsuite.urls import display_url, is_database_url

if TYPE_CHECKING:
    from secsuite.monitor.reuse import StoreReuse
    from secsuite.scan.pipeline import ScanHooks, ScanRequest
    from secsuite.store.recorder import RunRecorder

Engine = Literal["local", "spark"]


@dataclass
class ScanProgress:
    """``started(total)`` inputs, ``advanced(source)`` one done, ``rows(dataset, done, total)`` the
    rows read of the dataset being scanned (total None when unknown), ``bytes_read(dataset, done,
    total)`` besides for a file streamed without a row count (CSV, JSONL; total is its size),
    ``spark_tasks(done, known)`` the Spark tasks of the dataset being scanned (``--engine spark`` only)."""

    started: Callable[[int], None] = lambda total: None
    advanced: Callable[[str], None] = lambda source: None
    rows: Callable[[str, int, int | None], None] = lambda dataset, done, total: None
    bytes_read: Callable[[str, int, int], None] = lambda dataset, done, total: None
    spark_tasks: Callable[[int, int], None] = lambda done, known: None


@dataclass(kw_only=True)
class ScanJob(RunJob):
    """A scan as the caller asked for it; ``guide`` is a guide id or YAML file (None: the default),
    ``store_url`` None records nothing. ``options.full`` is already true for the Spark engine."""

    paths: list[str]
    as_of: dt.date
    options: ScanOptions = field(default_factory=ScanOptions)
    guide: str | None = None
    catalogue: Path | None = None
    selection: Selection = field(default_factory=Selection)
    engine: Engine = "local"
    spark_master: str | None = None
    spark_settings: dict[str, str] = field(default_factory=dict)
    reuse_every: int | None = None  # reuse unchanged files' and tables' last results; all re-read every N runs


@dataclass
class ScanOutcome(RunOutcome[ScanResult]):
    """The scan's outcome and the guide it graded by, which ``--fail-on LEVEL`` reads."""

    guide: Guide


def scan_scope(job: ScanJob) -> str:
    """Same inputs, same tables, same depth: the same scope. The catalogue adds the DATA-* rules."""
    options = job.options
    return scope_key(
        "scan",
        job.paths,
        {
            "full": options.full,
            "sample_rows": None if options.full else options.sample_rows,
            "include": sorted(job.selection.include),
            "exclude": sorted(job.selection.exclude),
            "catalogue": job.catalogue,
        },
    )


@dataclass
class StartedScan:
    """A scan whose inputs are loaded and whose run is open in the store: ``run`` it next. Starting
    first lets a caller report a bad request (or an unreachable store) before it shows progress or
    hands the scan to a worker."""

    job: ScanJob
    request: ScanRequest
    recorder: RunRecorder | None
    reuse: StoreReuse | None = None  # saved when the scan ends, however it ends
    locks: Locks = NO_LOCKS  # approved labels of the store, which grade the datasets they name

    def run(self, progress: ScanProgress | None = None) -> ScanOutcome:
        """Scan, recording each dataset and error as it comes; a scan that fails is recorded as failed
        (UsageError when Spark is missing or cannot start)."""
        from secsuite.scan.pipeline import ScanHooks, run_scan

        progress = progress or ScanProgress()
        recorder, job = self.recorder, self.job

        def graded(dataset: DatasetResult) -> None:
            """Locked labels grade the dataset before it is recorded and before the catalogue's rules
            (over-sharing, declared level) read it: every engine reports each dataset here first."""
            apply(dataset, self.locks, self.request.guide, job.lang)
            if recorder:
                recorder.dataset(dataset)

        hooks = ScanHooks(
            started=progress.started,
            advanced=progress.advanced,
            rows=progress.rows,
            bytes_read=progress.bytes_read,
            dataset=graded,
            error=recorder.error if recorder else (lambda error: None),
            skipped=recorder.skipped if recorder else (lambda skipped: None),
        )
        try:
            if job.engine == "spark":
                result = _scan_on_spark(self.request, hooks, progress, job.spark_master, job.spark_settings)
            else:
                result = run_scan(self.request, hooks)
        except BaseException:
            if recorder:
                recorder.finish("failed")
            raise
        finally:
            if self.reuse is not None:
                self.reuse.save()
        if recorder:
            recorder.findings(result.findings)
        outcome = finish_run(recorder, result, len(result.errors))
        result.run_id = outcome.run_id
        return ScanOutcome(result, outcome.run_id, outcome.complete, self.request.guide)


def start_scan(job: ScanJob) -> StartedScan:
    """Load the guide, detectors and catalogue and open the run (ConfigError/ValueError/InputError for
    bad inputs, StoreError when the store cannot be opened)."""
    # the pipeline, its readers and the database driver load on use: start-up time of the other commands
    from secsuite.scan.pipeline import ScanRequest

    guide = load_guide(job.guide)
    request = ScanRequest(
        selection=job.selection,
        paths=job.paths,
        guide=guide,
        specs=load_specs(),
        as_of=job.as_of,
        options=job.options,
        catalogue=load_catalogue(job.catalogue) if job.catalogue else None,
        lang=job.lang,
        rule_params=job.rule_params,
    )
    arguments = {
        "paths": [display_url(p) if is_database_url(p) else p for p in job.paths],
        "full": job.options.full,
        "sample_rows": job.options.sample_rows,
        "text_engine": job.options.text_engine,
        "engine": job.engine,
        "spark_master": job.spark_master if job.engine == "spark" else None,
        "catalogue": str(job.catalogue) if job.catalogue else None,
    }
    engine, reuse, locks = None, None, NO_LOCKS
    if job.store_url:
        from secsuite.app.labels import load_locks  # the store (sqlalchemy) loads on use: start-up time

        engine = open_store(job.store_url)
        locks = load_locks(engine)
    if engine is not None and job.reuse_every:
        from secsuite.monitor.reuse import StoreReuse, settings_key  # monitoring's cache, on request only

        request.reuse = reuse = StoreReuse(engine, settings_key(request), job.reuse_every)
    recorder = start_run(
        job.store_url, RunStart("scan", job.as_of, arguments, scan_scope(job), job.provenance, (guide.id, guide.version)),
        engine,
    )
    return StartedScan(job, request, recorder, reuse, locks)


def scan(job: ScanJob, progress: ScanProgress | None = None) -> ScanOutcome:
    """Start the scan and run it: every error ``start_scan`` and ``StartedScan.run`` raise."""
    return start_scan(job).run(progress)


def _scan_on_spark(
    request: ScanRequest, hooks: ScanHooks, progress: ScanProgress, master: str | None, settings: dict[str, str]
) -> ScanResult:
    """The same scan as Spark jobs."""
    try:
        from secsuite.spark.engine import SparkHooks, scan_with_spark  # PySpark loads only when chosen
        from secsuite.spark.session import LOCAL_MASTER, start_session
    except ImportError:
        raise UsageError("未安装 PySpark (PySpark is not installed): pip install 'secsuite\\[spark]'") from None
    try:
        spark = start_session(master or LOCAL_MASTER, settings)
    except Exception as exc:  # no Java, an unreachable master, a bad setting: PySpark raises many kinds
        condition = getattr(exc, "getCondition", lambda: None)() or type(exc).__name__
        raise UsageError(
            f"无法启动 Spark (cannot start Spark: {condition}); 请检查 Java 17+、--spark-master 与 --spark-conf "
            "(check Java 17+, --spark-master and --spark-conf)"
        ) from None
    spark_hooks = SparkHooks(
        started=hooks.started,
        advanced=hooks.advanced,
        dataset=hooks.dataset,
        error=hooks.error,
        skipped=hooks.skipped,
        tasks=progress.spark_tasks,
    )
    try:
        return scan_with_spark(request, spark, spark_hooks)
    finally:
        spark.stop()
