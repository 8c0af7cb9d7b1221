"""The union check for entities a column has not shown yet: never misses a match, and tries each
value only against the entities whose length range admits it."""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl
import pytest

from secsuite.detect.normalize import NormalizedValues
from secsuite.detect.spec import load_specs
from secsuite.detect.values import Matcher, could_match

SPECS = {spec.id: spec for spec in load_specs()}


@pytest.mark.parametrize(
    ("value", "maybe"),
    [
        ("王小明", False),  # two Han characters, but shorter than any address
        ("江苏省宿迁市宿城区幸福路12号", True),
        ("138-0013-8000", True),  # a mobile as typed, separators and all
        ("(025)8331 2345", True),
        ("12", False),
        ("", False),
    ],
)
def test_union_respects_each_entitys_length_range(value: str, maybe: bool) -> None:
    matchers = [Matcher.of(SPECS[entity]) for entity in ("CN_ADDRESS", "CN_MOBILE", "CN_LANDLINE")]
    values = pl.Series([value, "x"])
    result = could_match(matchers, NormalizedValues.of(values), {m.spec.id: False for m in matchers})
    assert result.tolist() == [maybe, False]


MIXED = ["13800138000", "138 0013 8000", "11010519491231002X", "user@example.com", "苏A12345",
         "江苏省南京市玄武区北京东路41号", "6222020200112233445", "1.5", None, "备注：无"]
# All ASCII: patterns needing a character no value holds are left out of the union (see below).
ASCII = ["13800138000", "11010519491231002X", "user@example.com", "192.168.1.20", "fe80::1", "00:1A:2B:3C:4D:5E",
         "E12345678", "C12345678", "LSVAU2180N2183294", "J45.909", "118.7791, 32.0617", "1981-06-21", "Alipay",
         "HIV", "(025)83312345", "6222020200112233445"]


@pytest.mark.parametrize("raw", [MIXED, ASCII], ids=["mixed", "ascii"])
@pytest.mark.parametrize("hint", [True, False])
def test_every_value_an_entity_matches_is_a_maybe(raw: list, hint: bool) -> None:
    """Whatever its length group, a value that an entity's own matching accepts is never missed."""
    normalized = NormalizedValues.of(pl.Series(raw))
    assert normalized.ascii_only is (raw is ASCII)
    matchers = [Matcher.of(spec) for spec in SPECS.values()]
    maybe = could_match(matchers, normalized, {m.spec.id: hint for m in matchers})
    for matcher in matchers:
        result = matcher.match(normalized, hint, date(2025, 12, 31))
        if result is not None:
            assert maybe[result.positions[result.matched]].all(), matcher.spec.id


def test_ascii_batches_are_not_tried_for_patterns_needing_characters_none_of_them_holds() -> None:
    """No value of a column of ID numbers holds an @: the e-mail pattern is not even tried; a batch
    with one e-mail address among the IDs still finds it."""
    email = Matcher.of(SPECS["EMAIL"])
    ids = NormalizedValues.of(pl.Series(["11010519491231002X", "110105194912310021"]))
    assert not ids.holds_any(frozenset("@"))
    assert email.usable(False, ids) == []
    assert could_match([email], ids, {"EMAIL": False}).tolist() == [False, False]
    mixed = NormalizedValues.of(pl.Series(["11010519491231002X", "user@example.com"]))
    assert [c.pattern.name for c in email.usable(False, mixed)] == ["email"]
    assert could_match([email], mixed, {"EMAIL": False}).tolist() == [False, True]


def test_values_settled_beyond_an_entitys_reach_are_not_tried() -> None:
    """An 18-digit value in a card issuer range (甘肃 62…) identified as an ID number (weight 0.9)
    cannot count as a bank card (at most 0.72), unless the column is named as a card column, where
    bare matches count."""
    card = Matcher.of(SPECS["BANK_CARD"])
    normalized = NormalizedValues.of(pl.Series(["620102194912310021", "620102194912310021"]))
    settled = np.array([0.95 * 0.95, 0.0])
    assert could_match([card], normalized, {"BANK_CARD": False}, settled).tolist() == [False, True]
    assert could_match([card], normalized, {"BANK_CARD": True}, settled).tolist() == [True, True]


def test_values_holding_han_are_not_tried_for_patterns_that_admit_none() -> None:
    """A mobile's pattern is not tried on an address or a note (a whole value holding a Han
    character cannot match it), by the entity's own matching or by the union; the mobile among
    them is still found, and a plate (苏A12345), whose pattern admits Han, is still tried."""
    values = NormalizedValues.of(pl.Series(["江苏省南京市玄武区北京东路41号", "已电话联系13800138000", "13800138000",
                                            "苏A12345"]))
    assert values.han.tolist() == [True, True, False, True]
    mobile = Matcher.of(SPECS["CN_MOBILE"])
    result = mobile.match(values, False, date(2025, 12, 31))
    assert result is not None and result.positions.tolist() == [2] and result.hit.tolist() == [True]
    assert could_match([mobile], values, {"CN_MOBILE": False}).tolist() == [False, False, True, False]
    plate = Matcher.of(SPECS["CN_LICENSE_PLATE"]).match(values, False, date(2025, 12, 31))
    assert plate is not None and 3 in plate.positions[plate.hit]
