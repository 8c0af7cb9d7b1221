"""Normalisation must equal plain NFKC + strip (+ separator removal) while skipping the work it can."""

from __future__ import annotations

import functools
import random
import unicodedata

import polars as pl
import pytest

from secsuite.detect.normalize import (
    COMMON_LEADS,
    SEPARATOR_CLASS,
    SEPARATORS,
    STABLE_IDEOGRAPHS,
    NormalizedValues,
    is_nfkc_stable,
    stable_ranges,
)

# Characters that NFKC changes or combines, mixed with ones it leaves alone.
TRICKY = (
    "abcXYZ019 -.()（）·\t\u3000１２３ＡＢ，。、张王李①Ⅷ℃㈱é\u0301e\u1161\u11a8가ｶﾞ\u00a0\u2028\u0085ﬁ…™²"
    "\u09c7\u09be\u0b47\u0b3e\u3099か\x01\x7f䷀㐀𠀀\U0002f800"  # controls, hexagram, extensions A/B, compatibility
    "！：；～｟｠￥ｚ\u0308\u0327"  # full-width forms at and past the ASCII block's edges, combining marks
)


def _reference(values: pl.Series) -> tuple[list, list]:
    trim = values.str.normalize("NFKC").str.strip_chars()
    decimal = trim.str.contains(r"^-?[0-9]{1,3}\.[0-9]+$").fill_null(False)  # keeps its point
    compact = pl.select(pl.when(decimal).then(trim).otherwise(trim.str.replace_all(r"[\s\-.()（）·]", ""))).to_series()
    return trim.to_list(), compact.to_list()


@pytest.mark.parametrize("seed", range(5))
def test_equals_nfkc_strip_and_compact_on_random_mixtures(seed: int) -> None:
    rng = random.Random(seed)
    raw = ["".join(rng.choice(TRICKY) for _ in range(rng.randint(0, 12))) for _ in range(5000)] + [None]
    values = pl.Series("v", raw)
    normalized = NormalizedValues.of(values)
    trim, compact = _reference(values)
    assert normalized.trim.to_list() == trim
    assert normalized.compact.to_list() == compact
    assert values.to_list() == raw  # the input is not modified in place


@pytest.mark.parametrize(
    ("raw", "ascii_only"),
    [
        (["110101199003077777", " 13800138000 ", None], True),
        (["张三", "138 0013 8000"], False),
        (["１３８００１３８０００", "13800138000"], False),
        ([None, None], True),
    ],
)
def test_ascii_batches_are_recognised(raw: list, ascii_only: bool) -> None:
    values = pl.Series("v", raw, dtype=pl.String)
    normalized = NormalizedValues.of(values)
    assert normalized.ascii_only is ascii_only
    assert normalized.trim.to_list() == _reference(values)[0]


def test_values_without_separators_share_the_trimmed_series() -> None:
    normalized = NormalizedValues.of(pl.Series("v", ["110101199003077777", "13800138000"]))
    assert normalized.separator_free
    assert normalized.compact is normalized.trim


@pytest.mark.parametrize(
    ("raw", "separator_free"),
    [
        (["13800138000", "6222020200112233445", None], True),  # digits: every separator is out of range
        (["user@example.com"], False),  # a dot
        (["138 0013 8000"], False),
        (["A1(2)"], False),
        (["１３８００１３８０００"], False),  # not ASCII: not known without a pass
    ],
)
def test_separator_free_batches_are_told_from_their_bytes(raw: list, separator_free: bool) -> None:
    normalized = NormalizedValues.of(pl.Series("v", raw))
    assert normalized.separator_free is separator_free
    assert normalized.compact.to_list() == _reference(pl.Series("v", raw))[1]


@functools.cache
def _followers() -> frozenset[int]:
    """The second halves of canonical decompositions: characters that compose with their neighbour."""
    followers = set()
    for code in range(0x110000):
        decomposition = unicodedata.decomposition(chr(code))
        if decomposition and not decomposition.startswith("<") and len(decomposition.split()) == 2:
            followers.add(int(decomposition.split()[1], 16))
    followers.update(range(0x1161, 0x1176))  # Hangul vowel and trailing jamo compose algorithmically
    followers.update(range(0x11A8, 0x11C3))
    return frozenset(followers)


def test_stable_ranges_hold_no_character_nfkc_could_change_or_compose() -> None:
    """Every character of the stable ranges maps to itself, has combining class 0, is assigned, and
    is not the second half of any canonical decomposition (which would compose with its neighbour)."""
    followers = _followers()
    for low, high in stable_ranges():
        for code in range(low, high + 1):
            assert is_nfkc_stable(chr(code)), hex(code)
            assert code not in followers, hex(code)
    assert set(STABLE_IDEOGRAPHS) <= set(stable_ranges())


