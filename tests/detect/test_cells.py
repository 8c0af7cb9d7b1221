"""Composite cells cut into pieces: separators, labels stripped, pieces too short dropped."""

from __future__ import annotations

import polars as pl
import pytest

from secsuite.detect.cells import CELL_BUDGET, WORTH_CUTTING, distinct_pieces, pieces, written_after
from secsuite.detect.column import ColumnScan
from secsuite.detect.spec import load_specs

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
    found, origin, _ = pieces(pl.Series([cell]))
    assert found.to_list() == expected
    assert origin.tolist() == [0] * len(expected)


LABELS = [
    ("glued label", "王五,电话0755-83312456", [("王五", None), ("0755-83312456", "电话")]),
    ("label alone before its piece", "护照:E12345678", [("E12345678", "护照")]),
    ("label with its suffix", "证件号码:E12345678", [("E12345678", "证件号码")]),
    ("label names the next piece only", "护照:E12345678 G12345678", [("E12345678", "护照"), ("G12345678", None)]),
    ("not across cells", "护照", []),
    ("another word is no label", "批次:E12345678", [("批次", None), ("E12345678", None)]),
    ("born after the date", "陆美玲,男,1979-03-09出生", [("陆美玲", None), ("1979-03-09", "出生")]),
    ("a slashed date is one piece", "韩嘉怡,1974/10/30生,同住", [("韩嘉怡", None), ("1974/10/30", "出生"), ("同住", None)]),
    ("a student is born of no date", "张三,学生", [("张三", None), ("学生", None)]),
]


@pytest.mark.parametrize(("case", "cell", "expected"), LABELS, ids=[c[0] for c in LABELS])
def test_pieces_keep_their_labels(case, cell, expected):
    found, _, labels = pieces(pl.Series([cell]))
    assert list(zip(found.to_list(), labels.to_list(), strict=True)) == expected


def test_a_label_alone_at_the_end_of_a_cell_names_nothing_in_the_next_cell():
    found, origin, labels = pieces(pl.Series(["张三 护照", "E12345678 李四"]))
    assert list(zip(found.to_list(), origin.tolist(), labels.to_list(), strict=True)) == [
        ("张三", 0, None), ("E12345678", 1, None), ("李四", 1, None)]


def test_pieces_written_after_a_character():
    """What stands before a piece can rule an entity out, as in text (``text_not_after``)."""
    cells = pl.Series(["Chrome/118.0.0.0 Safari/537.36", "李四/110105194912310021", "10.0.0.1;10.0.0.2"])
    found, origin, _ = pieces(cells)
    after = written_after(cells.gather(origin), found, "/")
    assert [p for p, a in zip(found.to_list(), after.tolist(), strict=True) if a] == ["118.0.0.0", "537.36",
                                                                                       "110105194912310021"]
    assert not written_after(cells.gather(origin), found, "京沪").any()  # no separator: never before a piece


def test_distinct_pieces_map_back_to_every_piece():
    found = pl.Series(["张三", "13812345678", "张三", "李四", "13812345678", "13812345678"])
    labels = pl.Series([None, None, None, None, None, "电话"], dtype=pl.String)
    distinct, distinct_labels, inverse = distinct_pieces(found, labels)
    assert list(zip(distinct.to_list(), distinct_labels.to_list(), strict=True)) == [
        ("张三", None), ("13812345678", None), ("李四", None), ("13812345678", "电话")]
    assert distinct.gather(inverse).to_list() == found.to_list()
    assert distinct_labels.gather(inverse).to_list() == labels.to_list()


def _documents(label: str) -> pl.Series:
    """A 证件信息 column: two thirds ID numbers written after 身份证, a third passport-shaped numbers
    written after ``label``."""
    ids = ["110105194912310021", "11010519491231002X", "110105200001010018"]
    return pl.Series("证件信息", [f"身份证:{ids[i % 3]}" if i % 3 else f"{label}:E{10000000 + 7919 * i}"
                                  for i in range(300)])


@pytest.mark.parametrize(("label", "found"), [("护照", True), ("护照号码", True), ("批次", False), ("编号", False)])
def test_a_label_in_the_cell_names_what_only_a_name_tells(as_of, label, found):
    """A passport's number is told from any code only by its name: in a column named for nothing,
    the label written before it in the cell names it, and a label of something else does not."""
    scan = ColumnScan(["证件信息"], load_specs(), as_of, every_cell=True)
    scan.observe(_documents(label))
    verdicts = {v.type: v for v in scan.verdicts()}
    assert ("CN_PASSPORT" in verdicts) is found
    if found:
        assert verdicts["CN_PASSPORT"].hits == 100 and "labelled_piece" in verdicts["CN_PASSPORT"].signals


