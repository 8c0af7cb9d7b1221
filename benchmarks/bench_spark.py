"""The Spark engine against the local engine on the 1M-row benchmark file, and its scaling.

    python benchmarks/bench_spark.py             # local engine, Spark local[2] and local[1], CSV and Parquet
    python benchmarks/bench_spark.py --rows 200000 --repeat 3

Each Spark run is a process of its own (one Spark context per JVM) that reports the JVM start and
the scan separately: the scan is what grows with the data; the start is a constant. Every scan is
timed ``--repeat`` times and the best is kept (the first one also warms the JVM's JIT). The work
splits per file split (``spark.sql.files.maxPartitionBytes``, 128 MiB by default: 2 tasks for the
267 MB file), one task per split on one core, so local[1] → local[2] shows how the scan scales
with executors. A task is a JVM thread reading and converting rows beside a Python worker
detecting, so local[N] uses more than N cores; each run is therefore pinned to N CPUs (``taskset``)
so that local[1] → local[2] doubles the machine, as adding executors does. The process tree's CPU
time shows that the split costs no extra work. The same rows as Parquet are timed too. Ratios are
printed, never asserted: the machine is shared and timings are noisy.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_scan import DATA, entities, full_scan  # noqa: E402
from datagen import write_csv  # noqa: E402

AS_OF = dt.date(2025, 12, 31)


def spark_scan(master: str, path: Path, repeat: int) -> dict:
    """In this process: start a session on ``master``, scan ``path`` in full, report the times."""
    from secsuite.classify.guide import load_guide
    from secsuite.detect.spec import load_specs
    from secsuite.scan.dataset import ScanOptions
    from secsuite.scan.pipeline import ScanRequest
    from secsuite.spark.engine import SparkHooks, scan_with_spark
    from secsuite.spark.session import start_session

    started = time.perf_counter()
    spark = start_session(master, {"spark.ui.enabled": "false"})
    ready = time.perf_counter()
    request = ScanRequest(paths=[str(path)], guide=load_guide(None), specs=load_specs(), as_of=AS_OF,
                          options=ScanOptions(full=True))
    tasks: list[int] = []
    times: list[tuple[float, float]] = []  # (wall, CPU) of each scan
    for _ in range(repeat):
        begun, cpu_begun = time.perf_counter(), tree_cpu(os.getpid())
        result = scan_with_spark(request, spark, SparkHooks(tasks=lambda done, known: tasks.append(known)))
        times.append((time.perf_counter() - begun, tree_cpu(os.getpid()) - cpu_begun))
    spark.stop()
    best, cpu = min(times)
    return {"master": master, "start_s": ready - started, "first_s": times[0][0], "scan_s": best, "cpu_s": cpu,
            "tasks": max(tasks or [0]), "document": result.to_json()}


def tree_cpu(root: int) -> float:
    """CPU seconds so far of a process and all its descendants (the JVM, the Python workers): Linux
    /proc. Equal CPU for local[1] and local[2] means the work splits with no extra cost, whatever
    share of the cores a shared machine lets the run have."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended meanwhile
        pid = int(stat.parent.name)
        ticks = sum(int(tick) for tick in fields[11:15])  # own and waited-for children's user and system time
        parents[pid], times[pid] = int(fields[1]), ticks / os.sysconf("SC_CLK_TCK")
    tree, grown = {root}, True
    while grown:
        members = {pid for pid, parent in parents.items() if parent in tree} | tree
        grown, tree = members != tree, members
    return sum(times.get(pid, 0.0) for pid in tree)


def spark_run(master: str, path: Path, repeat: int) -> dict:
    command = [sys.executable, __file__, "--worker", master, "--path", str(path), "--repeat", str(repeat)]
    if shutil.which("taskset") and cores(master) <= (os.cpu_count() or 1):
        command = ["taskset", "-c", f"0-{cores(master) - 1}", *command]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"Spark run on {master} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.splitlines()[-1])


def cores(master: str) -> int:
    return int(master.removeprefix("local[").removesuffix("]"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=2, help="scans per engine and master; the best is kept")
    parser.add_argument("--worker", help=argparse.SUPPRESS)  # a Spark master: run one Spark scan and print JSON
    parser.add_argument("--path", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(spark_scan(args.worker, args.path, args.repeat), ensure_ascii=False))
        return
    path = DATA / ("bench_1m.csv" if args.rows == 1_000_000 else f"bench_{args.rows}.csv")
    if not path.exists():
        print(f"generating {path} ({args.rows:,} rows)…", flush=True)
        write_csv(path, args.rows)
    size_mb = path.stat().st_size / 1e6
    print(f"file: {path.name}, {size_mb:.0f} MB, {args.rows:,} rows × 12 columns, {os.cpu_count()} cores")
    local_runs = [full_scan(path) for _ in range(args.repeat)]
    local_s, local_document = min(run[0] for run in local_runs), local_runs[0][2]
    print(f"local engine (secsuite scan --full, all cores): {local_s:6.1f} s wall, process start included")
    parquet = as_parquet(path)
    runs = {(master, source.suffix): spark_run(master, source, args.repeat)
            for source in (path, parquet) for master in ("local[2]", "local[1]")}
    for (master, suffix), run in runs.items():
        print(f"Spark {master} on {cores(master)} CPU {suffix:8s} ({run['tasks']} tasks): JVM start {run['start_s']:4.1f} s, "
              f"first scan {run['first_s']:4.1f} s, best scan {run['scan_s']:4.1f} s "
              f"({args.rows / run['scan_s']:,.0f} rows/s, CPU {run['cpu_s']:4.1f} s)")
    two = runs["local[2]", ".csv"]
    print(f"ratio Spark local[2] best scan / local engine (CSV):          {two['scan_s'] / local_s:.2f}×")
    print(f"ratio Spark local[2] start+first scan / local engine (CSV):   {(two['start_s'] + two['first_s']) / local_s:.2f}×")
    for suffix in (".csv", ".parquet"):
        ratio = runs["local[1]", suffix]["scan_s"] / runs["local[2]", suffix]["scan_s"]
        print(f"scaling local[1] on 1 CPU / local[2] on 2 CPUs ({suffix[1:]}):{' ' * (17 - len(suffix))}{ratio:.2f}× "
              "(2 = linear)")
    same = all(entities(run["document"]) == entities(local_document) for run in runs.values())
    print(f"same entities and hit counts in every run:                    {same}")


def as_parquet(path: Path) -> Path:
    """The benchmark rows as Parquet (text columns, 8 row groups), written once beside the CSV."""
    target = path.with_suffix(".parquet")
    if not target.exists():
        header = path.open(encoding="utf-8").readline().strip().split(",")
        text = pacsv.ConvertOptions(column_types=dict.fromkeys(header, pa.string()))
        table = pacsv.read_csv(path, convert_options=text)
        pq.write_table(table, target, row_group_size=max(1, table.num_rows // 8))
    return target


if __name__ == "__main__":
    main()
