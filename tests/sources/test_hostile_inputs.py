"""One bad input never stops the rest, and no raw value leaves through a name or an error.

Each hostile file is scanned together with a good one: the bad one becomes a recorded error naming
the file (no traceback, no raw value), the good one is still scanned.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from secsuite.scan.dataset import ScanOptions
from secsuite.scan.pipeline import ScanRequest, run_scan

ID = "11010519491231002X"
PHONE = "13812345678"
CARD = "6222600260001072444"
RAW = (ID, PHONE, CARD)


def _xlsx_bytes(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _rewrite_zip(data: bytes, member: str, change: Callable[[bytes], bytes]) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            target.writestr(info, change(content) if info.filename == member else content)
    return out.getvalue()


def xlsx_bad_xml(path: Path) -> None:
    data = _xlsx_bytes([["姓名", "身份证号"], ["张三", ID]])
    path.write_bytes(_rewrite_zip(data, "xl/worksheets/sheet1.xml", lambda xml: xml[: len(xml) // 2]))


def xlsx_bad_crc(path: Path) -> None:
    data = bytearray(_xlsx_bytes([["姓名", "身份证号"]] + [["张三", ID]] * 200))
    info = next(i for i in zipfile.ZipFile(io.BytesIO(bytes(data))).infolist() if i.filename.endswith("sheet1.xml"))
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0xFF  # one flipped byte in the compressed sheet
    path.write_bytes(bytes(data))


def json_deep(path: Path) -> None:
    path.write_text('[{"a": ' + "[" * 10_000 + "]" * 10_000 + "}]", encoding="utf-8")


def json_huge_integer(path: Path) -> None:
    path.write_text('[{"n": ' + "7" * 5000 + "}]", encoding="utf-8")


def json_lone_surrogate(path: Path) -> None:
    path.write_text(f'[{{"姓名": "\\ud800张三", "身份证号": "{ID}"}}]', encoding="utf-8")


def jsonl_late_bad_utf8(path: Path) -> None:
    good = "".join(json.dumps({"身份证号": ID, "i": i}) + "\n" for i in range(3000)).encode()
    path.write_bytes(good + b'{"x": "\xff\xfe"}\n')


def parquet_bad_utf8(path: Path) -> None:
    binary = pa.array([b"ok", b"\xff\xfe\xfd"], type=pa.binary())
    table = pa.table({"v": binary})
    pq.write_table(table, path)
    data = path.read_bytes()
    # relabel the column as UTF-8 text: the footer keeps the bytes, the reader must reject them
    schema_with_string = pa.schema([pa.field("v", pa.string())])
    pq.write_table(pa.Table.from_arrays([binary.view(pa.string())], schema=schema_with_string), path)
    assert path.read_bytes() != data


def parquet_map_and_duplicates(path: Path) -> None:
    maps = pa.array([[("身份证号", ID)], []], type=pa.map_(pa.string(), pa.string()))
    table = pa.Table.from_arrays([maps, pa.array(["a", "b"]), pa.array(["c", "d"])], names=["m", "dup", "dup"])
    pq.write_table(table, path)


def parquet_corrupt_page(path: Path) -> None:
    pq.write_table(pa.table({"身份证号": [ID] * 5000, "n": list(range(5000))}), path, compression="snappy")
    data = bytearray(path.read_bytes())
    middle = len(data) // 3
    data[middle : middle + 64] = bytes(64)
    path.write_bytes(bytes(data))


HOSTILE: dict[str, tuple[Callable[[Path], None], str]] = {
    # file: (how to make it, what must happen: "error" = one recorded error, "read" = scanned, with
    # the bad part named in a warning where there is one)
    "bad.xlsx": (xlsx_bad_xml, "error"),
    "crc.xlsx": (xlsx_bad_crc, "error"),
    "deep.json": (json_deep, "error"),
    "huge_integer.json": (json_huge_integer, "read"),
    "surrogate.json": (json_lone_surrogate, "read"),
    "late.jsonl": (jsonl_late_bad_utf8, "read"),
    "bad_utf8.parquet": (parquet_bad_utf8, "read"),
    "map_dup.parquet": (parquet_map_and_duplicates, "read"),
    "page.parquet": (parquet_corrupt_page, "error"),
}


def scan(paths: list[str], specs, guide, as_of, full: bool = False):
    request = ScanRequest(paths=paths, guide=guide, specs=specs, as_of=as_of, options=ScanOptions(full=full))
    return run_scan(request)


@pytest.mark.parametrize("full", [False, True], ids=["sampled", "full"])
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_file_is_named_and_the_next_file_is_scanned(tmp_path, specs, guide, as_of, name, full):
    make, outcome = HOSTILE[name]
    bad = tmp_path / "a" / name
    bad.parent.mkdir()
    make(bad)
    good = tmp_path / "z_good.csv"
    good.write_text(f"姓名,身份证号\n张三,{ID}\n", encoding="utf-8")
    result = scan([str(bad.parent), str(good)], specs, guide, as_of, full)
    scanned = {d.source for d in result.datasets}
    errors = [e for e in result.errors if e["source"].startswith(str(bad))]
    assert str(good) in scanned
    text = json.dumps(result.to_json(), ensure_ascii=False)
    assert not any(raw in text for raw in RAW)
    if outcome == "error":
        assert len(errors) == 1 and not any(s.startswith(str(bad)) for s in scanned), result.errors
    else:
        assert any(s.startswith(str(bad)) for s in scanned), result.errors


def test_invalid_utf8_late_in_jsonl_names_the_line_and_keeps_the_rest(tmp_path, specs, guide, as_of):
    path = tmp_path / "late.jsonl"
    jsonl_late_bad_utf8(path)
    result = scan([str(path)], specs, guide, as_of, full=True)
    [dataset] = result.datasets
    assert dataset.rows_scanned == 3000 and dataset.partial
    assert [(e["row"], e["field"]) for e in result.errors] == [(3001, None)]


def test_invalid_utf8_in_parquet_text_is_replaced_and_named(tmp_path, specs, guide, as_of):
    path = tmp_path / "bad_utf8.parquet"
    parquet_bad_utf8(path)
    result = scan([str(path)], specs, guide, as_of, full=True)
    [dataset] = result.datasets
    assert dataset.rows_scanned == 2
    assert [(e["row"], e["field"]) for e in result.errors] == [(1, "v")]


def test_repeated_parquet_column_names_are_suffixed(tmp_path, specs, guide, as_of):
    path = tmp_path / "map_dup.parquet"
    parquet_map_and_duplicates(path)
    [dataset] = scan([str(path)], specs, guide, as_of).datasets
    # the map column is read, and its key is judged as a sub-column of its own
    assert [f.name for f in dataset.fields] == ["m", "m.身份证号", "dup", "dup_2"]


def test_a_huge_json_integer_is_kept_as_written(tmp_path, specs, guide, as_of):
    path = tmp_path / "ids.json"
    path.write_text(f'[{{"n": {"7" * 5000}}}, {{"身份证号": {ID[:-1]}7}}]', encoding="utf-8")
    result = scan([str(path)], specs, guide, as_of)
    assert not result.errors and result.datasets[0].rows_scanned == 2


# --- headerless tables and names that are values ------------------------------------------------

HEADERLESS_ROWS = [[ID, PHONE, CARD, "张三"], ["11010519491231002X", "13912345678", CARD, "李四"]]


def _write_headerless(path: Path) -> None:
    if path.suffix == ".xlsx":
        path.write_bytes(_xlsx_bytes(HEADERLESS_ROWS))
    else:
        path.write_text("\n".join(",".join(row) for row in HEADERLESS_ROWS) + "\n", encoding="utf-8")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_headerless_table_gets_positional_names_and_keeps_its_first_row(tmp_path, specs, guide, as_of, suffix):
    path = tmp_path / f"export{suffix}"
    _write_headerless(path)
    result = scan([str(path)], specs, guide, as_of, full=True)
    [dataset] = result.datasets
    assert [f.name for f in dataset.fields] == ["列1", "列2", "列3", "列4"]
    assert dataset.rows_scanned == 2
    types = {f.name: {e.type for e in f.entities} for f in dataset.fields}
    assert "CN_RESIDENT_ID" in types["列1"] and "CN_MOBILE" in types["列2"]
    assert not any(raw in json.dumps(result.to_json(), ensure_ascii=False) for raw in RAW)


def test_a_header_of_words_and_years_stays_a_header(tmp_path, specs, guide, as_of):
    path = tmp_path / "stats.csv"
    path.write_text("地区,2023,2024\n宿城区,12,13\n", encoding="utf-8")
    [dataset] = scan([str(path)], specs, guide, as_of).datasets
    assert [f.name for f in dataset.fields] == ["地区", "2023", "2024"]


def test_values_in_file_sheet_and_key_names_are_masked(tmp_path, specs, guide, as_of):
    folder = tmp_path / PHONE
    folder.mkdir()
    (folder / f"{ID}.csv").write_text(f"姓名,备注{CARD}\n张三,x\n", encoding="utf-8")
    (folder / "keys.json").write_text(json.dumps([{ID: "x", "姓名": "张三"}]), encoding="utf-8")
    book = openpyxl.Workbook()
    book.active.title = PHONE
    book.active.append(["姓名"])
    book.active.append(["张三"])
    book.save(folder / "book.xlsx")
    result = scan([str(folder)], specs, guide, as_of)
    assert len(result.datasets) == 3 and not result.errors
    text = json.dumps(result.to_json(), ensure_ascii=False)
    assert not any(raw in text for raw in RAW), text
    json_fields = next(d for d in result.datasets if d.source.endswith("keys.json")).fields
    assert [f.name for f in json_fields] == ["110***********002X", "姓名"]


# --- title rows above the header -----------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_title_row_above_the_header_is_not_the_header(tmp_path, specs, guide, as_of, suffix):
    rows = [["2025年宿城区人口信息表"], ["导出时间：2025-12-01"], ["姓名", "身份证号", "联系电话"]]
    rows += [["张三", ID, PHONE]] * 30
    path = tmp_path / f"人口{suffix}"
    if suffix == ".xlsx":
        book = openpyxl.Workbook()
        for row in rows:
            book.active.append(row)
        book.active.merge_cells("A1:C1")  # the usual merged title
        book.save(path)
    else:
        path.write_text("\n".join(",".join(row) for row in rows) + "\n", encoding="utf-8")
    result = scan([str(path)], specs, guide, as_of, full=True)
    assert not result.errors
    [dataset] = result.datasets
    assert [f.name for f in dataset.fields] == ["姓名", "身份证号", "联系电话"] and dataset.rows_scanned == 30
