"""Value normalisation shared by every detector: one pass per column batch, reused by all specs.

``trim``: NFKC (full-width digits and letters become ASCII) and surrounding whitespace removed.
``compact``: ``trim`` without the separators people type inside identifiers (spaces, hyphens,
dots, brackets), so ``１３８-0013 8000`` and ``(025)8331 2345`` reach the patterns as digits.
"""

from __future__ import annotations

from functools import cached_property

import numpy as np
import polars as pl

_SEPARATORS = r"[\s\-.()（）·]"
_NON_ASCII = r"[^\x00-\x7f]"


class NormalizedValues:
    """The normalised forms of one batch of a column; the compact form is built only if a
    detector asks for it."""

    def __init__(self, trim: pl.Series, trim_len: pl.Series, ascii_only: bool):
        self.trim = trim
        self.trim_len = trim_len
        self.ascii_only = ascii_only

    @classmethod
    def of(cls, values: pl.Series) -> NormalizedValues:
        values = values.cast(pl.String)
        ascii_only = not values.str.contains(_NON_ASCII).any()
        text = pl.col("v") if ascii_only else pl.col("v").str.normalize("NFKC")  # NFKC is the costly step
        frame = pl.DataFrame({"v": values}).select(trim=text.str.strip_chars())
        frame = frame.with_columns(trim_len=pl.col("trim").str.len_chars())
        return cls(frame["trim"], frame["trim_len"], ascii_only)

    @cached_property
    def compact(self) -> pl.Series:
        return self.trim.str.replace_all(_SEPARATORS, "")

    @cached_property
    def compact_len(self) -> pl.Series:
        return self.compact.str.len_chars()

    @cached_property
    def trim_lengths(self) -> np.ndarray:
        return self.trim_len.fill_null(0).to_numpy()

    @cached_property
    def compact_lengths(self) -> np.ndarray:
        return self.compact_len.fill_null(0).to_numpy()

    def non_empty(self) -> pl.Series:
        return (self.trim_len > 0).fill_null(False)
