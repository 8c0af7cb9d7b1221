"""Data rules: a dataset's detected level against its catalogue declaration and share/open tiers."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from secsuite.checks.registry import RuleContext, Violation, check
from secsuite.classify.guide import Guide
from secsuite.findings import ObjectRef
from secsuite.inventory.catalogue import CatalogueEntry
from secsuite.results import DatasetResult, FieldResult

MAX_FIELDS_NAMED = 8


@dataclass(frozen=True)
class DataSubject:
    dataset: DatasetResult
    entry: CatalogueEntry | None
    guide: Guide
    catalogue_given: bool


def _fields_above(subject: DataSubject, limit: str) -> list[str]:
    rank = subject.guide.rank(limit)
    return [f.name for f in subject.dataset.fields if subject.guide.rank(f.level) > rank]


def _evidence(subject: DataSubject, **extra: object) -> dict:
    return {
        "level": subject.dataset.level,
        "entities": sorted(subject.dataset.entities()),
        "catalogue_row": subject.entry.row if subject.entry else None,
    } | extra


def _over_limit(subject: DataSubject, attr: str | None, limit: str | None) -> Iterator[Violation]:
    if subject.entry is None or attr is None or limit is None:
        return
    guide, dataset = subject.guide, subject.dataset
    if guide.rank(dataset.level) <= guide.rank(limit):
        return
    fields = _fields_above(subject, limit) or [reason.title for reason in dataset.level_reasons]
    yield Violation(
        obj=ObjectRef(kind="dataset", id=dataset.source),
        unit=subject.entry.unit,
        details={"dataset": dataset.source, "level": dataset.level, "attr": attr, "max_level": limit,
                 "fields": "、".join(fields[:MAX_FIELDS_NAMED])},
        evidence=_evidence(subject, attribute=attr, max_level=limit, fields=fields),
    )


@check("DATA-OPEN-OVER-LEVEL")
def open_over_level(subject: DataSubject, ctx: RuleContext) -> Iterator[Violation]:
    attr = subject.entry.open_attr if subject.entry else None
    yield from _over_limit(subject, attr, subject.guide.open_limit(attr) if attr else None)


@check("DATA-SHARE-OVER-LEVEL")
def share_over_level(subject: DataSubject, ctx: RuleContext) -> Iterator[Violation]:
    attr = subject.entry.share_attr if subject.entry else None
    yield from _over_limit(subject, attr, subject.guide.share_limit(attr) if attr else None)


@check("DATA-LEVEL-UNDERDECLARED")
def level_underdeclared(subject: DataSubject, ctx: RuleContext) -> Iterator[Violation]:
    entry, guide, dataset = subject.entry, subject.guide, subject.dataset
    declared = guide.parse_level(entry.declared_level) if entry and entry.declared_level else None
    if entry is None or declared is None or guide.rank(declared) >= guide.rank(dataset.level):
        return
    reasons = [f"{f.name}→{f.level}" for f in dataset.fields if guide.rank(f.level) > guide.rank(declared)]
    reasons += [reason.title for reason in dataset.level_reasons if guide.rank(reason.level) > guide.rank(declared)]
    yield Violation(
        obj=ObjectRef(kind="dataset", id=dataset.source),
        unit=entry.unit,
        details={"dataset": dataset.source, "declared": declared, "level": dataset.level,
                 "reasons": "、".join(reasons[:MAX_FIELDS_NAMED])},
        evidence=_evidence(subject, declared_level=declared),
    )


@check("DATA-NOT-CATALOGUED")
def not_catalogued(subject: DataSubject, ctx: RuleContext) -> Iterator[Violation]:
    guide, dataset = subject.guide, subject.dataset
    if not subject.catalogue_given or subject.entry is not None:
        return
    if guide.rank(dataset.level) < guide.rank(str(ctx.params["min_level"])):
        return
    yield Violation(
        obj=ObjectRef(kind="dataset", id=dataset.source),
        unit=None,
        details={"dataset": dataset.source, "level": dataset.level},
        evidence=_evidence(subject),
    )


def _share_severity(share: float, params: dict) -> str:
    for severity in ("critical", "high", "medium"):
        if share >= float(params[f"{severity}_share"]):
            return severity
    return "low"


@check("DATA-OPEN-REIDENTIFIABLE")
def open_reidentifiable(subject: DataSubject, ctx: RuleContext) -> Iterator[Violation]:
    risk, dataset = subject.dataset.reidentification, subject.dataset
    if subject.entry is None or risk is None or risk.status != "measured" or not risk.rows_at_risk:
        return
    guilty = risk.guilty
    quasi = "、".join(q.name for q in risk.quasi_identifiers)
    share = risk.share_at_risk or 0.0
    yield Violation(
        obj=ObjectRef(kind="dataset", id=dataset.source),
        unit=subject.entry.unit,
        details={"dataset": dataset.source, "open_attr": risk.open_attr, "quasi": quasi, "min_k": risk.min_k,
                 "rows_at_risk": risk.rows_at_risk, "rows": risk.rows, "share": f"{share:.1%}",
                 "threshold": risk.threshold, "unique_rows": risk.unique_rows,
                 "guilty": guilty.column if guilty else "", "reduction": guilty.reduction if guilty else 0,
                 "generalise": guilty.generalise if guilty else ""},
        evidence=_evidence(subject, min_k=risk.min_k, share_at_risk=share, rows_at_risk=risk.rows_at_risk,
                           rows=risk.rows, threshold=risk.threshold, quasi_identifiers=[q.name for q in risk.quasi_identifiers],
                           guilty=guilty.column if guilty else None),
        severity=_share_severity(share, ctx.params),
    )


@check("DATA-OPEN-RISK-UNMEASURED")
def open_risk_unmeasured(subject: DataSubject, ctx: RuleContext) -> Iterator[Violation]:
    risk, dataset = subject.dataset.reidentification, subject.dataset
    if subject.entry is None or risk is None or risk.status != "not_computed":
        return
    yield Violation(
        obj=ObjectRef(kind="dataset", id=dataset.source),
        unit=subject.entry.unit,
        details={"dataset": dataset.source, "open_attr": risk.open_attr, "reason": risk.reason or "",
                 "quasi": "、".join(q.name for q in risk.quasi_identifiers)},
        evidence=_evidence(subject, status=risk.status, engine=risk.engine),
    )


_KEYED = ("hmac", "salt", "key", "加盐", "盐值", "密钥", "加密")


def _declared_fields(subject: DataSubject) -> Iterator[tuple[FieldResult, str]]:
    """The dataset's fields the catalogue declares de-identified, with the method it names."""
    declared = subject.entry.deidentification if subject.entry else {}
    for field in subject.dataset.fields:
        if field.name in declared:
            yield field, declared[field.name] or "未注明方法 (method not stated)"


