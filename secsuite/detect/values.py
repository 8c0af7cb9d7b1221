"""Matching a detector spec against a column of values, vectorised.

Candidates are gated by length first (cheap, and it rules out most entities for most columns),
patterns are anchored against the normalised value, and validators (checksums, date and table
look-ups) run only on the values that matched. All work is on the candidates, never on the whole
column, so a column costs in proportion to the entities it could plausibly hold.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl

from secsuite.detect.normalize import NormalizedValues
from secsuite.detect.spec import DetectorSpec, Pattern
from secsuite.detect.validators import VALIDATORS


@dataclass(frozen=True)
class ValueMatch:
    """Outcome for one entity over its candidates: ``positions`` in the column, and aligned with
    them ``values`` (normalised), ``hit`` (pattern and validator), ``matched`` (pattern only),
    ``whole`` (hit by a full-value pattern, not a keyword) and ``score`` (best score of a pattern
    that hit, else 0)."""

    positions: np.ndarray
    values: pl.Series
    hit: np.ndarray
    matched: np.ndarray
    whole: np.ndarray
    score: np.ndarray


def validate(pattern: Pattern, values: pl.Series, mask: np.ndarray, as_of: date) -> np.ndarray:
    """Run the pattern's validator on the masked values only; False elsewhere."""
    if pattern.validator is None or not mask.any():
        return mask
    verdict = VALIDATORS[pattern.validator](values.filter(pl.Series(mask)), as_of).fill_null(False).to_numpy()
    result = np.zeros(len(mask), dtype=bool)
    result[np.flatnonzero(mask)] = verdict
    return result


@dataclass(frozen=True)
class Matcher:
    spec: DetectorSpec

    def values_of(self, normalized: NormalizedValues) -> tuple[pl.Series, pl.Series]:
        if self.spec.normalize == "compact":
            return normalized.compact, normalized.compact_len
        return normalized.trim, normalized.trim_len

    def match(self, normalized: NormalizedValues, name_hint: bool, as_of: date) -> ValueMatch | None:
        values, lengths = self.values_of(normalized)
        low, high = self.spec.length
        positions = ((lengths >= low) & (lengths <= high)).fill_null(False).arg_true().to_numpy()
        if positions.size == 0:
            return None
        candidates = values.gather(positions)
        size = positions.size
        hit = np.zeros(size, dtype=bool)
        matched = np.zeros(size, dtype=bool)
        whole = np.zeros(size, dtype=bool)
        score = np.zeros(size)
        for pattern in self.spec.patterns:
            if pattern.requires_name_hint and not name_hint:
                continue
            regex = f"^(?:{pattern.regex})$" if pattern.match == "full" else pattern.regex
            subject = candidates if pattern.match == "full" else normalized.trim.gather(positions)
            found = subject.str.contains(regex).fill_null(False).to_numpy()
            if not found.any():
                continue
            valid = validate(pattern, candidates, found, as_of)
            matched |= found
            hit |= valid
            if pattern.match == "full":
                whole |= valid
            np.maximum(score, np.where(valid, pattern.score, 0.0), out=score)
        if not matched.any():
            return None
        return ValueMatch(positions=positions, values=candidates, hit=hit, matched=matched, whole=whole, score=score)
