"""Full-scan speed and memory, measured against baselines taken in the same run.

    python benchmarks/bench_scan.py            # 1M-row CSV: speed vs the parse floor, 1 vs all cores, fixed cost
    python benchmarks/bench_scan.py --memory   # also peak RSS for 1M vs 4M rows (writes a ~1 GB file)
    python benchmarks/bench_scan.py --no-store # without the result store (as before issue 15)

The scan is measured as users run it: the whole ``secsuite scan --full`` command, start-up and the
writes to a fresh result store (SQLite, ``--db``) included. An installed package has its bytecode
compiled (pip does it on install, Python on a checkout's first import); so has the package measured
here, also where ``PYTHONDONTWRITEBYTECODE`` would have every run compile it again.

Ratios, never absolute timings, are what the README reports: the parse floor is
``pyarrow.csv.read_csv`` reading the same file on the same machine a moment earlier. Floor and
scan are measured in pairs, round after round, and the ratio is the median over the rounds: on a
shared VM the machine's speed drifts by 10-20% within minutes, and a pair moves together.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow.csv as pacsv

sys.path.insert(0, str(Path(__file__).resolve().parent))
from datagen import write_csv  # noqa: E402

DATA = Path(__file__).resolve().parent / "data"


def compiled_package() -> None:
    """The bytecode of the package the scans import, as an installed package has it. Found, not
    imported: importing secsuite would set its native libraries' environment in this process too."""
    spec = importlib.util.find_spec("secsuite")
    assert spec is not None and spec.origin is not None, "secsuite is not installed"
    compileall.compile_dir(Path(spec.origin).parent, quiet=1)


def ensure(rows: int) -> Path:
    path = DATA / f"bench_{rows // 1_000_000}m.csv"
    if not path.exists():
        print(f"generating {path} ({rows:,} rows)…", flush=True)
        write_csv(path, rows)
    return path


def parse_floor(path: Path, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        pacsv.read_csv(path)
        best = min(best, time.perf_counter() - started)
    return best


def paired_rounds(path: Path, rounds: int, store: bool = True) -> tuple[list[tuple[float, float]], int, dict]:
    """(parse floor, scan wall seconds) per round, the peak RSS and the document of the first scan."""
    pairs, rss, document = [], 0, {}
    for round_ in range(rounds):
        floor = parse_floor(path, repeat=2)
        wall, peak, scanned = one_scan(path, None, store=store)
        if round_ == 0:
            rss, document = peak, scanned
        pairs.append((floor, wall))
    return pairs, rss, document


def full_scan(path: Path, workers: int | None = None, repeat: int = 1) -> tuple[float, int, dict]:
    """Wall seconds (best of ``repeat`` runs, as for the parse floor), peak RSS (bytes, of the first
    run: the 4M-row file is scanned once) and the scan document of ``secsuite scan --full``."""
    runs = [one_scan(path, workers) for _ in range(repeat)]
    return min(run[0] for run in runs), runs[0][1], runs[0][2]


def one_scan(
    path: Path, workers: int | None = None, extra: tuple[str, ...] = (), store: bool = False
) -> tuple[float, int, dict]:
    """One ``secsuite scan --full`` process (plus ``extra`` arguments): wall seconds, peak RSS and its
    JSON document; with ``store``, the run is recorded in a fresh SQLite result store as a user's run is."""
    env = dict(os.environ)
    if workers:
        env["SECSUITE_WORKERS"] = str(workers)
        env["POLARS_MAX_THREADS"] = str(workers)
    with tempfile.TemporaryDirectory() as folder:
        where = ["--db", str(Path(folder) / "secsuite.db")] if store else ["--no-store"]
        command = [sys.executable, "-m", "secsuite", "scan", str(path), "--full", *where, "--quiet",
                   "--format", "json", "--as-of", "2025-12-31", *extra]
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.PIPE, env=env)
        output = process.stdout.read() if process.stdout else b""
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"scan failed with status {status}")
    return elapsed, usage.ru_maxrss * 1024, json.loads(output)


HEAD_ROWS = 200


def fixed_cost(path: Path, store: bool) -> float:
    """Wall seconds of the same scan on the file's first ``HEAD_ROWS`` rows: start-up, the store,
    the detection tables and models, which a full scan pays whatever its size."""
    with tempfile.TemporaryDirectory() as folder:
        head = Path(folder) / path.name
        with path.open("rb") as source, head.open("wb") as target:
            target.writelines(line for _, line in zip(range(HEAD_ROWS + 1), source, strict=False))
        return statistics.median(one_scan(head, store=store)[0] for _ in range(5))


def entities(document: dict) -> dict:
    return {(f["name"], e["type"]): e["hits"] for d in document["datasets"] for f in d["fields"] for e in f["entities"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--memory", action="store_true", help="also compare peak RSS of 1M and 4M rows")
    parser.add_argument("--rounds", type=int, default=5, help="pairs of parse floor and scan (default 5)")
    parser.add_argument("--no-store", action="store_true", help="scan without recording in a result store")
    args = parser.parse_args()
    path = ensure(1_000_000)
    compiled_package()
    size_mb = path.stat().st_size / 1e6
    pairs, rss, document = paired_rounds(path, args.rounds, store=not args.no_store)
    floors, walls = [floor for floor, _ in pairs], [wall for _, wall in pairs]
    ratios = sorted(wall / floor for floor, wall in pairs)
    wall = min(walls)
    print(f"file: {path.name}, {size_mb:.0f} MB, 1,000,000 rows × 12 columns, {os.cpu_count()} cores")
    print(f"parse floor (pyarrow.csv.read_csv): {min(floors):.2f}–{max(floors):.2f} s "
          f"({size_mb / min(floors):.0f} MB/s at best)")
    how = "--no-store" if args.no_store else "with store writes"
    print(f"secsuite scan --full ({how}): {wall:.2f}–{max(walls):.2f} s "
          f"({size_mb / wall:.0f} MB/s, {1e6 / wall:,.0f} rows/s at best)")
    print(f"ratio full scan / parse floor, {len(pairs)} rounds: median {statistics.median(ratios):.1f}× "
          f"(range {ratios[0]:.1f}–{ratios[-1]:.1f}×; fastest scan / fastest parse {wall / min(floors):.1f}×; "
          f"target ≤ 10×)")
    single, _, single_document = full_scan(path, workers=1, repeat=3)
    same = entities(single_document) == entities(document)
    print(f"one core: {single:.2f} s; all cores: {wall:.2f} s; speed-up {single / wall:.2f}×; same results: {same}")
    fixed = fixed_cost(path, store=not args.no_store)
    print(f"fixed cost (the same command on the file's first {HEAD_ROWS} rows, median of 5): {fixed:.2f} s, "
          f"{fixed / statistics.median(walls):.0%} of the full scan's median")
    if args.memory:
        big = ensure(4_000_000)
        wall4, rss4, _ = full_scan(big)
        growth = rss4 / rss - 1
        print(f"peak RSS: 1M rows {rss / 2**20:.0f} MiB, 4M rows {rss4 / 2**20:.0f} MiB ({wall4:.1f} s); "
              f"growth {growth:+.0%} (target < 30%)")


if __name__ == "__main__":
    main()
