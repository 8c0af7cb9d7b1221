"""Row sampling across the whole table, not just its head.

A bottom-k sample over random keys is a uniform reservoir sample that works batch by batch: each
row gets a random key and the ``size`` rows with the smallest keys are kept. The seed is derived
from the source name, so the same file gives the same sample on every run.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import numpy as np
import polars as pl

_KEY = "__secsuite_sample_key"


def seed_for(source: str, seed: int) -> int:
    return int.from_bytes(hashlib.sha256(f"{seed}:{source}".encode()).digest()[:8], "little")


def reservoir(batches: Iterable[pl.DataFrame], size: int, seed: int) -> tuple[pl.DataFrame | None, int]:
    """Return (sample of at most ``size`` rows in file order, total rows seen)."""
    rng = np.random.default_rng(seed)
    kept: pl.DataFrame | None = None
    total = 0
    for batch in batches:
        keyed = batch.with_columns(
            pl.Series(_KEY, rng.random(batch.height)), pl.int_range(total, total + batch.height).alias("__row")
        )
        total += batch.height
        kept = keyed if kept is None else pl.concat([kept, keyed], how="vertical")
        if kept.height > size:
            kept = kept.bottom_k(size, by=_KEY)
    if kept is None:
        return None, total
    return kept.sort("__row").drop(_KEY, "__row"), total
