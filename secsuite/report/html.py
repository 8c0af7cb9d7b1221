"""The HTML audit report: Jinja2 templates and CSS from top-level ``reports/``, one self-contained
page (CSS inlined, charts as inline SVG, no script, no CDN) that opens offline and prints to A4.

Autoescaping is on: every value from the store is text, never markup; only the charts, which
matplotlib drew, are passed through as SVG.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from secsuite import __version__
from secsuite.checks.registry import load_registry
from secsuite.i18n import Lang
from secsuite.incidents.clock import SlaParams
from secsuite.incidents.pipeline import SlaLimits, recorded_sla_limits
from secsuite.monitor.models import UnitDay
from secsuite.paths import reports_dir
from secsuite.provenance import content
from secsuite.reident.measures import k_buckets
from secsuite.report import charts
from secsuite.report.key_figures import key_figures
from secsuite.report.masthead import Masthead, masthead
from secsuite.report.store_view import SEVERITIES, ReportData, UnitView, china_time
from secsuite.report.texts import Texts
from secsuite.timeutil import DEFAULT_TZ


def _minutes(limit: SlaParams, unit_type: str | None) -> float:
    return limit.limit(unit_type).total_seconds() / 60


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}".rstrip("0").rstrip(".")


def _clock(seconds: int | None) -> str:
    return "—" if seconds is None else f"{seconds // 60}:{seconds % 60:02d}"


def _when(value: dt.datetime | dt.date | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, dt.datetime):
        shown = china_time(value)
        assert shown is not None
        return shown.strftime("%Y-%m-%d %H:%M:%S")
    return value.isoformat()


def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(reports_dir() / "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(num=_number, clock=_clock, when=_when)
    return env


def _levels_shown(levels: list[str], fields: list[str]) -> list[str]:
    """Every level up to the highest a field has: an empty L2 between L1 and L3 is worth seeing,
    empty levels above the highest are not."""
    highest = max((levels.index(level) for level in fields if level in levels), default=-1)
    return levels[:highest + 1] + [level for level in levels[highest + 1:] if level in fields]


def _measured(risk: Mapping[str, Any] | None) -> bool:
    return bool(risk) and risk.get("status") == "measured" and bool(risk.get("rows"))


def _k_buckets(risk: Mapping[str, Any]) -> list[tuple[str, int, bool]]:
    """The stored k distribution, each bucket marked when its classes are below the threshold."""
    threshold = int(risk["threshold"])
    bounds = k_buckets(threshold)
    return [(f"k={bucket['k']}", int(bucket["rows"]), high is not None and high < threshold)
            for bucket, (_low, high) in zip(risk["k_distribution"], bounds, strict=True)]


class UnitCharts:
    """The charts of one unit's page, drawn only for what the unit has."""

    def __init__(self, key: str, view: UnitView, data: ReportData, t: Texts, limits: SlaLimits):
        counts = view.severity_counts()
        self.severity = Markup(charts.bars(
            f"{key}-sev", [charts.Bar(t.severity(s.value), counts[s][0], charts.SEVERITY_COLOURS[s.value])
                           for s in SEVERITIES],
            t("chart_findings"), muted=[counts[s][1] for s in SEVERITIES], muted_label=t("muted"),
        )) if view.findings else None
        fields = [f.level for d in view.datasets for f in d.fields]
        self.levels = Markup(charts.bars(
            f"{key}-lvl", [charts.Bar(level, fields.count(level), charts.LEVEL_COLOURS[min(i, 6)])
                           for i, level in enumerate(_levels_shown(data.levels, fields))][::-1],
            t("chart_fields"),
        )) if fields else None
        self.risk = {d.id: Markup(charts.k_classes(f"{key}-k{d.id}", _k_buckets(d.reidentification), t("chart_k_rows")))
                     for d in view.datasets if _measured(d.reidentification)}
        self.response_limit = _minutes(limits.response, view.unit_type)
        self.handling_limit = _minutes(limits.handling, view.unit_type)
        timed = [i for i in view.incidents if i.response_seconds is not None or i.handling_seconds is not None]
        self.sla = Markup(charts.sla(
            f"{key}-sla", [i.incident_id for i in timed],
            [(t("sla_response"), [None if i.response_seconds is None else i.response_seconds / 60 for i in timed],
              self.response_limit),
             (t("sla_handling"), [None if i.handling_seconds is None else i.handling_seconds / 60 for i in timed],
              self.handling_limit)],
            t("chart_minutes"), t("chart_limit"),
        )) if timed else None


