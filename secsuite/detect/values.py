"""Matching a detector spec against a column of values, vectorised.

Candidates are gated by length first (cheap, and it rules out most entities for most columns) and
by script (a whole-value pattern that admits no Han character, an ID number's, is not tried on a
value holding one, an address or a note), patterns are anchored against the normalised value, and validators (checksums, date and table
look-ups) run only on the values that matched. All work is on the candidates, never on the whole
column, so a column costs in proportion to the entities it could plausibly hold.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl

from secsuite.detect.normalize import SEPARATOR_CLASS, NormalizedValues
from secsuite.detect.regex_forms import admits_han, required_ascii, searchable_core, separator_tolerant
from secsuite.detect.spec import DetectorSpec, Pattern
from secsuite.detect.validators import VALIDATORS


@dataclass(frozen=True)
class ValueMatch:
    """Outcome for one entity over its candidates: ``positions`` in the column, and aligned with
    them ``values`` (normalised), ``hit`` (pattern and validator), ``matched`` (pattern only),
    ``whole`` (hit by a full-value pattern, not a keyword), ``score`` (best score of a pattern
    that hit, else 0) and ``pattern`` (the index, in ``Matcher.compiled``, of that pattern, else -1)."""

    positions: np.ndarray
    values: pl.Series
    hit: np.ndarray
    matched: np.ndarray
    whole: np.ndarray
    score: np.ndarray
    pattern: np.ndarray


def validate(pattern: Pattern, values: pl.Series, mask: np.ndarray, as_of: date) -> np.ndarray:
    """Run the pattern's validator on the masked values only; False elsewhere."""
    if pattern.validator is None or not mask.any():
        return mask
    validator = VALIDATORS[pattern.validator]
    if mask.all():  # the usual case in an identifier column: no copy
        return validator(values, as_of).fill_null(False).to_numpy()
    verdict = validator(values.filter(pl.Series(mask)), as_of).fill_null(False).to_numpy()
    return _spread(verdict, np.flatnonzero(mask), len(mask))


_REGEX_META = set("\\.^$*+?{}[]()|")


def _literals(regex: str) -> tuple[str, ...] | None:
    """The alternatives of a plain ``a|b|c`` keyword list (no regex syntax), else None."""
    words = tuple(regex.split("|"))
    return None if any(not w or _REGEX_META & set(w) for w in words) else words


def _class_is_non_ascii(body: str) -> bool:
    """Whether a character class body (between ``[`` and ``]``) admits only non-ASCII characters."""
    text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), body)
    return bool(text) and not text.startswith("^") and all(ord(c) > 127 or c == "-" for c in text)


def _optional(regex: str, at: int) -> bool:
    return regex[at : at + 1] in ("?", "*") or regex[at : at + 2] == "{0"


def needs_non_ascii(regex: str) -> bool:
    """Conservatively, whether every match must contain a non-ASCII character (a Han name or
    address), so the pattern can be skipped for a batch of pure-ASCII values. Looks for a
    mandatory non-ASCII literal or character class outside any group; False when unsure."""
    depth, index = 0, 0
    while index < len(regex):
        char = regex[index]
        if char == "\\":
            index += 2
            continue
        if char in "()":
            depth += 1 if char == "(" else -1
        elif char == "|" and depth == 0:
            return False
        elif depth == 0 and char == "[":
            end = regex.find("]", index + 1)
            if end < 0:
                return False
            if _class_is_non_ascii(regex[index + 1 : end]) and not _optional(regex, end + 1):
                return True
            index = end
        elif depth == 0 and ord(char) > 127 and not _optional(regex, index + 1):
            return True
        index += 1
    return False


