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

import numpy as np
import polars as pl

_SEED = 0x5EC5
_KEY = "__key"
_N = "__n"
_VALUE = "__value"
MIN_MERGE_ROWS = 1 << 20


class _Counter:
    """How many rows each key has, over many batches: sorted (key, count) runs merged whenever they
    outgrow what the last merge left. Sorting u64 keys with numpy is several times faster than a
    hash group-by for the tuple counts, which are nearly all distinct in a table at risk."""

    def __init__(self) -> None:
        self.parts: list[tuple[np.ndarray, np.ndarray]] = []
        self.height = 0
        self.merged = 0

    def add(self, keys: np.ndarray) -> None:
        self._append(*_runs(np.sort(keys), np.ones(len(keys), dtype=np.uint64)))

    def _append(self, keys: np.ndarray, counts: np.ndarray) -> None:
        self.parts.append((keys, counts))
        self.height += len(keys)
        if self.height > max(MIN_MERGE_ROWS, 2 * self.merged):
            self._merge()

    def _merge(self) -> None:
        if len(self.parts) > 1:
            keys = np.concatenate([keys for keys, _ in self.parts])
            counts = np.concatenate([counts for _, counts in self.parts])
            order = np.argsort(keys, kind="stable")
            self.parts = [_runs(keys[order], counts[order])]
        self.height = self.merged = len(self.parts[0][0]) if self.parts else 0

    def sizes(self) -> pl.Series:
        self._merge()
        return pl.Series(_N, self.parts[0][1] if self.parts else np.array([], dtype=np.uint64))


def _runs(keys: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sorted keys with their counts → each distinct key once, with the sum of its counts."""
    if len(keys) == 0:
        return keys, counts
    starts = np.concatenate(([0], np.flatnonzero(keys[1:] != keys[:-1]) + 1))
    return keys[starts], np.add.reduceat(counts, starts)


class _Pairs:
    """Distinct (class, sensitive value) pairs over many batches, for l-diversity."""

    def __init__(self) -> None:
        self.parts: list[pl.DataFrame] = []
        self.height = 0
        self.merged = 0

    def add(self, part: pl.DataFrame) -> None:
        self.parts.append(part)
        self.height += part.height
        if self.height > max(MIN_MERGE_ROWS, 2 * self.merged):
            self._merge()

    def _merge(self) -> None:
        merged = pl.concat(self.parts).unique() if self.parts else pl.DataFrame(
            schema={_KEY: pl.UInt64, _VALUE: pl.UInt64})
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
    pairs = {name: _Pairs() for name in sensitive}
    for batch in batches:
        if batch.height == 0:
            continue
        # each column hashed once; tuples combine the columns' hashes (cheap integer work)
        hashed = batch.select([pl.col(c).cast(pl.String).fill_null("").hash(_SEED).alias(f"h{i}")
                               for i, c in enumerate([*quasi, *sensitive])])
        columns = [f"h{i}" for i in range(len(quasi))]
        keys = hashed.select(
            _tuple_hash(columns).alias(""),
            *(_tuple_hash([h for h in columns if h != columns[i]]).alias(c) for i, c in enumerate(quasi)),
        )
        for name, counter in counters.items():
            counter.add(keys[name].to_numpy())
        for i, pair in enumerate(pairs.values()):
            pair.add(pl.DataFrame({_KEY: keys[""], _VALUE: hashed[f"h{len(quasi) + i}"]}).unique())
    sizes = counters[""].sizes()
    rows = int(sizes.sum() or 0)
    if rows == 0:
        return Measures(rows=0, classes=0, min_k=0, rows_at_risk=0, unique_rows=0, k_distribution=[])
    at_risk = _rows_below(sizes, threshold)
    contributions = []
    for column in quasi:
        without = _rows_below(counters[column].sizes(), threshold)
        contributions.append(Contribution(column, without, at_risk - without))
    counts = pl.DataFrame({_KEY: counters[""].parts[0][0], _N: sizes})
    diversity = [_diversity(name, pair.result(), counts, threshold) for name, pair in pairs.items()]
    return Measures(
        rows=rows,
        classes=len(sizes),
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
        result.append((bucket_label(low, high), int(sizes.filter(inside).sum() or 0)))
    return result


def bucket_label(low: int, high: int | None) -> str:
    return f"≥{low}" if high is None else (str(low) if low == high else f"{low}–{high}")


def _diversity(column: str, pairs: pl.DataFrame, counts: pl.DataFrame, threshold: int) -> Diversity:
    """Distinct sensitive values per class: the smallest (l), and the rows of classes that are
    k-anonymous yet all share one value (knowing someone's class tells their value)."""
    per_class = pairs.group_by(_KEY).agg(pl.len().alias("l")).join(counts, on=_KEY)
    homogeneous = per_class.filter((pl.col("l") == 1) & (pl.col(_N) >= threshold))[_N].sum()
    return Diversity(column, int(per_class["l"].min()), int(homogeneous or 0))
