"""CSV errors name the physical line, skip only the bad record and say how many were skipped."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from secsuite.sources.files import open_file

ID = "11010519491231002X"


def read(path: Path) -> tuple[int, list[tuple[int | None, str | None, str]]]:
    [table] = list(open_file(path, str(path), 1 << 20))
    frame = pl.concat(list(table.batches()))
    return frame.height, [(w.row, w.field, w.message) for w in table.warnings]


def lines_with(count: int, bad: dict[int, bytes], encoding: str = "utf-8") -> bytes:
    """A header and ``count`` data lines; physical line numbers in ``bad`` replaced by raw bytes."""
    lines = ["姓名,身份证号,备注"] + [f"张三{i},{ID},第{i}行的一些说明文字" for i in range(2, count + 2)]
    data = [line.encode(encoding) for line in lines]
    for number, raw in bad.items():
        data[number - 1] = raw
    return b"\n".join(data) + b"\n"


def test_an_invalid_byte_past_the_sample_names_its_physical_line_and_keeps_the_rest(tmp_path):
    path = tmp_path / "big.csv"
    path.write_bytes(lines_with(120_000, {100_000: b"\xff\xfe,x,y"}))
    assert path.stat().st_size > 4 << 20 and path.read_bytes().index(b"\xff") > 4 << 20
    rows, warnings = read(path)
    assert rows == 119_999
    assert [(row, field) for row, field, _ in warnings] == [(100_000, None)]


def test_a_gbk_file_with_one_damaged_line_names_that_line(tmp_path):
    path = tmp_path / "gbk.csv"
    path.write_bytes(lines_with(30, {12: b"\x81\x20\xff,x,y"}, encoding="gbk"))
    rows, warnings = read(path)
    assert rows == 29 and [row for row, _, _ in warnings] == [12]


def test_many_bad_lines_are_counted(tmp_path):
    path = tmp_path / "many.csv"
    path.write_bytes(lines_with(500, {n: b"\xff,x,y" for n in range(100, 125)} | {200: "只有一列".encode()}))
    rows, warnings = read(path)
    assert rows == 500 - 26
    assert [row for row, _, _ in warnings[:20]] == [*range(100, 120)]
    assert "26 in all" in warnings[-1][2]
