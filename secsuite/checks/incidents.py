"""Incident rules: the response and handling clocks, the reporting deadline, severe data leaks and
register rows that cannot be timed. Each rule judges one assessed incident (``IncidentCase``).

Message details come in ``_zh``/``_en`` pairs where words differ by language, so each template of
``incidents.yaml`` picks its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ConfigDict

from secsuite.checks.registry import RuleContext, Violation, check
from secsuite.findings import ObjectRef, Severity
from secsuite.incidents.case import IncidentCase
from secsuite.incidents.clock import SlaParams, breached, clock_text
from secsuite.incidents.grading import Grade
from secsuite.incidents.reporting import RECIPIENTS, ReportingParams
from secsuite.inventory.incidents import LABELS, DataLevel
from secsuite.timeutil import DEFAULT_TZ

OPERATORS = {
    "cii": ("关键信息基础设施运营者", "critical information infrastructure operator"),
    "central_state_organ": ("中央和国家机关各部门及其管理的企事业单位", "central Party or state organ or a body it runs"),
    "other": ("其他网络运营者", "other network operator"),
}
LEVEL_NAMES = {"core": ("核心数据", "core data"), "important": ("重要数据", "important data"),
               "general": ("一般数据", "general data")}


def local(stamp: dt.datetime | None) -> str:
    """A timestamp as shown to auditors: China time to the second."""
    return "—" if stamp is None else stamp.astimezone(DEFAULT_TZ).strftime("%Y-%m-%d %H:%M:%S")


def _base(case: IncidentCase) -> dict[str, Any]:
    incident = case.incident
    return {"incident": incident.incident_id, "title": incident.title or "—", "detected_at": local(incident.detected_at)}


def _ref(case: IncidentCase) -> ObjectRef:
    return ObjectRef(kind="incident", id=case.incident.incident_id)


def _grade_details(grade: Grade) -> dict[str, str]:
    return {"grade_zh": grade.label("zh"), "grade_en": grade.label("en")}


def _sla(case: IncidentCase, taken: dt.timedelta | None, params: SlaParams, end_field: str) -> Iterator[Violation]:
    limit = params.limit(case.unit_type)
    if taken is None or not breached(taken, limit):
        return
    yield Violation(
        obj=_ref(case), unit=case.incident.unit,
        details=_base(case) | {"taken": clock_text(taken), "limit": clock_text(limit)},
        evidence={"detected_at": local(case.incident.detected_at), end_field: local(getattr(case.incident, end_field)),
                  "seconds": int(taken.total_seconds()), "limit_seconds": int(limit.total_seconds()),
                  "unit_type": case.unit_type},
    )


@check("IR-RESPONSE-SLA-BREACH")
def response_breach(case: IncidentCase, ctx: RuleContext) -> Iterator[Violation]:
    yield from _sla(case, case.response, SlaParams.model_validate(ctx.params), "responded_at")


@check("IR-HANDLING-SLA-BREACH")
def handling_breach(case: IncidentCase, ctx: RuleContext) -> Iterator[Violation]:
    yield from _sla(case, case.handling, SlaParams.model_validate(ctx.params), "coordinated_at")


@check("IR-REPORT-LATE")
def report_late(case: IncidentCase, ctx: RuleContext) -> Iterator[Violation]:
    """The deadline comes with the case, computed with this rule's parameters when it was graded."""
    deadline, reported = case.report_deadline, case.incident.reported_at
    if deadline is None or reported is None or reported <= deadline:
        return
    hours = ReportingParams.from_params(ctx.params).deadline_hours[case.operator_type]
    operator_zh, operator_en = OPERATORS[case.operator_type]
    recipient_zh, recipient_en = RECIPIENTS[case.operator_type]
    yield Violation(
        obj=_ref(case), unit=case.incident.unit,
        details=_base(case) | _grade_details(case.grade) | {
            "operator_zh": operator_zh, "operator_en": operator_en, "hours": f"{hours:g}",
            "recipient_zh": recipient_zh, "recipient_en": recipient_en,
            "deadline": local(deadline), "reported_at": local(reported), "late": clock_text(reported - deadline)},
        evidence={"grade": case.grade.value, "operator_type": case.operator_type, "deadline": local(deadline),
                  "reported_at": local(reported), "late_seconds": int((reported - deadline).total_seconds())},
    )