@dataclass(frozen=True)
class CompiledPattern:
    """A pattern prepared once: its anchored form, a keyword list for Aho-Corasick matching, the
    core to search for when a whole-value pattern is ``.*X.*`` (see ``regex_forms``), and what it
    needs of the values so that hopeless batches are skipped."""

    pattern: Pattern
    regex: str
    keywords: tuple[str, ...] | None
    ascii_keywords: tuple[str, ...] | None
    non_ascii: bool
    core: str | None = None
    required: tuple[frozenset[str], ...] = ()  # see regex_forms.required_ascii
    on_han: bool = True  # may match a value holding Han characters (a search always may)

    @classmethod
    def of(cls, pattern: Pattern) -> CompiledPattern:
        full = pattern.match == "full"
        keywords = None if full else _literals(pattern.regex)
        return cls(
            pattern=pattern,
            regex=f"^(?:{pattern.regex})$" if full else pattern.regex,
            keywords=keywords,
            ascii_keywords=tuple(w for w in keywords if w.isascii()) if keywords else None,
            non_ascii=needs_non_ascii(pattern.regex),
            core=searchable_core(pattern.regex) if full else None,
            required=required_ascii(pattern.regex),
            on_han=not full or admits_han(pattern.regex),
        )

    def find(self, subject: pl.Series, ascii_only: bool) -> np.ndarray | None:
        """Which values of ``subject`` match; None when none can (skipped without a pass)."""
        if ascii_only and self.non_ascii:
            return None
        if self.keywords is not None:
            words = self.ascii_keywords if ascii_only else self.keywords
            if not words:
                return None
            return subject.str.contains_any(list(words)).fill_null(False).to_numpy()
        if self.core is not None:
            found = subject.str.contains(self.core) & ~subject.str.contains("\n", literal=True)
            return found.fill_null(False).to_numpy()
        return subject.str.contains(self.regex).fill_null(False).to_numpy()


@dataclass(frozen=True)
class Matcher:
    spec: DetectorSpec
    compiled: tuple[CompiledPattern, ...] = ()

    @classmethod
    def of(cls, spec: DetectorSpec) -> Matcher:
        """Patterns heaviest first (see ``match``)."""
        patterns = sorted(spec.patterns, key=lambda pattern: -pattern.score)
        return cls(spec, tuple(CompiledPattern.of(pattern) for pattern in patterns))

    def values_of(self, normalized: NormalizedValues) -> tuple[pl.Series, np.ndarray]:
        if self.spec.normalize == "compact":
            return normalized.compact, normalized.compact_lengths
        return normalized.trim, normalized.trim_lengths

    def usable(self, name_hint: bool, normalized: NormalizedValues) -> list[CompiledPattern]:
        """The patterns that can match here: hint-only patterns need the hint; in an ASCII batch,
        Han patterns and patterns needing characters that no value holds are not tried at all."""
        ascii_only = normalized.ascii_only
        return [
            c
            for c in self.compiled
            if (name_hint or not c.pattern.requires_name_hint)
            and not (ascii_only and (c.non_ascii or not normalized.holds_all(c.required)))
        ]

    def validators_of(self, patterns: np.ndarray) -> list[str]:
        """The validators of the patterns at these indices of ``compiled`` (see ``ValueMatch.pattern``)."""
        return [v for i in np.unique(patterns) if i >= 0 and (v := self.compiled[i].pattern.validator)]

    @property
    def max_weight(self) -> float:
        """The most a value matched by this entity can weigh (best pattern score × confidence)."""
        return max(p.score for p in self.spec.patterns) * self.spec.base_confidence

    def counts_bare_matches(self, name_hint: bool) -> bool:
        """Whether pattern matches count without the validator here (a card column named as such)."""
        return self.spec.decision.validator_optional_with_name and name_hint

    def contestable(self, name_hint: bool, settled: np.ndarray) -> np.ndarray | None:
        """The rows this entity still has to look at, given ``settled``: per row, the weight of the
        entity that already identified the whole value (0 where none did). A value this entity
        cannot outweigh would never count for it (an ID number is not also a bank card), except
        where bare pattern matches count. None: every row."""
        return None if self.counts_bare_matches(name_hint) else settled <= self.max_weight

    def match(
        self,
        normalized: NormalizedValues,
        name_hint: bool,
        as_of: date,
        within: np.ndarray | None = None,
        settled: np.ndarray | None = None,
    ) -> ValueMatch | None:
        """Match the values (restricted to the rows of ``within`` when given, and to the rows
        ``settled`` leaves contestable, see ``contestable``); None if none match."""
        values, lengths = self.values_of(normalized)
        low, high = self.spec.length
        rows = (lengths >= low) & (lengths <= high)
        if within is not None:
            rows &= within
        usable = self.usable(name_hint, normalized)
        if not normalized.ascii_only and not any(c.on_han for c in usable):
            rows &= ~normalized.han  # an ID number's pattern is not tried on an address
        open_rows = None if settled is None else self.contestable(name_hint, settled)
        if open_rows is not None:
            rows &= open_rows
        positions = np.flatnonzero(rows)
        if positions.size == 0:
            return None
        every_row = positions.size == values.len()
        candidates = values if every_row else values.gather(positions)
        outranked = None if settled is None else settled[positions]
        size = positions.size
        hit = np.zeros(size, dtype=bool)
        matched = np.zeros(size, dtype=bool)
        whole = np.zeros(size, dtype=bool)
        score = np.zeros(size)
        validated_by = np.full(size, -1, dtype=np.int16)
        counts_bare_matches = self.counts_bare_matches(name_hint)
        for compiled in usable:
            pattern = compiled.pattern
            # A value that a heavier (or equal) whole-value pattern already validated gains nothing
            # from this one: its hit, score and identification are set. Only the rest is tried.
            untried = None if counts_bare_matches or not whole.any() else np.flatnonzero(~whole)
            if untried is not None and untried.size == 0:
                break
            if pattern.match == "full":
                subject = candidates
            else:
                subject = normalized.trim if every_row else normalized.trim.gather(positions)
            found = compiled.find(subject if untried is None else subject.gather(untried), normalized.ascii_only)
            if found is None or not found.any():
                continue
            if untried is not None:
                found = _spread(found, untried, size)
            contested = found if outranked is None else found & (outranked <= pattern.score * self.spec.base_confidence)
            valid = validate(pattern, candidates, contested, as_of)
            matched |= found
            hit |= valid
            if pattern.match == "full":
                whole |= valid
            np.maximum(score, np.where(valid, pattern.score, 0.0), out=score)
            validated_by[valid & (validated_by < 0)] = self.compiled.index(compiled)  # heaviest first
        if not matched.any():
            return None
        return ValueMatch(positions=positions, values=candidates, hit=hit, matched=matched, whole=whole, score=score,
                          pattern=validated_by)


