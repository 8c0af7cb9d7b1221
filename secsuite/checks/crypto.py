"""商用密码 rules: the 密评 of systems that need one, the algorithms each system declares, and the
use of the government cloud's public commercial-cryptography service."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterator
from typing import Any

from secsuite.checks.periods import add_months
from secsuite.checks.registry import RuleContext, Violation, check
from secsuite.checks.system_subject import (
    SystemSubject,
    bilingual,
    failure_reasons,
    is_live,
    iso,
    live_detail,
)
from secsuite.crypto.algorithms import Algorithm, recognise, recognise_all, tls_version_below
from secsuite.inventory.systems import SystemEntry

GENERIC_NATIONAL = "国密"  # "national algorithms" without naming one: nothing to judge


def _at_least(value: int | None, minimum: Any) -> bool:
    return value is not None and minimum is not None and value >= int(minimum)


def _named(system: SystemEntry, names: list[str]) -> bool:
    """Whether ``names`` lists the system, by its name or as 单位/系统."""
    def normal(text: str) -> str:
        return "".join(unicodedata.normalize("NFKC", text).split())

    wanted = {normal(name) for name in names}
    return normal(system.system) in wanted or normal(f"{system.unit}/{system.system}") in wanted


def assessment_scope(system: SystemEntry, params: dict[str, Any]) -> dict[str, str] | None:
    """``{scope_zh}``/``{scope_en}``: why the system needs 密评 (MLPS level, CII, its declared
    cryptography level, or the configured list), or None if it does not."""
    reasons = []
    if _at_least(system.mlps_level, params["min_mlps_level"]):
        reasons.append((f"等保第{system.mlps_level}级", f"MLPS level {system.mlps_level}"))
    if params["include_cii"] and system.cii:
        reasons.append(("关键信息基础设施", "critical information infrastructure"))
    if _at_least(system.crypto_level, params["min_crypto_level"]):
        reasons.append((f"密码应用第{system.crypto_level}级", f"cryptography level {system.crypto_level}"))
    if _named(system, list(params["required_systems"])):
        reasons.append(("配置为须密评的系统", "listed as needing an assessment"))
    if not reasons:
        return None
    return bilingual("scope", "、".join(zh for zh, _ in reasons), ", ".join(en for _, en in reasons))


@check("CRYPTO-ASSESSMENT-MISSING")
def assessment_missing(subject: SystemSubject, ctx: RuleContext) -> Iterator[Violation]:
    system = subject.system
    scope = assessment_scope(system, ctx.params)
    if scope is None or system.crypto_assessed_on or not is_live(system, ctx.as_of, int(ctx.params["grace_days"])):
        return
    yield subject.violation(
        scope | live_detail(system) | {"as_of": iso(ctx.as_of)},
        {"scope": scope["scope_en"], "online_on": iso(system.online_on)},
    )


@check("CRYPTO-ASSESSMENT-OVERDUE")
def assessment_overdue(subject: SystemSubject, ctx: RuleContext) -> Iterator[Violation]:
    system = subject.system
    scope = assessment_scope(system, ctx.params)
    if scope is None or system.crypto_assessed_on is None:
        return
    months = int(ctx.params["interval_months"])
    due = add_months(system.crypto_assessed_on, months)
    if ctx.as_of <= due:
        return
    overdue = (ctx.as_of - due).days
    yield subject.violation(
        scope | {"months": months, "last": iso(system.crypto_assessed_on), "due": iso(due), "overdue": overdue},
        {"scope": scope["scope_en"], "crypto_assessed_on": iso(system.crypto_assessed_on), "interval_months": months,
         "due": iso(due), "days_overdue": overdue},
    )


@check("CRYPTO-ASSESSMENT-FAILED")
def assessment_failed(subject: SystemSubject, ctx: RuleContext) -> Iterator[Violation]:
    system = subject.system
    reasons = failure_reasons("CRYPTO-ASSESSMENT-FAILED", system.crypto_conclusion, system.crypto_score, ctx.params)
    if reasons:
        yield subject.violation(
            reasons | {"assessed": iso(system.crypto_assessed_on) or "—"},
            {"crypto_assessed_on": iso(system.crypto_assessed_on), "conclusion": system.crypto_conclusion,
             "score": system.crypto_score, "pass_score": ctx.params["pass_score"]},
        )


def _listed(entries: list[str]) -> list[Algorithm]:
    return [algorithm for entry in entries for algorithm in recognise(str(entry))]


@check("CRYPTO-NON-SM-ALGORITHM")
def non_sm_algorithm(subject: SystemSubject, ctx: RuleContext) -> Iterator[Violation]:
    system = subject.system
    scope = assessment_scope(system, ctx.params)
    if scope is None:
        return
    approved = _listed(list(ctx.params["approved"]))
    foreign = [
        algorithm for algorithm in recognise_all(system.algorithms)
        if algorithm.kind == "algorithm" and algorithm.name != GENERIC_NATIONAL
        and not any(entry.covers(algorithm) for entry in approved)
    ]
    if foreign:
        names = [str(algorithm) for algorithm in foreign]
        yield subject.violation(
            scope | {"algorithms": "、".join(names), "approved": "/".join(str(entry) for entry in approved)},
            {"scope": scope["scope_en"], "declared": list(system.algorithms), "non_national": names},
        )


def _weakness(algorithm: Algorithm, params: dict[str, Any]) -> tuple[str, str] | None:
    """Why an algorithm is broken or too weak, in Chinese and English; None if it is not."""
    if any(entry.covers(algorithm) for entry in _listed(list(params["weak"]))):
        return str(algorithm), str(algorithm)
    min_bits = int(params["min_rsa_bits"])
    if algorithm.name == "RSA" and algorithm.bits is not None and algorithm.bits < min_bits:
        return f"{algorithm}（短于 {min_bits} 位）", f"{algorithm} (shorter than {min_bits} bits)"
    minimum = str(params["min_tls_version"])
    if tls_version_below(algorithm, minimum):
        return f"{algorithm}（低于 TLS{minimum}）", f"{algorithm} (below TLS{minimum})"
    return None


@check("CRYPTO-WEAK-ALGORITHM")
def weak_algorithm(subject: SystemSubject, ctx: RuleContext) -> Iterator[Violation]:
    system = subject.system
    weak = [reason for reason in (_weakness(a, ctx.params) for a in recognise_all(system.algorithms)) if reason]
    if weak:
        yield subject.violation(
            bilingual("weak", "、".join(zh for zh, _ in weak), ", ".join(en for _, en in weak)),
            {"declared": list(system.algorithms), "weak": [en for _, en in weak]},
        )


def needs_crypto_service(subject: SystemSubject, params: dict[str, Any]) -> bool:
    """Whether the system stores data at or above ``min_data_level``: it should encrypt through the
    public service or an equivalent certified product."""
    return subject.data_level_at_least(str(params["min_data_level"]))


def has_certified_product(system: SystemEntry) -> bool:
    return bool(system.crypto_products)


@check("CRYPTO-SERVICE-UNUSED")
def service_unused(subject: SystemSubject, ctx: RuleContext) -> Iterator[Violation]:
    system = subject.system
    if not needs_crypto_service(subject, ctx.params) or system.crypto_service or has_certified_product(system):
        return
    level = subject.guide.level(str(system.data_level))
    yield subject.violation(
        bilingual("data", level.name.zh, level.name.en),
        {"data_level": system.data_level, "crypto_service": system.crypto_service, "crypto_products": None},
    )


def _cii_scope(system: SystemEntry, params: dict[str, Any]) -> bool:
    """Art. 38 speaks of CII; ``include_scoped`` extends it to every system that needs 密评."""
    return bool(system.cii) or (bool(params["include_scoped"]) and assessment_scope(system, params) is not None)


@check("CRYPTO-ASSESSED-AFTER-GO-LIVE")
def assessed_after_go_live(subject: SystemSubject, ctx: RuleContext) -> Iterator[Violation]:
    """第三十八条: 通过评估方可投入运行 — the first 密评 must precede the go-live date. Without the
    first assessment's date the order cannot be told, and nothing is said."""
    system = subject.system
    first, online = system.first_crypto_assessed_on, system.online_on
    if not _cii_scope(system, ctx.params) or first is None or online is None or first <= online:
        return
    yield subject.violation(
        {"online": iso(online), "first": iso(first), "days": (first - online).days},
        {"online_on": iso(online), "first_crypto_assessed_on": iso(first), "days_live_unassessed": (first - online).days},
    )


@check("CRYPTO-RESULT-NOT-FILED")
def result_not_filed(subject: SystemSubject, ctx: RuleContext) -> Iterator[Violation]:
    """第三十八条: the result is filed with the 密码管理部门; a filing older than the latest assessment
    is the previous result's."""
    system = subject.system
    assessed, filed = system.crypto_assessed_on, system.crypto_filed_on
    if not _cii_scope(system, ctx.params) or assessed is None or (filed is not None and filed >= assessed):
        return
    days = int(ctx.params["deadline_days"])
    due = assessed + dt.timedelta(days=days)
    if ctx.as_of <= due:
        return
    yield subject.violation(
        {"assessed": iso(assessed), "filed": iso(filed) or "—", "days": days, "due": iso(due)},
        {"crypto_assessed_on": iso(assessed), "crypto_filed_on": iso(filed), "deadline_days": days, "due": iso(due)},
    )
