"""Load what the year's report shows from the result store: the latest runs of the year as of a
date, with the suppressions applied. The report only reads the store."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from secsuite.app.run import open_store, store_missing
from secsuite.errors import StoreError
from secsuite.i18n import Lang
from secsuite.report.store_view import ReportData, load_report
from secsuite.suppress import load_suppressions
from secsuite.urls import display_url


@dataclass
class ReportJob:
    """The report of ``year`` as of ``as_of`` (a date in the year or after it), for one ``unit`` or
    all; ``ignore_file`` None: ./.secsuite-ignore.yaml when there is one."""

    year: int
    as_of: dt.date
    store_url: str
    lang: Lang = "zh"
    unit: str | None = None
    ignore_file: Path | None = None


def report_data(job: ReportJob) -> ReportData:
    """Raises ValueError for an as-of date before the year, ConfigError for a malformed suppression
    file or stored rubric, StoreError when there is no store or it cannot be opened."""
    if job.as_of.year < job.year:
        raise ValueError(f"--as-of {job.as_of} is before {job.year}")
    suppressions = load_suppressions(job.ignore_file)
    if store_missing(job.store_url):
        raise StoreError(
            f"result store not found: {display_url(job.store_url)} (run secsuite scan/check/netscan/incidents/evaluate "
            f"first, or give --db)"
        )
    return load_report(open_store(job.store_url), job.year, job.as_of, suppressions, job.lang, job.unit)
