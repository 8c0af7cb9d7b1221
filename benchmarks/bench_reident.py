"""What measuring re-identification risk adds to a full scan, measured in the same run.

    python benchmarks/bench_reident.py                 # 10M rows (writes a ~2 GB CSV)
    python benchmarks/bench_reident.py --rows 2000000  # a smaller table on a busy machine

The table is the benchmark's government-style table (``datagen.py``) with four more columns a
subsidy list has (性别, 民族, 区县, 职业). The baseline is ``secsuite scan --full`` of the file; the
measured run is the same scan with a catalogue that opens the dataset (有条件开放), which adds the
k-anonymity pass over the quasi-identifier columns of every row. Baseline and measured run are
taken in pairs, round after round, and the overhead is the median of the pairs' ratios: on a shared
VM the machine's speed drifts within minutes, and a pair moves together. Target: ≤ 50%.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

sys.path.insert(0, str(Path(__file__).resolve().parent))
from datagen import GIVEN, NAMES, SURNAMES, chunk  # noqa: E402

DATA = Path(__file__).resolve().parent / "data"
ETHNIC = np.array(["汉族"] * 20 + ["回族", "满族", "蒙古族", "壮族", "苗族"])
DISTRICTS = np.array(["宿城区", "宿豫区", "沭阳县", "泗阳县", "泗洪县", "钟吾街道", "洋河新区"])
JOBS = np.array(["农民", "教师", "个体工商户", "快递员", "退休人员", "无业", "企业职工", "学生", "医生", "厨师"])


def write_table(path: Path, rows: int, seed: int = 2025, chunk_rows: int = 250_000) -> Path:
    rng = np.random.default_rng(seed)
    names = np.array([rng.choice(SURNAMES) + "".join(rng.choice(GIVEN, rng.integers(1, 3))) for _ in range(NAMES)])
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = None
    try:
        for start in range(0, rows, chunk_rows):
            size = min(chunk_rows, rows - start)
            columns = chunk(rng, size, names) | {
                "性别": rng.choice(np.array(["男", "女"]), size), "民族": rng.choice(ETHNIC, size),
                "区县": rng.choice(DISTRICTS, size), "职业": rng.choice(JOBS, size),
            }
            table = pa.table({k: pa.array(v) for k, v in columns.items()})
            if writer is None:
                writer = pacsv.CSVWriter(path, table.schema, write_options=pacsv.WriteOptions(quoting_style="none"))
            writer.write_table(table)
    finally:
        if writer is not None:
            writer.close()
    return path


def scan(path: Path, catalogue: Path | None) -> tuple[float, int, dict]:
    """Wall seconds, peak RSS (bytes) and the scan document of ``secsuite scan --full``."""
    command = [sys.executable, "-m", "secsuite", "scan", str(path), "--full", "--no-store", "--quiet",
               "--format", "json", "--as-of", "2025-12-31"]
    if catalogue is not None:
        command += ["--catalogue", str(catalogue)]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE)
    output = process.stdout.read() if process.stdout else b""
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"scan failed with status {status}")
    return elapsed, usage.ru_maxrss * 1024, json.loads(output)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--rounds", type=int, default=2, help="pairs of plain scan and scan with risk (default 2)")
    args = parser.parse_args()
    path = DATA / f"reident_{args.rows}.csv"
    if not path.exists():
        print(f"generating {path} ({args.rows:,} rows)…", flush=True)
        write_table(path, args.rows)
    catalogue = DATA / "reident_catalogue.csv"
    catalogue.write_text(f"dataset,unit,open_attr\n{path.name},市民政局,有条件开放\n", encoding="utf-8")
    print(f"file: {path.name}, {path.stat().st_size / 1e6:.0f} MB, {args.rows:,} rows × 16 columns, "
          f"{os.cpu_count()} cores", flush=True)
    ratios = []
    for round_ in range(args.rounds):
        plain, plain_rss, _ = scan(path, None)
        measured, measured_rss, document = scan(path, catalogue)
        ratios.append(measured / plain)
        risk = document["datasets"][0]["reidentification"]
        print(f"round {round_ + 1}: full scan {plain:.1f} s ({plain_rss / 2**20:.0f} MiB peak); with risk "
              f"{measured:.1f} s ({measured_rss / 2**20:.0f} MiB peak); overhead {measured / plain - 1:+.0%}; "
              f"{risk['status']} on {risk['rows']:,} rows, quasi-identifiers "
              f"{[q['name'] for q in risk['quasi_identifiers']]}, min k {risk['min_k']}, "
              f"at risk {risk['share_at_risk']:.1%}", flush=True)
    print(f"overhead of the risk measures, median of {len(ratios)} pairs: {statistics.median(ratios) - 1:+.0%} "
          f"(target ≤ +50%)")


if __name__ == "__main__":
    main()
