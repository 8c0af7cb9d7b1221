"""Fixtures for the report tests: the example pipeline run once by the very script README command 1
runs (scripts/example.sh) into a temporary folder, the extra formats made from its store, and the
raw ID numbers and phone numbers of the example data, which no output may contain."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import Result
from jsonschema import Draft4Validator
from openpyxl import load_workbook
from typer.testing import CliRunner

from secsuite.cli import app
from secsuite.sources.files import discover, open_file
from secsuite.sources.table import Table

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
ENV = {"SECSUITE_LANG": "zh", "COLUMNS": "160", "SECSUITE_DB": "", "SECSUITE_CONFIG": ""}

ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{6})[ \-]?(\d{8})[ \-]?(\d{3}[0-9Xx])(?![0-9A-Za-z])|(?<!\d)(\d{15})(?!\d)")
MOBILE = re.compile(r"(?<!\d)(?:\+?86|0086)?[ \-]?(1[3-9]\d)[ \-]?(\d{4})[ \-]?(\d{4})(?!\d)")


@dataclass(frozen=True)
class ExampleRun:
    out: Path
    db: Path
    stdout: str
    stderr: str

    def file(self, suffix: str) -> Path:
        return self.out / f"secsuite-report-2025.{suffix}"


def report_cli(*args: str) -> Result:
    return CliRunner().invoke(app, ["report", "--year", "2025", "--as-of", "2025-12-31", *args], env=ENV)


@pytest.fixture(scope="session")
def example_run(tmp_path_factory) -> ExampleRun:
    """scripts/example.sh into a temporary folder, then the CSV and JSON of the same store and an
    English HTML beside it (in a subfolder)."""
    out = tmp_path_factory.mktemp("example") / "out"
    done = subprocess.run(["bash", str(ROOT / "scripts" / "example.sh"), str(out)], capture_output=True, text=True,
                          timeout=600, env=os.environ | {"PYTHON": sys.executable, "COLUMNS": "160"} | ENV)
    assert done.returncode == 0, done.stderr
    extra = report_cli("--db", str(out / "example.db"), "--output", str(out), "-f", "csv", "-f", "json",
                       "--ignore-file", str(ROOT / "examples" / "secsuite-ignore.yaml"))
    assert extra.exit_code == 0, extra.output
    english = report_cli("--db", str(out / "example.db"), "--output", str(out / "en"), "--lang", "en",
                         "--ignore-file", str(ROOT / "examples" / "secsuite-ignore.yaml"))
    assert english.exit_code == 0, english.output
    return ExampleRun(out, out / "example.db", done.stdout, done.stderr)


def _cells(table: Table) -> list[str]:
    values: list[str] = []
    for batch in table.batches():
        for column in batch.columns:
            values += [str(value) for value in batch[column].to_list() if value is not None]
    return values


@pytest.fixture(scope="session")
def raw_identifiers() -> set[str]:
    """Every ID number (18- and 15-digit) and mobile number in the example's datasets, as written
    in the cell and in its plain form (digits only, no +86, upper-case X)."""
    found: set[str] = set()
    for item in discover([str(ROOT / "examples" / "data")]):
        assert not isinstance(item, Exception), item
        for table in open_file(*item, max_cell_bytes=1 << 22):
            assert isinstance(table, Table), table
            for cell in _cells(table):
                text = unicodedata.normalize("NFKC", cell)
                for match in ID_NUMBER.finditer(text):
                    found |= {match.group(0), "".join(g for g in match.groups() if g).upper()}
                for match in MOBILE.finditer(text):
                    found |= {match.group(0).strip(), "".join(match.groups())}
    return found


def workbook_text(path: Path) -> str:
    book = load_workbook(path, read_only=True)
    return "\n".join(str(value) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                     for value in row if value is not None)


def sarif_errors(document: dict) -> list[str]:
    validator = Draft4Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    return [f"{list(error.path)}: {error.message}" for error in validator.iter_errors(document)]
