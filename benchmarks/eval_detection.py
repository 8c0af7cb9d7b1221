"""Detection quality on the labelled corpus of ``tests/detect/corpus.py``, per error class.

    python benchmarks/eval_detection.py            # writes the corpus to a temporary folder and scans it
    python benchmarks/eval_detection.py --json     # the same numbers as JSON

Column-level micro-F1: a (table, column, entity) triple is a true positive when the scan reports
the entity for the column and the label has it, a false positive when only the scan has it, a false
negative when only the label has it. A false-positive column is a column labelled non-sensitive
that the scan flags. Sub-columns of structured cells (``payload.mobile``) are columns of their own.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from secsuite.classify.guide import load_guide  # noqa: E402
from secsuite.detect.spec import load_specs  # noqa: E402
from secsuite.scan.dataset import ScanOptions  # noqa: E402
from secsuite.scan.pipeline import ScanRequest, run_scan  # noqa: E402
from tests.detect.corpus import build, write  # noqa: E402

AS_OF = dt.date(2025, 12, 31)


def evaluate(directory: Path) -> dict:
    tables = build()
    labels = write(tables, directory)
    classes = {f"{t.name}.{t.fmt}": t.error_class for t in tables}
    request = ScanRequest(paths=[str(directory)], guide=load_guide(None), specs=load_specs(), as_of=AS_OF,
                          options=ScanOptions(full=True))
    result = run_scan(request)
    predicted = {Path(d.source).name: {f.name: {e.type for e in f.entities} for f in d.fields} for d in result.datasets}
    tally = defaultdict(lambda: {"tp": 0, "fp": 0, "fn": 0, "fp_columns": [], "missed": [], "extra": []})
    for file, columns in labels.items():
        number = classes[file]
        seen = predicted.get(file, {})
        for name in sorted(set(columns) | set(seen)):
            truth, found = columns.get(name, set()), seen.get(name, set())
            for scope in (tally[number], tally["all"]):
                scope["tp"] += len(truth & found)
                scope["fp"] += len(found - truth)
                scope["fn"] += len(truth - found)
                if found - truth:
                    scope["extra"].append(f"{file}:{name}:{','.join(sorted(found - truth))}")
                if truth - found:
                    scope["missed"].append(f"{file}:{name}:{','.join(sorted(truth - found))}")
                if not truth and found:
                    scope["fp_columns"].append(f"{file}:{name}")
    return {str(k): _scores(v) for k, v in sorted(tally.items(), key=lambda kv: str(kv[0]))}


def _scores(counts: dict) -> dict:
    tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {**counts, "precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--verbose", action="store_true", help="list missed and extra entities")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        scores = evaluate(Path(folder))
    if args.json:
        print(json.dumps(scores, ensure_ascii=False, indent=2))
        return
    print(f"{'class':>5} {'F1':>6} {'P':>6} {'R':>6} {'TP':>4} {'FP':>4} {'FN':>4} {'FP cols':>7}")
    for name, s in scores.items():
        print(f"{name:>5} {s['f1']:6.3f} {s['precision']:6.3f} {s['recall']:6.3f} {s['tp']:4d} {s['fp']:4d} {s['fn']:4d} "
              f"{len(s['fp_columns']):7d}")
    if args.verbose:
        for name, s in scores.items():
            if name == "all":
                continue
            for kind in ("missed", "extra"):
                for item in s[kind]:
                    print(f"  class {name} {kind}: {item}")


if __name__ == "__main__":
    main()
