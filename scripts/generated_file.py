"""Writing a generated data file, or checking that it is up to date (``--check``), for the scripts
that derive the package's data from development-only libraries (OpenCC, pypinyin)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def write_or_check(path: Path, wanted: str, description: str | None, script: str) -> None:
    """Write ``wanted`` to ``path`` unless it is there already; with ``--check`` on the command line,
    only report a difference and exit 1 (the tests run it so)."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="report whether the file is out of date, write nothing")
    args = parser.parse_args()
    if path.exists() and path.read_text(encoding="utf-8") == wanted:
        print(f"{path.name}: up to date")
        return
    if args.check:
        print(f"{path.name}: out of date; run python scripts/{script}")
        sys.exit(1)
    path.write_text(wanted, encoding="utf-8")
    print(f"{path.name}: rewritten")