def _spread(values: np.ndarray, positions: np.ndarray, size: int) -> np.ndarray:
    """A Boolean array of ``size`` holding ``values`` at ``positions`` and False elsewhere."""
    result = np.zeros(size, dtype=bool)
    result[positions] = values
    return result


@dataclass(frozen=True)
class _Alternative:
    """One pattern of the union in ``could_match``: the trimmed lengths it applies to, the settled
    weight up to which its entity can still claim a value (see ``Matcher.contestable``), its regex,
    whether it is anchored (a whole-value pattern) and whether it needs the compact form."""

    low: int
    high: float
    ceiling: float
    regex: str
    anchored: bool
    on_compact: bool = False
    on_han: bool = True  # see CompiledPattern.on_han


def _alternatives(matchers: list[Matcher], normalized: NormalizedValues, name_hints: dict[str, bool]) -> list:
    alternatives = []
    for matcher in matchers:
        low, high = matcher.spec.length
        ceiling = math.inf if matcher.counts_bare_matches(name_hints[matcher.spec.id]) else matcher.max_weight
        for compiled in matcher.usable(name_hints[matcher.spec.id], normalized):
            pattern = compiled.pattern
            if pattern.match == "full" and matcher.spec.normalize == "compact" and not normalized.separator_free:
                # Tried on the values as typed, separators allowed: no pass to remove them first.
                # Separators make a typed value longer than its compact form: no upper bound.
                tolerant = separator_tolerant(pattern.regex, SEPARATOR_CLASS)
                alternatives.append(_Alternative(low, math.inf, ceiling, tolerant or pattern.regex, True, not tolerant,
                                                 compiled.on_han))
            elif pattern.match == "full":
                alternatives.append(_Alternative(low, high, ceiling, pattern.regex, True, on_han=compiled.on_han))
            elif compiled.keywords is not None:
                words = compiled.ascii_keywords if normalized.ascii_only else compiled.keywords
                alternatives.append(_Alternative(low, high, ceiling, "|".join(re.escape(w) for w in words or ()), False))
            else:
                alternatives.append(_Alternative(low, high, ceiling, pattern.regex, False))
    return [a for a in alternatives if a.regex]