def test_characters_with_the_common_lead_bytes_are_stable() -> None:
    """Values of ASCII and of the characters whose UTF-8 lead byte is in COMMON_LEADS skip the
    NFKC check: every such character must be stable."""
    low, high = COMMON_LEADS
    first, last = (low & 0x0F) << 12, ((high & 0x0F) << 12) | 0xFFF  # E4 -> U+4000, E9 -> U+9FFF
    assert chr(first).encode()[0] == low and chr(last).encode()[0] == high
    for code in (*range(0x80), *range(first, last + 1)):
        assert unicodedata.normalize("NFKC", chr(code)) == chr(code), hex(code)
        assert unicodedata.combining(chr(code)) == 0, hex(code)
        assert code not in _followers(), hex(code)
        assert unicodedata.category(chr(code)) != "Cn", hex(code)  # assigned: no later version decomposes it


@pytest.mark.parametrize("seed", range(3))
def test_han_batches_with_few_or_no_rare_characters_equal_nfkc(seed: int) -> None:
    rng = random.Random(seed)
    common = "张王李江苏省宿迁市路号䷀䷿丂龥 abc019-"
    rare = "，１Ａ\u3000é\u0301ｶﾞ\u00a0㐀"
    raw = ["".join(rng.choice(common) for _ in range(rng.randint(0, 10))) for _ in range(2000)] + [None, " 张三 "]
    if seed:  # a few rows with a rarer character; none at all in the first batch
        raw += ["".join(rng.choice(common + rare) for _ in range(rng.randint(1, 10))) for _ in range(seed * 5)]
    values = pl.Series("v", raw)
    trim, compact = _reference(values)
    normalized = NormalizedValues.of(values)
    assert not normalized.ascii_only
    assert normalized.trim.to_list() == trim
    assert normalized.compact.to_list() == compact


def test_nulls_are_empty_whatever_their_arrow_slot_holds() -> None:
    """A float column cast to text keeps bytes in its null slots; they must not count as values."""
    values = pl.Series("经度", [118.02518, None, 117.929371, None]).cast(pl.String)
    normalized = NormalizedValues.of(values)
    assert normalized.non_empty().tolist() == [True, False, True, False]
    assert normalized.trim_lengths.tolist() == [9, 0, 10, 0]


@pytest.mark.parametrize(
    ("raw", "present"),
    [
        (["无", "皮疹", "暂无", " 无 ", "", None], [False, True, False, False, False, False]),
        (["N/A", "-", "/", "nan", "None", "13800138000"], [False, False, False, False, False, True]),
        (["无锡", "无力", "否认过敏史", "NAT"], [True, True, True, True]),  # words that merely start alike
        # placeholders typed into required fields, whatever their length, in ASCII and Han batches
        (["00000000000", "13812345678", " 0 ", "xxx", "***", "0755-83312456"], [False, True, False, False, False, True]),
        (["000000000000000000", "未上牌", "苏A12345", "x@x.au", "0.5", "保密"], [False, False, True, True, True, False]),
    ],
)
def test_words_for_nothing_are_empty(raw: list, present: list) -> None:
    assert NormalizedValues.of(pl.Series("v", raw, dtype=pl.String)).non_empty().tolist() == present


def test_the_separator_class_and_the_separator_list_agree() -> None:
    """The regex class (separator-tolerant patterns) and the literal list (compaction) are one set."""
    characters = pl.Series([chr(code) for code in range(0x10000) if not 0xD800 <= code <= 0xDFFF])
    in_class = characters.filter(characters.str.contains(f"^{SEPARATOR_CLASS}$")).to_list()
    assert sorted(in_class) == sorted(SEPARATORS)


@pytest.mark.parametrize(
    ("raw", "trim"),
    [
        (["13895066082.0", None, "15626869113.0"], ["13895066082", None, "15626869113"]),  # pandas, Parquet floats
        ([" 13800138000.0 ", "100.0", "1.5"], ["13800138000", "100", "1.5"]),
        (["-5.0", "3.0.0", "1.00", ".0", "12.0a"], ["-5.0", "3.0.0", "1.00", ".0", "12.0a"]),  # no whole number
    ],
)
def test_whole_numbers_written_as_floats_lose_their_tail(raw: list, trim: list) -> None:
    values = pl.Series("v", raw, dtype=pl.String)
    normalized = NormalizedValues.of(values)
    assert normalized.trim.to_list() == trim
    assert normalized.trim_lengths.tolist() == [len(t or "") for t in trim]
    assert values.to_list() == raw  # the input is not modified in place
