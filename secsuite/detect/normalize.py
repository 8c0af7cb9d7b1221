"""Value normalisation shared by every detector: one pass per column batch, reused by all specs.

``trim``: NFKC (full-width digits and letters become ASCII) and surrounding whitespace removed;
a whole number written as a float (``13895066082.0``: a number column with blanks, which pandas and
Parquet keep as floats) without its ``.0``.
``compact``: ``trim`` without the separators people type inside identifiers (spaces, hyphens and
the dashes word processors turn them into, dots, brackets), so ``１３８-0013 8000``, ``138–0013–8000``
and ``(025)8331 2345`` reach the patterns as digits.

NFKC is the costly step (several times a regex pass over Han text), and almost every value is
already in NFKC: only the values holding a character outside the blocks known to be stable are
normalised, which gives the same strings at a fraction of the cost.
"""

from __future__ import annotations

import unicodedata
from functools import cached_property

import numpy as np
import polars as pl

from secsuite.detect.strings import StringBytes
from secsuite.once import loaded_once

# Unicode White_Space (what regex \s matches), hyphen, the dashes that NFKC leaves alone (‐ ‒ – — ―
# and the minus sign: Word and Excel turn typed hyphens into them), dot and brackets: literals,
# because a multi-literal search is cheaper than a regex character class.
WHITESPACE = [*"\t\n\v\f\r \x85\xa0\u1680", *map(chr, range(0x2000, 0x200B)), *"\u2028\u2029\u202f\u205f\u3000"]
DASHES = "\u2010\u2012\u2013\u2014\u2015\u2212"
SEPARATORS = [*WHITESPACE, *"-.()（）·", *DASHES]
SEPARATOR_CLASS = r"[\s\-.()（）·\u2010\u2012-\u2015\u2212]"  # the same characters as a regex class (\s: Unicode White_Space)
_ASCII_SEPARATORS = frozenset(c for c in SEPARATORS if c.isascii())

# Blocks that common Chinese and Western text is written in. Each character in them is tested
# below; those that NFKC leaves alone, that carry no combining class and that are assigned are
# "stable". The two CJK ideograph blocks are stable as a whole (tested in the test suite), so they
# are not re-tested at every start.
_TESTED_BLOCKS = (
    (0x0009, 0x000D), (0x0020, 0x007E), (0x00A0, 0x024F), (0x0370, 0x04FF), (0x2000, 0x27BF),
    (0x3000, 0x30FF), (0xFF00, 0xFFEF),
)
STABLE_IDEOGRAPHS = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF))


def is_nfkc_stable(char: str) -> bool:
    """Whether NFKC leaves ``char`` alone wherever it stands: it maps to itself, does not combine
    with its neighbours (combining class 0) and is assigned in this Python's Unicode tables (a
    newer table elsewhere might decompose a character that is unassigned here)."""
    return (
        unicodedata.normalize("NFKC", char) == char
        and unicodedata.combining(char) == 0
        and unicodedata.category(char) != "Cn"
    )


def _ranges(codes: list[int]) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    return ranges


@loaded_once
def stable_ranges() -> tuple[tuple[int, int], ...]:
    """The code-point ranges whose characters need no NFKC (built once, in a few milliseconds)."""
    tested = [code for low, high in _TESTED_BLOCKS for code in range(low, high + 1) if is_nfkc_stable(chr(code))]
    return tuple(sorted(_ranges(tested) + list(STABLE_IDEOGRAPHS)))


@loaded_once
def _unstable_class() -> str:
    """A regex matching any character outside the stable ranges: the values that need NFKC."""
    parts = "".join(f"\\x{{{low:X}}}-\\x{{{high:X}}}" for low, high in stable_ranges())
    return f"[^{parts}]"


# Full-width ASCII (，：（１２３） and the ideographic space: what makes nearly every Chinese sentence
# unstable. NFKC maps each to its ASCII character, which no neighbour composes with (a combining
# mark after one is itself unstable and sends the value through NFKC).
_WIDE = [*map(chr, range(0xFF01, 0xFF5F)), "\u3000"]
_NARROW = [*(chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)), " "]


def nfkc(values: pl.Series, candidates: np.ndarray | None = None) -> pl.Series:
    """NFKC of every value, computed only for the values that hold a character it might change
    (looked for among ``candidates``, the rows that may hold one, when they are known); full-width
    ASCII is mapped by a cheaper literal replacement first."""
    subject = values if candidates is None else values.gather(candidates)
    unstable = subject.str.contains(_unstable_class()).fill_null(False)
    if not unstable.any():
        return values
    rows = np.flatnonzero(unstable.to_numpy())
    if candidates is not None:
        rows = candidates[rows]
    narrowed = values.gather(rows).str.replace_many(_WIDE, _NARROW)
    still = narrowed.str.contains(_unstable_class()).fill_null(False)
    if still.any():
        narrowed = narrowed.scatter(np.flatnonzero(still.to_numpy()), narrowed.filter(still).str.normalize("NFKC"))
    return values.clone().scatter(rows, narrowed)


