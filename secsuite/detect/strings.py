"""Byte-level views of a string column, for work that is plain arithmetic on ASCII bytes.

A column's values laid end to end in one buffer, with the offsets where each value starts, turn
per-character rules (a check digit, a date field) into numpy operations over the whole
batch at once, several times cheaper than a string operation per value. Callers use these views
for ASCII-only batches, where one byte is one character.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
import polars as pl
import pyarrow as pa
from polars import CompatLevel

_LAST = threading.local()  # per worker thread: (series, its bytes) of the last conversion


@dataclass(frozen=True)
class StringBytes:
    """``data[offsets[i]:offsets[i + 1]]`` are the UTF-8 bytes of value ``i`` (none for a null)."""

    offsets: np.ndarray
    data: np.ndarray

    @classmethod
    def of(cls, values: pl.Series) -> StringBytes:
        """The bytes of ``values``. The last column converted on this thread is remembered: the
        normaliser and then each checksum validator of that column ask for the same series."""
        last = getattr(_LAST, "converted", None)
        if last is not None and last[0] is values:
            return last[1]
        converted = cls._convert(values)
        _LAST.converted = (values, converted)
        return converted

    @classmethod
    def _convert(cls, values: pl.Series) -> StringBytes:
        if values.null_count():
            values = values.fill_null("")  # a null's slot may hold stale bytes in Arrow
        array = values.to_arrow(compat_level=CompatLevel.oldest())  # large_string, one buffer
        if isinstance(array, pa.ChunkedArray):
            array = array.combine_chunks()
        if array.offset:
            array = pa.concat_arrays([array])
        _, offsets_buffer, data_buffer = array.buffers()
        offsets = np.frombuffer(offsets_buffer, dtype=np.int64)[: len(array) + 1]
        data = np.frombuffer(data_buffer, dtype=np.uint8) if data_buffer is not None else np.empty(0, np.uint8)
        return cls(offsets, data[: offsets[-1]])

    @property
    def lengths(self) -> np.ndarray:
        return np.diff(self.offsets)

    def fixed_width(self, width: int) -> tuple[np.ndarray, np.ndarray]:
        """The values exactly ``width`` bytes long (their positions) as an ``(n, width)`` matrix."""
        rows = np.flatnonzero(self.lengths == width)
        if rows.size == 0:
            return rows, np.empty((0, width), dtype=np.uint8)
        if rows.size == self.offsets.size - 1 and self.offsets[0] == 0:
            return rows, self.data[: rows.size * width].reshape(-1, width)
        starts = self.offsets[rows]
        return rows, self.data[starts[:, None] + np.arange(width)]