def _overview_chart(views: list[UnitView], t: Texts) -> Markup | None:
    shown = [view for view in views if view.findings]
    if not shown:
        return None
    series = [(t.severity(s.value), charts.SEVERITY_COLOURS[s.value],
               [sum(1 for f in view.findings if f.severity is s and not f.muted) for view in shown]) for s in SEVERITIES]
    series.append((t("muted"), charts.MUTED_COLOUR, [sum(1 for f in view.findings if f.muted) for view in shown]))
    return Markup(charts.stacked_units("overview", [t.unit_name(view.name) for view in shown], series,
                                       t("chart_findings")))


@dataclass(frozen=True)
class TrendChart:
    """One unit's monitoring series: the chart, and on how many of its days every target had a
    complete run (the evidence a 日常监测 indicator can cite)."""

    unit: str
    svg: Markup
    days: int
    covered: int
    first: dt.date
    last: dt.date


TREND_SEVERITIES = ("critical", "high", "medium", "low")


def _trend_charts(data: ReportData, t: Texts) -> list[TrendChart]:
    by_unit: dict[str, list[UnitDay]] = {}
    for row in data.trends:
        by_unit.setdefault(row.unit, []).append(row)
    shown = []
    for number, (unit, rows) in enumerate(sorted(by_unit.items())):
        first, last = rows[0].day, rows[-1].day
        days = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
        on = {row.day: row for row in rows}

        def counts(column: str, days: list[dt.date] = days, on: dict[dt.date, UnitDay] = on) -> list[int | None]:
            return [getattr(on[day], column) if day in on else None for day in days]

        series = [(t.severity(s), charts.SEVERITY_COLOURS[s], counts(f"open_{s}"), False) for s in TREND_SEVERITIES]
        series += [(t("trend_sla_breaches"), charts.LATE_COLOUR, counts("sla_breaches"), True),
                   (t("trend_certs_expiring"), charts.LIMIT_COLOUR, counts("certs_expiring"), True)]
        svg = Markup(charts.trend(f"trend{number}", days, series, t("trend_open_findings")))
        covered = sum(1 for row in rows if row.targets and row.targets_covered == row.targets)
        shown.append(TrendChart(t.unit_name(unit or None), svg, len(days), covered, first, last))
    return shown


def render_html(data: ReportData, lang: Lang, overrides: Mapping[str, Mapping[str, Any]] | None = None,
                head: Masthead | None = None) -> str:
    t = Texts(lang)
    views = data.views()
    registry = load_registry()
    incidents_run = data.runs.get("incidents")
    limits = recorded_sla_limits(incidents_run.arguments if incidents_run else None, overrides or {})
    css = (reports_dir() / "static" / "report.css").read_text(encoding="utf-8")
    return environment().get_template("report.html.j2").render(
        t=t, data=data, lang=lang, css=Markup(css), views=views, severities=SEVERITIES,
        head=head or masthead(data, t), key_figures=key_figures(data, t),
        charts=[UnitCharts(f"u{n}", view, data, t, limits) for n, view in enumerate(views)],
        overview_chart=_overview_chart(views, t), trends=_trend_charts(data, t),
        rule_url=lambda rule_id: registry.rules[rule_id].meta.citation.url if rule_id in registry.rules else "",
        generated=dt.datetime.now(DEFAULT_TZ).strftime("%Y-%m-%d %H:%M"), version=__version__, content=content(),
    )
