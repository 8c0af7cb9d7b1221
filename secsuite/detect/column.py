"""Column-level detection: accumulate per-entity evidence over batches, then decide.

Three signals combine (see ``Decision`` in the spec): the share of non-empty values that hold the
entity (pattern and validator), whether the column name or comment hints the entity, and the
entity's base confidence. The name lowers the share needed but never replaces it, so a column
named ``phone`` that holds device serials is not a phone column.

Free-text values (longer than the shortest form of an identifier) are searched inside for the
entities whose specs allow it, in every cell; names and personal addresses in prose are found by
the lexical analyser (``ner``) on a sample of cells. Such hits are reported with ``mode: text``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

import numpy as np
import polars as pl

from secsuite.detect import ner
from secsuite.detect.cells import (
    CELL_BUDGET,
    MAX_CELL_CHARS,
    SEPARATOR_CHARS,
    WORTH_CUTTING,
    distinct_pieces,
    pieces,
    written_after,
)
from secsuite.detect.hints import hints_entity, hints_names, looks_like_free_text_name, names_something_else
from secsuite.detect.normalize import NormalizedValues
from secsuite.detect.spec import DetectorSpec
from secsuite.detect.structured import flatten, looks_structured
from secsuite.detect.text import join_digit_groups, search_text
from secsuite.detect.values import Matcher, ValueMatch, could_match
from secsuite.masking import mask

MAX_EXAMPLES = 3
EXAMPLE_PROBE = 64  # values looked at for distinct masked examples
DEDUPLICATE_BELOW = 0.8
PROBE_ROWS = 16384  # enough to see repeats among tens of thousands of distinct values
GLIMPSE_ROWS = 1024  # a column with no repeat among these is not worth probing further
_PROSE = r"[\u4e00-\u9fff]|\S\s+\S+\s+\S"  # Han characters, or at least three words
_SPACES = frozenset(" \t\n\v\f\r")  # what \s matches in ASCII
_NUMBER_IN_PROSE = r"[0-9](?:[\s\-]?[0-9]){6}|@"
# keys that say nothing of their value: the key path around them does (mobile.value, phones[])
_GENERIC_KEYS = frozenset({"value", "val", "v", "text", "txt", "data", "content", "item", "items", "number", "num"})
_MASK_CHARS = frozenset("*")  # ＊ and other widths are NFKC-normalised to it
_ASCII_CUTS = frozenset(c for c in SEPARATOR_CHARS if c.isascii())
NAME_HINT_BONUS = 0.1
# A value an entity validates as written outranks an entity that had to remove separators to
# validate it: 172.31.100.200 is an IP address, not the mobile 17231100200. Below 0.89, the
# ratio of the lightest as-written entity (IP 0.72) to the heaviest compact one (mobile 0.81).
REWRITTEN_WEIGHT = 0.8
TEXT_CONFIDENCE_FACTOR = 0.85
NER_BUDGET = 256  # prose cells per column given to the lexical analyser: a sample that estimates a 5% share
NER_SCAN_FACTOR = 64  # candidate cells per cell of budget looked at for notes that differ in numbers only
NER_PROBE = 32  # cells read first: a column whose cells are each one whole address is no prose
NER_MIN_CHARS = 6  # shorter cells are values or composites, judged by patterns and pieces
TextEngine = Literal["fast", "presidio"]
# table signals that do not lower the share a column needs
WEAK_SIGNALS = frozenset({"person_table", "document_column"})


def _deduplicated(column: pl.Series) -> tuple[pl.Series, np.ndarray]:
    """(values, how often each occurs): distinct values when they repeat enough to pay off, judged
    on a sample spread over the batch (the head alone hides the repeats of a column with tens of
    thousands of distinct dates), so that columns of unique identifiers skip the hashing.
    Distinct values keep their first-seen order, so the masked examples are the same on every run."""
    glimpse = spread_sample(column, GLIMPSE_ROWS)
    if glimpse.n_unique() == glimpse.len():  # not one repeat among ~1,000: identifiers, skip the probe
        return column, np.ones(column.len(), dtype=np.int64)
    probe = spread_sample(column, PROBE_ROWS)
    if probe.n_unique() < DEDUPLICATE_BELOW * probe.len():
        counts = pl.DataFrame({"v": column}).group_by("v", maintain_order=True).len("n")
        return counts["v"].alias(column.name), counts["n"].to_numpy().astype(np.int64)
    return column, np.ones(column.len(), dtype=np.int64)


def spread_sample(column: pl.Series, count: int) -> pl.Series:
    """About ``count`` values spread over the column: one row drawn from each stretch of
    ``len // count`` rows. A fixed stride can fall into step with the data (every tenth row of a
    column whose every tenth value is the odd one out, taken for a column of unique values); a
    random row per stretch cannot. Seeded by the length, so a run repeats itself."""
    stride = column.len() // count
    if stride <= 1:
        return column
    offsets = np.random.default_rng(column.len()).integers(0, stride, count)
    return column.gather(np.arange(0, stride * count, stride) + offsets)


def _contains(values: pl.Series, rows: np.ndarray, regex: str) -> np.ndarray:
    """Which of ``values`` at ``rows`` contain ``regex``, as a mask over ``rows``."""
    if rows.size == 0:
        return np.zeros(0, dtype=bool)
    subset = values if rows.size == values.len() else values.gather(rows)
    return subset.str.contains(regex).fill_null(False).to_numpy()


def _weight(matcher: Matcher, result: ValueMatch, normalized: NormalizedValues) -> np.ndarray:
    """How strongly each matched value belongs to the entity: pattern score × base confidence,
    lowered by ``REWRITTEN_WEIGHT`` where the value validated only once separators were removed."""
    weight = result.score * matcher.spec.base_confidence
    if matcher.spec.normalize != "compact":
        return weight
    return np.where(normalized.rewritten[result.positions], weight * REWRITTEN_WEIGHT, weight)


def _notes(rows: np.ndarray, shape: pl.Series, weights: np.ndarray, last: int) -> tuple[np.ndarray, np.ndarray]:
    """The first row of each note shape among ``rows`` before ``last``, and how many cells (with
    their repeats) share it, in first-seen order."""
    kept = rows < last
    notes = (pl.DataFrame({"shape": shape.filter(pl.Series(kept)), "row": rows[kept], "n": weights[rows[kept]]})
             .group_by("shape", maintain_order=True).agg(pl.col("row").first(), pl.col("n").sum()))
    return notes["row"].to_numpy(), notes["n"].to_numpy()


@dataclass
class Tally:
    hits: int = 0
    matched: int = 0
    score_sum: float = 0.0
    distinct: int = 0
    examples: list[str] = field(default_factory=list)
    validators: list[str] = field(default_factory=list)  # those that passed the values counted
    masked: int = 0  # values in the entity's masked form (王*明, 138****5678): its own, hidden
    labelled: int = 0  # of the hits, those in pieces of composite cells a label names as the entity

    def add_validators(self, names: list[str]) -> None:
        self.validators.extend(name for name in names if name not in self.validators)

    def add_examples(self, spec: DetectorSpec, values: pl.Series) -> None:
        if len(self.examples) >= MAX_EXAMPLES:
            return
        for value in values.head(EXAMPLE_PROBE).unique(maintain_order=True).to_list():
            masked = mask(value, spec.mask.style, spec.mask.keep_start, spec.mask.keep_end)
            if masked not in self.examples:
                self.examples.append(masked)
            if len(self.examples) >= MAX_EXAMPLES:
                return

    def absorb(self, other: Tally) -> None:
        """Add another tally of the same column (another batch or partition). Examples are masked."""
        self.hits += other.hits
        self.matched += other.matched
        self.score_sum += other.score_sum
        self.distinct += other.distinct
        self.masked += other.masked
        self.labelled += other.labelled
        self.examples.extend(e for e in other.examples if e not in self.examples)
        del self.examples[MAX_EXAMPLES:]
        self.add_validators(other.validators)


@dataclass(frozen=True)
class EntityVerdict:
    type: str
    confidence: float
    hits: int
    ratio: float
    examples: list[str]
    mode: str
    name_hint: bool
    validators: tuple[str, ...] = ()
    signals: tuple[str, ...] = ()

    def to_json(self) -> dict:
        return {
            "type": self.type,
            "confidence": self.confidence,
            "hits": self.hits,
            "ratio": self.ratio,
            "examples": self.examples,
            "mode": self.mode,
            "name_hint": self.name_hint,
            "validators": list(self.validators),
            "signals": list(self.signals),
        }


@dataclass(frozen=True)
class _Candidate:
    """One entity's value evidence in a column, before the column-level decision."""

    spec: DetectorSpec
    tally: Tally
    hint: bool  # the column's name hints the entity
    context: tuple[str, ...]  # table signals standing in for a name hint
    counted: int
    ratio: float
    needed: float
    meaningful: bool
    masked_ratio: float = 0.0  # values in the entity's masked form, under its name

    @property
    def covered(self) -> float:
        """The share of the values that are the entity's, shown or masked (see ``Tally.masked``)."""
        return self.ratio + self.masked_ratio

    def verdict(self, mixed: bool) -> EntityVerdict:
        tally, spec = self.tally, self.spec
        bare = self.counted > tally.hits
        validators = () if bare else tuple(tally.validators)
        signals = (("name_hint",) * self.hint + self.context + ("mixed_column",) * mixed + ("bare_with_name",) * bare
                   + ("partly_masked",) * bool(self.masked_ratio))
        pattern_score = tally.score_sum / tally.hits if tally.hits else min(p.score for p in spec.patterns) / 2
        confidence = spec.base_confidence * pattern_score * (0.6 + 0.4 * self.ratio) + NAME_HINT_BONUS * self.hint
        return EntityVerdict(
            type=spec.id,
            confidence=round(min(confidence, 0.99), 2),
            hits=self.counted,
            ratio=round(self.ratio, 4),
            examples=list(tally.examples),
            mode="value",
            name_hint=self.hint,
            validators=validators,
            signals=signals,
        )


