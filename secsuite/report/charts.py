"""The report's charts, drawn by matplotlib as inline SVG.

Text stays text (``svg.fonttype: none``), so the browser sets Chinese in its own fonts and a
reader can search and copy it. The figure is built without pyplot, so no global state or display
is touched; ids inside each SVG are prefixed with the chart's name, so many charts can share one
HTML page, and the metadata date is left out, so the same store renders the same page. Every label
passes through ``escape.chart``: a ``$`` in a unit's name is a dollar sign, not mathtext.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from secsuite.report.escape import chart

if TYPE_CHECKING:
    from matplotlib.figure import Figure

SEVERITY_COLOURS = {"critical": "#7f1d1d", "high": "#dc2626", "medium": "#d97706", "low": "#2563eb", "info": "#6b7280"}
MUTED_COLOUR = "#cbd5e1"
LEVEL_COLOURS = ["#15803d", "#65a30d", "#ca8a04", "#dc2626", "#991b1b", "#581c87", "#1e1b4b"]
OK_COLOUR, LATE_COLOUR, LIMIT_COLOUR = "#2563eb", "#dc2626", "#111827"
FONTS = ["Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC",
         "SimHei", "DejaVu Sans"]
STYLE = {"svg.fonttype": "none", "font.family": "sans-serif", "font.sans-serif": FONTS, "font.size": 9,
         "axes.spines.top": False, "axes.spines.right": False, "axes.titlesize": 9}
_ID = re.compile(r'(\bid="|url\(#|href="#)([^")]+)')


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    colour: str


def _svg(figure: Figure, name: str) -> str:
    buffer = io.StringIO()
    with warnings.catch_warnings():
        # Without a CJK font here matplotlib only sizes Chinese labels roughly; the browser draws them.
        warnings.filterwarnings("ignore", message=r"Glyph .* missing from", category=UserWarning)
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    text = text[text.index("<svg"):]
    return _ID.sub(lambda m: f"{m.group(1)}{name}-{m.group(2)}", text)


@contextmanager
def _figure(name: str, width: float, height: float) -> Iterator[Figure]:
    """A figure in the report's style. matplotlib loads here, on the first chart, because it
    takes a quarter of a second and every other command (a scan above all) has no use for it."""
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context(STYLE | {"svg.hashsalt": name}):
        figure = Figure(figsize=(width, height))
        figure.set_layout_engine("constrained")
        yield figure


def bars(name: str, bars: Sequence[Bar], xlabel: str, muted: Sequence[float] | None = None,
         muted_label: str = "") -> str:
    """Horizontal bars (one per label, top first), muted counts stacked in grey after them."""
    with _figure(name, 5.0, 0.3 * len(bars) + 0.7) as figure:
        axes = figure.subplots()
        positions = list(range(len(bars)))[::-1]
        values = [bar.value for bar in bars]
        axes.barh(positions, values, color=[bar.colour for bar in bars], height=0.6)
        if muted and any(muted):
            axes.barh(positions, muted, left=values, color=MUTED_COLOUR, height=0.6, label=chart(muted_label))
            axes.legend(loc="lower right", frameon=False)
        totals = [value + (muted[i] if muted else 0) for i, value in enumerate(values)]
        for position, total in zip(positions, totals, strict=True):
            axes.annotate(f"{total:g}", (total, position), xytext=(3, 0), textcoords="offset points", va="center")
        axes.set_yticks(positions, [chart(bar.label) for bar in bars])
        axes.set_xlabel(chart(xlabel))
        axes.set_xlim(0, max([*totals, 1]) * 1.15)
        axes.xaxis.get_major_locator().set_params(integer=True)
        return _svg(figure, name)


def stacked_units(name: str, units: Sequence[str], series: Sequence[tuple[str, str, Sequence[int]]],
                  xlabel: str) -> str:
    """One horizontal bar per unit, stacked by series (label, colour, counts per unit)."""
    with _figure(name, 6.8, 0.3 * len(units) + 1.2) as figure:
        axes = figure.subplots()
        positions = list(range(len(units)))[::-1]
        left = [0] * len(units)
        for label, colour, counts in series:
            axes.barh(positions, counts, left=left, color=colour, height=0.65, label=chart(label))
            left = [a + b for a, b in zip(left, counts, strict=True)]
        axes.set_yticks(positions, [chart(unit) for unit in units])
        axes.set_xlabel(chart(xlabel))
        axes.xaxis.get_major_locator().set_params(integer=True)
        figure.legend(loc="outside lower center", ncols=len(series), frameon=False)
        return _svg(figure, name)


def sla(name: str, incidents: Sequence[str], phases: Sequence[tuple[str, Sequence[float | None], float]],
        xlabel: str, limit_label: str) -> str:
    """One panel per phase (title, minutes per incident, limit in minutes): each incident's time as a
    bar, red beyond the limit, and the limit as a vertical line."""
    with _figure(name, 6.8, 0.24 * len(incidents) + 1.1) as figure:
        panels = figure.subplots(1, len(phases), sharey=True)
        positions = list(range(len(incidents)))[::-1]
        for axes, (title, minutes, limit) in zip(panels, phases, strict=True):
            values = [m or 0.0 for m in minutes]
            colours = [LATE_COLOUR if m is not None and m > limit else OK_COLOUR for m in minutes]
            axes.barh(positions, values, color=colours, height=0.6)
            axes.axvline(limit, color=LIMIT_COLOUR, linestyle="--", linewidth=1)
            axes.annotate(chart(limit_label.format(minutes=f"{limit:g}")), (limit, 1), xycoords=("data", "axes fraction"),
                          xytext=(3, 2), textcoords="offset points", va="bottom", fontsize=8)
            axes.set_title(chart(title), loc="left", pad=12)
            axes.set_xlabel(chart(xlabel))
            axes.set_xlim(0, max([*values, limit]) * 1.12)
        panels[0].set_yticks(positions, [chart(incident) for incident in incidents])
        return _svg(figure, name)


def trend(name: str, days: Sequence[dt.date], series: Sequence[tuple[str, str, Sequence[int | None], bool]],
          ylabel: str) -> str:
    """Counts per day, one line per series (label, colour, counts, dashed). A day without a value
    (None) is a gap in the line, never a zero: each point is that day's snapshot."""
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

    with _figure(name, 6.8, 2.4) as figure:
        axes = figure.subplots()
        for label, colour, counts, dashed in series:
            values = [float("nan") if count is None else count for count in counts]
            axes.plot(days, values, color=colour, linestyle="--" if dashed else "-", linewidth=1.4,
                      marker="o" if len(days) < 40 else None, markersize=2.5, label=chart(label))
        locator = AutoDateLocator()
        axes.xaxis.set_major_locator(locator)
        axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))
        axes.set_ylabel(chart(ylabel))
        axes.set_ylim(bottom=0)
        axes.yaxis.get_major_locator().set_params(integer=True)
        figure.legend(loc="outside lower center", ncols=min(len(series), 6), frameon=False)
        return _svg(figure, name)


def k_classes(name: str, buckets: Sequence[tuple[str, int, bool]], xlabel: str) -> str:
    """Rows by the size of their quasi-identifier class (label, rows, below the threshold), the
    classes below the threshold in red: what an opened dataset exposes at a glance."""
    return bars(name, [Bar(label, rows, LATE_COLOUR if at_risk else OK_COLOUR) for label, rows, at_risk in buckets],
                xlabel)
