"""One grammar for dates and languages in every command: ``--as-of 2025年12月31日`` accepted by
all, ``6/5/2025`` refused by all with both readings named, ``--lang fr`` refused by all."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from secsuite.cli import app
from tests.conftest import EXAMPLES

ENV = {"COLUMNS": "200"}
COMMANDS = {
    "scan": ["scan", str(EXAMPLES / "catalogue.csv"), "--no-store"],
    "check": ["check", str(EXAMPLES / "systems.xlsx"), "--no-store"],
    "netscan": ["netscan", "--from-xml", str(EXAMPLES / "netscan" / "missing.xml"), "--no-store"],
    "incidents": ["incidents", str(EXAMPLES / "incidents.xlsx"), "--no-store"],
    "evaluate": ["evaluate", "--year", "2025", "--units", str(EXAMPLES / "units.xlsx"), "--scores",
                 str(EXAMPLES / "scores.xlsx"), "--no-store"],
    "report": ["report", "--year", "2025", "--db", "missing.db"],
}


def run(args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [*args, "-q"], env=ENV)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("command", COMMANDS)
def test_an_ambiguous_date_is_refused_with_both_readings(command):
    code, _, err = run([*COMMANDS[command], "--as-of", "6/5/2025"])
    assert code == 2
    assert "2025-06-05（月/日/年）或 2025-05-06（日/月/年）" in err


@pytest.mark.parametrize("command", COMMANDS)
def test_an_unknown_language_is_refused(command):
    code, _, err = run([*COMMANDS[command], "--lang", "fr"])
    assert code == 2
    assert "--lang" in err and "'fr'" in err


@pytest.mark.parametrize("command", ["check", "incidents"])
@pytest.mark.parametrize("typed", ["2025年12月31日", "2025/12/31", "20251231", "2025-12-31T16:00:00Z"])
def test_the_as_of_date_is_read_in_every_form(command, typed, tmp_path):
    code, out, err = run([*COMMANDS[command], "--as-of", typed, "--format", "json"])
    assert code == 0, err
    expected = "2026-01-01" if typed.endswith("Z") else "2025-12-31"  # 16:00 UTC is midnight in Beijing
    assert json.loads(out)["as_of"] == expected
