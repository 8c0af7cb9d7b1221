"""等保 rules: filing (备案) and evaluation (等级测评) of each graded system, from the inventory."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from stdnum import numdb

from secsuite.checks.periods import DayCount, add_months
from secsuite.checks.registry import RuleContext, Violation, check
from secsuite.checks.system_subject import (
    SystemSubject,
    bilingual,
    failure_reasons,
    is_live,
    iso,
    live_detail,
)
from secsuite.findings import Severity
from secsuite.inventory.systems import SystemEntry

_BASIS = {"graded_on": ("定级", "grading"), "online_on": ("上线", "going live")}


def _required(system: SystemEntry, params: dict[str, Any]) -> bool:
    return system.mlps_level is not None and system.mlps_level >= int(params["min_level"])


def _filing_deadline(rule_id: str, system: SystemEntry, params: dict[str, Any]) -> dict[str, Any] | None:
    """Art. 15: a system already running files within the period after grading, a new one within
    the period after going live; so the later of the two dates starts the clock."""
    known = [(day, basis) for basis, day in (("graded_on", system.graded_on), ("online_on", system.online_on)) if day]
    if not known:
        return None
    start, basis = max(known)
    days, count = int(params["deadline_days"]), DayCount.from_params(rule_id, params)
    zh_basis, en_basis = _BASIS[basis]
    return {
        "start": start, "basis": basis, "due": count.last_day(start, days),
        **bilingual("basis", zh_basis, en_basis),
        **bilingual("period", f"{days}个工作日" if count.working else f"{days}日",
                    f"{days} working days" if count.working else f"{days} days"),
    }


def _deadline_details(deadline: dict[str, Any]) -> dict[str, Any]:
    return {key: iso(value) if isinstance(value, dt.date) else value for key, value in deadline.items()}


@check("MLPS-NOT-FILED")
def not_filed(subject: SystemSubject, ctx: RuleContext) -> Iterator[Violation]:
    system = subject.system
    if not _required(system, ctx.params) or system.filing_no:
        return
    deadline = _filing_deadline("MLPS-NOT-FILED", system, ctx.params)
    if deadline is None or ctx.as_of <= deadline["due"]:
        return
    overdue = (ctx.as_of - deadline["due"]).days
    yield subject.violation(
        _deadline_details(deadline) | {"level": system.mlps_level, "as_of": iso(ctx.as_of), "overdue": overdue},
        {"mlps_level": system.mlps_level, "graded_on": iso(system.graded_on), "online_on": iso(system.online_on),
         "clock_starts": deadline["basis"], "due": iso(deadline["due"]), "days_overdue": overdue},
    )


@check("MLPS-FILED-LATE")
def filed_late(subject: SystemSubject, ctx: RuleContext) -> Iterator[Violation]:
    system = subject.system
    if not _required(system, ctx.params) or system.filed_on is None:
        return
    deadline = _filing_deadline("MLPS-FILED-LATE", system, ctx.params)
    if deadline is None or system.filed_on <= deadline["due"]:
        return
    late = (system.filed_on - deadline["due"]).days
    yield subject.violation(
        _deadline_details(deadline) | {"level": system.mlps_level, "filed_on": iso(system.filed_on), "late": late},
        {"mlps_level": system.mlps_level, "graded_on": iso(system.graded_on), "online_on": iso(system.online_on),
         "filed_on": iso(system.filed_on), "clock_starts": deadline["basis"], "due": iso(deadline["due"]),
         "days_late": late},
    )


@check("MLPS-DATES-MISSING")
def dates_missing(subject: SystemSubject, ctx: RuleContext) -> Iterator[Violation]:
    system = subject.system
    if not _required(system, ctx.params) or system.graded_on or system.online_on:
        return
    filing = (bilingual("filing", f"备案编号为 {system.filing_no}", f"its filing number is {system.filing_no}")
              if system.filing_no else bilingual("filing", "且尚无备案编号", "and it has no filing number"))
    yield subject.violation(
        filing | {"level": system.mlps_level},
        {"mlps_level": system.mlps_level, "filing_no": system.filing_no},
        severity=None if system.filing_no else Severity.high,
    )


@check("MLPS-NOT-GRADED")
def not_graded(subject: SystemSubject, ctx: RuleContext) -> Iterator[Violation]:
    """网络安全法第二十一条: every operator grades its systems; a system counts as live from its
    go-live date (one without a date is left to the other rules, which need a level anyway)."""
    system = subject.system
    if system.mlps_level is not None or system.online_on is None or system.online_on > ctx.as_of:
        return
    yield subject.violation(
        bilingual("level", "为空或未定级", "is empty or not graded")
        | {"online_on": iso(system.online_on), "as_of": iso(ctx.as_of)},
        {"mlps_level": None, "online_on": iso(system.online_on)},
    )


def _is_area_code(code: str) -> bool:
    """A GB/T 2260 code, current or withdrawn (python-stdnum's table): province and division both known."""
    parts = numdb.get("cn/loc").info(code)
    return len(parts) == 2 and all(props for _, props in parts)


def _filing_problem(filing_no: str, params: dict[str, Any]) -> dict[str, str] | None:
    """What is wrong with a filing certificate number, if anything."""
    compact = re.sub(r"\s+", "", unicodedata.normalize("NFKC", filing_no))
    if not re.fullmatch(str(params["pattern"]), compact):
        return bilingual("problem", "不符合备案证明编号的格式（11 位数字-5 位数字）",
                         "does not have the layout of a filing certificate number (11 digits-5 digits)")
    area = compact[:6]
    if params["check_area_code"] and not _is_area_code(area):
        return bilingual("problem", f"前 6 位 {area} 不是行政区划代码",
                         f"its first six digits {area} are not an administrative-area code")
    return None


@check("MLPS-FILING-NO-INVALID")
def filing_no_invalid(subject: SystemSubject, ctx: RuleContext) -> Iterator[Violation]:
    system = subject.system
    if not system.filing_no:
        return
    problem = _filing_problem(system.filing_no, ctx.params)
    if problem:
        yield subject.violation(problem | {"filing_no": system.filing_no},
                                {"filing_no": system.filing_no, "problem": problem["problem_en"]})


@check("MLPS-EVAL-MISSING")
def eval_missing(subject: SystemSubject, ctx: RuleContext) -> Iterator[Violation]:
    system = subject.system
    if not _required(system, ctx.params) or system.last_evaluated_on:
        return
    if not is_live(system, ctx.as_of, int(ctx.params["grace_days"])):
        return
    yield subject.violation(
        live_detail(system) | {"level": system.mlps_level, "as_of": iso(ctx.as_of)},
        {"mlps_level": system.mlps_level, "online_on": iso(system.online_on)},
    )


@check("MLPS-EVAL-OVERDUE")
def eval_overdue(subject: SystemSubject, ctx: RuleContext) -> Iterator[Violation]:
    system = subject.system
    if system.mlps_level is None or system.last_evaluated_on is None:
        return
    months = ctx.params.get(f"level{system.mlps_level}_months")
    if months is None:
        return
    due = add_months(system.last_evaluated_on, int(months))
    if ctx.as_of <= due:
        return
    overdue = (ctx.as_of - due).days
    yield subject.violation(
        {"level": system.mlps_level, "months": months, "last": iso(system.last_evaluated_on), "due": iso(due),
         "overdue": overdue},
        {"mlps_level": system.mlps_level, "last_evaluated_on": iso(system.last_evaluated_on),
         "interval_months": months, "due": iso(due), "days_overdue": overdue},
    )


@check("MLPS-EVAL-FAILED")
def eval_failed(subject: SystemSubject, ctx: RuleContext) -> Iterator[Violation]:
    system = subject.system
    reasons = failure_reasons("MLPS-EVAL-FAILED", system.evaluation_conclusion, system.evaluation_score, ctx.params)
    if reasons:
        yield subject.violation(
            reasons | {"evaluated": iso(system.last_evaluated_on) or "—"},
            {"last_evaluated_on": iso(system.last_evaluated_on), "conclusion": system.evaluation_conclusion,
             "score": system.evaluation_score, "pass_score": ctx.params["pass_score"]},
        )
