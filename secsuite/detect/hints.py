"""Column-name hints: does a column's name (or its database comment) suggest an entity?

Chinese hints match as substrings (联系电话 in 申请人联系电话); pinyin initials and English hints
match whole tokens of the name (``lxdh``, ``user_phone``, ``phoneNumber``, and ``lxdh2`` for the
second of two phone columns), or a token that joins two initials of the same entity (``ldrxm``:
来电人 and 姓名), so that ``id`` in ``order_id`` or ``xm`` in ``xml`` cannot look like a hint for
anything it is not. The pinyin initials of every Chinese hint are generated into the
specs by ``scripts/pinyin_hints.py``.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from secsuite.detect.spec import ColumnNames, DetectorSpec
from secsuite.once import loaded_once

_TRADITIONAL = Path(__file__).resolve().parent / "data" / "traditional_chars.txt"

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_SPLIT = re.compile(r"[^0-9a-z]+")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_NUMBERED = re.compile(r"([a-z]+)[0-9]+")  # lxdh2, imei1: the second of two columns of the kind


@loaded_once
def _simplified_table() -> dict[int, str]:
    """Traditional characters to their simplified forms (``data/traditional_chars.txt``)."""
    lines = _TRADITIONAL.read_text(encoding="utf-8").splitlines()
    return {ord(fields[0]): fields[1] for line in lines if line and not line.startswith("#") and (fields := line.split())}


def plain_name(name: str) -> str:
    """A column name as hints are written: full-width forms to ASCII (NFKC) and traditional
    characters to simplified ones (回鄉證號碼 -> 回乡证号码, 聯絡電話 -> 联络电话)."""
    return unicodedata.normalize("NFKC", name).translate(_simplified_table())


def name_tokens(name: str) -> set[str]:
    text = plain_name(name).strip()
    lowered = _CAMEL.sub("_", text).lower()
    tokens = {token for token in _SPLIT.split(lowered) if token}
    tokens.update(numbered.group(1) for token in list(tokens) if (numbered := _NUMBERED.fullmatch(token)))
    tokens.add(text.lower())
    return tokens


def _names_other(hints: ColumnNames, name: str, also_other_kinds: bool = False) -> bool:
    """Whether ``name`` says the column holds something else (``not_*``), or with ``also_other_kinds``
    another kind of the same shape (``other_*``)."""
    tokens = name_tokens(name)
    normalized = plain_name(name)
    zh = [*hints.not_zh, *hints.other_zh] if also_other_kinds else hints.not_zh
    en = [*hints.not_en, *hints.other_en] if also_other_kinds else hints.not_en
    return any(word in normalized for word in zh) or any(word.lower() in tokens for word in en)


def names_something_else(spec: DetectorSpec, names: list[str]) -> bool:
    """True when a name says the column holds something else (``not_zh``, ``not_en``: 交通卡号 for
    bank cards, 签发日期 for birth dates)."""
    return any(name and _names_other(spec.column_names, name) for name in names)


def hints_entity(spec: DetectorSpec, names: list[str]) -> bool:
    """True when any of the column's names (name, comment) carries one of the spec's hints."""
    return hints_names(spec.column_names, names)


def hints_names(hints: ColumnNames, names: list[str]) -> bool:
    """True when any of the column's names carries one of the hints (detectors, quasi-identifiers)."""
    for name in names:
        if not name or _names_other(hints, name, also_other_kinds=True):
            continue
        normalized = plain_name(name)
        if any(hint in normalized for hint in hints.zh):
            return True
        tokens = name_tokens(name)
        if any(hint.lower() in tokens for hint in (*hints.pinyin, *hints.en)):
            return True
        if any(_joined_initials(token, hints.pinyin) or _qualified_initials(token, hints.pinyin) for token in tokens):
            return True
    return False


def _joined_initials(token: str, initials: list[str]) -> bool:
    """Whether ``token`` is two of the hints' pinyin initials written together: schemas name a
    role's name column by the initials of both words (来电人姓名 ``ldrxm``, 户主姓名 ``hzxm``)."""
    return any(token[:cut] in initials and token[cut:] in initials for cut in range(2, len(token) - 1))


def _qualified_initials(token: str, initials: list[str]) -> bool:
    """Whether ``token`` is a hint's initials of four letters or more after the initial of a one- or
    two-character qualifier: 原证件号码 ``yzjhm``, 新身份证号 ``xsfzh``, 本人手机号码 ``brsjhm``."""
    return any(token.endswith(hint) and 1 <= len(token) - len(hint) <= 2 for hint in initials if len(hint) >= 4)


def looks_like_free_text_name(names: list[str]) -> bool:
    """Names auditors use for free-text columns; such columns are always searched inside the text."""
    markers = ("备注", "说明", "描述", "内容", "摘要", "意见", "评价", "情况", "详情", "投诉", "留言", "案情", "诉求",
               # records written as prose (记录 alone also names a record's clerk, number or time)
               "服务记录", "走访记录", "探访记录", "处理记录", "回访记录", "通话记录", "沟通记录", "接警记录")
    english = {"remark", "remarks", "note", "notes", "comment", "comments", "description", "desc", "memo"}
    for name in names:
        if not name:
            continue
        if _HAN.search(name) and any(marker in plain_name(name) for marker in markers):
            return True
        if name_tokens(name) & english:
            return True
    return False


# What a name may hold besides saying nothing about its dates: date words, numbering, placeholders.
_DATE_WORDS = re.compile(r"年月日|年月|日期|时间|字段|[年月日时列]|[0-9\s_\-.:()（）]")
_BARE_TOKENS = frozenset({"date", "time", "datetime", "dt", "day", "rq", "sj", "riqi", "shijian", "col", "column",
                          "field", "value", "val", "data", "unnamed"})


def says_what_dates_are_of(names: list[str]) -> bool:
    """Whether a column's name (or comment) says what its dates are of (入伍时间, 退役日期,
    enlist_date): dates of a named event, which no spread of years makes birth dates. 日期2, rq1,
    col3 and d3 say nothing."""
    for name in names:
        if not name:
            continue
        if _HAN.search(_DATE_WORDS.sub("", plain_name(name))):
            return True
        words = _SPLIT.split(_CAMEL.sub("_", plain_name(name)).lower())
        if any(len(w) > 1 and w not in _BARE_TOKENS for w in (w.rstrip("0123456789") for w in words)):
            return True
    return False
