"""k-anonymity and l-diversity of a table's quasi-identifiers, in one streaming pass.

Each batch is reduced to 64-bit hashes of its quasi-identifier tuple (and of the tuple without each
column, to find the column that makes rows unique), grouped and counted; the partial counts are
merged whenever they outgrow what the last merge left, so memory follows the number of distinct
tuples, never the number of rows. Two different tuples share a hash with probability about
n²/2⁶⁵ (3·10⁻⁶ for ten million distinct tuples), which can only merge two classes, never split one.
Missing values count as one more value ("") of their column: a blank is as telling as any other.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import polars as pl

_SEED = 0x5EC5
_KEY = "__key"
_N = "__n"
_VALUE = "__value"
MIN_MERGE_ROWS = 1 << 20


class _Counter:
    """Counts per key over many batches; ``distinct`` keeps (key, value) pairs instead of counts."""

    def __init__(self, distinct: bool = False):
        self.distinct = distinct
        self.parts: list[pl.DataFrame] = []
        self.height = 0
        self.merged = 0

    def add(self, part: pl.DataFrame) -> None:
        self.parts.append(part)
        self.height += part.height
        if self.height > max(MIN_MERGE_ROWS, 2 * self.merged):
            self._merge()

    def _merge(self) -> None:
        frame = pl.concat(self.parts) if self.parts else pl.DataFrame(
            {_KEY: [], _VALUE if self.distinct else _N: []}, schema={_KEY: pl.UInt64, _VALUE if self.distinct else _N: pl.UInt64})
        merged = frame.unique() if self.distinct else frame.group_by(_KEY).agg(pl.col(_N).sum())
        self.parts = [merged]
        self.height = self.merged = merged.height

    def result(self) -> pl.DataFrame:
        self._merge()
        return self.parts[0]


@dataclass
class Contribution:
    column: str
    rows_at_risk_without: int
    reduction: int


@dataclass
class Diversity:
    column: str
    min_l: int
    homogeneous_rows: int


@dataclass
class Measures:
    rows: int
    classes: int
    min_k: int
    rows_at_risk: int
    unique_rows: int
    k_distribution: list[tuple[str, int]]
    contributions: list[Contribution] = field(default_factory=list)
    diversity: list[Diversity] = field(default_factory=list)


def _tuple_hash(columns: list[str]) -> pl.Expr:
    if not columns:
        return pl.lit(0, dtype=pl.UInt64)
    return pl.struct([pl.col(c) for c in columns]).hash(_SEED)


def measure(batches: Iterable[pl.DataFrame], quasi: list[str], sensitive: list[str], threshold: int) -> Measures:
    """Class sizes over the quasi-identifier tuple, the rows each column's removal would lift above
    ``threshold``, and the distinct sensitive values per class."""
    counters = {name: _Counter() for name in ["", *quasi]}
    pairs = {name: _Counter(distinct=True) for name in sensitive}
    for batch in batches:
        if batch.height == 0:
            continue
        frame = batch.select([pl.col(c).cast(pl.String).fill_null("") for c in [*quasi, *sensitive]])
        keys = frame.select(
            _tuple_hash(quasi).alias(""),
            *(_tuple_hash([q for q in quasi if q != c]).alias(c) for c in quasi),
            *(pl.col(s).hash(_SEED).alias(f"s:{s}") for s in sensitive),
        )
        for name, counter in counters.items():
            counter.add(keys.group_by(pl.col(name).alias(_KEY)).agg(pl.len().cast(pl.UInt64).alias(_N)))
        for name, counter in pairs.items():
            counter.add(keys.select(pl.col("").alias(_KEY), pl.col(f"s:{name}").alias(_VALUE)).unique())
    counts = counters[""].result()
    sizes = counts[_N]
    rows = int(sizes.sum() or 0)
    if rows == 0:
        return Measures(rows=0, classes=0, min_k=0, rows_at_risk=0, unique_rows=0, k_distribution=[])
    at_risk = _rows_below(sizes, threshold)
    contributions = []
    for column in quasi:
        without = _rows_below(counters[column].result()[_N], threshold)
        contributions.append(Contribution(column, without, at_risk - without))
    diversity = [_diversity(name, counter.result(), counts, threshold) for name, counter in pairs.items()]
    return Measures(
        rows=rows,
        classes=counts.height,
        min_k=int(sizes.min()),
        rows_at_risk=at_risk,
        unique_rows=_rows_below(sizes, 2),
        k_distribution=_distribution(sizes, threshold),
        contributions=contributions,
        diversity=diversity,
    )


def _rows_below(sizes: pl.Series, threshold: int) -> int:
    return int(sizes.filter(sizes < threshold).sum() or 0)


def k_buckets(threshold: int) -> list[tuple[int, int | None]]:
    """Class-size buckets around the threshold: unique, the rest below it, then up from it."""
    below = [(1, 1)] + ([(2, threshold - 1)] if threshold > 2 else [])
    return [*below, (threshold, 2 * threshold - 1), (2 * threshold, 4 * threshold - 1), (4 * threshold, None)]


def _distribution(sizes: pl.Series, threshold: int) -> list[tuple[str, int]]:
    """Rows by the size of their class, in the buckets the report draws."""
    result = []
    for low, high in k_buckets(threshold):
        inside = (sizes >= low) if high is None else ((sizes >= low) & (sizes <= high))
        label = f"≥{low}" if high is None else (str(low) if low == high else f"{low}–{high}")
        result.append((label, int(sizes.filter(inside).sum() or 0)))
    return result


def _diversity(column: str, pairs: pl.DataFrame, counts: pl.DataFrame, threshold: int) -> Diversity:
    """Distinct sensitive values per class: the smallest (l), and the rows of classes that are
    k-anonymous yet all share one value (knowing someone's class tells their value)."""
    per_class = pairs.group_by(_KEY).agg(pl.len().alias("l")).join(counts, on=_KEY)
    homogeneous = per_class.filter((pl.col("l") == 1) & (pl.col(_N) >= threshold))[_N].sum()
    return Diversity(column, int(per_class["l"].min()), int(homogeneous or 0))