def could_match(
    matchers: list[Matcher], normalized: NormalizedValues, name_hints: dict[str, bool],
    settled: np.ndarray | None = None,
) -> np.ndarray:
    """One pass for many entities: which values match any usable pattern of any of ``matchers``
    whose length range admits them and who could still claim them (given ``settled``, see
    ``Matcher.contestable``: an identified ID number is not tried as a bank card).

    Columns hold one kind of value, so once a column's entities are known the others rarely match
    again; testing all the rest with a union regex instead of one pass each keeps a full scan exact
    and several times faster. Values are grouped by length so that each group is tried only
    against the patterns of entities that admit its length (a name is not tried as an address),
    every value still in a single pass. It may answer yes for a value that no entity matches
    (separator-tolerant patterns are looser); the entities' own matching decides."""
    alternatives = _alternatives(matchers, normalized, name_hints)
    size = normalized.trim.len()
    mask = np.zeros(size, dtype=bool)
    if not alternatives:
        return mask
    edges = np.array(sorted({a.low for a in alternatives} | {a.high + 1 for a in alternatives if a.high < math.inf}))
    # Group b holds the lengths edges[b-1] <= length < edges[b], looked up in a table by length.
    groups = np.searchsorted(edges, np.arange(edges[-1] + 1), side="right")
    bucket = groups[np.minimum(normalized.trim_lengths, edges[-1])]
    # Level l: the values that entities with a ceiling of at least ceilings[l] may still claim.
    ceilings = np.array(sorted({a.ceiling for a in alternatives}))
    unsettled = settled is None or not settled.any()
    level = np.zeros(size, dtype=np.int64) if unsettled else np.searchsorted(ceilings, settled)
    # Values holding Han characters are tried only by the patterns that may match one.
    split_han = not normalized.ascii_only and not all(a.on_han for a in alternatives)
    han = normalized.han.astype(np.int64) if split_han else np.zeros(size, dtype=np.int64)
    levels = ceilings.size + 1
    key = (bucket * levels + level) * 2 + han
    for group in np.flatnonzero(np.bincount(key[bucket > 0])):
        length, claimable, on_han = edges[group // 2 // levels - 1], group // 2 % levels, bool(group % 2)
        if claimable == ceilings.size:
            continue  # settled beyond every entity's reach
        # Every value of the group is admitted by the same patterns as this length, level and script.
        applicable = [a for a in alternatives if a.low <= length <= a.high and a.ceiling >= ceilings[claimable]
                      and (a.on_han or not on_han)]
        if not applicable:
            continue
        positions = np.flatnonzero(key == group)
        mask[positions] = _union_matches(applicable, normalized, None if positions.size == size else positions)
    return mask


def _union_matches(alternatives: list[_Alternative], normalized: NormalizedValues,
                   positions: np.ndarray | None) -> np.ndarray:
    def subset(series: pl.Series) -> pl.Series:
        return series if positions is None else series.gather(positions)

    def union(parts: list[str], anchored: bool) -> str:
        joined = "|".join(f"(?:{part})" for part in parts)
        return f"^(?:{joined})$" if anchored else joined

    on_trim = [union([a.regex for a in alternatives if a.anchored and not a.on_compact], True)]
    on_trim += [union([a.regex for a in alternatives if not a.anchored], False)]
    trim = subset(normalized.trim)
    regex = "|".join(part for part in on_trim if part not in ("^(?:)$", ""))
    mask = _contains(trim, regex) if regex else np.zeros(trim.len(), dtype=bool)
    compact = [a.regex for a in alternatives if a.on_compact]
    if compact:
        mask |= _contains(subset(normalized.compact), union(compact, True))
    return mask


def _contains(subject: pl.Series, regex: str) -> np.ndarray:
    return subject.str.contains(regex).fill_null(False).to_numpy()