class ColumnScan:
    """Evidence for one column; feed it batches with ``observe`` and read ``verdicts`` at the end."""

    def __init__(
        self, names: list[str], specs: tuple[DetectorSpec, ...], as_of: date, text_engine: TextEngine = "fast",
        every_cell: bool = False, field: str | None = None,
    ):
        """``names``: what hints the column (its name, its comment); ``field``: the name it is reported
        under, when not the first of them (a key path, ``申请人.出生地``). ``every_cell``: cut every cell
        of the column into pieces (a full scan: exact counts in composite cells) rather than the first
        ``CELL_BUDGET`` (a sample's estimate)."""
        self.names = names
        self.field = field or names[0]
        self.every_cell = every_cell
        self.as_of = as_of
        self.text_engine = text_engine
        self.matchers = [Matcher.of(spec) for spec in specs]
        # Heaviest first, so that lighter entities skip validating values already explained.
        self.by_weight = sorted(self.matchers, key=lambda m: -m.max_weight)
        self.specs = specs
        self.spec_of = {spec.id: spec for spec in specs}
        self.named = {spec.id: hints_entity(spec, names) for spec in specs}  # what the name says
        # a name that says the column holds something else (交通卡号, fw_version): no whole-value verdict
        self.named_else = {spec.id: names_something_else(spec, names) for spec in specs}
        self.name_hints = dict(self.named)  # the name, or a context signal standing in for it
        self.context: dict[str, list[str]] = {}
        self.context_decided = False
        self.structured: bool | None = None  # JSON or key=value cells, judged per key path
        self.children: dict[str, ColumnScan] = {}
        self.free_text_name = looks_like_free_text_name(names)
        self.non_empty = 0
        self.active: set[str] = set()  # entities whose patterns have matched in this column
        self.values: dict[str, Tally] = {spec.id: Tally() for spec in specs}
        self.text: dict[str, Tally] = {spec.id: Tally() for spec in specs}
        self.cells: dict[str, Tally] = {spec.id: Tally() for spec in specs}  # pieces of composite cells
        self.cells_seen = 0  # non-empty cells of the batches whose open cells were cut into pieces
        self.label_hints: dict[str, list[str]] = {}  # the entities each label in composite cells names
        self.cell_budget: int | None = None if every_cell else CELL_BUDGET  # None: every cell
        self.ner_kinds = {spec.id: spec.ner for spec in specs if spec.ner}  # names and addresses in prose
        self.ner: dict[str, Tally] = {entity: Tally() for entity in self.ner_kinds}
        self.ner_seen = 0  # non-empty cells of the batches sampled for the analyser
        self.ner_read = 0  # of which the prose cells it read
        self.ner_budget = NER_BUDGET if self.ner_kinds else 0

    def add_context(self, entity: str, signal: str) -> None:
        """A table signal that stands in for a name hint (see ``secsuite.detect.context``)."""
        self.name_hints[entity] = True
        signals = self.context.setdefault(entity, [])
        if signal not in signals:
            signals.append(signal)

    def child(self, path: str) -> ColumnScan:
        """The scan of one key path of structured cells (``payload.mobile``, ``contacts[].phone``),
        hinted by its own key: 申请人.出生地 (``sqr.csd``) holds places, whatever its parent is named.
        A generic key (``value``) or an array's items are hinted by the column's names and the path."""
        if path not in self.children:
            leaf = path.replace("[]", "").rsplit(".", 1)[-1]
            hints = [leaf] if leaf and leaf.lower() not in _GENERIC_KEYS else [*self.names, path.replace("[]", "")]
            field = f"{self.field}{'' if path.startswith('[') else '.'}{path}"
            self.children[path] = ColumnScan(hints, self.specs, self.as_of, self.text_engine, self.every_cell, field)
        return self.children[path]

    def observe(self, column: pl.Series) -> None:
        """Add one batch. Repeated values (dates, categories, amounts) are judged once and counted
        as often as they occur, which makes typical columns many times cheaper. A column of
        structured cells is judged key path by key path instead (see ``structured``)."""
        if self.structured is None and column.drop_nulls().len():
            self.structured = looks_structured(column)
        if self.structured:
            self.non_empty += int((column.str.strip_chars().str.len_chars() > 0).sum())
            for path, leaves in flatten(column, set(self.children)).items():
                self.child(path).observe(leaves)
            return
        column, weights = _deduplicated(column)
        normalized = NormalizedValues.of(column)
        present = normalized.non_empty()
        self.non_empty += int(weights[present].sum())
        if not present.any():
            return
        matches: list[tuple[Matcher, ValueMatch, np.ndarray]] = []
        best = np.zeros(column.len())  # per value, the weight of the likeliest entity so far
        identified = np.zeros(column.len(), dtype=bool)  # a whole-value pattern explains the value
        dormant = [m for m in self.by_weight if m.spec.id not in self.active]
        for matcher in self.by_weight:
            if matcher.spec.id in self.active:
                self._match(matcher, normalized, None, best, identified, matches)
        if dormant:
            settled = np.where(identified, best, 0.0)
            maybe = could_match(dormant, normalized, self.name_hints, settled)
            if maybe.any():
                for matcher in dormant:
                    self._match(matcher, normalized, maybe, best, identified, matches)
        for matcher, result, weight in matches:
            spec = matcher.spec
            tally = self.values[spec.id]
            occurrences = weights[result.positions]
            # A value another entity identified and outweighs is not a bare match either (an ID
            # number in a 卡号 column is an ID, not a card that fails Luhn).
            outweighed = identified[result.positions] & (best[result.positions] > matcher.max_weight)
            tally.matched += int(occurrences[result.matched & ~outweighed].sum())
            # A value counts for the entity that explains it best (an ID number that happens to
            # pass Luhn is not also a bank card).
            hit = result.hit & (weight >= best[result.positions])
            if not hit.any():
                continue
            tally.hits += int(occurrences[hit].sum())
            tally.score_sum += float((result.score * occurrences)[hit].sum())
            tally.add_validators(matcher.validators_of(result.pattern[hit]))
            # Distinct values are counted until the spec's minimum is reached: more cannot change it.
            counting = tally.distinct < spec.decision.min_distinct_values
            if counting or len(tally.examples) < MAX_EXAMPLES:
                hit_values = result.values.filter(pl.Series(hit))
                tally.distinct += hit_values.n_unique() if counting else 0
                tally.add_examples(spec, hit_values)
        self._count_masked(normalized, present & ~identified, weights)
        self._search_text(normalized, identified, weights)
        if self.ner_budget > 0:
            # A sentence holding a district and a road matches the address pattern as a whole; only
            # the other entities' whole-value matches (a phone, an ID) mean the cell is no prose.
            valued = np.zeros(column.len(), dtype=bool)
            for matcher, result, _ in matches:
                if matcher.spec.id not in self.ner_kinds:
                    valued[result.positions[result.whole]] = True
            self._search_prose(normalized, present, valued, weights)
        if self.cell_budget is None or self.cell_budget > 0:
            self._search_pieces(normalized, present, identified, weights)

    def _count_masked(self, normalized: NormalizedValues, open_rows: np.ndarray, weights: np.ndarray) -> None:
        """Values in the masked form (``masked``) of an entity the column's name hints: a member list
        masked but for a fifth of its names is a column of names, and its shown names are a finding."""
        specs = [m.spec for m in self.matchers if m.spec.masked and self.named[m.spec.id]]
        rows = np.flatnonzero(open_rows)
        if not specs or rows.size == 0 or not normalized.holds_any(_MASK_CHARS):
            return
        subset = normalized.trim.gather(rows)
        for spec in specs:
            found = rows[subset.str.contains(f"^(?:{spec.masked})$").fill_null(False).to_numpy()]
            self.values[spec.id].masked += int(weights[found].sum())

    def _search_pieces(self, normalized: NormalizedValues, present: np.ndarray, identified: np.ndarray,
                       weights: np.ndarray) -> None:
        """Cut cells into pieces (see ``cells``) and match each piece as a value, every cell or
        within the column's budget of cells; a cell counts once per entity. Cells a whole-value
        pattern explains are cut only when they hold a separator and Han characters (an address
        pattern also matches "王五,电话0755-…,住址北京市…" as a whole; a card written in groups is
        no composite). Each distinct piece is matched once: dates and times cut into the same
        few pieces over and over cost one match each."""
        rows = np.flatnonzero(present & (normalized.trim_lengths <= MAX_CELL_CHARS))
        if self.cell_budget is not None:
            rows = rows[: self.cell_budget]
            last = rows[-1] + 1 if rows.size else present.size
            self.cells_seen += int(weights[:last][present[:last]].sum())
            self.cell_budget -= rows.size
        else:
            self.cells_seen += int(weights[present].sum())
        if rows.size == 0 or not normalized.holds_any(_ASCII_CUTS):  # no separator in an ASCII batch
            return
        if normalized.ascii_only:
            rows = rows[~identified[rows]]  # no Han, so no composite among the identified values
        subset = normalized.trim if rows.size == present.size else normalized.trim.gather(rows)
        rows = rows[subset.str.contains_any(SEPARATOR_CHARS).fill_null(False).to_numpy()]
        rows = rows[~identified[rows] | normalized.han[rows]]
        rows = rows[_contains(normalized.trim, rows, WORTH_CUTTING)]
        if rows.size == 0:
            return
        cut = normalized.trim.gather(rows)
        found, origin, labels = pieces(cut)
        if found.len() == 0:
            return
        found, labels, inverse = distinct_pieces(found, labels)
        split = NormalizedValues.of(found)
        labelled = self._labelled_as(labels)
        best = np.zeros(found.len())
        identified = np.zeros(found.len(), dtype=bool)
        matches = []
        for matcher in self.by_weight:
            named = labelled.get(matcher.spec.id)
            # An entity that needs a name (a passport's number) is looked for only in the pieces a
            # label names as it, unless the column's name does.
            any_piece = not (matcher.spec.decision.requires_name_hint and not self.name_hints[matcher.spec.id])
            for hint, within in ((True, named), (False, None if named is None else ~named)):
                if (hint and within is None) or (not hint and not any_piece):
                    continue
                settled = np.where(identified, best, 0.0)
                # Pieces are judged on their own values and labels: patterns that need the column's
                # name (an amount under 账号, a bare MAC) would count digit groups as entities.
                result = matcher.match(split, hint, self.as_of, within, settled)
                if result is None:
                    continue
                weight = _weight(matcher, result, split)
                best[result.positions] = np.maximum(best[result.positions], weight)
                identified[result.positions[result.whole]] = True
                matches.append((matcher, result, weight, hint))
        counted_cells: dict[str, np.ndarray] = {}  # a cell counts once per entity, labelled or not
        for matcher, result, weight, hint in matches:
            hit = result.hit & result.whole & (weight >= best[result.positions])
            if not hit.any():
                continue
            hit_pieces = np.zeros(found.len(), dtype=bool)
            hit_pieces[result.positions[hit]] = True
            counted = hit_pieces[inverse]
            if matcher.spec.text_not_after:  # as in text: 118.0.0.0 after Chrome/ is a version
                at = np.flatnonzero(counted)
                after = written_after(cut.gather(origin[at]), found.gather(inverse[at]), matcher.spec.text_not_after)
                counted[at[after]] = False
                if not counted.any():
                    continue
            cells = np.unique(rows[origin[counted]])
            before = counted_cells.get(matcher.spec.id, np.zeros(0, dtype=np.int64))
            counted_cells[matcher.spec.id] = np.union1d(before, cells)
            cells = np.setdiff1d(cells, before, assume_unique=True)
            tally = self.cells[matcher.spec.id]
            tally.hits += int(weights[cells].sum())
            tally.labelled += int(weights[cells].sum()) if hint else 0
            tally.matched = tally.hits
            tally.add_validators(matcher.validators_of(result.pattern[hit]))
            hit_values = result.values.filter(pl.Series(hit))
            tally.distinct += hit_values.n_unique()
            tally.add_examples(matcher.spec, hit_values)

    def _labelled_as(self, labels: pl.Series) -> dict[str, np.ndarray]:
        """Per entity, which pieces a label names as it (电话 a phone, 护照 a passport), by the
        entity's own column-name hints; entities no label names are left out."""
        named: dict[str, np.ndarray] = {}
        for label in labels.drop_nulls().unique().to_list():
            if label not in self.label_hints:
                self.label_hints[label] = [spec.id for spec in self.specs if hints_entity(spec, [label])]
            if self.label_hints[label]:
                under = (labels == label).fill_null(False).to_numpy()
                for entity in self.label_hints[label]:
                    named[entity] = named[entity] | under if entity in named else under
        return named

    def _search_prose(self, normalized: NormalizedValues, present: np.ndarray, valued: np.ndarray,
                      weights: np.ndarray) -> None:
        """Names and personal addresses in prose (see ``ner``), on a sample: the first ``NER_BUDGET``
        cells of the column that hold Han text and are not ``valued`` (another entity's whole value),
        while identifiers are still searched in every cell (``_search_text``). Notes that differ only
        in their numbers (已电话联系138…，材料齐全) are read once and counted for all. A cell counts
        once per entity. When the first ``NER_PROBE`` cells are each wholly one name or address (a
        家庭住址 column), the column holds values, not prose: the whole-value path judges it."""
        rows = np.flatnonzero(present & ~valued & (normalized.trim_lengths >= NER_MIN_CHARS))
        looked = self.ner_budget * NER_SCAN_FACTOR  # candidates looked at for repeated note shapes
        end = rows[looked] if rows.size > looked else present.size
        rows = rows[:looked]
        rows = rows[normalized.han[rows]]
        shape = normalized.trim.gather(rows).str.replace_all(r"[0-9]+", "0")  # the note without its numbers
        starts = rows[shape.is_first_distinct().to_numpy()]
        last = starts[self.ner_budget] if starts.size > self.ner_budget else end
        sampled, counts = _notes(rows, shape, weights, last)
        texts = normalized.trim.gather(sampled).to_list()
        found = ner.find(texts[:NER_PROBE], as_of=self.as_of)
        if len(found) < len(texts) and ner.values_not_prose(texts[:NER_PROBE], found):
            # a column of addresses: read no more, and count only the cells before the first unread one
            last, self.ner_budget = starts[NER_PROBE], NER_PROBE
            sampled, counts = _notes(rows, shape, weights, last)
        elif len(found) < len(texts):
            found += ner.find(texts[NER_PROBE:], as_of=self.as_of)
        self.ner_seen += int(weights[:last][present[:last]].sum())
        if sampled.size == 0:
            return
        self.ner_budget -= sampled.size
        self.ner_read += int(counts.sum())
        for entity, kind in self.ner_kinds.items():
            held = [(i, f.of(kind)) for i, f in enumerate(found) if f.of(kind)]
            if not held:
                continue
            tally, values = self.ner[entity], pl.Series([v for _, strings in held for v in strings], dtype=pl.String)
            tally.hits += int(counts[[i for i, _ in held]].sum())
            tally.matched = tally.hits
            tally.distinct += values.n_unique()
            tally.add_examples(self.spec_of[entity], values)

    def _match(self, matcher: Matcher, normalized: NormalizedValues, within: np.ndarray | None, best: np.ndarray,
               identified: np.ndarray, matches: list) -> None:
        """Match one entity, heaviest entities first: values another entity already identified and
        outweighs are skipped (see ``Matcher.contestable``)."""
        settled = np.where(identified, best, 0.0)
        result = matcher.match(normalized, self.name_hints[matcher.spec.id], self.as_of, within, settled)
        if result is None:
            return
        self.active.add(matcher.spec.id)
        weight = _weight(matcher, result, normalized)
        if matcher.counts_bare_matches(self.name_hints[matcher.spec.id]):
            # A card column named as such claims its cards that fail Luhn too: they are not
            # another entity's values (an account number, say) in a mixed column. The cards that
            # pass keep their own weight, or a card written in groups would be outweighed by the
            # claim and count as failing.
            claimed = np.where(result.matched & ~result.hit, matcher.max_weight, weight)
        else:
            claimed = weight
        best[result.positions] = np.maximum(best[result.positions], claimed)
        identified[result.positions[result.whole]] = True
        matches.append((matcher, result, weight))

    def _search_text(self, normalized: NormalizedValues, identified: np.ndarray, weights: np.ndarray) -> None:
        """Search prose inside (values with Han characters or several words), except values a
        whole-value pattern already identified (no phone inside an e-mail address), with the fast
        engine or with Presidio (``text_engine``); a string found by several entities goes to the
        likeliest. The fast engine looks at values longer than the shortest form of some searched
        identifier: a note as short as 请联系13812345678办理 (16 characters, no separator) is no whole
        value of any entity, and its mobile is glued to Han text. A sentence that the address
        pattern explains as a whole (反映…路143号…附近…，电话188 7631 1199) is still searched when it holds
        a number long enough to be an identifier, or an @."""
        open_rows = ~identified | self._prose_with_numbers(normalized, identified)
        if self.text_engine == "fast":
            searched = [m.spec.length[0] for m in self.matchers if m.spec.text_search]
            if not searched:
                return
            open_rows &= normalized.trim_lengths > min(searched)
        rows = np.flatnonzero(open_rows)
        if rows.size == 0 or not normalized.holds_any(_SPACES):  # ASCII without a space: no Han, no words
            return
        candidates = normalized.trim if rows.size == open_rows.size else normalized.trim.gather(rows)
        rows = rows[candidates.str.contains(_PROSE).fill_null(False).to_numpy()]
        if rows.size == 0:
            return
        texts = normalized.trim.gather(rows)
        joined: pl.Series | None = None
        frames = []
        if self.text_engine == "presidio":
            from secsuite.detect.presidio_engine import text_hits  # Presidio and spaCy load only when chosen

            lengths = normalized.trim_len.gather(rows)
            frames.append(text_hits(tuple(m.spec for m in self.matchers), self.as_of, texts, lengths, self.names))
        for matcher in self.matchers:
            spec = matcher.spec
            if self.text_engine == "presidio" or not spec.text_search:
                continue
            longer = pl.Series(normalized.trim_lengths[rows] > spec.length[0])
            if not longer.any():
                continue
            if spec.normalize == "compact":
                joined = joined if joined is not None else join_digit_groups(texts)
                source = joined
            else:
                source = texts
            found = search_text(spec, pl.select(pl.when(longer).then(source)).to_series(), self.as_of)
            if found.height:
                frames.append(found.with_columns(entity=pl.lit(spec.id), weight=pl.col("score") * spec.base_confidence))
        if not frames:
            return
        found = pl.concat(frames)
        found = found.filter(pl.col("weight") >= pl.col("weight").max().over("value"))
        for (entity,), group in found.group_by("entity"):
            tally = self.text[str(entity)]
            cells = int(weights[rows[group["row"].unique().to_numpy()]].sum())
            tally.hits += cells
            tally.matched += cells
            tally.add_examples(self.spec_of[str(entity)], group["value"])

    @staticmethod
    def _prose_with_numbers(normalized: NormalizedValues, identified: np.ndarray) -> np.ndarray:
        """The identified values holding Han text and seven digits in a row (single spaces or
        hyphens between them allowed) or an @: an address's house numbers are shorter."""
        found = np.zeros(identified.size, dtype=bool)
        if identified.any():  # nothing identified: no Han pass for this
            rows = np.flatnonzero(identified & normalized.han)
            found[rows[_contains(normalized.trim, rows, _NUMBER_IN_PROSE)]] = True
        return found

    def state(self) -> dict:
        """What this scan has counted: plain numbers and masked examples, never a raw value, so a
        distributed engine can ship it from a worker and ``absorb`` it elsewhere."""
        return {"non_empty": self.non_empty, "active": sorted(self.active), "cells_seen": self.cells_seen,
                "context": self.context, "structured": self.structured,
                "children": {path: child.state() for path, child in self.children.items()},
                "values": {k: vars(t) for k, t in self.values.items()},
                "text": {k: vars(t) for k, t in self.text.items()},
                "cells": {k: vars(t) for k, t in self.cells.items()},
                "ner_seen": self.ner_seen, "ner_read": self.ner_read, "ner": {k: vars(t) for k, t in self.ner.items()}}

    def absorb(self, state: dict) -> None:
        """Add the counts of another scan of the same column (another partition of the table)."""
        self.non_empty += state["non_empty"]
        self.cells_seen += state["cells_seen"]
        self.ner_seen += state["ner_seen"]
        self.ner_read += state["ner_read"]
        if state["structured"] is not None:
            self.structured = bool(self.structured) or state["structured"]
        for path, child in state["children"].items():
            self.child(path).absorb(child)
        for entity, signals in state["context"].items():
            for signal in signals:
                self.add_context(entity, signal)
        self.active.update(state["active"])
        for kind, tallies in (("values", self.values), ("text", self.text), ("cells", self.cells), ("ner", self.ner)):
            for entity, counted in state[kind].items():
                tallies[entity].absorb(Tally(**counted))

    def verdicts(self) -> list[EntityVerdict]:
        """Entities the values hold, judged on the union of what validates: a column is sensitive
        when one entity reaches its share, or when the entities that each hold a meaningful share
        (``min_share_in_mix``, ``min_hits_in_mix``) together reach the least share any of them
        needs; then every such entity is reported with its own share (联系电话 holding mobiles and
        landlines, 证件号码 holding IDs, passports and permits). In prose (a column named as free text,
        or with entities found inside its text) a meaningful share of an
        entity ``reported_in_prose`` is reported too: an illness in one 诉求内容 note in eight."""
        if self.structured:
            return []  # judged by its key paths, see ``children``
        candidates = [c for c in (self._value_candidate(m.spec) for m in self.matchers) if c is not None]
        standing = [c for c in candidates if c.ratio >= c.needed]
        mixed = [c for c in candidates if c.meaningful]
        union = sum(c.covered for c in mixed)
        in_text = {m.spec.id: v for m in self.matchers if not self.named_else[m.spec.id]
                   and (v := self._text_verdict(m.spec) or self._prose_verdict(m.spec))}
        sensitive = bool(standing) or (bool(mixed) and union >= min(c.needed for c in mixed))
        prose = bool(in_text) or self.free_text_name  # not merely long Han values: 流感病毒裂解疫苗 is a name
        mixed = [c for c in mixed if sensitive or (prose and c.spec.decision.reported_in_prose
                                                   and c.spec.id not in in_text)]
        chosen = {c.spec.id: c for c in (*standing, *mixed)}
        found: list[EntityVerdict] = [c.verdict(mixed=c not in standing) for c in chosen.values()]
        found += [verdict for entity, verdict in in_text.items() if entity not in chosen]
        return sorted(found, key=lambda v: (-v.ratio, -v.confidence, v.type))

    def _value_candidate(self, spec: DetectorSpec) -> _Candidate | None:
        """The value evidence for one entity, whatever its share; None when there is none or the
        spec rules it out (a required name hint missing, a name that says the column holds
        something else, too few distinct values)."""
        tally, hint = self.values[spec.id], self.name_hints[spec.id]
        decision = spec.decision
        if not self.non_empty or (decision.requires_name_hint and not hint) or self.named_else[spec.id]:
            return None
        # Under its name a value may fail the validator (some real debit cards fail Luhn), as long as
        # most pass or the name is the entity's own (银行卡号): elsewhere (card_no) a column where most
        # fail holds look-alikes, such as test numbers.
        bare = decision.validator_optional_with_name and hint and (
            2 * tally.hits >= tally.matched or hints_names(decision.validator_optional_always_under, self.names))
        counted = tally.matched if bare else tally.hits
        if counted == 0:
            return None
        strong = self._strongly_hinted(spec)
        if tally.hits and tally.distinct < min(self._least_distinct(spec), math.ceil(tally.hits / 2)):
            return None
        ratio = counted / self.non_empty
        needed = decision.min_ratio_with_name if strong else decision.min_ratio
        meaningful = ratio >= decision.min_share_in_mix and counted >= decision.min_hits_in_mix
        return _Candidate(spec, tally, self.named[spec.id], tuple(self.context.get(spec.id, ())), counted, ratio,
                          needed, meaningful, tally.masked / self.non_empty)

    def _strongly_hinted(self, spec: DetectorSpec) -> bool:
        """The name hints the entity, or a table signal stands in for it; a weak signal
        (person_table, document_column) makes hint-only patterns usable, but the share needed stays."""
        return self.named[spec.id] or any(s not in WEAK_SIGNALS for s in self.context.get(spec.id, ()))

    def _least_distinct(self, spec: DetectorSpec) -> int:
        """Distinct values the hits need: fewer under a telling name (a few staff names repeated
        down an 经办人 or 检查人员 column, whether one to a cell or two)."""
        decision = spec.decision
        if self._strongly_hinted(spec) and decision.min_distinct_values_with_name is not None:
            return decision.min_distinct_values_with_name
        return decision.min_distinct_values

    def _cell_verdict(self, spec: DetectorSpec) -> EntityVerdict | None:
        """An entity found in the pieces of composite cells, in a meaningful share of the cells
        examined (``min_share_in_mix``, ``min_hits_in_mix``, and distinct enough)."""
        tally, decision, hint = self.cells[spec.id], spec.decision, self.name_hints[spec.id]
        if not tally.hits or not self.cells_seen or (decision.requires_name_hint and not hint and not tally.labelled):
            return None
        ratio = tally.hits / self.cells_seen
        if ratio < decision.min_share_in_mix or tally.hits < decision.min_hits_in_mix:
            return None
        if tally.distinct < min(self._least_distinct(spec), math.ceil(tally.hits / 2)):
            return None
        sampled = ("sampled_cells",) if self.cells_seen < self.non_empty else ()
        return EntityVerdict(
            type=spec.id,
            confidence=round(min(spec.base_confidence * TEXT_CONFIDENCE_FACTOR, 0.99), 2),
            hits=tally.hits,
            ratio=round(ratio, 4),
            examples=list(tally.examples),
            mode="text",
            name_hint=self.named[spec.id],
            validators=tuple(tally.validators),
            signals=("composite_cell", *sampled) + ("labelled_piece",) * bool(tally.labelled)
            + ("name_hint",) * self.named[spec.id],
        )

    def _prose_verdict(self, spec: DetectorSpec) -> EntityVerdict | None:
        """Names and addresses in cells the analyser read are reported only when it found them too:
        it reads the sentence, so "已转和平街道处理" names an office, not a home, although its clause
        matches the address pattern as a piece. When both find the entity, the explanation with the
        larger share is shown. Columns of cells mostly too short to read are left to the pieces, and
        to the analyser where the pieces find nothing (单位联系人田勇代办 among 已审核, 材料齐全: no
        separator to cut at, and its share counts every unread cell as holding no name)."""
        cell = self._cell_verdict(spec)
        if spec.id not in self.ner_kinds or not self.ner_seen:
            return cell
        found = self._ner_verdict(spec)
        if 2 * self.ner_read < self.ner_seen:
            return cell or found
        if found is None or cell is None:
            return found
        return cell if cell.ratio >= found.ratio else found

    def _ner_verdict(self, spec: DetectorSpec) -> EntityVerdict | None:
        """A name or a personal address the analyser found in a meaningful share of the prose cells
        sampled (``min_share_in_mix``, ``min_hits_in_mix``), distinct enough that a stock phrase
        repeated is not a person. The sentence the analyser read tells what a word is, so fewer
        distinct names are needed than in a column named for nothing (``min_distinct_values_in_prose``):
        a dozen residents named again and again in 处理情况 are people."""
        tally, decision = self.ner.get(spec.id), spec.decision
        if tally is None or not tally.hits or not self.ner_seen:
            return None
        ratio = tally.hits / self.ner_seen
        if ratio < decision.min_share_in_mix or tally.hits < decision.min_hits_in_mix:
            return None
        least = decision.min_distinct_values_in_prose
        if tally.distinct < min(self._least_distinct(spec) if least is None else least, math.ceil(tally.hits / 2)):
            return None
        sampled = ("sampled_cells",) if self.ner_seen < self.non_empty else ()
        return self._found_in_text(spec, tally, ratio, ner.VALIDATORS[str(spec.ner)],
                                   ("text", f"ner:{ner.ENGINE}", *sampled))

    def _text_verdict(self, spec: DetectorSpec) -> EntityVerdict | None:
        tally, decision = self.text[spec.id], spec.decision
        if not tally.hits or not self.non_empty:
            return None
        # like any entity of a mixed column: a meaningful share, not a stray order number passing Luhn
        if tally.hits / self.non_empty < decision.min_share_in_mix or tally.hits < decision.min_hits_in_mix:
            return None
        return self._found_in_text(spec, tally, tally.hits / self.non_empty,
                                   tuple(dict.fromkeys(p.validator for p in spec.patterns if p.validator)), ("text",))

    def _found_in_text(self, spec: DetectorSpec, tally: Tally, ratio: float, validators: tuple[str, ...],
                       signals: tuple[str, ...]) -> EntityVerdict:
        """An entity found inside longer text (by pattern or by the lexical analyser): its confidence
        lowered for text, raised a little when the column's name says it holds free text about people."""
        confidence = spec.base_confidence * TEXT_CONFIDENCE_FACTOR * (1.0 + 0.1 * self.free_text_name)
        return EntityVerdict(
            type=spec.id,
            confidence=round(min(confidence, 0.99), 2),
            hits=tally.hits,
            ratio=round(ratio, 4),
            examples=list(tally.examples),
            mode="text",
            name_hint=self.named[spec.id],
            validators=validators,
            signals=signals + ("free_text_name",) * self.free_text_name,
        )