WORTH = [
    ("name and mobile", "张三 13812345678", True),
    ("romanised name", "ZHANG Wei 2", True),
    ("two mobiles", "13812345678/13912345678", True),
    ("landline with area code", "0755-83312456 转 8", True),
    ("ip addresses", "10.0.0.1;10.0.0.2", True),
    ("timestamp", "2025-01-01 12:00:00", False),
    ("amounts and counts", "12.50 / 3", False),
    ("eight digits", "20250101 01", False),
]


@pytest.mark.parametrize(("case", "cell", "expected"), WORTH, ids=[w[0] for w in WORTH])
def test_only_cells_that_could_hold_an_entity_are_cut(case, cell, expected):
    assert pl.Series([cell]).str.contains(WORTH_CUTTING).item() is expected


SURNAMES, GIVEN = "王李张刘陈杨黄赵吴周", "伟芳娜敏静丽强磊军洋"


def _composite_column(plain: int, composite: int) -> pl.Series:
    """``plain`` distinct cells without an entity, then ``composite`` cells of a name and a mobile."""
    cells = [f"第{i + 1}组 {'综合科' if i % 2 else '财务科'}" for i in range(plain)]
    cells += [f"{SURNAMES[i % 10]}{GIVEN[i // 10 % 10]} 13{i % 10}{i:08d}" for i in range(composite)]
    return pl.Series("c", cells)


@pytest.mark.parametrize("every_cell", [True, False])
def test_a_full_scan_counts_composite_cells_in_every_cell(as_of, every_cell):
    """Composite cells only after the sample budget: a full scan cuts and counts each of them; a
    sampled scan cuts none past its budget, and finds the mobiles by the text search instead."""
    plain, composite = CELL_BUDGET + 1000, 3000
    scan = ColumnScan(["c"], load_specs(), as_of, every_cell=every_cell)
    column = _composite_column(plain, composite)
    for start in range(0, column.len(), 2500):  # batches, as a file is read
        scan.observe(column.slice(start, 2500))
    found = {v.type: v for v in scan.verdicts()}
    if every_cell:
        assert found["CN_MOBILE"].hits == composite and found["PERSON_NAME"].hits == composite
        assert found["CN_MOBILE"].ratio == round(composite / (plain + composite), 4)
        assert "sampled_cells" not in found["CN_MOBILE"].signals
    else:  # the pieces are past the sample budget, but the text search reads every cell for identifiers
        assert found["CN_MOBILE"].hits == composite and found["CN_MOBILE"].mode == "text"


def test_a_cell_counts_once_however_many_of_its_pieces_are_labelled(as_of):
    """Two phones in one cell, one labelled and one not, make one cell with a phone."""
    cells = [f"电话13{i % 10}{i:08d},13{(i + 3) % 10}{i + 1:08d}" for i in range(200)]
    scan = ColumnScan(["c"], load_specs(), as_of, every_cell=True)
    scan.observe(pl.Series("c", cells))
    assert scan.cells["CN_MOBILE"].hits == 200 and scan.cells["CN_MOBILE"].labelled == 200


@pytest.mark.parametrize(("shape", "found"), [("{name},男,{date}出生,现住{home}", True), ("出生日期:{date},{name}", True),
                                             ("{name},{date}办结,现住{home}", False)])
def test_dates_told_as_births_in_composite_cells(as_of, shape, found):
    """A date the cell says someone was born on is a birth date; a date something was done is not."""
    cells = [shape.format(name=f"{SURNAMES[i % 10]}{GIVEN[i // 10 % 10]}", date=f"{1940 + i % 60}/{i % 12 + 1:02d}/1{i % 9}",
                          home=f"鼓楼区中山北路{i + 1}号") for i in range(200)]
    scan = ColumnScan(["人员信息"], load_specs(), as_of, every_cell=True)
    scan.observe(pl.Series("人员信息", cells))
    verdicts = {v.type: v for v in scan.verdicts()}
    assert ("BIRTH_DATE" in verdicts) is found
    if found:
        assert verdicts["BIRTH_DATE"].hits == 200 and "labelled_piece" in verdicts["BIRTH_DATE"].signals
