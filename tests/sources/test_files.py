"""Readers over real files of every supported format, and each kind of bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from secsuite.errors import InputError
from secsuite.sources.files import Skipped, discover, open_file

MAX_CELL = 1 << 20


def tables_of(path: Path):
    return list(open_file(path, str(path), MAX_CELL))


def rows_of(table) -> pl.DataFrame:
    return pl.concat(list(table.batches()))


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]], merge: dict[str, str] | None = None) -> None:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        if merge and title in merge:
            sheet.merge_cells(merge[title])
    book.save(path)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_encodings_keep_identifiers_as_text(tmp_path, encoding):
    path = tmp_path / "人口.csv"
    path.write_text("姓名,身份证号\n张三,011010199001011234\n李四,11010519491231002x\n", encoding=encoding)
    [table] = tables_of(path)
    frame = rows_of(table)
    assert table.columns == ["姓名", "身份证号"]
    assert frame["身份证号"].to_list() == ["011010199001011234", "11010519491231002x"]
    assert frame["姓名"].to_list() == ["张三", "李四"]


def test_csv_semicolon_and_duplicate_headers(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("a;a;\n1;2;3\n", encoding="utf-8")
    [table] = tables_of(path)
    assert table.columns == ["a", "a_2", "列3"]


def test_csv_wrong_field_count_is_reported_and_skipped(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("a,b\n1,2\n3,4,5\n6,7\n", encoding="utf-8")
    [table] = tables_of(path)
    frame = rows_of(table)
    assert frame["a"].to_list() == ["1", "6"]
    [warning] = table.warnings
    assert warning.row == 3 and warning.expected.startswith("2 fields")
    assert "4,5" not in str(warning)  # the row's content never reaches the message


@pytest.mark.parametrize(
    ("content", "expected"),
    [(b"", "empty"), (b"   \n", "empty"), (bytes(range(128, 256)) * 40, "encoding")],
)
def test_csv_unreadable_content(tmp_path, content, expected):
    path = tmp_path / "broken.csv"
    path.write_bytes(content)
    [error] = tables_of(path)
    assert isinstance(error, InputError)
    assert error.source == str(path) and expected in str(error)


def test_large_cell_is_skipped_with_row_and_field(tmp_path):
    path = tmp_path / "big.csv"
    big = "x" * (3 << 20)
    path.write_text(f"备注,电话\nsmall,13812345678\n{big},13912345678\n", encoding="utf-8")
    [table] = tables_of(path)
    frame = rows_of(table)
    assert frame["电话"].to_list() == ["13812345678", "13912345678"]
    assert frame["备注"].to_list() == ["small", None]
    [warning] = table.warnings
    assert (warning.row, warning.field) == (3, "备注")


def test_a_50mb_cell_is_skipped_naming_the_line_and_every_row_is_kept(tmp_path):
    path = tmp_path / "huge.csv"
    path.write_text("备注,电话\nsmall,13812345678\n" + "x" * (50 << 20) + ",13912345678\nlast,13712345678\n",
                    encoding="utf-8")
    [table] = tables_of(path)
    assert rows_of(table)["电话"].to_list() == ["13812345678", "13912345678", "13712345678"]
    [warning] = table.warnings
    assert (warning.row, warning.field) == (3, "备注") and "size limit" in warning.message


def test_xlsx_every_sheet_is_a_dataset(tmp_path):
    path = tmp_path / "book.xlsx"
    write_xlsx(path, {"企业": [["名称", "信用代码"], ["甲公司", "91320000MA1XXXXXX1"]],
                      "联系人": [[None], ["姓名", "手机"], ["张三", 13812345678]]})
    tables = tables_of(path)
    assert [t.source for t in tables] == [f"{path}#企业", f"{path}#联系人"]
    assert rows_of(tables[1])["手机"].to_list() == ["13812345678"]


def test_xlsx_merged_header_and_empty_sheet_are_errors_others_still_read(tmp_path):
    path = tmp_path / "book.xlsx"
    write_xlsx(path, {"好": [["a", "b"], [1, 2]], "合并": [["姓名", "联系方式", None], [None, "手机", "固话"]],
                      "空": []},
               merge={"合并": "B1:C1"})  # a grouped header (a merged title row above a header is skipped)
    good, merged, empty = tables_of(path)
    assert rows_of(good)["a"].to_list() == ["1"]
    assert isinstance(merged, InputError) and "B1:C1" in merged.message and merged.row == 1
    assert isinstance(empty, InputError) and "empty" in str(empty)


def test_truncated_xlsx_and_parquet(tmp_path):
    xlsx = tmp_path / "t.xlsx"
    write_xlsx(xlsx, {"s": [["a"], [1]]})
    xlsx.write_bytes(xlsx.read_bytes()[:200])
    parquet = tmp_path / "t.parquet"
    pl.DataFrame({"a": ["1", "2"]}).write_parquet(parquet)
    parquet.write_bytes(parquet.read_bytes()[:30])
    for path in (xlsx, parquet):
        [error] = tables_of(path)
        assert isinstance(error, InputError) and "truncated" in error.message


def test_parquet_columns_become_text(tmp_path):
    path = tmp_path / "p.parquet"
    pl.DataFrame({"n": [1, 2], "s": ["a", None], "nested": [{"k": "v"}, {"k": "w"}]}).write_parquet(path)
    [table] = tables_of(path)
    frame = rows_of(table)
    assert table.rows_total == 2
    assert frame.schema == pl.Schema({"n": pl.String, "s": pl.String, "nested": pl.String})
    assert frame["nested"].to_list() == ['{"k":"v"}', '{"k":"w"}']


def test_json_layouts_and_truncation(tmp_path):
    array = tmp_path / "a.json"
    array.write_text(json.dumps([{"姓名": "张三", "地址": {"市": "宿迁"}}], ensure_ascii=False), encoding="utf-8")
    wrapped = tmp_path / "w.json"
    wrapped.write_text(json.dumps({"data": [{"x": 1}, {"y": 2}]}), encoding="utf-8")
    truncated = tmp_path / "t.json"
    truncated.write_text('[{"a": 1},\n{"a": 2', encoding="utf-8")
    [table] = tables_of(array)
    assert rows_of(table)["地址"].to_list() == ['{"市": "宿迁"}']
    [table] = tables_of(wrapped)
    assert table.columns == ["x", "y"] and table.rows_total == 2
    [error] = tables_of(truncated)
    assert isinstance(error, InputError) and error.row == 2


def test_jsonl_bad_line_is_reported_and_the_rest_read(tmp_path):
    path = tmp_path / "l.jsonl"
    path.write_text('{"a": "1"}\n{"a": \n[1]\n{"a": "4"}\n', encoding="utf-8")
    [table] = tables_of(path)
    assert rows_of(table)["a"].to_list() == ["1", "4"]
    assert [w.row for w in table.warnings] == [2, 3]


def test_discover_walks_directories_and_reports_missing_paths(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.csv").write_text("a\n1\n", encoding="utf-8")
    (tmp_path / "b.parquet").write_bytes(b"")
    (tmp_path / "notes.md").write_text("x", encoding="utf-8")
    found = list(discover([str(tmp_path), str(tmp_path / "missing.csv"), str(tmp_path / "notes.md")]))
    paths = [item[0].name for item in found if isinstance(item, tuple)]
    errors = [item for item in found if isinstance(item, InputError)]
    assert paths == ["b.parquet", "a.csv"]
    assert [e.source for e in errors] == [str(tmp_path / "missing.csv"), str(tmp_path / "notes.md")]
    assert [item.source for item in found if isinstance(item, Skipped)] == [(tmp_path / "notes.md").as_posix()]


def test_hidden_folders_are_named_once_and_not_entered(tmp_path):
    """A data folder copied from a repository or unzipped on a Mac: .git and __MACOSX hold no table,
    and their hundreds of files would bury the skipped list; each folder is named once instead."""
    for folder, name in ((".git/objects/ab", "cdef"), ("__MACOSX", "._人口.csv"), ("sub/.svn", "entries"),
                         (".backup", "old.csv")):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / name).write_text("a\n1\n", encoding="utf-8")
    (tmp_path / "人口.csv").write_text("a\n1\n", encoding="utf-8")
    (tmp_path / "sub" / "b.csv").write_text("a\n1\n", encoding="utf-8")
    found = list(discover([str(tmp_path)]))
    assert [item[0].name for item in found if isinstance(item, tuple)] == ["人口.csv", "b.csv"]
    skipped = [item for item in found if isinstance(item, Skipped)]
    assert [item.source for item in skipped] == [
        f"{tmp_path / name}/" for name in (".backup", ".git", "__MACOSX", "sub/.svn")]
    assert all("hidden folder" in item.reason for item in skipped)
    # a folder the user names is entered
    assert [item[0].name for item in discover([str(tmp_path / ".backup")])] == ["old.csv"]


def test_unreadable_file_is_an_error(tmp_path):
    """Run as an unprivileged user (root reads mode-000 files), through setpriv when we are root."""
    path = tmp_path / "locked.csv"
    path.write_text("a\n1\n", encoding="utf-8")
    path.chmod(0)
    tmp_path.chmod(0o755)
    probe = (
        "import sys; from pathlib import Path; from secsuite.sources.files import open_file;"
        "[e] = open_file(Path(sys.argv[1]), sys.argv[1], 1 << 20); print(type(e).__name__, e)"
    )
    command = [sys.executable, "-c", probe, str(path)]
    if os.geteuid() == 0:
        command = ["setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups", *command]
    done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=tmp_path)
    assert done.stdout.startswith("InputError") and "permission denied" in done.stdout


def test_zip_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "fake.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    [error] = tables_of(path)
    assert isinstance(error, InputError)
