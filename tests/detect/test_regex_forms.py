"""Rewritten regexes answer like the originals: separator-tolerant patterns accept every value whose
compact form the pattern matches; contains-shaped patterns match the values the anchored one does;
a pattern said to admit no Han character matches no value holding one."""

from __future__ import annotations

import random

import polars as pl
import pytest

from secsuite.detect.normalize import SEPARATOR_CLASS
from secsuite.detect.regex_forms import admits_han, required_ascii, searchable_core, separator_tolerant
from secsuite.detect.spec import load_specs

COMPACT_PATTERNS = [
    (spec.id, pattern.name, pattern.regex)
    for spec in load_specs()
    if spec.normalize == "compact"
    for pattern in spec.patterns
]
SEPARATORS = [" ", "-", ".", "(", ")", "（", "）", "·", "\t"]


def _typed(value: str, rng: random.Random) -> str:
    """``value`` as people type it: separators between some characters and around it."""
    out = [rng.choice(SEPARATORS) if rng.random() < 0.2 else ""]
    for char in value:
        out.append(char)
        if rng.random() < 0.3:
            out.append(rng.choice(SEPARATORS) * rng.randint(1, 2))
    return "".join(out)


EXAMPLES = {
    "CN_RESIDENT_ID": ["11010519491231002X", "110105491231002", "11010519491231002X42"],
    "CN_MOBILE": ["13800138000", "+8613800138000", "008613912345678", "+85291234567", "0085361234567", "+886912345678"],
    "BANK_CARD": ["6222020200112233445"],
    "CN_USCC": ["91320300MA1MXXXX4K"],
    "CN_LICENSE_PLATE": ["苏A12345", "苏AD12345", "京A·12345", "苏A12345D", "使014578", "粤BA12345", "使A0062"],
    "CN_PASSPORT": ["E12345678", "EA1234567", "DE1234567", "S1234567", "S28233515", "141234567", "K12345678",
                    "MA1234567"],
    "CN_HK_MACAO_PERMIT": ["C12345678", "W12345678", "CA1234567", "H1234567890"],
    "CN_TAIWAN_PERMIT": ["05616820", "0561682001", "0561682001D"],
    "CN_MILITARY_ID": ["南字第123456号", "军字第1234567", "士字第12345号"],
    "IMEI": ["490154203237518", "3520990017614823", "49015420323751"],
    "VIN": ["LSVAU2180N2183294"],
}


@pytest.mark.parametrize(("entity", "name", "regex"), COMPACT_PATTERNS)
def test_typed_forms_of_matching_values_match_the_tolerant_pattern(entity: str, name: str, regex: str) -> None:
    tolerant = separator_tolerant(regex, SEPARATOR_CLASS)
    assert tolerant is not None, f"{entity}/{name} should be rewritable"
    compact = pl.Series([*EXAMPLES[entity], "ABC", "12", "例如", ""])
    matching = compact.filter(compact.str.contains(f"^(?:{regex})$"))
    assert matching.len() > 0, f"no example matches {entity}/{name}"
    rng = random.Random(entity + name)
    typed = pl.Series([_typed(value, rng) for value in matching.to_list() for _ in range(20)])
    assert typed.str.contains(f"^(?:{tolerant})$").all()
    # Without separators the tolerant pattern is the pattern itself.
    assert compact.str.contains(f"^(?:{tolerant})$").to_list() == compact.str.contains(f"^(?:{regex})$").to_list()


@pytest.mark.parametrize("regex", [r"(?i)abc", r"(?=x)\d", r"\bword\b"])
def test_constructs_it_does_not_know_are_left_to_compaction(regex: str) -> None:
    assert separator_tolerant(regex, SEPARATOR_CLASS) is None


@pytest.mark.parametrize(
    ("regex", "core"),
    [
        (r".*[\u4e00-\u9fff]{2}.*", True),
        (r".*[\u4e00-\u9fff].*(?:路|街|道).*", True),
        (r".*\s.*", False),  # \s can match the line break itself
        (r".*[^a].*", False),
        (r".*a|b.*", False),  # an alternation at the top, not .*X.*
        (r"[1-9]\d{5}", False),
    ],
)
def test_contains_shaped_patterns_answer_like_the_anchored_pattern(regex: str, core: bool) -> None:
    found = searchable_core(regex)
    assert (found is not None) is core
    if found is None:
        return
    values = pl.Series(["江苏省南京市", "南京路", "a江苏b", "江\n苏", "江苏\n", "\n南京路", "abc", "江", "", None])
    anchored = values.str.contains(f"^(?:{regex})$").fill_null(False)
    rewritten = (values.str.contains(found) & ~values.str.contains("\n", literal=True)).fill_null(False)
    assert rewritten.to_list() == anchored.to_list()


