"""Value normalisation shared by every detector: one pass per column batch, reused by all specs.

``trim``: NFKC (full-width digits and letters become ASCII) and surrounding whitespace removed.
``compact``: ``trim`` without the separators people type inside identifiers (spaces, hyphens,
dots, brackets), so ``１３８-0013 8000`` and ``(025)8331 2345`` reach the patterns as digits.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

_SEPARATORS = r"[\s\-.()（）·]"


@dataclass(frozen=True)
class NormalizedValues:
    trim: pl.Series
    compact: pl.Series
    trim_len: pl.Series
    compact_len: pl.Series

    @classmethod
    def of(cls, values: pl.Series) -> NormalizedValues:
        values = values.cast(pl.String)
        ascii_only = bool((values.str.len_bytes() == values.str.len_chars()).all())
        text = pl.col("v") if ascii_only else pl.col("v").str.normalize("NFKC")  # NFKC is the costly step
        frame = pl.DataFrame({"v": values}).select(trim=text.str.strip_chars())
        frame = frame.with_columns(compact=pl.col("trim").str.replace_all(_SEPARATORS, ""))
        frame = frame.with_columns(
            trim_len=pl.col("trim").str.len_chars(), compact_len=pl.col("compact").str.len_chars()
        )
        return cls(frame["trim"], frame["compact"], frame["trim_len"], frame["compact_len"])

    def non_empty(self) -> pl.Series:
        return (self.trim_len > 0).fill_null(False)
