"""Composite cells: several entities side by side in one short cell ("张三 13812345678",
"李四/110105…", "王五,电话0755-…,住址北京市…").

Such a cell is neither a clean value nor prose long enough to be searched inside, so it is cut at
its separators and each piece, stripped of a leading label (电话, 住址, 联系人 …), is matched as a
whole value by the same patterns and validators as a column. The label is kept beside the piece,
also when it stands alone before it ("护照:E12345678"): it names the piece as a column's name
names its values, so a number that needs a name to be told apart (a passport's) is found in the
cell that names it. Pieces are cheap to build (polars
string kernels): a full scan cuts every cell, so its counts are exact; a sampled scan cuts the
first ``CELL_BUDGET`` cells of a column and its share is an estimate (``sampled_cells``). Only
cells that could hold an entity are cut (``WORTH_CUTTING``), and each distinct piece is matched
once (``distinct_pieces``).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from secsuite.detect.normalize import WHITESPACE

CELL_BUDGET = 4096  # cells per column cut into pieces: enough to estimate a share of 5% closely
MAX_CELL_CHARS = 120
MIN_PIECE_CHARS = 2
SEPARATOR = r"[\s/|;,、:()\[\]{}<>]+"
SEPARATOR_CHARS = [*WHITESPACE, *"/|;,、:()[]{}<>"]  # the same characters as literals: a cheaper search
# What a piece must hold to be any entity matched without a column name: Han characters (names,
# addresses, plates), two Latin letters (romanised names, passports, e-mail addresses), a dotted
# quad (IP), or ten digits with hyphens or dots between them, the shortest identifier written in
# digits alone (a landline with its area code). A cell with none of them, a timestamp say, is not
# cut at all.
WORTH_CUTTING = r"[\u4e00-\u9fff]|[A-Za-z]{2}|@|\d+\.\d+\.\d+\.\d+|\d(?:[\-.]?\d){9}"
# Labels people write before a value; stripped so that 电话0755-… is the landline and 联系人张三 the name.
LABEL = (
    r"^(?:联系人|申请人|当事人|经办人|代理人|监护人|法定代表人|户主|本人|姓名|名字|联系电话|联系方式|手机号码|手机号|手机|电话|"
    r"座机|固话|家庭住址|现住址|户籍地址|通讯地址|联系地址|住址|地址|身份证号码|身份证号|身份证|证件号码|证件号|卡号|账号|"
    r"邮箱|电子邮箱|车牌号码|车牌号|车牌|护照号码|护照号|护照|港澳通行证|往来港澳通行证|回乡证|台胞证|军官证|士兵证|"
    r"出生日期|出生年月|出生于|生于|生日)"
    r"(?:号码|号|是|为)?"
)
_SLASHED_DIGITS = r"([0-9])/([0-9])"
# A date written before the word saying what it is: 1979-03-09出生, 1986.01.05生 (a date is born).
BORN_AFTER = r"^([0-9][0-9年月日./\-]{5,})(出生|生)$"


def pieces(cells: pl.Series) -> tuple[pl.Series, np.ndarray, pl.Series]:
    """The pieces of ``cells`` (already normalised and trimmed), for each the position of the cell
    it comes from, and its label (null where none): the one written before it ("电话0755-…"), a
    label standing alone as the piece before it in the same cell ("护照:E12345678"), or 出生 after
    a date ("1979-03-09出生"). Cells without a separator give no pieces."""
    label = pl.col("piece").str.extract(f"({LABEL})", 1)
    alone_before = (pl.col("row").shift(1) == pl.col("row")) & (pl.col("piece").shift(1) == "")
    split = (
        pl.DataFrame({"cell": cells})
        .with_row_index("row")
        .filter(pl.col("cell").str.contains(SEPARATOR))
        # a slash between digits is a date's (1974/10/30), not a separator: kept aside while cutting
        .select("row", piece=pl.col("cell").str.replace_all(_SLASHED_DIGITS, "${1}\u0001${2}")
                .str.replace_all(SEPARATOR, "\u0000").str.split("\u0000"))
        .explode("piece")
        .with_columns(pl.col("piece").str.replace_all("\u0001", "/", literal=True))
        .with_columns(label=label, born=pl.col("piece").str.extract(BORN_AFTER, 1))
        .with_columns(piece=pl.when(pl.col("born").is_not_null()).then(pl.col("born"))
                      .when(pl.col("label").is_null()).then(pl.col("piece"))
                      .otherwise(pl.col("piece").str.slice(pl.col("label").str.len_chars())),
                      label=pl.when(pl.col("born").is_not_null()).then(pl.lit("出生")).otherwise("label"))
        .drop("born")
        .with_columns(label=pl.coalesce("label", pl.when(alone_before).then(pl.col("label").shift(1))))
        .filter(pl.col("piece").str.len_chars() >= MIN_PIECE_CHARS)
    )
    return split["piece"], split["row"].to_numpy().astype(np.int64), split["label"]


def written_after(cells: pl.Series, found: pl.Series, chars: str) -> np.ndarray:
    """Per piece of ``found`` (cut from the cell at the same position of ``cells``), whether the
    cell holds it right after one of ``chars``: a version after a product's slash (Chrome/118.0.0.0)
    is no address (``text_not_after``). Only separators can stand before a piece, so only those of
    ``chars`` are looked for; asked of an entity's few hits, not of every piece."""
    before = [char for char in chars if char in SEPARATOR_CHARS]
    if not before or found.len() == 0:
        return np.zeros(found.len(), dtype=bool)
    written = pl.any_horizontal(pl.col("cell").str.contains(pl.lit(char) + pl.col("piece"), literal=True) for char in before)
    return pl.DataFrame({"cell": cells, "piece": found}).select(written.fill_null(False)).to_series().to_numpy()


def distinct_pieces(found: pl.Series, labels: pl.Series) -> tuple[pl.Series, pl.Series, np.ndarray]:
    """The distinct pieces with their labels (in first-seen order) and, for each piece of
    ``found``, the position of its own among them: pieces repeat (the same name, the same
    label-free code), and each distinct one is matched once; a piece under another label is
    another piece, as it may be named as something else."""
    frame = pl.DataFrame({"piece": found, "label": labels})
    distinct = frame.unique(maintain_order=True)
    if distinct.height == frame.height:
        return found, labels, np.arange(found.len(), dtype=np.int64)
    index = distinct.with_row_index("at")
    inverse = frame.join(index, on=["piece", "label"], how="left", maintain_order="left", nulls_equal=True)["at"]
    return distinct["piece"], distinct["label"], inverse.to_numpy().astype(np.int64)