@pytest.mark.parametrize(
    ("regex", "required"),
    [
        (r"[a-z]+@[a-z]+\.[a-z]+", ["." , "@", "abcdefghijklmnopqrstuvwxyz"]),
        (r"(?:\d{1,3}\.){3}\d{1,3}", [".", "0123456789"]),  # a mandatory repeat of a group
        (r"Alipay|WeChat|银行", ["AW"]),  # a keyword list: one character of each ASCII keyword
        (r"[1-9](?:19|20)", ["12", "123456789"]),  # a branch: the smallest set of each branch
        (r"\d{1,3}(?:[,;]|\s+)\d", ["0123456789", " \t\n\r\f\v\x1c\x1d\x1e\x1f,;"]),
        (r"[\u4e00-\u9fff]{2,4}", [""]),  # no ASCII match at all
        (r"a?b*", []),  # nothing mandatory
        (r"[^a]x?", []),  # a negated class admits nearly everything
        (r"(?i)abc", []),  # case folding is not modelled
    ],
)
def test_required_ascii_characters(regex: str, required: list[str]) -> None:
    assert set(required_ascii(regex)) == {frozenset(chars) for chars in required}


ASCII_VALUES = [
    *(value for values in EXAMPLES.values() for value in values if value.isascii()),
    "user.name+tag@example.com.cn", "192.168.1.20", "10.0.0.1/24", "fe80::1", "2001:db8::ff00:42:8329",
    "00:1A:2B:3C:4D:5E", "00-1A-2B-3C-4D-5E", "001A.2B3C.4D5E", "001A2B3C4D5E", "1981-06-21", "1981/6/21",
    "19810621", "1531.08", "1,531.08", "118.7791, 32.0617", "POINT(118.7791 32.0617)", "32.0617",
    "J45.909", "E11", "Alipay", "COVID-19", "HIV+", "mmol/L", "(025)83312345", "02583312345",
    "+86 25 8331 2345", "6222020200112233445", "91320300MA1MXXXX4K", "",
]


@pytest.mark.parametrize(
    ("entity", "pattern"),
    [(spec.id, pattern) for spec in load_specs() for pattern in spec.patterns],
    ids=lambda item: getattr(item, "name", item),
)
def test_every_ascii_match_holds_a_required_character(entity: str, pattern) -> None:  # noqa: ANN001
    values = pl.Series(ASCII_VALUES)
    regex = f"^(?:{pattern.regex})$" if pattern.match == "full" else pattern.regex
    for value in values.filter(values.str.contains(regex)).to_list():
        for chars in required_ascii(pattern.regex):
            assert chars & set(value), f"{entity}/{pattern.name} matches {value!r} without any of {sorted(chars)}"


@pytest.mark.parametrize(
    ("regex", "han"),
    [
        (r"[1-9]\d{5}(?:18|19|20)\d{2}", False),  # digits: \d holds no Han
        (r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+", False),
        (r"1[3-9]\d{9}(?:\s*(?:ext|x)\d{1,4})?", False),  # \s holds no Han
        (r"^\d+$", False),  # anchors hold no character
        (r"\d{3}转\d{2}", True),  # a Han literal
        (r"[京津沪渝]\w{6}", True),  # a class of Han, and \w holds Han too
        (r"\w+", True),
        (r".*[\u4e00-\u9fff]{2}.*", True),
        (r"[\u3000-\u4e10]", True),  # a range reaching into the block
        (r"[\u3000-\u303f]", False),  # CJK punctuation is no Han
        (r"[^0-9]", True),  # negated classes and . hold nearly everything
        (r"\D", True),
        (r"\S", True),
        (r"a.b", True),
        (r"(?:abc|张)", True),
        (r"(?i)abc", False),
        (r"(?=x)\d", True),  # a construct it does not know: unsure, so yes
    ],
)
def test_what_admits_a_han_character(regex: str, han: bool) -> None:
    assert admits_han(regex) is han


HAN_VALUES = ["张三13800138000", "13800138000号", "苏A12345", "北京市海淀区中关村大街1号", "110105194912310020号",
              "6222020200112233445（工行）", "user@例子.com", "E1234567８号", "127.0.0.1本机", "0755-8331转2345"]


@pytest.mark.parametrize(
    ("entity", "pattern"),
    [(spec.id, pattern) for spec in load_specs() for pattern in spec.patterns
     if pattern.match == "full" and not admits_han(pattern.regex)],
    ids=lambda item: getattr(item, "name", item),
)
def test_a_pattern_that_admits_no_han_matches_no_value_holding_one(entity: str, pattern) -> None:  # noqa: ANN001
    """The bundled patterns the scan skips on Han values (an ID number's on an address): none
    matches a value holding a Han character, around or inside otherwise matching text."""
    rng = random.Random(7)
    values = list(HAN_VALUES)
    for example in [e for examples in EXAMPLES.values() for e in examples if e.isascii()]:
        at = rng.randrange(len(example) + 1)
        values.append(example[:at] + rng.choice("张号市转") + example[at:])
    series = pl.Series(values)
    assert not series.str.contains(f"^(?:{pattern.regex})$").any(), f"{entity}/{pattern.name}"