# ASCII and U+4000-U+9FFF (CJK ideographs, UTF-8 lead bytes E4-E9) are NFKC-stable throughout
# (``stable_ranges`` holds both; tested). A byte from C0 up that is not one of those leads starts
# some other character: only values holding one need the regex check for unstable characters.
COMMON_LEADS = (0xE4, 0xE9)


def _rows_beyond_common_blocks(raw: StringBytes) -> np.ndarray:
    """The rows holding a character outside ASCII and U+4000-U+9FFF, from the bytes alone."""
    data = raw.data
    low, high = COMMON_LEADS
    beyond = np.flatnonzero(((data - np.uint8(0xC0)) < 0x40) & ((data - np.uint8(low)) > high - low))
    if beyond.size == 0:
        return beyond
    return np.unique(np.searchsorted(raw.offsets, beyond, side="right") - 1)


_GLIMPSE_BYTES = 4096  # of a batch, looked at first for the characters a pattern needs (``holds_any``)


class NormalizedValues:
    """The normalised forms of one batch of a column; the compact form is built only if a
    detector asks for it. ASCII batches (most identifier columns) are checked on their bytes."""

    def __init__(self, trim: pl.Series, trim_len: pl.Series, ascii_only: bool, raw: StringBytes | None = None,
                 first_bytes: np.ndarray | None = None):
        self.trim = trim
        self.trim_len = trim_len
        self.ascii_only = ascii_only
        self.raw = raw  # the bytes of ``trim``, for an ASCII batch
        self.first_bytes = first_bytes  # per value, its first byte as read (0 when empty): see ``non_empty``
        self._held: dict[str, bool] = {}

    @classmethod
    def of(cls, values: pl.Series) -> NormalizedValues:
        values = values.cast(pl.String)
        raw = StringBytes.of(values)
        if _non_ascii(raw):
            # Han text (names, addresses) is usually ideographs and ASCII alone: nothing to normalise,
            # and only ASCII whitespace to strip.
            suspects = _rows_beyond_common_blocks(raw)
            if suspects.size:
                trim = nfkc(values, suspects).str.strip_chars()
            else:
                trim = values.str.strip_chars() if _padded(raw) else values
            return cls(trim, trim.str.len_chars(), False, first_bytes=_first_bytes(raw))
        if _padded(raw):
            values = values.str.strip_chars()
            raw = StringBytes.of(values)
        floats = _whole_floats(values, raw)
        if floats.size:
            values = values.clone().scatter(floats, values.gather(floats).str.strip_suffix(".0"))
            raw = StringBytes.of(values)
        return cls(values, pl.Series(values.name, raw.lengths), True, raw, _first_bytes(raw))

    def holds_all(self, required: tuple[frozenset[str], ...]) -> bool:
        """Whether, for each set of ``required``, some value holds one of its characters (see
        ``holds_any``)."""
        return all(self.holds_any(chars) for chars in required)

    def holds_any(self, chars: frozenset[str]) -> bool:
        """Whether some value of this batch holds one of ``chars`` (ASCII characters). Told from the
        bytes of an ASCII batch, and at once for a character outside the batch's byte range (a
        letter in a column of digits); always True for other batches."""
        if self.raw is None:
            return True
        for char in chars:
            if char not in self._held:
                code = ord(char)
                self._held[char] = code in self._glimpse or (
                    self._low <= code <= self._high and bool((self.raw.data == code).any())
                )
            if self._held[char]:
                return True
        return False

    @cached_property
    def _glimpse(self) -> frozenset[int]:
        """The bytes of the first values: a character seen there needs no search."""
        return frozenset(self.raw.data[:_GLIMPSE_BYTES].tobytes()) if self.raw is not None else frozenset()

    @cached_property
    def _low(self) -> int:
        return int(self.raw.data.min()) if self.raw is not None and self.raw.data.size else 256

    @cached_property
    def _high(self) -> int:
        return int(self.raw.data.max()) if self.raw is not None and self.raw.data.size else -1

    @cached_property
    def separator_free(self) -> bool:
        """Whether no value holds a separator, known without a pass for an ASCII batch (the byte
        range of a column of digits leaves every separator out); False when unknown."""
        return self.raw is not None and not self.holds_any(_ASCII_SEPARATORS)

    @cached_property
    def compact(self) -> pl.Series:
        """Separators removed; values without any (most identifiers) are not copied. A decimal
        number keeps its point (22.540796131694766 is a latitude, not the card 22540796131694766):
        no identifier is written as a few digits, one point and the rest."""
        if self.separator_free:
            return self.trim
        spaced = self.trim.str.contains_any(SEPARATORS).fill_null(False).to_numpy()
        rows = np.flatnonzero(spaced)
        if rows.size and self.holds_any(_POINT):  # decimals are looked for among the spaced values only
            candidates = self.trim if rows.size == spaced.size else self.trim.gather(rows)
            rows = rows[~candidates.str.contains(_DECIMAL).fill_null(False).to_numpy()]
        if rows.size == 0:
            return self.trim
        if rows.size == spaced.size:
            return _without_separators(self.trim)
        return self.trim.clone().scatter(rows, _without_separators(self.trim.gather(rows)))

    @cached_property
    def compact_len(self) -> pl.Series:
        return self.trim_len if self.compact is self.trim else self.compact.str.len_chars()

    @cached_property
    def han(self) -> np.ndarray:
        """Per value, whether it holds a Han character (U+4E00-U+9FFF); none in an ASCII batch."""
        if self.ascii_only:
            return np.zeros(self.trim.len(), dtype=bool)
        return self.trim.str.contains("[\u4e00-\u9fff]").fill_null(False).to_numpy()

    @cached_property
    def trim_lengths(self) -> np.ndarray:
        return self.trim_len.fill_null(0).to_numpy()

    @cached_property
    def compact_lengths(self) -> np.ndarray:
        return self.trim_lengths if self.compact is self.trim else self.compact_len.fill_null(0).to_numpy()

    @cached_property
    def rewritten(self) -> np.ndarray:
        """Per value, whether ``compact`` removed separators from it (see ``column.REWRITTEN_WEIGHT``)."""
        if self.compact is self.trim:
            return np.zeros(self.trim.len(), dtype=bool)
        return (self.compact_len != self.trim_len).fill_null(False).to_numpy()

    def non_empty(self) -> np.ndarray:
        """Per value, whether it holds something: neither blank nor a word for nothing (``NOTHING``)."""
        lengths = self.trim_lengths
        present = lengths > 0
        short = np.flatnonzero(present & (lengths <= _NOTHING_CHARS))
        if short.size:
            present[short] = ~self.trim.gather(short).is_in(NOTHING).to_numpy()
        if self.first_bytes is not None:  # a placeholder of any length (00000000000) starts like one
            maybe = np.flatnonzero(present & _PLACEHOLDER_START[self.first_bytes])
            if maybe.size:
                present[maybe] = ~self.trim.gather(maybe).str.contains(_PLACEHOLDER).fill_null(False).to_numpy()
        return present


