"""Feeding a table's batches to its column scans on every core.

Each column sees its batches one after another and in order (its masked examples are the first
ones found, on every run), but columns do not wait for each other: while one worker finishes a
slow column of one batch, the others go on with the next batch's columns, and the reader parses
ahead meanwhile. The reader is held back once ``ahead`` batches are in flight, so memory stays
flat whatever the table's size.
"""

from __future__ import annotations

import os
import threading
from collections import deque
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor

import polars as pl

from secsuite.detect.column import ColumnScan
from secsuite.detect.context import apply_context

WORKERS = int(os.environ.get("SECSUITE_WORKERS") or os.cpu_count() or 2)
_POOL = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="secsuite-column")


class _ColumnQueue:
    """One column's pending batches, drained in order by at most one worker at a time."""

    def __init__(self, scan: ColumnScan, feeder: Feeder):
        self.scan = scan
        self.feeder = feeder
        self.pending: deque[tuple[int, pl.Series]] = deque()
        self.lock = threading.Lock()
        self.draining = False

    def push(self, index: int, values: pl.Series) -> None:
        with self.lock:
            self.pending.append((index, values))
            if self.draining:
                return
            self.draining = True
        _POOL.submit(self._drain)

    def _drain(self) -> None:
        while True:
            with self.lock:
                if not self.pending:
                    self.draining = False
                    return
                index, values = self.pending.popleft()
            try:
                if self.feeder.failure is None:
                    self.scan.observe(values)
            except BaseException as exc:  # noqa: BLE001 - handed to the reader's thread by finish()
                self.feeder.failure = self.feeder.failure or exc
            finally:
                self.feeder.column_done(index)


class Feeder:
    """Give batches with ``feed``; ``finish`` waits for every column and re-raises a worker's error."""

    def __init__(self, scans: dict[str, ColumnScan], ahead: int = 3):
        self.scans = scans
        self.queues = {name: _ColumnQueue(scan, self) for name, scan in scans.items()}
        self.slots = threading.Semaphore(ahead)
        self.outstanding: dict[int, int] = {}
        self.lock = threading.Lock()
        self.idle = threading.Condition(self.lock)
        self.batches = 0
        self.failure: BaseException | None = None

    def feed(self, batch: pl.DataFrame) -> None:
        present = [name for name in self.queues if name in batch.columns]
        if not present:
            return
        self.slots.acquire()
        apply_context(batch, self.scans)  # before any column observes the batch
        index = self.batches
        self.batches += 1
        with self.lock:
            self.outstanding[index] = len(present)
        for name in present:
            self.queues[name].push(index, batch[name])

    def column_done(self, index: int) -> None:
        with self.lock:
            self.outstanding[index] -= 1
            if self.outstanding[index] == 0:
                del self.outstanding[index]
                self.slots.release()
                self.idle.notify_all()

    def finish(self) -> None:
        with self.idle:
            self.idle.wait_for(lambda: not self.outstanding)
        if self.failure is not None:
            raise self.failure


def observe_all(scans: dict[str, ColumnScan], batches: Iterable[pl.DataFrame]) -> int:
    """Feed every batch to the scans of its columns; the number of rows fed. Work in flight is
    finished (and a worker's error raised) even when the reader fails half-way."""
    feeder = Feeder(scans)
    rows = 0
    try:
        for batch in batches:
            feeder.feed(batch)
            rows += batch.height
    finally:
        feeder.finish()
    return rows
