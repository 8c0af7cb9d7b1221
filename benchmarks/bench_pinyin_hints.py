"""What deriving pinyin-initial hints at start-up would cost, against loading the detector specs.

    python benchmarks/bench_pinyin_hints.py [--runs 5]

Each run is a fresh interpreter (as a CLI start is): the baseline loads every detector spec; the
alternative also imports pypinyin and derives the initials of every Chinese hint, as a spec loader
would have to. The initials are generated into the YAML by ``scripts/pinyin_hints.py`` instead; this
prints why (CPU seconds, medians, and the ratio alternative / baseline).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BASELINE = """
import time
start = time.process_time()
from secsuite.detect.spec import load_specs
specs = load_specs()
print(time.process_time() - start)
"""

DERIVED = """
import time
start = time.process_time()
from secsuite.detect.spec import load_specs
specs = load_specs()
from pypinyin import Style, lazy_pinyin
codes = {"".join(lazy_pinyin(hint, style=Style.FIRST_LETTER)) for spec in specs for hint in spec.column_names.zh}
print(time.process_time() - start)
"""


def _seconds(code: str) -> float:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    return float(done.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    baseline = statistics.median(_seconds(BASELINE) for _ in range(args.runs))
    derived = statistics.median(_seconds(DERIVED) for _ in range(args.runs))
    print(json.dumps({"load_specs_cpu_s": round(baseline, 3), "with_pypinyin_cpu_s": round(derived, 3),
                      "added_cpu_s": round(derived - baseline, 3), "ratio": round(derived / baseline, 2)}))


if __name__ == "__main__":
    main()
