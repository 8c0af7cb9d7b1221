"""Matching a detector spec against a column of values, vectorised.

Patterns are anchored against the normalised value, candidates are gated by length first (cheap),
and validators (checksums, date and table look-ups) run only on the values that matched.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from secsuite.detect.normalize import NormalizedValues
from secsuite.detect.spec import DetectorSpec, Pattern
from secsuite.detect.validators import VALIDATORS


@dataclass(frozen=True)
class ValueMatch:
    """Per-value outcome for one entity: ``hit`` = pattern and validator; ``matched`` = pattern."""

    hit: pl.Series
    matched: pl.Series
    score: pl.Series


def _false(length: int) -> pl.Series:
    return pl.repeat(False, length, eager=True)


def validate(pattern: Pattern, values: pl.Series, mask: pl.Series, as_of: date) -> pl.Series:
    """Run the pattern's validator on the masked values only, and scatter the verdict back."""
    if pattern.validator is None:
        return mask
    positions = mask.arg_true()
    if positions.len() == 0:
        return mask
    verdict = VALIDATORS[pattern.validator](values.gather(positions), as_of).fill_null(False)
    return _false(values.len()).scatter(positions, verdict)


@dataclass(frozen=True)
class Matcher:
    spec: DetectorSpec

    def values_of(self, normalized: NormalizedValues) -> tuple[pl.Series, pl.Series]:
        if self.spec.normalize == "compact":
            return normalized.compact, normalized.compact_len
        return normalized.trim, normalized.trim_len

    def match(self, normalized: NormalizedValues, name_hint: bool, as_of: date) -> ValueMatch:
        values, lengths = self.values_of(normalized)
        size = values.len()
        low, high = self.spec.length
        in_range = ((lengths >= low) & (lengths <= high)).fill_null(False)
        hit, matched = _false(size), _false(size)
        score = pl.repeat(0.0, size, eager=True)
        for pattern in self.spec.patterns:
            if pattern.requires_name_hint and not name_hint:
                continue
            if pattern.match == "full":
                found = in_range & values.str.contains(f"^(?:{pattern.regex})$").fill_null(False)
            else:
                found = normalized.trim.str.contains(pattern.regex).fill_null(False)
            if not found.any():
                continue
            valid = validate(pattern, values, found, as_of)
            matched = matched | found
            hit = hit | valid
            score = pl.select(
                pl.max_horizontal(score, pl.when(valid).then(pattern.score).otherwise(0.0))
            ).to_series()
        return ValueMatch(hit=hit, matched=matched, score=score)
