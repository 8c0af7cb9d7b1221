"""secsuite's full scan against Presidio on the same rows, to show what scanning everything costs.

Presidio is configured as well as it can be for the job: only our recognizers (built from the same
detector specs, with the same validators), a blank spaCy pipeline (no model), and its batch engine
over every cell of every column with the column name as context; it has no notion of a column, so
that is how it sees every value. secsuite scans the same rows in full (``--full``: every value of
every column, checksums included). Both read the same CSV; the ratio is secsuite's throughput over
Presidio's. Timings depend on the machine and its load: this is never run as a test.

Our validators are vectorised (polars), so one value at a time, as Presidio calls them, costs them
about a millisecond where a scalar checksum in a native recognizer costs microseconds. The time
spent in them is measured and Presidio is also reported without it (an upper bound on a native
Presidio's speed), and the headline ratio uses that bound, so the comparison never flatters us.
secsuite has fixed costs per file that a few thousand rows do not amortise, so it is also timed on
more rows of the same file (``--scale-rows``).

    python benchmarks/bench_presidio.py [--rows 2000] [--scale-rows 100000] [--data benchmarks/data/bench_1m.csv]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl
from presidio_analyzer import BatchAnalyzerEngine

from secsuite.classify.guide import load_guide
from secsuite.detect.presidio_engine import LANGUAGE, SpecRecognizer, build_analyzer
from secsuite.detect.spec import load_specs
from secsuite.scan.dataset import ScanOptions
from secsuite.scan.pipeline import ScanRequest, run_scan

sys.path.insert(0, str(Path(__file__).resolve().parent))
from datagen import write_csv  # noqa: E402

DATA = Path(__file__).parent / "data" / "bench_1m.csv"
FULL_ROWS = 1_000_000
AS_OF = date(2025, 12, 31)


@dataclass(frozen=True)
class Sample:
    """The header and first rows of the data file, copied byte for byte."""

    path: Path
    rows: int
    megabytes: float

    @classmethod
    def take(cls, source: Path, rows: int, target: Path) -> Sample:
        with source.open("rb") as reader, target.open("wb") as writer:
            for _ in range(rows + 1):
                line = reader.readline()
                if not line:
                    break
                writer.write(line)
        return cls(target, count_rows(target), target.stat().st_size / 1e6)

    def line(self, label: str, seconds: float) -> str:
        return f"{label:<26} {seconds:9.3f} s {self.rows / seconds:12,.0f} rows/s {self.megabytes / seconds:9.3f} MB/s"


def count_rows(path: Path) -> int:
    with path.open("rb") as reader:
        return sum(block.count(b"\n") for block in iter(lambda: reader.read(1 << 24), b"")) - 1


@contextmanager
def validation_timer() -> Iterator[list[float]]:
    """Seconds spent in ``SpecRecognizer.validate_result`` while the block runs."""
    spent = [0.0]
    original = SpecRecognizer.validate_result

    def timed(self: SpecRecognizer, pattern_text: str) -> bool | None:
        started = time.perf_counter()
        try:
            return original(self, pattern_text)
        finally:
            spent[0] += time.perf_counter() - started

    SpecRecognizer.validate_result = timed
    try:
        yield spent
    finally:
        SpecRecognizer.validate_result = original


def time_presidio(path: Path, batch_size: int) -> tuple[float, float, float, int]:
    """(seconds to build the engine, to analyse every cell, of that in our validators; cells with a finding)."""
    started = time.perf_counter()
    engine = BatchAnalyzerEngine(build_analyzer(load_specs(), AS_OF))
    built = time.perf_counter()
    table = pl.read_csv(path, infer_schema=False).fill_null("")
    found = 0
    with validation_timer() as validating:
        for column in engine.analyze_dict(table.to_dict(as_series=False), LANGUAGE, batch_size=batch_size):
            found += sum(1 for results in column.recognizer_results if results)
    return built - started, time.perf_counter() - built, validating[0], found


def time_secsuite(path: Path, repeats: int) -> tuple[float, int]:
    """(best seconds of ``repeats`` full scans, entity hits reported)."""
    request = ScanRequest(paths=[str(path)], guide=load_guide(None), specs=load_specs(), as_of=AS_OF,
                          options=ScanOptions(full=True))
    best, hits = float("inf"), 0
    for _ in range(repeats):
        started = time.perf_counter()
        result = run_scan(request)
        best = min(best, time.perf_counter() - started)
        hits = sum(entity.hits for dataset in result.datasets for field in dataset.fields for entity in field.entities)
    return best, hits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=2000, help="rows from the start of the file (default 2000)")
    parser.add_argument("--scale-rows", type=int, default=100_000, help="rows secsuite also scans (0: none)")
    parser.add_argument("--data", type=Path, default=DATA, help="generated with benchmarks/datagen.py if missing")
    parser.add_argument("--batch-size", type=int, default=256, help="Presidio's NLP batch size")
    parser.add_argument("--repeats", type=int, default=3, help="secsuite runs; the best counts (default 3)")
    args = parser.parse_args()
    if not args.data.exists():
        print(f"generating {args.data} ({FULL_ROWS:,} rows)")
        write_csv(args.data, FULL_ROWS)
    total_rows = count_rows(args.data)
    with tempfile.TemporaryDirectory() as work:
        sample = Sample.take(args.data, args.rows, Path(work) / "sample.csv")
        build, presidio, validating, cells = time_presidio(sample.path, args.batch_size)
        native = presidio - validating
        secsuite, hits = time_secsuite(sample.path, args.repeats)
        print(f"{sample.rows:,} rows, {sample.megabytes:.2f} MB of {args.data.name} ({total_rows:,} rows); "
              f"Presidio built in {build:.2f} s (not counted); {cells:,} cells with Presidio findings, "
              f"{hits:,} secsuite entity hits")
        print(sample.line("presidio, as configured", presidio))
        print(sample.line("presidio, validators free", native) + f"  (upper bound; {validating:.1f} s validating)")
        print(sample.line("secsuite --full", secsuite) + f"  (best of {args.repeats})")
        print(f"ratio: secsuite is {native / secsuite:,.0f}x Presidio's upper bound "
              f"({presidio / secsuite:,.0f}x as configured), same rows")
        if args.scale_rows > sample.rows:
            scaled = Sample.take(args.data, args.scale_rows, Path(work) / "scaled.csv")
            scaled_time, _ = time_secsuite(scaled.path, args.repeats)
            print(scaled.line(f"secsuite --full, {scaled.rows:,}", scaled_time) + f"  (best of {args.repeats})")
            speedup = (scaled.rows / scaled_time) / (sample.rows / native)
            print(f"ratio: secsuite on {scaled.rows:,} rows is {speedup:,.0f}x Presidio's upper bound in rows/s")
    per_row = total_rows / sample.rows / 3600
    print(f"presidio on all {total_rows:,} rows of {args.data.name}: about {presidio * per_row:.1f} h as "
          f"configured, {native * per_row:.1f} h validators free (extrapolated)")


if __name__ == "__main__":
    main()
