"""The report's masthead: title, issuing office, report number and date, from the config file's
``report:`` section or the flags of ``secsuite report`` (flags first), never by editing labels.yaml."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from secsuite.config import ReportConfig
from secsuite.report.store_view import ReportData
from secsuite.report.texts import Texts
from secsuite.timeutil import parse_as_of


@dataclass(frozen=True)
class Masthead:
    title: str
    issuer: str | None = None
    number: str | None = None
    date: dt.date | None = None


def masthead(data: ReportData, t: Texts, configured: ReportConfig | None = None, **flags: str | None) -> Masthead:
    """``flags`` (title, issuer, number, date) override the config; the date in any form ``--as-of``
    takes (raises ValueError otherwise); the title may use {year} and {unit}."""
    chosen = {key: flags.get(key) or getattr(configured or ReportConfig(), key) for key in ReportConfig.model_fields}
    default = t("report_unit_title", unit=data.unit, year=data.year) if data.unit else t("report_title", year=data.year)
    title = default
    if chosen["title"]:
        try:
            title = chosen["title"].format(year=data.year, unit=data.unit or "")
        except (KeyError, IndexError, ValueError):
            raise ValueError(f"report.title: {chosen['title']!r} may use only {{year}} and {{unit}}") from None
    date = None
    if chosen["date"]:
        try:
            date = parse_as_of(chosen["date"])
        except ValueError as exc:
            raise ValueError(str(exc).replace("--as-of", "report.date / --date", 1)) from None
    return Masthead(title, chosen["issuer"], chosen["number"], date)
