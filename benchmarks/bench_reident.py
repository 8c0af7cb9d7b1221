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
import os
import statistics
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_scan import one_scan  # noqa: E402
from datagen import write_csv  # noqa: E402

DATA = Path(__file__).resolve().parent / "data"
ETHNIC = np.array(["汉族"] * 20 + ["回族", "满族", "蒙古族", "壮族", "苗族"])
DISTRICTS = np.array(["宿城区", "宿豫区", "沭阳县", "泗阳县", "泗洪县", "钟吾街道", "洋河新区"])
JOBS = np.array(["农民", "教师", "个体工商户", "快递员", "退休人员", "无业", "企业职工", "学生", "医生", "厨师"])


def quasi_columns(rng: np.random.Generator, size: int) -> dict[str, np.ndarray]:
    """The columns a subsidy list adds to the benchmark's table."""
    return {"性别": rng.choice(np.array(["男", "女"]), size), "民族": rng.choice(ETHNIC, size),
            "区县": rng.choice(DISTRICTS, size), "职业": rng.choice(JOBS, size)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--rounds", type=int, default=2, help="pairs of plain scan and scan with risk (default 2)")
    args = parser.parse_args()
    path = DATA / f"reident_{args.rows}.csv"
    if not path.exists():
        print(f"generating {path} ({args.rows:,} rows)…", flush=True)
        write_csv(path, args.rows, extra=quasi_columns)
    catalogue = DATA / "reident_catalogue.csv"
    catalogue.write_text(f"dataset,unit,open_attr\n{path.name},市民政局,有条件开放\n", encoding="utf-8")
    print(f"file: {path.name}, {path.stat().st_size / 1e6:.0f} MB, {args.rows:,} rows × 16 columns, "
          f"{os.cpu_count()} cores", flush=True)
    ratios = []
    for round_ in range(args.rounds):
        plain, plain_rss, _ = one_scan(path)
        measured, measured_rss, document = one_scan(path, extra=("--catalogue", str(catalogue)))
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
