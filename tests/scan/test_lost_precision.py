"""IDs that Excel turned into numbers are named as a data-quality problem (file, column, how many
cells), in CSV text and in XLSX number cells, and never printed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from openpyxl import Workbook

from secsuite.scan.lost_precision import lossy_cells

ID_NUMBER = 440305199001011234  # Excel keeps 4.40305199001011E+17
ROWS = [("张三", ID_NUMBER, 13812345678), ("李四", 440305199202022345, 13912345678), ("王五", None, 13712345678)]


@pytest.mark.parametrize(
    ("cells", "lossy"),
    [
        (["4.40305E+16", "4.40305e17", " 4.40305199001011E+17 ", "1E+15"], 4),
        (["6.2E+10", "440305199001011234", "13812345678"], 1),  # 11 digits and more; whole digits pass
        (["1.5E+3", "2.1e-05", "3.0E+9", "E+16", "4.4.0E+16", None], 0),  # measurements and non-numbers
        (["7E53", "2E10", "4E21", "9.1E+25"], 0),  # hexadecimal location area codes, numbers beyond identifiers
    ],
)
def test_lossy_cells(cells, lossy):
    assert lossy_cells(pl.Series(cells, dtype=pl.String)) == lossy


def _csv(path: Path) -> None:
    lines = ["姓名,身份证号,手机"] + [f"{name},{'' if number is None else f'{number:.6G}'},{phone}"
                                      for name, number, phone in ROWS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _xlsx(path: Path) -> None:
    book = Workbook()
    book.active.append(["姓名", "身份证号", "手机"])
    for name, number, phone in ROWS:
        book.active.append([name, None if number is None else float(number), phone])
    book.save(path)


@pytest.mark.parametrize(("name", "write"), [("名单.csv", _csv), ("名单.xlsx", _xlsx)])
@pytest.mark.parametrize("full", [[], ["--full"]])
def test_a_column_of_cut_numbers_is_named_not_passed_as_clean(tmp_path, name, write, full):
    write(tmp_path / name)
    done = subprocess.run([sys.executable, "-m", "secsuite", "scan", name, "--format", "json", "--no-store", *full],
                          capture_output=True, text=True, cwd=tmp_path, timeout=300,
                          env={"PATH": "/usr/bin:/bin", "SECSUITE_LANG": "zh", "PYTHONPATH": str(Path.cwd())})
    assert done.returncode == 2, done.stderr  # something could not be checked
    document = json.loads(done.stdout)
    (error,) = [e for e in document["errors"] if "科学计数法" in e["text"]]
    assert error["source"].startswith(name) and error["field"] == "身份证号" and "2 个单元格" in error["text"]
    assert "44030519" not in done.stdout + done.stderr and "4.40305" not in done.stdout + done.stderr
