"""Scanning one table: sample (default) or stream every row (``--full``), detect, then grade."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import polars as pl

from secsuite.classify.guide import Guide
from secsuite.detect.column import ColumnScan, EntityVerdict, TextEngine
from secsuite.detect.context import CONTEXT_SIGNALS
from secsuite.detect.spec import DetectorSpec
from secsuite.i18n import Lang, pick
from secsuite.reident.assess import describe_masking, first_rows, mark_quasi_identifiers
from secsuite.results import DatasetResult, EntityResult, FieldResult, LevelReason
from secsuite.scan.feed import observe_all
from secsuite.scan.lost_precision import watching
from secsuite.scan.sampling import reservoir, seed_for
from secsuite.sources.table import Table

DEFAULT_SAMPLE_ROWS = 2000


@dataclass(frozen=True)
class ScanOptions:
    """``sample_rows``: rows drawn uniformly across each dataset unless ``full``; ``text_engine``:
    what searches free text (the fast engine, or Presidio for teams that standardise on it);
    ``table_timeout``: seconds reading one database table may take (each statement and the whole read) before it becomes an error."""

    full: bool = False
    sample_rows: int = DEFAULT_SAMPLE_ROWS
    seed: int = 0
    max_cell_bytes: int = 1 << 20
    text_engine: TextEngine = "fast"
    table_timeout: float = 600.0


def scan_table(table: Table, specs: tuple[DetectorSpec, ...], guide: Guide, options: ScanOptions,
               as_of: date, lang: Lang = "zh") -> DatasetResult:
    scans = column_scans(table.columns, table.comments, specs, as_of, options.text_engine, options.full)
    if options.full:
        kept: list[pl.DataFrame] = []
        rows_scanned = rows_total = observe_all(
            scans, first_rows(watching(table, table.batches()), options.sample_rows, kept))
        glimpse = pl.concat(kept) if kept else None
    else:
        glimpse, rows_total = reservoir(watching(table, table.batches()), options.sample_rows,
                                        seed_for(table.source, options.seed))
        rows_scanned = observe_all(scans, [] if glimpse is None else [glimpse])
        rows_total = max(rows_total, table.rows_total or 0)  # a database sample: the table's row count
    dataset = grade(table, scans, guide, rows_scanned, rows_total, rows_scanned < rows_total, lang)
    mark_quasi_identifiers(dataset, glimpse, table.comments, guide)
    describe_masking(dataset, glimpse, as_of)
    return dataset


def column_scans(columns: list[str], comments: dict[str, str], specs: tuple[DetectorSpec, ...], as_of: date,
                 text_engine: TextEngine, every_cell: bool = False) -> dict[str, ColumnScan]:
    """One scan per column, named by its header and comment: the Spark engine builds the same ones on
    every executor and on the driver, so partitions merge into what this engine computes. A full
    scan (``every_cell``) counts the entities of composite cells in every cell."""
    return {name: ColumnScan([name, comments.get(name, "")], specs, as_of, text_engine, every_cell)
            for name in columns}


def with_key_paths(scans: dict[str, ColumnScan]) -> dict[str, ColumnScan]:
    """Every column, each followed by the key paths of its structured cells (``payload.mobile``)."""
    expanded: dict[str, ColumnScan] = {}
    for name, scan in scans.items():
        expanded[name] = scan
        expanded.update(with_key_paths({child.field: child for child in scan.children.values()}))
    return expanded


def about_individuals(scans: dict[str, ColumnScan]) -> dict[str, list[EntityVerdict]]:
    """Each column's verdicts, those that count only in a table about individuals (see
    ``_needs_individuals``) kept only when another entity identifies individuals (names, ID
    numbers, phones, bank cards), in another column or beside it in the same one (the ID numbers of
    a 证件号码 column holding passports too), and then marked with that signal."""
    verdicts = {name: scan.verdicts() for name, scan in scans.items()}
    specs = {spec.id: spec for scan in scans.values() for spec in (m.spec for m in scan.matchers)}
    identifying = {name: {v.type for v in found if specs[v.type].decision.identifies_individual}
                   for name, found in verdicts.items()}
    columns = list(scans)
    kept: dict[str, list[EntityVerdict]] = {}
    for name, found in verdicts.items():
        elsewhere = any(types for other, types in identifying.items() if other != name)
        kept[name] = []
        for verdict in found:
            if not _needs_individuals(verdict, specs[verdict.type], columns):
                kept[name].append(verdict)
            elif elsewhere or identifying[name] - {verdict.type}:
                kept[name].append(replace(verdict, signals=(*verdict.signals, "about_individuals")))
    return kept


def _needs_individuals(verdict: EntityVerdict, spec: DetectorSpec, columns: list[str]) -> bool:
    """Whether a verdict counts only in a table about individuals: the spec says so (an amount is
    个人财产信息 next to names and ID numbers, GB/T 35273-2020 附录B; in a fare table it is not); it
    rests on a table signal, not on the column's name (dates of birth told by their spread over
    decades, which place-naming dates share); or another column makes the table a
    catalogue or a statistics table (``not_in_tables_with``: 发病数, 批准文号: disease and drug
    names there are no one's health)."""
    decision = spec.decision
    return (decision.about_individuals_only
            or (not verdict.name_hint and bool(CONTEXT_SIGNALS & set(verdict.signals)))
            or any(word in column for column in columns for word in decision.not_in_tables_with))


def grade(table: Table, scans: dict[str, ColumnScan], guide: Guide, rows_scanned: int, rows_total: int,
          sampled: bool, lang: Lang) -> DatasetResult:
    """Fields and dataset graded from finished column scans; both engines end here."""
    fields: list[FieldResult] = []
    grades = []
    scans = with_key_paths(scans)
    for name, verdicts in about_individuals(scans).items():
        grade = guide.grade_field([v.type for v in verdicts])
        grades.append(grade)
        fields.append(
            FieldResult(
                name=name,
                category=grade.category,
                level=grade.level,
                entities=[EntityResult(**v.to_json()) for v in verdicts],
                non_empty=scans[name].non_empty,
            )
        )
    entities = {entity.type for field in fields for entity in field.entities}
    dataset_grade = guide.grade_dataset(grades, entities, rows_total)
    return DatasetResult(
        source=table.source,
        name=table.name,
        format=table.format,
        rows_scanned=rows_scanned,
        rows_total=rows_total,
        sampled=sampled,
        level=dataset_grade.level,
        level_reasons=[
            LevelReason(rule_id=r.rule_id, title=pick(r.title, lang), level=r.level, citation=str(r.citation))
            for r in dataset_grade.reasons
        ],
        fields=fields,
    )
