"""What a column's "de-identified" values really are: masked values that still pin down the
original, or hex digests that anyone reverses by enumerating a small space.

Only facts about the values leave this module (a form, a share, a number of candidates, how many
digests a bounded enumeration reversed); never a value, a candidate or a digest.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from functools import lru_cache

import polars as pl

from secsuite.crypto.digest import sm3_hex
from secsuite.results import Masking

MASK_CHARS = "*＊●•#?"
_MASK_CLASS = "[" + re.escape(MASK_CHARS) + "]"
MIN_SHARE = 0.5
DIGEST_LENGTHS = {32: ("MD5",), 40: ("SHA-1",), 64: ("SHA-256", "SM3")}


def _sm3() -> Callable[[bytes], str]:
    """OpenSSL's SM3 through hashlib when it has one (ten times faster), else the cryptography package's."""
    try:
        hashlib.new("sm3")
    except ValueError:
        return sm3_hex
    return lambda data: hashlib.new("sm3", data).hexdigest()


HASHERS: dict[str, Callable[[bytes], str]] = {
    "MD5": lambda data: hashlib.md5(data, usedforsecurity=False).hexdigest(),
    "SHA-1": lambda data: hashlib.sha1(data, usedforsecurity=False).hexdigest(),
    "SHA-256": lambda data: hashlib.sha256(data).hexdigest(),
    "SM3": _sm3(),
}
ENUMERATION_LIMIT = 10_000  # candidates per value the proof enumerates
PROOF_ROWS = 20  # rows whose digests the proof tries to reverse
GIVE_UP_AFTER = 5  # rows in a row not reversed (a keyed digest) end the proof
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_FIRST_BIRTH = date(1900, 1, 1)


def _non_empty(values: pl.Series) -> pl.Series:
    text = values.cast(pl.String).drop_nulls().str.strip_chars()
    return text.filter(text != "")


def _masked_entity(value: str) -> str | None:
    """The identifier a masked value stands for, by its shape."""
    plain = value.replace(" ", "").replace("-", "")
    visible = re.sub(_MASK_CLASS, "", plain)
    if not visible.replace("X", "").replace("x", "").isdigit() and visible:
        return None
    if len(plain) == 18:
        return "CN_RESIDENT_ID"
    if len(plain) == 11 and plain[0] == "1":
        return "CN_MOBILE"
    if 16 <= len(plain) <= 19:
        return "BANK_CARD"
    return None


@lru_cache(maxsize=4096)
def _dates_matching(shape: str, as_of: date) -> int:
    """Real birth dates (1900 to ``as_of``) whose YYYYMMDD agrees with the visible digits of ``shape``."""
    pattern = re.compile(re.sub(_MASK_CLASS, ".", shape))
    count = 0
    day = _FIRST_BIRTH
    while day <= as_of:
        if pattern.fullmatch(day.strftime("%Y%m%d")):
            count += 1
        day += timedelta(days=1)
    return count


def candidates(value: str, as_of: date) -> int | None:
    """How many originals a masked identifier can be: the enumeration an attacker faces."""
    plain = value.replace(" ", "").replace("-", "")
    entity = _masked_entity(plain)
    masked = [i for i, char in enumerate(plain) if char in MASK_CHARS]
    if entity is None or not masked:
        return None
    if entity == "CN_RESIDENT_ID":
        outside_date = sum(1 for i in masked if i < 6 or 14 <= i < 17)
        count = 10**outside_date
        if any(6 <= i < 14 for i in masked):
            count *= _dates_matching(plain[6:14], as_of)
        if 17 in masked:
            count *= 11
        elif len(masked) > 0:
            count = math.ceil(count / 11)  # a visible check character keeps one candidate in eleven
        return count
    count = 10 ** len(masked)
    if entity == "BANK_CARD" and len(plain) - 1 not in masked:
        count = math.ceil(count / 10)  # the Luhn digit
    return count


def fill(value: str, as_of: date) -> Iterable[str]:
    """Every original a masked identifier can be (used to prove digests reversible, bounded by the caller)."""
    plain = value.replace(" ", "").replace("-", "")
    masked = [i for i, char in enumerate(plain) if char in MASK_CHARS]
    entity = _masked_entity(plain)
    run = masked == list(range(masked[0], masked[-1] + 1)) if masked else False
    head, tail = (plain[:masked[0]], plain[masked[-1] + 1:]) if run else ("", "")
    for index in range(10 ** len(masked)):
        digits = str(index).zfill(len(masked))
        if run:  # the common 138****5678: one masked run, filled by concatenation
            candidate = head + digits + tail
        else:
            chars = list(plain)
            for position, digit in zip(masked, digits, strict=True):
                chars[position] = digit
            candidate = "".join(chars)
        if entity == "CN_RESIDENT_ID" and 17 in masked:
            body = candidate[:17]
            candidate = body + _ID_CHECK[sum(int(c) * w for c, w in zip(body, _ID_WEIGHTS, strict=True)) % 11]
        yield candidate


def _median(numbers: list[int]) -> int:
    ordered = sorted(numbers)
    return ordered[len(ordered) // 2]


def masked_profile(values: pl.Series, as_of: date) -> Masking | None:
    text = _non_empty(values)
    if text.is_empty():
        return None
    masked = text.filter(text.str.contains(_MASK_CLASS))
    share = masked.len() / text.len()
    if share < MIN_SHARE:
        return None
    entities = [e for v in masked.to_list() if (e := _masked_entity(v)) is not None]
    if len(entities) < MIN_SHARE * masked.len():
        return None  # stars in text or masked names: not an identifier whose candidates we can count
    entity = max(set(entities), key=entities.count)
    counts = [c for v in masked.to_list() if (c := candidates(v, as_of)) is not None]
    return Masking(form="masked", share=round(share, 4), entity=entity, median_candidates=_median(counts) if counts else None)


def digest_profile(values: pl.Series) -> Masking | None:
    text = _non_empty(values)
    if text.is_empty():
        return None
    lengths = text.str.len_chars()
    hexed = text.str.contains(r"^[0-9a-fA-F]+$")
    for length, algorithms in DIGEST_LENGTHS.items():
        share = float((hexed & (lengths == length)).sum()) / text.len()
        if share >= MIN_SHARE:
            return Masking(form="digest", share=round(share, 4), algorithms=list(algorithms))
    return None


def prove_digests(digests: list[str | None], companions: list[list[str | None]], algorithms: list[str],
                  as_of: date) -> tuple[int, int]:
    """Reverse digests by enumerating what other columns of the same rows leave open (a masked phone
    beside a hashed phone, or the plain value itself): (reversed, tried). Bounded: the first
    ``PROOF_ROWS`` rows, at most ``ENUMERATION_LIMIT`` candidates per companion value."""
    tried = reversed_ = 0
    order = list(algorithms)
    for row, digest in enumerate(digests):
        if tried >= PROOF_ROWS or (not reversed_ and tried >= GIVE_UP_AFTER):
            break
        if not digest:
            continue
        options = [v for column in companions if (v := column[row])]
        if not options:
            continue
        tried += 1
        wanted = digest.strip().lower()
        found = next((name for name in order for option in options if _reverses(option, wanted, name, as_of)), None)
        if found is not None:
            reversed_ += 1
            order.remove(found)
            order.insert(0, found)  # the algorithm that worked is tried first on the next rows
    return reversed_, tried


def _reverses(option: str, wanted: str, algorithm: str, as_of: date) -> bool:
    count = candidates(option, as_of)
    if count is None:
        pool: Iterable[str] = [option.strip()]
    elif count <= ENUMERATION_LIMIT and 10 ** sum(c in MASK_CHARS for c in option) <= ENUMERATION_LIMIT * 11:
        pool = fill(option, as_of)
    else:
        return False
    hasher = HASHERS[algorithm]
    return any(hasher(candidate.encode()) == wanted for candidate in pool)
