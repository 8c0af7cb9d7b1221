"""An internal error reaches the user as one masked line and exit 2; --debug adds a masked traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest

ID = "11010519491231002X"
PHONE = "13812345678"

# secsuite's real entry point, with one extra command whose code fails on a cell value the way a
# library does (the value quoted in the message and held in a local of the failing frame).
PROGRAM = f"""
import sys
import secsuite.cli as cli

@cli.app.command()
def boom() -> None:
    cell = {ID!r}
    float(cell + " {PHONE}")

sys.argv = ["secsuite", *sys.argv[1:]]
from secsuite.__main__ import main
main()
"""


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", PROGRAM, *args], capture_output=True, text=True, timeout=120,
                          env=env)


@pytest.mark.parametrize("debug", [False, True])
def test_an_internal_error_is_masked_and_exits_2(debug):
    done = run(*(["--debug"] if debug else []), "boom")
    assert done.returncode == 2
    assert ID not in done.stderr + done.stdout and PHONE not in done.stderr + done.stdout
    assert "internal error" in done.stderr and "ValueError" in done.stderr
    assert ("Traceback" in done.stderr) is debug
    if debug:
        assert "in boom" in done.stderr  # where it failed
