"""Masks that keep too much and digests without a key: the candidates an attacker enumerates,
checked against a brute-force count, and digests really reversed by a bounded enumeration."""

from __future__ import annotations

import datetime as dt
import hashlib
import random

import polars as pl
import pytest
from stdnum.cn import ric

from secsuite.crypto.digest import sm3_hex
from secsuite.reident.deid import candidates, digest_profile, masked_profile, prove_digests

AS_OF = dt.date(2025, 12, 31)
HASH = {
    "MD5": lambda s: hashlib.md5(s.encode()).hexdigest(),
    "SHA-1": lambda s: hashlib.sha1(s.encode()).hexdigest(),
    "SHA-256": lambda s: hashlib.sha256(s.encode()).hexdigest(),
    "SM3": lambda s: sm3_hex(s.encode()),
}


def phones(n: int, seed: int = 3) -> list[str]:
    rng = random.Random(seed)
    return [rng.choice(["138", "139", "186", "173"]) + "".join(rng.choice("0123456789") for _ in range(8))
            for _ in range(n)]


@pytest.mark.parametrize(("masked", "expected"), [
    ("138****5678", 10_000),
    ("138*****678", 100_000),
    ("1380000****", 10_000),
    ("138*******8", 10_000_000),
    ("6222****12345678", 1_000),  # a card keeps its Luhn digit: one candidate in ten
    ("张*", None),
    ("13800005678", None),
])
def test_candidates_of_masked_numbers(masked, expected):
    assert candidates(masked, AS_OF) == expected


def brute_force_ids(masked: str) -> int:
    """Every real birth date that, put in the masked place, gives an ID whose check character matches."""
    count = 0
    day = dt.date(1900, 1, 1)
    while day <= AS_OF:
        body = masked[:6] + day.strftime("%Y%m%d") + masked[14:17]
        if ric.calc_check_digit(body + "0") == masked[17]:
            count += 1
        day += dt.timedelta(days=1)
    return count


@pytest.mark.parametrize("masked", ["321302********1234", "110101********123X", "320102********6279"])
def test_an_id_with_only_its_birth_date_masked_is_a_few_thousand_candidates(masked):
    estimate = candidates(masked, AS_OF)
    exact = brute_force_ids(masked)
    assert estimate is not None and estimate <= 10_000
    assert exact / 1.5 <= estimate <= exact * 1.5


def test_masked_and_digest_columns_are_described_without_values():
    numbers = phones(50)
    masked = masked_profile(pl.Series([p[:3] + "****" + p[7:] for p in numbers]), AS_OF)
    assert masked.form == "masked" and masked.entity == "CN_MOBILE" and masked.median_candidates == 10_000
    digests = digest_profile(pl.Series([HASH["SHA-1"](p) for p in numbers]))
    assert digests.form == "digest" and digests.algorithms == ["SHA-1"]
    assert masked_profile(pl.Series(numbers), AS_OF) is None and digest_profile(pl.Series(numbers)) is None
    assert masked_profile(pl.Series(["张*", "欧阳**", "等级：***"] * 5), AS_OF) is None  # no countable identifier
    assert all(number not in masked.model_dump_json() + digests.model_dump_json() for number in numbers)


@pytest.mark.parametrize("algorithm", ["MD5", "SHA-1", "SHA-256", "SM3"])
def test_unsalted_digests_are_reversed_from_the_masked_column_beside_them(algorithm):
    numbers = phones(30, seed=len(algorithm))
    digests = [HASH[algorithm](p) for p in numbers]
    masked = [p[:3] + "****" + p[7:] for p in numbers]
    algorithms = digest_profile(pl.Series(digests)).algorithms
    reversed_, tried = prove_digests(digests, [masked], algorithms, AS_OF)
    assert (reversed_, tried) == (20, 20)  # the proof stops after 20 rows


def test_salted_digests_are_not_reversed():
    numbers = phones(10)
    digests = [HASH["SHA-256"]("secret-salt:" + p) for p in numbers]
    masked = [p[:3] + "****" + p[7:] for p in numbers]
    assert prove_digests(digests, [masked], ["SHA-256", "SM3"], AS_OF) == (0, 5)  # gives up after five


def test_a_plain_value_beside_its_digest_reverses_it_and_too_wide_masks_are_not_enumerated():
    numbers = phones(5)
    digests = [HASH["MD5"](p) for p in numbers]
    assert prove_digests(digests, [numbers], ["MD5"], AS_OF) == (5, 5)
    wide = [p[:2] + "*" * 8 + p[10:] for p in numbers]  # 10^8 candidates: beyond the bound
    assert prove_digests(digests, [wide], ["MD5"], AS_OF) == (0, 5)
