"""Composite cells: several entities side by side in one short cell ("张三 13812345678",
"李四/110105…", "王五,电话0755-…,住址北京市…").

Such a cell is neither a clean value nor prose long enough to be searched inside, so it is cut at
its separators and each piece, stripped of a leading label (电话, 住址, 联系人 …), is matched as a
whole value by the same patterns and validators as a column. Pieces are cheap to build (polars
string kernels), and a column examines a bounded number of cells (``CELL_BUDGET``): the share of a
sample decides, the identifiers in long text are still searched on every cell (``text``).
"""

from __future__ import annotations

import numpy as np
import polars as pl

CELL_BUDGET = 4096  # cells per column cut into pieces: enough to estimate a share of 5% closely
MAX_CELL_CHARS = 120
MIN_PIECE_CHARS = 2
SEPARATOR = r"[\s/|;,、:()\[\]{}<>]+"
# Labels people write before a value; stripped so that 电话0755-… is the landline and 联系人张三 the name.
LABEL = (
    r"^(?:联系人|申请人|当事人|经办人|代理人|监护人|法定代表人|户主|本人|姓名|名字|联系电话|联系方式|手机号码|手机号|手机|电话|"
    r"座机|固话|家庭住址|现住址|户籍地址|通讯地址|联系地址|住址|地址|身份证号码|身份证号|身份证|证件号码|证件号|卡号|账号|"
    r"邮箱|电子邮箱|车牌号码|车牌号|车牌)(?:号码|是|为)?"
)


def pieces(cells: pl.Series) -> tuple[pl.Series, np.ndarray]:
    """The pieces of ``cells`` (already normalised and trimmed) and, for each, the position of
    the cell it comes from; cells without a separator give no pieces."""
    split = (
        pl.DataFrame({"cell": cells})
        .with_row_index("row")
        .filter(pl.col("cell").str.contains(SEPARATOR))
        .select("row", piece=pl.col("cell").str.replace_all(SEPARATOR, "\u0000").str.split("\u0000"))
        .explode("piece")
        .with_columns(pl.col("piece").str.replace(LABEL, ""))
        .filter(pl.col("piece").str.len_chars() >= MIN_PIECE_CHARS)
    )
    return split["piece"], split["row"].to_numpy().astype(np.int64)
