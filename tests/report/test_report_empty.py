"""The report of a store with nothing in it, and the command's usage errors: an auditor who runs
``secsuite report`` too early gets a page that says what to run, not a crash."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from secsuite.store.db import open_engine
from tests.report.conftest import report_cli, sarif_errors
from tests.report.test_report_example import SHEETS


@pytest.fixture(scope="module")
def empty_store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("empty") / "empty.db"
    open_engine(str(path)).dispose()
    return path


def test_an_empty_store_renders_every_format(empty_store: Path, tmp_path: Path):
    result = report_cli("--db", str(empty_store), "--output", str(tmp_path), "-f", "html,xlsx,csv,json,sarif")
    assert result.exit_code == 0, result.output
    page = (tmp_path / "secsuite-report-2025.html").read_text(encoding="utf-8")
    assert "结果库中没有截至 2025 年内某日的已完成运行" in page and "本年度尚无考评结果" in page
    assert 'class="veto-banner"' not in page and 'class="unit"' not in page
    book = load_workbook(tmp_path / "secsuite-report-2025.xlsx")
    assert book.sheetnames == SHEETS and all(sheet.max_row == 1 for sheet in book.worksheets)
    sarif = json.loads((tmp_path / "secsuite-report-2025.sarif").read_text(encoding="utf-8"))
    assert sarif_errors(sarif) == [] and sarif["runs"][0]["results"] == []
    document = json.loads((tmp_path / "secsuite-report-2025.json").read_text(encoding="utf-8"))
    assert document["findings"] == [] and document["evaluation"]["units"] == [] and document["runs"] == {}
    assert (tmp_path / "secsuite-report-2025.csv").read_text(encoding="utf-8-sig").startswith("id,rule_id,severity")


@pytest.mark.parametrize(("args", "message"), [
    (["-f", "doc"], "--format"),
    (["--unit", "不存在的单位"], "不存在的单位"),
    (["--as-of", "2024-12-31"], "before 2025"),
])
def test_usage_errors_exit_2(empty_store: Path, tmp_path: Path, args: list[str], message: str):
    result = report_cli("--db", str(empty_store), "--output", str(tmp_path), *args)
    assert result.exit_code == 2 and message in result.output


def test_a_missing_store_is_not_created(tmp_path: Path):
    result = report_cli("--db", str(tmp_path / "nowhere.db"), "--output", str(tmp_path))
    assert result.exit_code == 2 and "result store not found" in result.output
    assert not (tmp_path / "nowhere.db").exists()
