"""The scan's reading bar: a streamed file (CSV, JSONL) tells the bytes read of its size, a Parquet
file the rows read of the count in its metadata, a workbook sheet the rows read of the rows its
dimension declares, so the bar can show a time left for each."""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import polars as pl
import pytest
from rich.console import Console

from secsuite.app.scan import ScanJob, ScanProgress, scan
from secsuite.commands.common import progress_bar
from secsuite.commands.scan import _progress
from secsuite.scan.dataset import ScanOptions
from secsuite.sources import csv_file, excel_file, json_file, parquet_file

AS_OF = dt.date(2025, 12, 31)
ROWS = 20_000
CLOCK = re.compile(r"\d+:\d\d:\d\d|-:--:--")  # the time elapsed, then the time left (blank: total unknown)


def _records() -> list[dict[str, str]]:
    return [{"编号": str(n), "备注": f"第{n}行的说明文字"} for n in range(ROWS)]


def _csv(path):
    lines = ["编号,备注", *(f"{r['编号']},{r['备注']}" for r in _records())]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _jsonl(path):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in _records()), encoding="utf-8")


def _parquet(path):
    pl.DataFrame(_records()).write_parquet(path, row_group_size=2_000)


def _xlsx(path, dimension: bool = True):
    """As Excel and WPS save it, with the sheet's dimension; openpyxl's write-only mode writes none."""
    from openpyxl import Workbook

    book = Workbook(write_only=not dimension)
    sheet = book.active if dimension else book.create_sheet("登记")
    sheet.append(["编号", "备注"])
    for record in _records():
        sheet.append([record["编号"], record["备注"]])
    book.save(path)


@pytest.fixture(autouse=True)
def small_batches(monkeypatch):
    """Batches of a few kB instead of 48 MB, so a small file is read in many steps."""
    monkeypatch.setattr(csv_file, "BLOCK_BYTES", 4 << 10)
    monkeypatch.setattr(csv_file, "BATCH_BYTES", 16 << 10)
    monkeypatch.setattr(json_file, "BATCH_ROWS", 1_000)
    monkeypatch.setattr(parquet_file, "BATCH_ROWS", 1_000)
    monkeypatch.setattr(excel_file, "BATCH_ROWS", 1_000)


@pytest.mark.parametrize(
    ("name", "write", "unit", "total"),
    [
        ("登记.csv", _csv, "bytes", None),
        ("登记.jsonl", _jsonl, "bytes", None),
        ("登记.parquet", _parquet, "rows", ROWS),
        ("登记.xlsx", _xlsx, "rows", ROWS),
    ],
)
def test_a_file_tells_its_total_up_front_and_climbs_to_it(tmp_path, name, write, unit, total):
    path = tmp_path / name
    write(path)
    total = total or path.stat().st_size
    reported: dict[str, list[tuple[int, int | None]]] = {"rows": [], "bytes": []}
    scan(
        ScanJob(paths=[str(path)], as_of=AS_OF, options=ScanOptions(full=True)),
        ScanProgress(
            rows=lambda dataset, done, known: reported["rows"].append((done, known)),
            bytes_read=lambda dataset, done, known: reported["bytes"].append((done, known)),
        ),
    )
    done = [count for count, _ in reported[unit]]
    assert {known for _, known in reported[unit]} == {total}
    assert done == sorted(done) and done[0] == 0 and done[-1] == total
    assert len(set(done)) > 3  # a step per batch, not one jump at the end
    assert reported["rows"][-1][0] == ROWS  # the rows read are still told


@pytest.mark.parametrize(("name", "write", "shown"), [("登记.csv", _csv, "kB"), ("登记.parquet", _parquet, "20,000"),
                                                     ("登记.xlsx", _xlsx, "20,000")])
def test_the_bar_shows_the_total_and_a_time_left_while_reading(tmp_path, name, write, shown):
    path = tmp_path / name
    write(path)
    bar = progress_bar(quiet=True)
    hooks = _progress(bar, bar.add_task("", total=1, current=""), "en")
    lines: list[str] = []

    def render(hook):
        def told(dataset: str, done: int, known: int | None) -> None:
            hook(dataset, done, known)
            console = Console(file=io.StringIO(), width=200, color_system=None)
            console.print(bar.make_tasks_table(bar.tasks[1:]))
            lines.append(console.file.getvalue().rstrip())
        return told

    scan(
        ScanJob(paths=[str(path)], as_of=AS_OF, options=ScanOptions(full=True)),
        ScanProgress(rows=render(hooks.rows), bytes_read=render(hooks.bytes_read)),
    )
    middle = [line for line in lines[1:-1] if "Bytes read" in line or "Rows read" in line]
    assert middle
    for line in middle:
        assert re.search(rf"/[\d.,]*\s?{shown}", line) or f"/{shown}" in line, line
        assert len(CLOCK.findall(line)) == 2, line


def test_a_sheet_without_a_dimension_still_tells_the_rows_read(tmp_path):
    path = tmp_path / "登记.xlsx"
    _xlsx(path, dimension=False)
    reported: list[tuple[int, int | None]] = []
    scan(ScanJob(paths=[str(path)], as_of=AS_OF, options=ScanOptions(full=True)),
         ScanProgress(rows=lambda dataset, done, known: reported.append((done, known))))
    assert {known for _, known in reported} == {None} and reported[-1][0] == ROWS
