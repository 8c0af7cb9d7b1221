"""Re-identification risk of one scanned dataset: which columns are quasi-identifiers (from the
sample the scan already drew) and, for a dataset the catalogue opens, the measures on the full
table (a second pass that reads only those columns, whatever the scan sampled)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

import polars as pl

from secsuite.classify.guide import Guide
from secsuite.errors import InputError
from secsuite.i18n import Lang, pick
from secsuite.reident.deid import digest_profile, masked_profile, prove_digests
from secsuite.reident.measures import Measures, measure
from secsuite.reident.quasi import QuasiKind, load_kinds, recognise_column
from secsuite.results import (
    ColumnContribution,
    DatasetResult,
    KBucket,
    QuasiColumn,
    ReidentificationResult,
    SensitiveDiversity,
)
from secsuite.sources.table import Table

OPEN_TIERS = ("无条件开放", "有条件开放")
GLIMPSE_ROWS = 2000


def guide_kinds(guide: Guide) -> list[QuasiKind]:
    if guide.reidentification is None:
        return []
    kinds = load_kinds()
    return [kinds[name] for name in guide.reidentification.quasi_identifiers]


def mark_quasi_identifiers(dataset: DatasetResult, glimpse: pl.DataFrame | None, comments: dict[str, str],
                           guide: Guide) -> None:
    """Name each field's quasi-identifier kind, if any, from its name, entities and sampled values."""
    kinds = guide_kinds(guide)
    if not kinds:
        return
    for field in dataset.fields:
        values = glimpse[field.name] if glimpse is not None and field.name in glimpse.columns else pl.Series([], dtype=pl.String)
        entities = {entity.type for entity in field.entities}
        found = recognise_column(kinds, [field.name, comments.get(field.name, "")], values, entities)
        field.quasi_identifier = found.kind if found else None


def describe_masking(dataset: DatasetResult, glimpse: pl.DataFrame | None, as_of: date) -> None:
    """Record which fields hold masked values or digests, and try to reverse the digests by
    enumerating the other columns of the same rows (never keeping a value)."""
    if glimpse is None or glimpse.is_empty():
        return
    for field in dataset.fields:
        if field.name in glimpse.columns:
            field.masking = masked_profile(glimpse[field.name], as_of) or digest_profile(glimpse[field.name])
    for field in dataset.fields:
        if field.masking is None or field.masking.form != "digest":
            continue
        companions = [glimpse[other.name].to_list() for other in dataset.fields
                      if other is not field and other.name in glimpse.columns
                      and (other.entities or (other.masking is not None and other.masking.form == "masked"))]
        reversed_, tried = prove_digests(glimpse[field.name].to_list(), companions, field.masking.algorithms, as_of)
        field.masking = field.masking.model_copy(update={"reversed": reversed_, "tried": tried})


def opened(guide: Guide, open_attr: str | None) -> str | None:
    """The open tier when the attribute opens the dataset (无条件开放/有条件开放), else None."""
    tier = guide.open_tier(open_attr) if open_attr else None
    return tier if tier in OPEN_TIERS else None


def _quasi_columns(dataset: DatasetResult, guide: Guide) -> tuple[list[QuasiColumn], list[str]]:
    quasi = [QuasiColumn(name=f.name, kind=f.quasi_identifier) for f in dataset.fields if f.quasi_identifier]
    wanted = set(guide.reidentification.sensitive_entities) if guide.reidentification else set()
    sensitive = [f.name for f in dataset.fields
                 if not f.quasi_identifier and wanted & {entity.type for entity in f.entities}]
    return quasi, sensitive


def not_measured(dataset: DatasetResult, guide: Guide, open_attr: str, status: str, reason: str,
                 engine: str = "polars") -> ReidentificationResult:
    quasi, sensitive = _quasi_columns(dataset, guide)
    threshold = guide.reidentification.threshold if guide.reidentification else 5
    return ReidentificationResult(status=status, reason=reason, engine=engine, open_attr=open_attr,
                                  threshold=threshold, quasi_identifiers=quasi, sensitive=sensitive)


