"""Reusing the last result of a file or table that has not changed, so a re-scan of unchanged data
costs almost nothing. The pipeline asks a ``Reuse`` before reading each file or table and tells it
what each scanned one gave; where the results are kept (monitoring keeps them in the store) is the
implementation's affair.

A file is unchanged when its size, its mtime and a hash of a sample of its blocks (the head, the
tail and blocks spread between them; a small file whole) are all the same; a database table when
the write statistics its engine keeps (``Table.statistics``) are the same.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from secsuite.errors import InputError
from secsuite.results import DatasetResult
from secsuite.sources.table import Table

BLOCK = 64 * 1024
SAMPLED_BLOCKS = 8  # beyond the head and tail: a 1 GB file is judged by 640 KB of it


@dataclass(frozen=True)
class Signature:
    size: int
    mtime_ns: int
    content_hash: str


def signature(path: Path) -> Signature:
    stat = path.stat()
    digest = hashlib.blake2b(digest_size=16)
    with path.open("rb") as handle:
        if stat.st_size <= BLOCK * (SAMPLED_BLOCKS + 2):
            digest.update(handle.read())
        else:
            step = (stat.st_size - BLOCK) // (SAMPLED_BLOCKS + 1)
            for index in range(SAMPLED_BLOCKS + 2):
                handle.seek(min(index * step, stat.st_size - BLOCK))
                digest.update(handle.read(BLOCK))
    return Signature(stat.st_size, stat.st_mtime_ns, digest.hexdigest())


@dataclass(frozen=True)
class Reused:
    datasets: list[DatasetResult]
    errors: list[InputError]


class Reuse(Protocol):
    def lookup(self, path: Path, source: str) -> Reused | None:
        """The file's last result if it is unchanged and not due for a full re-read, else None."""

    def remember(self, path: Path, source: str, datasets: list[DatasetResult], errors: list[dict[str, Any]]) -> None:
        """What a scan of the file gave (its errors as ``InputError.as_dict``), for the next run."""

    def lookup_table(self, table: Table) -> Reused | None:
        """The table's last result if its statistics are unchanged and no full re-read is due."""

    def remember_table(self, table: Table, dataset: DatasetResult, errors: list[dict[str, Any]]) -> None:
        """What a scan of the table gave, for the next run."""