# Cells that say there is nothing: empty for every share, as blank cells are. A 不良反应 column of
# 无 with a reaction in one cell in five holds reactions in every cell that holds anything.
NOTHING = ["无", "暂无", "没有", "否", "不详", "未知", "空", "略", "无记录", "未填", "未填写", "不适用", "未提供", "待定", "待补充",
           "保密", "未上牌", "无牌", "-", "--",
           "/", "—", "N/A", "n/a", "NA", "#N/A", "null", "NULL", "None", "none", "nan", "NaN"]
_NOTHING_CHARS = max(len(word) for word in NOTHING)
# ... and so do placeholders typed to fill a required field: one character repeated (00000000000 in a
# phone column, xxx, ***, 0 for a card number). Told first by their first byte (or the space before it).
_PLACEHOLDER = r"^(?:0+|[xX]+|-+|\*+|/+|\.+|\?+|_+)$"
_PLACEHOLDER_START = np.zeros(256, dtype=bool)
_PLACEHOLDER_START[list(b"0xX-*/.?_ \t\n\v\f\r")] = True


def _first_bytes(raw: StringBytes) -> np.ndarray:
    """Per value, its first byte (0 when empty)."""
    starts, ends = raw.offsets[:-1], raw.offsets[1:]
    first = np.zeros(starts.size, dtype=np.uint8)
    filled = ends > starts
    first[filled] = raw.data[starts[filled]]
    return first


_DECIMAL = r"^-?[0-9]{1,3}\.[0-9]+$"
_POINT = frozenset(".")


def _without_separators(values: pl.Series) -> pl.Series:
    return values.str.replace_many(SEPARATORS, [""] * len(SEPARATORS))


def _non_ascii(raw: StringBytes) -> bool:
    return bool(raw.data.size and raw.data.max() >= 0x80)


def _whole_floats(values: pl.Series, raw: StringBytes) -> np.ndarray:
    """The rows holding digits and a ``.0`` tail, found from their last two bytes first."""
    ends = raw.offsets[1:]
    long_enough = np.flatnonzero(np.diff(raw.offsets) >= 3)
    if long_enough.size == 0:
        return long_enough
    tail = ends[long_enough]
    rows = long_enough[(raw.data[tail - 1] == ord("0")) & (raw.data[tail - 2] == ord("."))]
    if rows.size == 0:
        return rows
    return rows[values.gather(rows).str.contains(r"^[0-9]+\.0$").fill_null(False).to_numpy()]


def _padded(raw: StringBytes) -> bool:
    """Whether any value starts or ends with ASCII whitespace (then it needs stripping)."""
    starts, ends = raw.offsets[:-1], raw.offsets[1:]
    filled = ends > starts
    if not filled.all():
        starts, ends = starts[filled], ends[filled]
    if starts.size == 0:
        return False
    edges = np.concatenate((raw.data[starts], raw.data[ends - 1]))
    return bool(((edges == 0x20) | ((edges - np.uint8(0x09)) < 5)).any())  # space, \t \n \v \f \r