Measure = Callable[[list[str], list[str], int], Measures]


def assess(table: Table, dataset: DatasetResult, guide: Guide, open_attr: str, lang: Lang) -> ReidentificationResult:
    """The measures of an opened dataset on its full table (a columns-only pass), or why there are none."""

    def full_pass(quasi: list[str], sensitive: list[str], threshold: int) -> Measures:
        before = len(table.warnings)
        try:
            return measure(table.full_batches([*quasi, *sensitive]), quasi, sensitive, threshold)
        finally:
            del table.warnings[before:]  # the scan's own pass has reported the reader's warnings

    return assess_with(full_pass, dataset, guide, open_attr, lang)


def assess_with(run: Measure, dataset: DatasetResult, guide: Guide, open_attr: str, lang: Lang,
                engine: str = "polars") -> ReidentificationResult:
    """The measures ``run`` computes over the dataset's quasi-identifier columns, when it has any that
    describe a person; a read error is reported as not computed, never as a pass."""
    if guide.reidentification is None:
        return not_measured(dataset, guide, open_attr, "not_applicable",
                            pick({"zh": "分类分级指南未规定准标识符", "en": "the guide names no quasi-identifiers"}, lang),
                            engine)
    quasi, sensitive = _quasi_columns(dataset, guide)
    kinds = load_kinds()
    if not any(kinds[q.kind].personal for q in quasi):
        return not_measured(dataset, guide, open_attr, "not_applicable",
                            pick({"zh": "未发现描述个人的准标识符（性别、年龄、民族等）",
                                  "en": "no quasi-identifier describing a person (sex, age, ethnicity ...)"}, lang),
                            engine)
    threshold = guide.reidentification.threshold
    try:
        measures = run([q.name for q in quasi], sensitive, threshold)
    except InputError as error:
        return not_measured(dataset, guide, open_attr, "not_computed", str(error), engine)
    result = _result(measures, quasi, sensitive, threshold, open_attr, kinds, lang)
    return result.model_copy(update={"engine": engine})


def _result(measures: Measures, quasi: list[QuasiColumn], sensitive: list[str], threshold: int, open_attr: str,
            kinds: dict[str, QuasiKind], lang: Lang) -> ReidentificationResult:
    kind_of = {q.name: q.kind for q in quasi}
    contributions = [
        ColumnContribution(column=c.column, kind=kind_of[c.column], rows_at_risk_without=c.rows_at_risk_without,
                           reduction=c.reduction, generalise=pick(kinds[kind_of[c.column]].generalise, lang))
        for c in measures.contributions
    ]
    guilty = max(contributions, key=lambda c: c.reduction, default=None) if measures.rows_at_risk else None
    return ReidentificationResult(
        status="measured",
        open_attr=open_attr,
        threshold=threshold,
        quasi_identifiers=quasi,
        sensitive=sensitive,
        rows=measures.rows,
        classes=measures.classes,
        min_k=measures.min_k,
        rows_at_risk=measures.rows_at_risk,
        share_at_risk=round(measures.rows_at_risk / measures.rows, 6) if measures.rows else 0.0,
        unique_rows=measures.unique_rows,
        k_distribution=[KBucket(k=label, rows=rows) for label, rows in measures.k_distribution],
        contributions=contributions,
        guilty=guilty,
        l_diversity=[SensitiveDiversity(column=d.column, min_l=d.min_l, homogeneous_rows=d.homogeneous_rows)
                     for d in measures.diversity],
        passes=measures.rows_at_risk == 0,
    )


def first_rows(batches: Iterator[pl.DataFrame], rows: int, kept: list[pl.DataFrame]) -> Iterator[pl.DataFrame]:
    """Pass the batches through, keeping the first ``rows`` rows in ``kept`` (the full scan's glimpse)."""
    held = 0
    for batch in batches:
        if held < rows:
            kept.append(batch.head(rows - held))
            held += kept[-1].height
        yield batch
