"""Load what the year's report shows from the result store: the latest runs of the year as of a
date (or one run), with the suppressions and filters applied. The report only reads the store."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from secsuite.app.run import open_store, store_missing
from secsuite.errors import StoreError
from secsuite.filters import FindingFilter
from secsuite.i18n import Lang
from secsuite.report.store_view import ReportData, load_report, load_run
from secsuite.suppress import load_suppressions
from secsuite.urls import display_url


@dataclass
class ReportJob:
    """The report of ``year`` as of ``as_of`` (a date in the year or after it), for one ``unit`` or
    all, or of the one run ``run`` (then year and as-of are the run's); ``ignore_file`` None:
    ./.secsuite-ignore.yaml when there is one; ``keep`` the findings shown."""

    year: int
    as_of: dt.date
    store_url: str
    lang: Lang = "zh"
    unit: str | None = None
    ignore_file: Path | None = None
    run: int | None = None
    keep: FindingFilter = field(default_factory=FindingFilter)


def report_data(job: ReportJob) -> ReportData:
    """Raises ValueError for an as-of date before the year, ConfigError for a malformed suppression
    file or stored rubric, StoreError when there is no store or it cannot be opened."""
    if job.run is None and job.as_of.year < job.year:
        raise ValueError(f"--as-of {job.as_of} is before {job.year}")
    suppressions = load_suppressions(job.ignore_file)
    if store_missing(job.store_url):
        raise StoreError(
            f"result store not found: {display_url(job.store_url)} (run secsuite scan/check/netscan/incidents/evaluate "
            f"first, or give --db)"
        )
    engine = open_store(job.store_url)
    if job.run is not None:
        return load_run(engine, job.run, suppressions, job.lang, job.keep)
    return load_report(engine, job.year, job.as_of, suppressions, job.lang, job.unit, job.keep)