def _field_violation(subject: DataSubject, field: FieldResult, method: str, **details: object) -> Violation:
    dataset = subject.dataset
    return Violation(
        obj=ObjectRef(kind="field", id=f"{dataset.source}#{field.name}"),
        unit=subject.entry.unit if subject.entry else None,
        details={"dataset": dataset.source, "column": field.name, "method": method} | details,
        evidence=_evidence(subject, column=field.name, declared=method,
                           **{k: v for k, v in details.items() if k not in {"dataset", "column"}}),
    )


@check("DATA-DEID-STILL-IDENTIFIABLE")
def deid_still_identifiable(subject: DataSubject, ctx: RuleContext) -> Iterator[Violation]:
    for field, method in _declared_fields(subject):
        still = [e for e in field.entities if e.mode == "value" and e.ratio >= float(ctx.params["min_ratio"])]
        if still:
            worst = max(still, key=lambda e: e.ratio)
            yield _field_violation(subject, field, method, entity=worst.type, ratio=f"{worst.ratio:.1%}")


@check("DATA-DEID-RECOVERABLE-MASK")
def deid_recoverable_mask(subject: DataSubject, ctx: RuleContext) -> Iterator[Violation]:
    limit = int(ctx.params["max_candidates"])
    for field, method in _declared_fields(subject):
        masking = field.masking
        if masking and masking.form == "masked" and masking.median_candidates is not None \
                and masking.median_candidates <= limit:
            yield _field_violation(subject, field, method, entity=masking.entity,
                                   candidates=masking.median_candidates, max_candidates=limit)


@check("DATA-DEID-REVERSIBLE-DIGEST")
def deid_reversible_digest(subject: DataSubject, ctx: RuleContext) -> Iterator[Violation]:
    for field, method in _declared_fields(subject):
        masking = field.masking
        if masking is None or masking.form != "digest":
            continue
        keyed = any(word in method.lower() for word in _KEYED)
        if keyed and not masking.reversed:
            continue
        yield _field_violation(subject, field, method, algorithms="/".join(masking.algorithms),
                               reversed=masking.reversed, tried=masking.tried)
