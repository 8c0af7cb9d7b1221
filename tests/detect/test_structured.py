"""Structured cells: which columns hold them and the key paths their leaves are judged under."""

from __future__ import annotations

import polars as pl
import pytest

from secsuite.detect.column import ColumnScan
from secsuite.detect.spec import load_specs
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


PLACES = ["江门", "黄山", "周口", "林芝", "常州", "马鞍山", "张家口", "高安", "吴江", "金华", "许昌", "武威", "安康", "钟祥"]
PEOPLE = ["王建国", "李秀英", "张伟", "刘洋", "陈静", "杨磊", "赵敏", "黄涛", "周杰", "吴芳", "徐强", "孙丽"]


def _key_paths(name: str, cells: list[str], as_of) -> dict[str, set[str]]:
    from secsuite.scan.dataset import with_key_paths

    scan = ColumnScan([name], load_specs(), as_of)
    scan.observe(pl.Series(name, cells))
    return {field: {v.type for v in child.verdicts()} for field, child in with_key_paths({name: scan}).items()}


def test_a_key_path_is_hinted_by_its_own_key_not_its_parents(as_of):
    """申请人 (sqr) names the applicant; their birthplace (csd) under it holds places that read like
    names (黄山, 常州), and is no name column for being the applicant's."""
    cells = [f'{{"xm": "{PEOPLE[i % 12]}", "csd": "{PLACES[i % 14]}"}}' for i in range(200)]
    found = _key_paths("sqr", cells, as_of)
    assert found["sqr.xm"] == {"PERSON_NAME"} and found["sqr.csd"] == set()


def test_a_generic_key_is_hinted_by_the_path_around_it(as_of):
    cells = [f'{{"mobile": {{"value": "13{i % 10}{i:08d}"}}}}' for i in range(200)]
    assert _key_paths("ext", cells, as_of)["ext.mobile.value"] == {"CN_MOBILE"}
    arrays = [f'["13{i % 10}{i:08d}", "15{i % 10}{i:08d}"]' for i in range(200)]
    assert _key_paths("手机号", arrays, as_of)["手机号[]"] == {"CN_MOBILE"}
