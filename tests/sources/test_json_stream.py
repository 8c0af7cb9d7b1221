"""A JSON file of records is read incrementally: in batches, with memory bounded by the batch."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import polars as pl
import pytest

from secsuite.errors import InputError
from secsuite.sources import json_file, json_stream
from secsuite.sources.json_file import open_json

MAX_CELL = 1 << 20
ID = "11010519491231002X"

LAYOUTS = {
    "array": [{"姓名": "张三", "n": 1}, {"地址": {"市": "宿迁"}, "n": 2.50}, {"phones": ["13800138000"]}],
    "wrapped": {"total": 3, "meta": {"x": [1, 2]}, "rows": [{"a": 1}], "data": [{"x": 1}, {"y": 123456789012345678}]},
    "single record": {"身份证号": ID, "items": "not a list", "count": 12345678901234567890},
    "empty keys and nulls": [{}, {"a": None}, {"a": "", "b": True}],
}


def frame_of(path: Path) -> pl.DataFrame:
    return pl.concat(list(open_json(path, str(path), MAX_CELL).batches()))


@pytest.mark.parametrize("name", LAYOUTS)
@pytest.mark.parametrize("indent", [None, 2])
def test_small_reads_and_batches_give_the_whole_file_reading(tmp_path, monkeypatch, name, indent):
    path = tmp_path / "t.json"
    path.write_text(json.dumps(LAYOUTS[name], ensure_ascii=False, indent=indent), encoding="utf-8")
    whole = frame_of(path)  # one read, one batch
    monkeypatch.setattr(json_stream, "CHUNK_CHARS", 3)
    monkeypatch.setattr(json_file, "BATCH_ROWS", 1)
    table = open_json(path, str(path), MAX_CELL)
    batches = list(table.batches())
    assert len(batches) == table.rows_total
    assert pl.concat(batches).equals(whole)


def test_values_are_kept_as_written(tmp_path):
    path = tmp_path / "t.json"
    path.write_text(json.dumps(LAYOUTS["wrapped"]), encoding="utf-8")
    frame = frame_of(path)
    assert frame.columns == ["x", "y"]
    assert frame["y"].to_list() == [None, "123456789012345678"]
    path.write_text(json.dumps(LAYOUTS["array"], ensure_ascii=False), encoding="utf-8")
    assert frame_of(path)["n"].to_list() == ["1", "2.5", None]


def test_a_file_three_batches_long_is_read_in_three_batches(tmp_path, monkeypatch):
    monkeypatch.setattr(json_file, "BATCH_ROWS", 100)
    path = tmp_path / "t.json"
    records = [{"身份证号": ID, "i": i} | ({"late": "x"} if i == 299 else {}) for i in range(300)]
    path.write_text(json.dumps(records), encoding="utf-8")
    table = open_json(path, str(path), MAX_CELL)
    batches = list(table.batches())
    assert [len(b) for b in batches] == [100, 100, 100]
    assert table.columns == ["身份证号", "i", "late"]  # a key first seen in the last batch is a column
    frame = pl.concat(batches)
    assert frame["i"].to_list() == [str(i) for i in range(300)]
    assert frame["late"].null_count() == 299


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[{"a": 1},\n{"a": 2', "invalid JSON"),
        ('[{"a": 1}\n\n {"a": 2}]', "Expecting ',' delimiter"),
        ('[{"a": 1},\n{"a": 2}]\n\n[]', "Extra data"),
        ('{"data": [{"a": 1},\n  {"a": tru}]}', "Expecting value"),
    ],
)
@pytest.mark.parametrize("chunk", [2, 5, 1 << 20])
def test_a_syntax_error_names_the_line_json_would_name(tmp_path, monkeypatch, text, message, chunk):
    monkeypatch.setattr(json_stream, "CHUNK_CHARS", chunk)
    path = tmp_path / "t.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(json.JSONDecodeError) as expected:
        json.loads(text)
    with pytest.raises(InputError) as raised:
        open_json(path, str(path), MAX_CELL)
    assert raised.value.row == expected.value.lineno
    assert message in str(raised.value) and f"column {expected.value.colno}" in str(raised.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "empty file"), ("  \n", "empty file"), ("[]", "no records"), ('{"data": []}', "no records"),
     ('[{"a": 1}, 2]', "unrecognised JSON layout"), ('"text"', "unrecognised JSON layout")],
)
def test_layouts_without_records_are_named(tmp_path, text, message):
    path = tmp_path / "t.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        open_json(path, str(path), MAX_CELL)


@pytest.mark.slow
def test_memory_is_bounded_by_the_batch_not_the_file(tmp_path, monkeypatch):
    monkeypatch.setattr(json_file, "BATCH_ROWS", 1_000)
    path = tmp_path / "big.json"
    record = {"身份证号": ID, "姓名": "张三", "地址": {"省": "江苏", "市": "宿迁", "备注": "x" * 200}}
    line = json.dumps(record, ensure_ascii=False)
    with path.open("w", encoding="utf-8") as handle:
        handle.write('{"total": 1, "data": [\n' + ",\n".join([line] * 100_000) + "\n]}")
    size = path.stat().st_size
    assert size > 30_000_000
    tracemalloc.start()
    try:
        table = open_json(path, str(path), MAX_CELL)
        rows = sum(len(batch) for batch in table.batches())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert rows == table.rows_total == 100_000
    assert peak < size / 4, f"peak {peak:,} bytes for a {size:,}-byte file"
