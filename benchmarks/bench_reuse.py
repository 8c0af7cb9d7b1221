"""A scheduled re-scan of an unchanged tree costs almost nothing: 1,000 files, scanned and recorded
the way ``secsuite monitor run-due`` does (the use-case layer, the store, reuse on), first with an
empty cache, then again. Target: the re-run takes at most 5% of the first run.

    python benchmarks/bench_reuse.py [--files 1000] [--rows 500] [--work /tmp/bench_reuse]

The files are CSVs of government-style rows (benchmarks/datagen.py), each different. Both runs
happen in this process after a warm-up scan of one file, so the interpreter's start-up and the
loading of detectors and guide are in neither; each run includes opening the store, reading the
cache, recording every dataset and finishing the run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from datagen import write_csv  # noqa: E402

from secsuite.app.run import Provenance  # noqa: E402
from secsuite.app.scan import ScanJob, scan  # noqa: E402

AS_OF = dt.date(2026, 12, 7)


def make_tree(root: Path, files: int, rows: int) -> Path:
    """``files`` CSVs of ``rows`` rows each, cut from one generated table."""
    tree = root / "tree"
    if tree.is_dir() and len(list(tree.glob("*.csv"))) == files:
        return tree
    shutil.rmtree(tree, ignore_errors=True)
    tree.mkdir(parents=True)
    source = write_csv(root / "all.csv", files * rows)
    with source.open(encoding="utf-8") as handle:
        header = handle.readline()
        for number in range(files):
            lines = [handle.readline() for _ in range(rows)]
            (tree / f"{number:04d}.csv").write_text(header + "".join(lines), encoding="utf-8")
    return tree


def timed_scan(paths: list[str], store: str) -> tuple[float, int]:
    started = time.perf_counter()
    outcome = scan(ScanJob(paths=paths, as_of=AS_OF, store_url=store, reuse_every=10,
                           provenance=Provenance("scheduled", "bench")))
    return time.perf_counter() - started, len(outcome.result.datasets)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--rows", type=int, default=500)
    parser.add_argument("--work", type=Path, default=Path("/tmp/bench_reuse"))
    args = parser.parse_args()
    tree = make_tree(args.work, args.files, args.rows)
    store = args.work / "store.db"
    store.unlink(missing_ok=True)
    url = f"sqlite:///{store}"
    timed_scan([str(tree / "0000.csv")], f"sqlite:///{args.work / 'warmup.db'}")  # detectors, guide, imports
    first, datasets = timed_scan([str(tree)], url)
    again, reused = timed_scan([str(tree)], url)
    assert reused == datasets == args.files, (datasets, reused)
    print(f"{args.files} files × {args.rows} rows: first run {first:.2f} s, re-run {again:.2f} s "
          f"= {100 * again / first:.1f}% of the first (target ≤ 5%)")


if __name__ == "__main__":
    main()
