"""What the executors compute: one ``ColumnScan`` per column per partition, shipped back as its state.

Each partition's Arrow batches become polars frames and feed the same ``ColumnScan`` the local
engine uses; at the end of the partition every column emits one row holding ``ColumnScan.state()``
as JSON: counts and masked examples, never a value. The states are the job's output, not
accumulators, so the output of a failed and retried task is discarded by Spark and counted once.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import partial

import polars as pl
import pyarrow as pa
from pyspark import TaskContext
from pyspark.sql import DataFrame

from secsuite.detect.column import TextEngine
from secsuite.detect.context import apply_context
from secsuite.detect.spec import DetectorSpec
from secsuite.scan.dataset import column_scans
from secsuite.scan.lost_precision import lossy_cells

MALFORMED = "_secsuite_malformed"  # Spark's corrupt-record column: set on rows the reader could not split
STATES = pa.schema([
    ("partition", pa.int32()),
    ("column", pa.int32()),
    ("rows", pa.int64()),  # rows scanned in the partition (the same on each of its columns)
    ("skipped", pa.int64()),  # malformed rows left out, as the local readers skip them
    ("blanked", pa.int64()),  # cells over --max-cell-bytes, blanked as the local readers blank them
    ("cut", pa.int64()),  # numbers Excel cut to scientific notation, as the local engine counts them
    ("state", pa.string()),
])
STATES_DDL = "partition int, column int, rows long, skipped long, blanked long, cut long, state string"


@dataclass(frozen=True)
class ScanSpec:
    """Everything an executor needs, pickled into the task: column names and comments, the detector
    specs (pydantic models), the as-of date and the engine options."""

    columns: tuple[str, ...]
    comments: dict[str, str]
    specs: tuple[DetectorSpec, ...]
    as_of: date
    text_engine: TextEngine
    max_cell_bytes: int


def partition_states(frame: DataFrame, spec: ScanSpec) -> DataFrame:
    """``frame``'s columns, in the order of ``spec.columns``, as strings (optionally followed by
    ``MALFORMED``) → one row per column per non-empty partition (``STATES_DDL``)."""
    return frame.mapInArrow(partial(scan_partition, spec=spec, malformed=MALFORMED in frame.columns), STATES_DDL)


def scan_partition(batches: Iterator[pa.RecordBatch], spec: ScanSpec, malformed: bool) -> Iterator[pa.RecordBatch]:
    """Runs on an executor: observe every batch of one partition, then emit the column states."""
    named = column_scans(list(spec.columns), spec.comments, spec.specs, spec.as_of, spec.text_engine)
    scans = list(named.values())
    rows = skipped = 0
    blanked = [0] * len(scans)
    cut = [0] * len(scans)
    for batch in batches:
        frame = pl.from_arrow(batch)
        assert isinstance(frame, pl.DataFrame)
        if malformed:
            bad = frame[MALFORMED].is_not_null()
            skipped += int(bad.sum())
            frame = frame.filter(~bad).drop(MALFORMED)
        rows += frame.height
        apply_context(frame.rename(dict(zip(frame.columns, spec.columns, strict=True))), named)
        for index, scan in enumerate(scans):
            column = frame.to_series(index)
            over = (column.str.len_bytes() > spec.max_cell_bytes).fill_null(False)
            if over.any():
                blanked[index] += int(over.sum())
                column = column.set(over, None)
            cut[index] += lossy_cells(column)
            scan.observe(column)
    if not rows and not skipped:
        return
    context = TaskContext.get()
    partition = context.partitionId() if context else 0
    yield pa.RecordBatch.from_pydict(
        {
            "partition": [partition] * len(scans),
            "column": list(range(len(scans))),
            "rows": [rows] * len(scans),
            "skipped": [skipped] * len(scans),
            "blanked": blanked,
            "cut": cut,
            "state": [json.dumps(compact(scan.state()), ensure_ascii=False) for scan in scans],
        },
        schema=STATES,
    )


def compact(state: dict) -> dict:
    """Leave out the entities a partition never saw (most of them in most columns): states stay a
    few hundred bytes, so thousands of partitions fit the driver; ``absorb`` skips absent entities."""
    return state | {kind: {entity: tally for entity, tally in state[kind].items() if any(tally.values())}
                    for kind in ("values", "text", "cells")}
