"""Composite cells cut into pieces: separators, labels stripped, pieces too short dropped."""

from __future__ import annotations

import polars as pl
import pytest

from secsuite.detect.cells import pieces

CASES = [
    ("name and mobile", "张三 13812345678", ["张三", "13812345678"]),
    ("name slash id", "李四/110105194912310021", ["李四", "110105194912310021"]),
    ("labelled parts", "王五,电话0755-83312456,住址北京市朝阳区人民路12号",
     ["王五", "0755-83312456", "北京市朝阳区人民路12号"]),
    ("labelled name", "联系人张三", []),  # no separator: not a composite cell
    ("label then name", "备注:联系人张三", ["备注", "张三"]),
    ("single characters dropped", "A 1 张", []),
]


@pytest.mark.parametrize(("case", "cell", "expected"), CASES, ids=[c[0] for c in CASES])
def test_pieces(case, cell, expected):
    found, origin = pieces(pl.Series([cell]))
    assert found.to_list() == expected
    assert origin.tolist() == [0] * len(expected)