@check("IR-REPORT-MISSING")
def report_missing(case: IncidentCase, ctx: RuleContext) -> Iterator[Violation]:
    if not case.report_required or case.incident.reported_at is not None:
        return
    yield Violation(
        obj=_ref(case), unit=case.incident.unit,
        details=_base(case) | _grade_details(case.grade) | {"deadline": local(case.report_deadline)},
        evidence={"grade": case.grade.value, "operator_type": case.operator_type,
                  "deadline": local(case.report_deadline)},
    )


class SevereParams(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    data_categories: list[str]
    min_grade: Grade
    data_levels: list[DataLevel]


def severe_reasons(case: IncidentCase, params: SevereParams) -> list[tuple[str, str]]:
    """Why an incident is a severe data leak, as (zh, en) pairs; empty when it is not one."""
    incident = case.incident
    reasons: list[tuple[str, str]] = []
    if incident.severe:
        reasons.append(("审核人员标注为严重泄露", "flagged severe by the auditor"))
    category = (incident.category or "").lower()
    is_data = any(word.lower() in category for word in params.data_categories) or bool(incident.pi_people_affected)
    if not is_data:
        return reasons
    if case.grade.rank >= params.min_grade.rank:
        reasons.append((f"数据安全事件定级为{case.grade.label('zh')}", f"data-security incident graded {case.grade.label('en')}"))
    if incident.data_level in params.data_levels:
        zh, en = LEVEL_NAMES[incident.data_level]
        reasons.append((f"涉及{zh}", f"{en} involved"))
    return reasons


@check("IR-SEVERE-DATA-LEAK")
def severe_leak(case: IncidentCase, ctx: RuleContext) -> Iterator[Violation]:
    reasons = severe_reasons(case, SevereParams.model_validate(ctx.params))
    if not reasons:
        return
    incident = case.incident
    yield Violation(
        obj=_ref(case), unit=incident.unit,
        details=_base(case) | {"reasons_zh": "；".join(zh for zh, _ in reasons),
                               "reasons_en": "; ".join(en for _, en in reasons)},
        evidence={"grade": case.grade.value, "category": incident.category, "data_level": incident.data_level,
                  "pi_people_affected": incident.pi_people_affected, "severe_flag": incident.severe,
                  "reasons": [en for _, en in reasons]},
    )


@check("IR-TIMESTAMP-MISSING")
def timestamp_missing(case: IncidentCase, ctx: RuleContext) -> Iterator[Violation]:
    missing = [name for name in ctx.params["required"] if getattr(case.incident, name) is None]
    if not missing:
        return
    yield Violation(
        obj=_ref(case), unit=case.incident.unit,
        details=_base(case) | {"fields_zh": "、".join(LABELS[name] for name in missing),
                               "fields_en": ", ".join(missing)},
        evidence={"missing": missing},
    )


@check("IR-SUMMARY-REPORT-LATE")
def summary_report_late(case: IncidentCase, ctx: RuleContext) -> Iterator[Violation]:
    """第八条: a reported incident's summary report within ``days`` after handling ends. Days count
    from the day after (《民法典》第二百零一条), so the report is due by the end of that day, China time."""
    incident = case.incident
    if not case.report_required or incident.resolved_at is None:
        return
    days = int(ctx.params["days"])
    due = incident.resolved_at.astimezone(DEFAULT_TZ).date() + dt.timedelta(days=days)
    summary = incident.summary_reported_at
    if summary is None and ctx.as_of <= due:
        return
    if summary is not None and summary.astimezone(DEFAULT_TZ).date() <= due:
        return
    state = (("未报送总结报告", "no summary report is recorded") if summary is None
             else (f"{local(summary)} 才报送", f"it was sent only at {local(summary)}"))
    yield Violation(
        obj=_ref(case), unit=incident.unit,
        details=_base(case) | _grade_details(case.grade) | {
            "resolved_at": local(incident.resolved_at), "days": days, "due": due.isoformat(),
            "state_zh": state[0], "state_en": state[1]},
        evidence={"grade": case.grade.value, "resolved_at": local(incident.resolved_at),
                  "summary_reported_at": local(summary) if summary else None, "due": due.isoformat()},
    )


@check("IR-PI-NOTIFICATION-MISSING")
def pi_notification_missing(case: IncidentCase, ctx: RuleContext) -> Iterator[Violation]:
    """《个人信息保护法》第五十七条: people whose information leaked are notified 立即 — the article gives
    no hours, so only ``max_hours`` (off by default) turns a late notice into a finding."""
    incident = case.incident
    if not incident.pi_people_affected:
        return
    notified_at, limit = incident.pi_notified_at, ctx.params["max_hours"]
    if notified_at is None and incident.pi_notified:
        return  # notified, time not recorded: the register says whether, the rule asks no more
    if notified_at is not None:
        taken = notified_at - incident.detected_at if incident.detected_at else None
        if limit is None or taken is None or taken <= dt.timedelta(hours=float(limit)):
            return
        state = (f"于 {local(notified_at)} 才通知（发现后 {clock_text(taken)}，超过 {limit:g} 小时）",
                 f"they were notified only at {local(notified_at)} ({clock_text(taken)} after discovery, over {limit:g} h)")
    else:
        state = (("记录为未通知" if incident.pi_notified is False else "台账没有通知记录"),
                 ("the register says they were not notified" if incident.pi_notified is False
                  else "the register records no notification"))
    yield Violation(
        obj=_ref(case), unit=incident.unit,
        details=_base(case) | {"people": f"{incident.pi_people_affected:,}", "state_zh": state[0], "state_en": state[1]},
        evidence={"pi_people_affected": incident.pi_people_affected, "pi_notified": incident.pi_notified,
                  "pi_notified_at": local(notified_at) if notified_at else None},
    )


class LeakParams(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    data_categories: list[str]
    data_levels: list[DataLevel]
    severity_by_grade: dict[Grade, Severity]


@check("IR-SENSITIVE-DATA-LEAK")
def sensitive_leak(case: IncidentCase, ctx: RuleContext) -> Iterator[Violation]:
    """Any leak of personal information or of important or core data, whatever its grade: the 危害程度
    of 数据共享开放's deduction. Its severity mirrors the grade, so a rubric can deduct by it."""
    params = LeakParams.model_validate(ctx.params)
    incident = case.incident
    category = (incident.category or "").lower()
    is_data = any(word.lower() in category for word in params.data_categories) or bool(incident.pi_people_affected)
    if not is_data or not (incident.pi_people_affected or incident.data_level in params.data_levels):
        return
    what = [(f"{incident.pi_people_affected:,} 人的个人信息", f"personal information of {incident.pi_people_affected:,} people")
            ] if incident.pi_people_affected else []
    if incident.data_level in params.data_levels:
        zh, en = LEVEL_NAMES[incident.data_level]
        what.append((zh, en))
    yield Violation(
        obj=_ref(case), unit=incident.unit,
        details=_base(case) | _grade_details(case.grade) | {"what_zh": "、".join(zh for zh, _ in what),
                                                            "what_en": ", ".join(en for _, en in what)},
        evidence={"grade": case.grade.value, "pi_people_affected": incident.pi_people_affected,
                  "data_level": incident.data_level, "category": incident.category},
        severity=params.severity_by_grade[case.grade],
    )
