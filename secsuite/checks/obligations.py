"""Yearly obligations of a system's operator that no 等保/密评 rule covers: the important-data
processor's risk assessment and its report (《网络数据安全管理条例》第三十三条) and the CII operator's
security test and risk assessment (《关键信息基础设施安全保护条例》第十七条). Both are read from the
optional columns of the systems inventory; a system whose row does not say it is concerned is not
judged."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from secsuite.checks.periods import add_months
from secsuite.checks.registry import RuleContext, Violation, check
from secsuite.checks.system_subject import SystemSubject, bilingual, iso


def yearly_gap(last: dt.date | None, as_of: dt.date, months: int) -> dict[str, object] | None:
    """``{last, due, state_zh, state_en}`` when no assessment is on record or the latest is older than
    ``months`` on ``as_of`` (the period ends on the corresponding day, 《民法典》第二百零二条); None when
    it is current."""
    if last is None:
        return {"last": "—", "due": "—"} | bilingual("state", "没有评估记录", "there is none on record")
    due = add_months(last, months)
    if as_of <= due:
        return None
    return {"last": iso(last), "due": iso(due)} | bilingual(
        "state", f"最近一次在 {iso(last)}，应在 {iso(due)} 前再次开展", f"the latest was on {iso(last)}, due again by {iso(due)}")


def _yearly(subject: SystemSubject, ctx: RuleContext, concerned: bool, date_field: str) -> Iterator[Violation]:
    """A violation when the system is ``concerned`` and the date of its latest assessment
    (``date_field``) is missing or older than the rule's ``interval_months``."""
    if not concerned:
        return
    last = getattr(subject.system, date_field)
    gap = yearly_gap(last, ctx.as_of, int(ctx.params["interval_months"]))
    if gap is not None:
        yield subject.violation(gap | {"as_of": iso(ctx.as_of)}, {date_field: iso(last), "due": gap["due"]})


def processes_important_data(subject: SystemSubject, ctx: RuleContext) -> bool:
    """Marked 处理重要数据 = 是, or storing data graded at least ``min_data_level`` (重要数据 by default;
    null: the mark alone decides)."""
    level = ctx.params["min_data_level"]
    return bool(subject.system.important_data) or (level is not None and subject.data_level_at_least(str(level)))


@check("DATA-RISK-ASSESSMENT-MISSING")
def risk_assessment_missing(subject: SystemSubject, ctx: RuleContext) -> Iterator[Violation]:
    yield from _yearly(subject, ctx, processes_important_data(subject, ctx), "risk_assessed_on")


@check("DATA-RISK-REPORT-MISSING")
def risk_report_missing(subject: SystemSubject, ctx: RuleContext) -> Iterator[Violation]:
    """An assessment whose report has not reached the provincial authority within the grace days."""
    system = subject.system
    assessed, reported = system.risk_assessed_on, system.risk_reported_on
    if not processes_important_data(subject, ctx) or assessed is None or (reported is not None and reported >= assessed):
        return
    grace = int(ctx.params["grace_days"])
    if ctx.as_of <= assessed + dt.timedelta(days=grace):
        return
    yield subject.violation(
        {"assessed": iso(assessed), "reported": iso(reported) or "—", "grace": grace},
        {"risk_assessed_on": iso(assessed), "risk_reported_on": iso(reported), "grace_days": grace},
    )


@check("CII-ASSESSMENT-MISSING")
def cii_assessment_missing(subject: SystemSubject, ctx: RuleContext) -> Iterator[Violation]:
    yield from _yearly(subject, ctx, bool(subject.system.cii), "cii_assessed_on")
