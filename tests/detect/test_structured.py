"""Structured cells: which columns hold them and the key paths their leaves are judged under."""

from __future__ import annotations

import polars as pl
import pytest

from secsuite.detect.structured import MAX_PATHS, flatten, looks_structured

CELLS = [
    # (case, cells, structured, {path: leaves})
    ("json objects", ['{"mobile": "13812345678", "a": {"b": 1}}', '{"mobile": "13912345678"}'], True,
     {"mobile": ["13812345678", "13912345678"], "a.b": ["1"]}),
    ("json list of objects", ['[{"phone": "138"}, {"phone": "139"}]'], True, {"[].phone": ["138", "139"]}),
    ("json list of scalars", ['["138", "139"]', "[]"], True, {"[]": ["138", "139"]}),
    ("parquet map as key/value structs", ['[{"key": "email", "value": "a@b.cn"}]'], True, {"email": ["a@b.cn"]}),
    ("key=value strings", ["uid=1;mobile=138;ip=10.0.0.1", "uid=2&mobile=139"], True,
     {"uid": ["1", "2"], "mobile": ["138", "139"], "ip": ["10.0.0.1"]}),
    ("plain text with an equals sign", ["a=b", "x = y + 1", "总计=12"], False, {}),
    ("prose", ["材料齐全，已受理", "退回补正"], False, {}),
    ("booleans and nulls are no values", ['{"ok": true, "v": null, "n": 0}'], True, {"n": ["0"]}),
]


@pytest.mark.parametrize(("case", "cells", "structured", "leaves"), CELLS, ids=[c[0] for c in CELLS])
def test_structured_cells(case, cells, structured, leaves):
    values = pl.Series(cells, dtype=pl.String)
    assert looks_structured(values) is structured
    if structured:
        assert {path: series.to_list() for path, series in flatten(values, set()).items()} == leaves


def test_paths_beyond_the_limit_are_left_out():
    cells = pl.Series([f'{{"k{i}": "v"}}' for i in range(MAX_PATHS + 10)])
    assert len(flatten(cells, set())) == MAX_PATHS
    assert flatten(pl.Series(['{"new": "v", "k0": "v"}']), {f"k{i}" for i in range(MAX_PATHS)}).keys() == {"k0"}
