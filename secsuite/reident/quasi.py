"""Quasi-identifier kinds (准标识符) as data, and recognising them among a scanned table's columns.

A kind is one YAML file in ``detectors/quasi/``: the column names that suggest it, the values that
confirm it (a closed vocabulary such as the 56 ethnic groups, or a pattern), the detector entities
that already mean it (BIRTH_DATE), and how to generalise it. A guide names the kinds that count.
Values decide as for detectors: a name alone never makes a quasi-identifier, and a vocabulary alone
(男/女, 汉族/回族) needs a larger share of the column than a name-backed pattern.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import polars as pl
from pydantic import Field, model_validator

from secsuite.detect.hints import hints_names
from secsuite.detect.spec import ColumnNames
from secsuite.errors import ConfigError
from secsuite.paths import detectors_dir
from secsuite.schema import Citation, Strict, Text, load_yaml_model

MIN_DISTINCT = 2


class ValueCheck(Strict):
    """Values that confirm a kind: a vocabulary (compared after NFKC, trimmed, case-folded) or a
    pattern matching the whole value."""

    vocabulary: list[str] = []
    pattern: str | None = None
    requires_name_hint: bool = False

    @model_validator(mode="after")
    def _one(self) -> ValueCheck:
        if bool(self.vocabulary) == (self.pattern is not None):
            raise ValueError("give exactly one of vocabulary and pattern")
        if self.pattern is not None:
            try:
                re.compile(self.pattern)
            except re.error as exc:
                raise ValueError(f"pattern does not compile: {exc}") from exc
        return self


class KindDecision(Strict):
    min_ratio: float = Field(default=0.9, gt=0, le=1)
    min_ratio_with_name: float = Field(default=0.5, gt=0, le=1)


class QuasiKind(Strict):
    """``personal``: the kind describes a person (sex, age, ethnicity ...); a table is measured only
    when one of its quasi-identifiers is personal, so a company register keyed by district and
    registration date is not taken for a list of people. ``area_granularity``: 1 province ... 6
    street address, for kinds that place a record."""

    id: str = Field(pattern=r"^[A-Z][A-Z0-9_]+$")
    name: Text
    citation: Citation
    personal: bool = False
    area_granularity: int | None = Field(default=None, ge=1)
    entities: list[str] = []
    column_names: ColumnNames = ColumnNames()
    values: list[ValueCheck] = []
    decision: KindDecision = KindDecision()
    generalise: Text

    @model_validator(mode="after")
    def _recognisable(self) -> QuasiKind:
        if not self.entities and not self.values:
            raise ValueError("give entities, values or both: a kind must be recognisable")
        return self


def quasi_dir() -> Path:
    return detectors_dir() / "quasi"


@lru_cache(maxsize=4)
def load_kinds(directory: Path | None = None) -> dict[str, QuasiKind]:
    """Every kind of a directory by id; an invalid file stops start-up."""
    directory = directory or quasi_dir()
    kinds = {}
    for path in sorted(directory.glob("*.yaml")):
        kind = load_yaml_model(path, QuasiKind)
        if kind.id != path.stem:
            raise ConfigError(f"quasi-identifier kind {path}: id {kind.id!r} must equal the file name {path.stem!r}")
        kinds[kind.id] = kind
    if not kinds:
        raise ConfigError(f"no quasi-identifier kinds (*.yaml) in {directory}")
    return kinds


@dataclass(frozen=True)
class Recognised:
    kind: str
    ratio: float
    by: str  # "entity", "name+values" or "values"


def _normal(values: pl.Series) -> pl.Series:
    return values.cast(pl.String).str.strip_chars().str.to_lowercase()


def _share(normal: pl.Series, checks: list[ValueCheck]) -> float:
    """Share of the non-empty values (``_normal`` forms) that pass any of the checks."""
    if normal.is_empty() or not checks:
        return 0.0
    ok = pl.Series([False] * len(normal))
    for check in checks:
        if check.vocabulary:
            words = [unicodedata.normalize("NFKC", word).strip().lower() for word in check.vocabulary]
            ok = ok | normal.is_in(words).fill_null(False)
        else:
            ok = ok | normal.str.contains(f"^(?:{check.pattern})$").fill_null(False)
    return float(ok.sum()) / len(normal)


class _Sample:
    """A column's sample as every kind reads it, computed once per column rather than once per
    kind: its non-empty values in their compared form, and how many distinct ones there are."""

    def __init__(self, values: pl.Series):
        non_empty = values.drop_nulls()
        non_empty = non_empty.filter(non_empty.str.strip_chars() != "")
        self.distinct = non_empty.n_unique()
        self.normal = _normal(non_empty)


def recognise(kind: QuasiKind, names: list[str], values: pl.Series | _Sample, entities: set[str]) -> Recognised | None:
    """Does a column hold this kind? ``values`` are a sample of its non-empty values (already
    NFKC-normalised by the reader or not: the comparison normalises)."""
    if set(kind.entities) & entities:
        return Recognised(kind.id, 1.0, "entity")
    named = hints_names(kind.column_names, names)
    checks = [check for check in kind.values if named or not check.requires_name_hint]
    sample = values if isinstance(values, _Sample) else _Sample(values)
    if sample.distinct < MIN_DISTINCT:
        return None
    ratio = _share(sample.normal, checks)
    needed = kind.decision.min_ratio_with_name if named else kind.decision.min_ratio
    if checks and ratio >= needed:
        return Recognised(kind.id, round(ratio, 4), "name+values" if named else "values")
    return None


def recognise_column(kinds: list[QuasiKind], names: list[str], values: pl.Series,
                     entities: set[str]) -> Recognised | None:
    """The best kind for a column: an entity first, then a name-backed match, then the highest share;
    the kinds' order (the guide's) breaks ties."""
    sample = _Sample(values)
    found = [r for kind in kinds if (r := recognise(kind, names, sample, entities)) is not None]
    if not found:
        return None
    order = {"entity": 0, "name+values": 1, "values": 2}
    return min(found, key=lambda r: (order[r.by], -r.ratio))
