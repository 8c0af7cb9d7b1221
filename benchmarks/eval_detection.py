"""Detection quality on a labelled corpus: our own (``tests/detect/corpus.py``, per error class)
or the independent one (``tests/detect/independent_corpus.py``: Faker zh_CN values and other
projects' test values in government-style tables, per file format).

    python benchmarks/eval_detection.py                        # writes the corpus to a temporary folder and scans it
    python benchmarks/eval_detection.py --corpus independent   # the independent corpus
    python benchmarks/eval_detection.py --json                 # the same numbers as JSON

Column-level micro-F1: a (table, column, entity) triple is a true positive when the scan reports
the entity for the column and the label has it, a false positive when only the scan has it, a false
negative when only the label has it. A false-positive column is a column labelled non-sensitive
that the scan flags. Sub-columns of structured cells (``payload.mobile``) are columns of their own.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.detect import corpus, independent_corpus  # noqa: E402

CORPORA = {"own": corpus.evaluate, "independent": independent_corpus.evaluate}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", choices=sorted(CORPORA), default="own",
                        help="own: per error class; independent: per file format")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--verbose", action="store_true", help="list missed and extra entities")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        scores, _ = CORPORA[args.corpus](Path(folder))
    if args.json:
        print(json.dumps(scores, ensure_ascii=False, indent=2))
        return
    print(f"{'group':>8} {'F1':>6} {'P':>6} {'R':>6} {'TP':>4} {'FP':>4} {'FN':>4} {'FP cols':>7}")
    for name, s in scores.items():
        print(f"{name:>8} {s['f1']:6.3f} {s['precision']:6.3f} {s['recall']:6.3f} {s['tp']:4d} {s['fp']:4d} {s['fn']:4d} "
              f"{len(s['fp_columns']):7d}")
    for column in scores["all"]["fp_columns"]:
        print(f"  false-positive column: {column}")
    if args.verbose:
        for name, s in scores.items():
            if name == "all":
                continue
            for kind in ("missed", "extra"):
                for item in s[kind]:
                    print(f"  {name} {kind}: {item}")


if __name__ == "__main__":
    main()
