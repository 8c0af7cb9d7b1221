"""The data files generated from development-only libraries (OpenCC) are up to date with their
sources: each script's ``--check`` exits 0."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("script", ["traditional_surnames.py", "traditional_chars.py"])
def test_the_generated_file_is_up_to_date(script: str) -> None:
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / script), "--check"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
