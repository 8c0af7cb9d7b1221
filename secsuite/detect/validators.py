"""Checksum and plausibility validators for detector patterns, vectorised over polars Series.

A detector pattern (``detectors/*.yaml``) names one of these by its key in :data:`VALIDATORS`. The
engine calls ``validator(values, as_of)`` with a String Series of *normalised candidates* (NFKC,
trimmed, and for ``normalize: compact`` specs without separators, see ``secsuite.detect.normalize``)
that already matched the pattern's regex, and keeps the rows where the returned Boolean Series is
true. ``as_of`` is "today" for rules such as "a birth date is not in the future".

Why validators exist: a regex says a value *looks like* an ID; a check digit, a real birth date
and a known area code say it *is* one. An 18-digit order number (``202501010000012345``) matches
the ID regex but fails all three.

Contract, shared by every validator:

* the result has the input's length and name; a null input gives ``False``, never null;
* each validator accepts any string (it re-checks the shape it relies on), so a pattern/validator
  mismatch in a spec loses matches instead of raising;
* work is vectorised: polars expressions, or numpy over the bytes of fixed-width ASCII values
  (:func:`_fixed_width`). Only ``ip_address`` loops in Python, once per *distinct* value.

Reference tables (area codes, surnames, the GB/T 2260 gazetteer) load on first use and are cached.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

from secsuite.detect.normalize import DASHES
from secsuite.detect.strings import StringBytes
from secsuite.once import loaded_once

Validator = Callable[[pl.Series, date], pl.Series]

_DATA = Path(__file__).resolve().parent / "data"

# ---------------------------------------------------------------------------------------------
# Shared helpers
# ---------------------------------------------------------------------------------------------


def _result(values: pl.Series, ok: np.ndarray | pl.Series) -> pl.Series:
    """The Boolean answer, named like the input, nulls turned into False."""
    series = ok if isinstance(ok, pl.Series) else pl.Series(ok, dtype=pl.Boolean)
    return series.fill_null(False).alias(values.name)


def _select(values: pl.Series, expr: pl.Expr, **stages: pl.Expr) -> pl.Series:
    """Evaluate ``expr`` over ``pl.col("v")`` bound to ``values``; nulls become False.

    ``stages`` are computed first as named columns, so an intermediate used several times by
    ``expr`` (a cleaned number, extracted groups) is computed once (eager select does not
    eliminate common subexpressions).
    """
    frame = pl.DataFrame({"v": values})
    if stages:
        frame = frame.with_columns(**stages)
    return _result(values, frame.select(expr.fill_null(False)).to_series())


def _fixed_width(values: pl.Series, width: int, upper: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Rows whose value is exactly ``width`` bytes long, and those bytes as an ``(n, width)`` matrix
    (ASCII letters upper-cased when ``upper``).

    Viewing the column's byte buffer as a matrix (``StringBytes``) turns a per-character rule
    (check digit, date field) into column arithmetic over millions of rows. Non-ASCII characters show up as bytes >= 0x80 and fail any digit or alphabet test.
    """
    rows, matrix = StringBytes.of(values).fixed_width(width)
    return rows, _upper(matrix) if upper else matrix


def _upper(matrix: np.ndarray) -> np.ndarray:
    """ASCII letters upper-cased (other bytes unchanged)."""
    return matrix - (((matrix - np.uint8(0x61)) < 26) * np.uint8(0x20)).astype(np.uint8)


def _all_digits(matrix: np.ndarray) -> np.ndarray:
    """Rows of ASCII digits only (one pass per column: faster than a row-wise reduction)."""
    ok = np.ones(matrix.shape[0], dtype=bool)
    for column in range(matrix.shape[1]):
        ok &= (matrix[:, column] - np.uint8(0x30)) <= 9
    return ok


def _dot(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Row-wise weighted sums of small integers as one single-precision matrix product, several
    times faster than integer arithmetic. Exact where it matters: the rows of valid characters,
    whose sums (check digits, six-digit area codes) stay far below 2**24."""
    return np.rint(values.astype(np.float32) @ weights.astype(np.float32)).astype(np.int64)


def _dot_each(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """``_dot`` for several weight columns at once: one row of sums per column, each contiguous
    (several fields of a fixed-width number read in one product)."""
    return np.rint(weights.T.astype(np.float32) @ values.T.astype(np.float32)).astype(np.int64)


def _digit_values(matrix: np.ndarray) -> np.ndarray:
    """The digit each byte stands for (meaningful only where the byte is a digit)."""
    return matrix - np.uint8(0x30)


def _number(digits: np.ndarray) -> np.ndarray:
    """Decimal value of each row of a digit matrix (values 0..9)."""
    return _dot(digits, 10 ** np.arange(digits.shape[1] - 1, -1, -1))


_DAYS_IN_MONTH = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)


def _real_date(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    """True where (year, month, day) is a date of the Gregorian calendar (19990230 is not)."""
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    month_ok = (month >= 1) & (month <= 12)
    days = _DAYS_IN_MONTH[np.clip(month, 1, 12) - 1] + ((month == 2) & leap)
    return month_ok & (day >= 1) & (day <= days)


def _birth_date_ok(
    year: np.ndarray, month: np.ndarray, day: np.ndarray, as_of: date, earliest: int = 1900_01_01
) -> np.ndarray:
    """A real date between ``earliest`` (yyyymmdd) and ``as_of`` inclusive: a birth date cannot be in
    the future."""
    ymd = year * 10_000 + month * 100 + day
    as_of_ymd = as_of.year * 10_000 + as_of.month * 100 + as_of.day
    return _real_date(year, month, day) & (ymd >= earliest) & (ymd <= as_of_ymd)


def _data_lines(name: str) -> Iterator[list[str]]:
    """Fields of the non-comment lines of a file in ``secsuite/detect/data``."""
    for line in (_DATA / name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            yield line.split()


# ---------------------------------------------------------------------------------------------
# GB/T 2260 administrative divisions (python-stdnum's table, with history)
# ---------------------------------------------------------------------------------------------


@loaded_once
def _division_entries() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """(province code, 4-digit county code, names) for every entry of stdnum's ``cn/loc`` table,
    read once: the area codes, the province codes and the gazetteer are all drawn from it.

    The table keeps withdrawn codes and renamed counties (``[-1991]东郊区,[1992-]东丽区``); a
    code is accepted whatever its validity years, because an ID's area code records where it was
    *issued*, which may postdate or predate the county's existence in the birth year.
    """
    from stdnum import numdb

    entries = []
    for _, low, high, props, children in numdb.get("cn/loc").prefixes:
        for province in range(int(low), int(high) + 1):
            province_code = f"{province:02d}"
            entries.append((province_code, "", (props.get("province", ""),)))
            for _, c_low, c_high, c_props, _ in children:
                names = tuple(re.sub(r"^\[[^\]]*\]", "", part) for part in c_props.get("county", "").split(","))
                entries.extend((province_code, f"{county:04d}", names) for county in range(int(c_low), int(c_high) + 1))
    return tuple(entries)


@loaded_once
def _area_codes() -> np.ndarray:
    """Every 6-digit area code of GB/T 2260 with history, sorted, as integers."""
    codes = {int(province + county) for province, county, _ in _division_entries() if county}
    return np.array(sorted(codes), dtype=np.int64)


@loaded_once
def _province_codes() -> np.ndarray:
    return np.array(sorted({int(province) for province, _, _ in _division_entries()}), dtype=np.int64)


# 香港/澳门/台湾居民居住证 use these area codes; 830000 is absent from GB/T 2260 itself. 460321 西沙区
# and 460322 南沙区 (三沙市, created 2020) are missing from python-stdnum's table.
_PERMIT_AREAS = np.array([810000, 820000, 830000], dtype=np.int64)
_LATER_AREAS = np.array([460321, 460322], dtype=np.int64)


@loaded_once
def _area_table() -> np.ndarray:
    """A lookup table over all 6-digit numbers: True for a known GB/T 2260 code, an HK/Macau/Taiwan
    residence-permit code, or a foreigner's permanent-residence ID (9, then a province code)."""
    table = np.zeros(1_000_000, dtype=bool)
    table[_area_codes()] = True
    table[_PERMIT_AREAS] = True
    table[_LATER_AREAS] = True
    for province in _province_codes():
        table[900_000 + province * 1_000 : 900_000 + (province + 1) * 1_000] = True
    return table


def _area_ok(area: np.ndarray) -> np.ndarray:
    """Whether each 6-digit area code is known (one table look-up per value, see ``_area_table``)."""
    return _area_table()[np.clip(area, 0, 999_999)]


# ---------------------------------------------------------------------------------------------
# Identifiers with check characters
# ---------------------------------------------------------------------------------------------

_RIC_WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], dtype=np.int64)
_RIC_CHECK = np.frombuffer(b"10X98765432", dtype=np.uint8)


def _fields(width: int, spans: list[tuple[int, int]]) -> np.ndarray:
    """Weights that read the decimal number in each ``[start, end)`` span of ``width`` digits: one
    matrix product then gives every field of every row (area code, year, month, day)."""
    weights = np.zeros((width, len(spans)), dtype=np.int64)
    for column, (start, end) in enumerate(spans):
        weights[start:end, column] = 10 ** np.arange(end - start - 1, -1, -1)
    return weights


# 18 characters: the check sum, then area code, year, month and day, in one product.
_RIC18 = np.column_stack((_RIC_WEIGHTS, _fields(17, [(0, 6), (6, 10), (10, 12), (12, 14)])))
_RIC15 = _fields(15, [(0, 6), (6, 8), (8, 10), (10, 12)])  # area code, YY, month, day
_ID_EARLIEST = 1800_01_01  # GB 11643-1999's own example was born in 1880


def cn_resident_id(values: pl.Series, as_of: date) -> pl.Series:
    """GB 11643-1999 citizen ID number (also the social-security number).

    18 characters: ISO 7064 MOD 11-2 check character (lowercase x accepted), a real birth date
    from 1800-01-01 to ``as_of`` (the standard's own example, 440524188001010014, was born in 1880),
    and a known area code (see :func:`_area_ok`). stdnum's rule that the county must have existed
    in the birth year is deliberately *not* applied: the area code is where the number was issued,
    and people born before a county was created carry its code.
    15 characters (legacy, issued before 1999): area code, YYMMDD read as 19YY, 3-digit order, no
    check digit (the order codes 996-999 of centenarians mean 18YY, which changes no verdict: a
    date is real in 18YY exactly when it is in 19YY, 1800 and 1900 being no leap years).
    """
    ok = np.zeros(len(values), dtype=bool)

    rows, matrix = _fixed_width(values, 18)
    if rows.size:
        total, area, year, month, day = _dot_each(_digit_values(matrix[:, :17]), _RIC18)
        check = _RIC_CHECK[total % 11]
        last = matrix[:, 17]
        check_ok = (last == check) | ((last == ord("x")) & (check == ord("X")))
        date_ok = _birth_date_ok(year, month, day, as_of, _ID_EARLIEST)
        ok[rows] = _all_digits(matrix[:, :17]) & check_ok & date_ok & _area_ok(area)

    rows, matrix = _fixed_width(values, 15)
    if rows.size:
        area, year, month, day = _dot_each(_digit_values(matrix), _RIC15)
        ok[rows] = _all_digits(matrix) & _birth_date_ok(1900 + year, month, day, as_of) & _area_ok(area)
    return _result(values, ok)


def cn_disability_certificate(values: pl.Series, as_of: date) -> pl.Series:
    """The number of the second-generation disability certificate (第二代残疾人证): the holder's
    18-character citizen ID number, then the disability category (1-7) and grade (1-4) of
    GB/T 26341-2010. It holds the ID number, which is what is checked."""
    ok = np.zeros(len(values), dtype=bool)
    rows = np.flatnonzero((values.str.len_bytes() == 20).fill_null(False).to_numpy())
    if rows.size:
        numbers = values.gather(rows)
        coded = numbers.str.contains(r"[1-7][1-4]$").fill_null(False).to_numpy()
        ok[rows] = coded & cn_resident_id(numbers.str.head(18), as_of).to_numpy()
    return _result(values, ok)


_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = np.array([pow(3, i, 31) for i in range(17)], dtype=np.int64)  # 1, 3, 9, 27, 19, ...
_USCC_VALUE = np.full(256, -1, dtype=np.int8)
_USCC_VALUE[np.frombuffer(_USCC_ALPHABET.encode(), dtype=np.uint8)] = np.arange(31)


def cn_uscc(values: pl.Series, as_of: date) -> pl.Series:
    """GB 32100-2015 unified social credit code: 18 characters of ``0-9A-HJ-NP-RTUW-Y``, positions
    3-8 an area code of digits, check = alphabet[(31 - sum(value * 3^i mod 31)) mod 31].

    Positions 1-2 (registration authority, entity type) may be letters (e.g. ``Y1``, ``N2``);
    python-stdnum requires digits there and so rejects codes from authorities with letter codes.
    No authority has the code 0, so the all-zero placeholder (000000000000000000, whose check
    character works out) is none, although python-stdnum accepts it.
    """
    rows, matrix = _fixed_width(values, 18)
    ok = np.zeros(len(values), dtype=bool)
    if rows.size:
        # All-digit codes (and numbers that merely look like codes) need no alphabet look-up.
        numeric = _all_digits(matrix)
        value = _digit_values(matrix).astype(np.int8)
        lettered = np.flatnonzero(~numeric)
        if lettered.size:
            value[lettered] = _USCC_VALUE[_upper(matrix[lettered])]
        valid_characters = numeric.copy()
        valid_characters[lettered] = value[lettered].min(axis=1) >= 0
        check = (31 - _dot(value[:, :17], _USCC_WEIGHTS) % 31) % 31
        authority = matrix[:, 0] != ord("0")
        ok[rows] = valid_characters & authority & _all_digits(matrix[:, 2:8]) & (value[:, 17] == check)
    return _result(values, ok)


def luhn(values: pl.Series, as_of: date) -> pl.Series:
    """ISO/IEC 7812-1 Luhn (mod 10) check over 12-19 digit strings: bank cards, IMEIs.

    Vectorised per length: from the rightmost (check) digit, every second digit is doubled and
    its digits summed; the total must be a multiple of 10.
    """
    ok = np.zeros(len(values), dtype=bool)
    widths = values.str.len_bytes().drop_nulls().unique().to_list()
    for width in sorted(w for w in widths if 12 <= w <= 19):
        rows, matrix = _fixed_width(values, width)
        doubled = np.zeros(width, dtype=bool)
        doubled[width - 2 :: -2] = True  # second-to-last, then every other leftwards
        digits = _digit_values(matrix)
        # A doubled digit d adds 2d, less 9 when 2d has two digits (d >= 5): two matrix products.
        total = _dot(digits, np.where(doubled, 2, 1)) - 9 * _dot(digits[:, doubled] >= 5, np.ones(doubled.sum()))
        ok[rows] = _all_digits(matrix) & (total % 10 == 0)
    return _result(values, ok)


_VIN_VALUE = np.full(256, -1, dtype=np.int8)
_VIN_VALUE[np.frombuffer(b"0123456789", dtype=np.uint8)] = np.arange(10)
for _letters, _start in (("ABCDEFGH", 1), ("JKLMN", 1), ("P", 7), ("R", 9), ("STUVWXYZ", 2)):
    _VIN_VALUE[np.frombuffer(_letters.encode(), dtype=np.uint8)] = np.arange(_start, _start + len(_letters))
_VIN_WEIGHTS = np.array([8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2], dtype=np.int64)
_VIN_CHECK = np.frombuffer(b"0123456789X", dtype=np.uint8)


def vin(values: pl.Series, as_of: date) -> pl.Series:
    """ISO 3779 vehicle identification number with the check digit in position 9.

    17 characters without I, O, Q; letters transliterate A-H=1-8, J-N=1-5, P=7, R=9, S-Z=2-9;
    weights 8,7,6,5,4,3,2,10,0,9,...,2; check = sum mod 11 (10 written X). GB 16735 makes the
    check digit mandatory for Chinese vehicles; some European-market VINs lack it and fail.
    """
    rows, matrix = _fixed_width(values, 17, upper=True)
    ok = np.zeros(len(values), dtype=bool)
    if rows.size:
        value = _VIN_VALUE[matrix]
        check = _VIN_CHECK[_dot(value, _VIN_WEIGHTS) % 11]
        ok[rows] = (value.min(axis=1) >= 0) & (matrix[:, 8] == check)
    return _result(values, ok)


# ---------------------------------------------------------------------------------------------
# Telephone numbers
# ---------------------------------------------------------------------------------------------

# Mobile number prefixes (号段) in public use, from MIIT's 《电信网编号计划（2017年版）》 and its
# later allocations (162/165/167/170/171 virtual operators; 190/192/196/197 in 2019; 14x data and
# IoT plans, accepted as a block; 174 satellite; 1610x, listed as mobile by libphonenumber's
# metadata). 154, 179 and 194 are not allocated to mobiles, nor are 160, 163, 164, 168, 169.
# Carriers are not listed: number portability (2019) makes them unknowable from the prefix.
MOBILE_PREFIXES: frozenset[str] = frozenset(
    [f"13{d}" for d in range(10)]
    + [f"14{d}" for d in range(10)]
    + [f"15{d}" for d in range(10) if d != 4]
    + ["161", "162", "165", "166", "167"]
    + [f"17{d}" for d in range(9)]
    + [f"18{d}" for d in range(10)]
    + [f"19{d}" for d in range(10) if d != 4]
)


_MOBILE_PREFIX_LIST = sorted(MOBILE_PREFIXES)


_MOBILE_PREFIX_TABLE = np.zeros(1000, dtype=bool)
_MOBILE_PREFIX_TABLE[[int(prefix) for prefix in MOBILE_PREFIXES]] = True


# The prefixes of a mobile, brackets and separators removed: the country code +86, 86, 0086, each
# also with the trunk 0 that international notation puts in brackets (+86 (0) 138 ...); the domestic
# long-distance prefix 0 (018910105656, dialled from another city's fixed line); and the carriers' IP
# long-distance access codes of the numbering plan (17951-18910105656).
_IP_ACCESS_CODES = ["17951", "17911", "12593", "17901", "17909"]
_MOBILE_DIAL_PREFIXES = ["", "+86", "86", "0086", "+860", "860", "00860", "0", *_IP_ACCESS_CODES,
                            *(f"{code}0" for code in _IP_ACCESS_CODES)]


def cn_mobile(values: pl.Series, as_of: date) -> pl.Series:
    """Mainland mobile number: an optional prefix (+86, 86, 0086, in brackets or not, with or
    without the bracketed trunk 0 of international notation; a long-distance 0; an IP access code,
    see :data:`_MOBILE_DIAL_PREFIXES`) then 11 digits whose first three
    are an allocated prefix (:data:`MOBILE_PREFIXES`).

    Bare 11-character values (nearly all) are checked on their bytes; the others with strings."""
    ok = np.zeros(len(values), dtype=bool)
    rows, matrix = _fixed_width(values, 11)
    if rows.size:
        prefix = _number(_digit_values(matrix[:, :3]))
        ok[rows] = _all_digits(matrix) & _MOBILE_PREFIX_TABLE[np.clip(prefix, 0, 999)]
    others = np.flatnonzero((values.str.len_bytes() != 11).fill_null(False).to_numpy())
    if others.size:
        v = pl.col("v")
        number = v.str.tail(11)
        prefix = v.str.head(-11).str.replace_all(r"[()\s\-]", "")
        ok[others] = _select(
            values.gather(others),
            number.str.contains(r"^1[0-9]{10}$")
            & number.str.head(3).is_in(_MOBILE_PREFIX_LIST)
            & prefix.is_in(_MOBILE_DIAL_PREFIXES),
        ).to_numpy()
    return _result(values, ok)


@loaded_once
def landline_area_codes() -> frozenset[str]:
    """Long-distance area codes from ``data/cn_area_codes.txt`` (0 + 2-3 digits)."""
    return frozenset(fields[0] for fields in _data_lines("cn_area_codes.txt"))


_DASH = f"[{DASHES}]"  # dashes that word processors put for typed hyphens
# A country prefix before a landline's area code, and the trunk 0 that may follow it (see cn_landline).
_LANDLINE_COUNTRY_PREFIX = r"^(?:\(?(?:\+|00)86\)?|86[\s\-])[\s\-]*(?:\(0\))?[\s\-]*\(?0?"
# An extension written with an explicit marker: 转123, 分机123, ext.123, x123, #123.
_EXTENSION_MARKED = r"(?:转|分机|[Ee][Xx][Tt]\.?|[Xx]|#)\s*[0-9]{1,6}$"


def cn_landline(values: pl.Series, as_of: date) -> pl.Series:
    """Fixed-line number: a known area code (``data/cn_area_codes.txt``) and a 7-8 digit subscriber
    number not starting with 0 or 1.

    The spec's pattern admits an optional extension and this validator strips it: ``转``/``分机``/
    ``ext``/``x``/``#`` followed by up to 6 digits, or a last hyphen group of up to 6 digits when
    what precedes it already has the 10-12 digits of area code plus number (``0527-88888888-123``,
    ``(0527)46157535-8028``; but ``010-8888-8888`` is one number). Brackets, spaces and hyphens
    (or the dashes word processors put for them) are separators (the spec uses ``normalize: trim``
    so that the hyphen before an extension survives);
    a country prefix (+86, 0086, (+86), or 86 followed by a separator, each with or without the
    trunk 0, bare or bracketed: ``+86 (0)10 ...``, ``+86 (0755) ...``) replaces the area code's
    leading 0. Without separators (``02787654321``) both a 3- and
    a 4-digit area code are tried against the table (3-digit codes are 010 and 02x, so at most one
    fits).
    """
    cleaned = (
        pl.col("v")
        .str.replace_all(_DASH, "-")
        .str.replace(_EXTENSION_MARKED, "")
        .str.replace(_LANDLINE_COUNTRY_PREFIX, "0")
        .str.replace_all(r"[()\s]", "")
    )
    before_extension = cleaned.str.extract(r"^(.*)-[0-9]{1,6}$", 1).str.replace_all("-", "")
    digits = (
        pl.when(before_extension.str.len_bytes().is_between(10, 12))
        .then(before_extension)
        .otherwise(cleaned.str.replace_all("-", ""))
    )
    v = pl.col("digits")
    codes = sorted(landline_area_codes())
    splits = []
    for width in (3, 4):
        subscriber = v.str.slice(width)
        splits.append(
            v.str.head(width).is_in(codes)
            & subscriber.str.len_bytes().is_between(7, 8)
            & subscriber.str.contains(r"^[2-9][0-9]+$")
        )
    return _select(values, v.str.contains(r"^0[0-9]+$") & (splits[0] | splits[1]), digits=digits)


# ---------------------------------------------------------------------------------------------
# Network identifiers
# ---------------------------------------------------------------------------------------------


_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])"
_IPV4 = rf"^{_OCTET}(?:\.{_OCTET}){{3}}(?:/(?:3[0-2]|[12]?[0-9]))?$"


def _is_ipv6(text: str) -> bool:
    try:
        address = ipaddress.ip_interface(text).ip if "/" in text else ipaddress.ip_address(text)
    except ValueError:
        return False
    return address.version == 6 and not address.is_unspecified


def ip_address(values: pl.Series, as_of: date) -> pl.Series:
    """IPv4 or IPv6 address, optionally with a /prefix length.

    IPv4 is checked by one regex (octets 0-255 without leading zeros, which are ambiguous octal;
    the same rule as :mod:`ipaddress`), so log columns with millions of distinct addresses stay
    vectorised. IPv6 is parsed by :mod:`ipaddress`, once per distinct value. ``00:1A:2B:3C:4D:5E``
    (a MAC) and ``12:30:45`` fail, and so do the unspecified ``0.0.0.0`` and ``::`` (the IPv6 pattern
    finds ``::`` in any text with "：："), and the reserved 240.0.0.0/4 with the broadcast address
    (RFC 1112 §4, RFC 919): no host has one, and a subnet mask (255.255.255.0, 255.240.0.0) is one.
    """
    ipv4 = values.str.contains(_IPV4) & ~values.str.contains(r"^(?:0\.0\.0\.0|2(?:4\d|5[0-5])\.\d+\.\d+\.\d+)(?:/|$)")
    candidates = values.filter(values.str.contains(":").fill_null(False)).unique()
    mapping = {text: _is_ipv6(text) for text in candidates.to_list()}
    ipv6 = values.replace_strict(mapping, default=False, return_dtype=pl.Boolean) if mapping else ipv4 & False
    return _result(values, ipv4.fill_null(False) | ipv6.fill_null(False))


def mac_address(values: pl.Series, as_of: date) -> pl.Series:
    """EUI-48 address, 12 hex digits after removing ``:``, ``-`` and ``.``; the all-zero and
    broadcast placeholders (00:00:00:00:00:00, FF:FF:FF:FF:FF:FF) identify no device, and groups of
    four made of decimal digits only (``0755-8888-8888``, ``1234.5678.9012``) are more likely a
    phone or a serial than one of the few MACs without a letter."""
    v = pl.col("v")
    hex_digits = v.str.replace_all(r"[:\-.]", "").str.to_uppercase()
    return _select(
        values,
        hex_digits.str.contains(r"^[0-9A-F]{12}$")
        & ~hex_digits.is_in(["000000000000", "FFFFFFFFFFFF"])
        & ~v.str.contains(r"^[0-9]{4}[\-.][0-9]{4}[\-.][0-9]{4}$"),
    )


_EMAIL_LABEL = r"[0-9A-Za-z\u4e00-\u9fff](?:[0-9A-Za-z\u4e00-\u9fff\-]{0,61}[0-9A-Za-z\u4e00-\u9fff])?"
_EMAIL_TOP_LEVEL = r"(?:[A-Za-z\u4e00-\u9fff]{2,63}|xn--[0-9A-Za-z\-]{1,59})"
_EMAIL = rf"^[^@]{{1,64}}@(?:{_EMAIL_LABEL}\.)+{_EMAIL_TOP_LEVEL}$"  # one pass: local part, then domain


def email(values: pl.Series, as_of: date) -> pl.Series:
    """An address whose local part is 1-64 characters (RFC 5321 4.5.3.1.1) and whose domain has at
    least one dot, labels without leading/trailing hyphens, and an alphabetic top-level label."""
    v = pl.col("v")
    return _select(values, (v.str.len_chars() <= 254) & v.str.contains(_EMAIL))


# ---------------------------------------------------------------------------------------------
# Location
# ---------------------------------------------------------------------------------------------

# China's bounding box (WGS-84; GCJ-02 and BD-09 offsets are far smaller than its margins).
LATITUDE_RANGE = (3.8, 53.6)
LONGITUDE_RANGE = (73.5, 135.1)

_NUMBER = r"(-?[0-9]{1,3}(?:\.([0-9]+))?)"
# A part of a pair, with the hemisphere marks China's coordinates can carry (N and E only: a part
# marked S or W is outside the box, whatever its digits) and a degree sign.
_PART = rf"(?:[NnEe]|北纬|东经)?\s*{_NUMBER}\s*°?\s*[NnEe]?"
_PAIR = rf"^(?i:POINT)?\s*[(\[]?\s*{_PART}\s*(?:[,;]\s*|\s+){_PART}\s*[)\]]?$"


def geo_coordinate(values: pl.Series, as_of: date) -> pl.Series:
    """A coordinate pair inside China, in either order (lat,lng or lng,lat), separated by a comma,
    semicolon or space, optionally bracketed or written ``POINT(lng lat)``, each part optionally
    marked N/E (before or after), 北纬/东经, or with a degree sign.

    At least one part needs 4 or more decimals (about 10 m): "3,100" or "12, 88" are not positions.
    """
    return _coordinate_pair(values, 4)


def geo_coordinate_coarse(values: pl.Series, as_of: date) -> pl.Series:
    """``geo_coordinate`` with one decimal or more in each part (39.9,116.4 locates a district),
    for columns named as coordinates."""
    return _coordinate_pair(values, 1, both=True)


def _coordinate_pair(values: pl.Series, decimals: int, both: bool = False) -> pl.Series:
    parts = pl.col("parts").struct
    first = parts.field("1").cast(pl.Float64, strict=False)
    first_decimals = parts.field("2").str.len_chars().fill_null(0)
    second = parts.field("3").cast(pl.Float64, strict=False)
    second_decimals = parts.field("4").str.len_chars().fill_null(0)

    def lat(x: pl.Expr) -> pl.Expr:
        return x.is_between(*LATITUDE_RANGE)

    def lng(x: pl.Expr) -> pl.Expr:
        return x.is_between(*LONGITUDE_RANGE)

    in_box = (lat(first) & lng(second)) | (lng(first) & lat(second))
    if both:
        precise = (first_decimals >= decimals) & (second_decimals >= decimals)
    else:
        precise = (first_decimals >= decimals) | (second_decimals >= decimals)
    return _select(values, in_box & precise, parts=pl.col("v").str.extract_groups(_PAIR))


# Degrees, minutes and seconds (东经121°19′6.1″, 31度17分9秒N): each part as its degrees, minutes, seconds.
# NFKC writes the double prime ″ as two primes.
_DMS_PART = (r"(?:东经|北纬|[NnEe])?\s*([0-9]{1,3})\s*[°度]\s*([0-9]{1,2})\s*(?:′|'|分)\s*([0-9]{1,2}(?:\.[0-9]+)?)\s*"
             r"(?:″|′′|''|\"|秒)\s*[NnEe]?")
_DMS_PAIR = rf"^{_DMS_PART}\s*[,;，；]?\s*{_DMS_PART}$"


def geo_coordinate_dms(values: pl.Series, as_of: date) -> pl.Series:
    """A coordinate pair inside China in degrees, minutes and seconds (about 30 m), in either order:
    ``东经121°19′6.1″ 北纬31°17′9.0″``, ``31°17′9″N, 121°19′6″E``; minutes and seconds below 60."""
    parts = pl.col("parts").struct

    def degrees(first: int) -> tuple[pl.Expr, pl.Expr]:
        d, m, sec = (parts.field(str(first + i)).cast(pl.Float64) for i in range(3))
        return d + m / 60 + sec / 3600, (m < 60) & (sec < 60)

    one, one_ok = degrees(1)
    two, two_ok = degrees(4)
    in_box = ((one.is_between(*LATITUDE_RANGE) & two.is_between(*LONGITUDE_RANGE))
              | (one.is_between(*LONGITUDE_RANGE) & two.is_between(*LATITUDE_RANGE)))
    return _select(values, in_box & one_ok & two_ok, parts=pl.col("v").str.extract_groups(_DMS_PAIR))


def _single_degree(values: pl.Series, low: float, high: float) -> pl.Series:
    v = pl.col("v")
    return _select(
        values,
        v.str.contains(r"^-?[0-9]{1,3}\.[0-9]{3,}$") & v.cast(pl.Float64, strict=False).is_between(low, high),
    )


def latitude(values: pl.Series, as_of: date) -> pl.Series:
    """A single latitude inside China (3.8-53.6) with at least 3 decimals, for 纬度 columns."""
    return _single_degree(values, *LATITUDE_RANGE)


def longitude(values: pl.Series, as_of: date) -> pl.Series:
    """A single longitude inside China (73.5-135.1) with at least 3 decimals, for 经度 columns."""
    return _single_degree(values, *LONGITUDE_RANGE)


# ---------------------------------------------------------------------------------------------
# Dates, names, addresses
# ---------------------------------------------------------------------------------------------

DATE_PARTS = (
    r"^([0-9]{4})(?:[-/.年]([0-9]{1,2})[-/.月]([0-9]{1,2})日?|([0-9]{2})([0-9]{2}))"
    r"(?:[ T]00:00(?::00(?:\.0+)?)?)?$"
)
# The year last, as passports and entry-exit records write dates (14/10/1966, 08.07.1995).
_YEAR_LAST = r"^([0-9]{1,2})[-/.]([0-9]{1,2})[-/.]([0-9]{4})(?:[ T]00:00(?::00(?:\.0+)?)?)?$"


def date_parts(values: pl.Series) -> pl.DataFrame:
    """Year, month and day of each value written as a date (``DATE_PARTS``), nulls elsewhere."""
    parts = pl.col("v").str.extract_groups(DATE_PARTS).struct
    return pl.DataFrame({"v": values}).select(
        year=parts.field("1").cast(pl.Int64),
        month=pl.coalesce(parts.field("2"), parts.field("4")).cast(pl.Int64),
        day=pl.coalesce(parts.field("3"), parts.field("5")).cast(pl.Int64),
    )


def _real_birth_dates(values: pl.Series, frame: pl.DataFrame, as_of: date) -> pl.Series:
    matched = frame["year"].is_not_null().to_numpy()
    year, month, day = (frame[c].fill_null(0).to_numpy().astype(np.int64) for c in ("year", "month", "day"))
    return _result(values, matched & _birth_date_ok(year, month, day, as_of))


def birth_date(values: pl.Series, as_of: date) -> pl.Series:
    """A real date from 1900-01-01 to ``as_of``: YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD, YYYYMMDD or
    YYYY年M月D日 (single-digit month/day allowed except in YYYYMMDD), optionally followed by a
    midnight time (``1990-01-01 00:00:00``, how databases export DATETIME birth dates)."""
    return _real_birth_dates(values, date_parts(values), as_of)


def birth_date_year_last(values: pl.Series, as_of: date) -> pl.Series:
    """``birth_date`` written with the year last, as passports and entry-exit records do
    (14/10/1966, 08.07.1995): read day first, unless the second number cannot be a month
    (12/31/1990, written month first)."""
    parts = pl.col("v").str.extract_groups(_YEAR_LAST).struct
    first, second = parts.field("1").cast(pl.Int64), parts.field("2").cast(pl.Int64)
    day_first = second <= 12
    frame = pl.DataFrame({"v": values}).select(
        year=parts.field("3").cast(pl.Int64),
        month=pl.when(day_first).then(second).otherwise(first),
        day=pl.when(day_first).then(first).otherwise(second),
    )
    return _real_birth_dates(values, frame, as_of)


_YEAR_MONTH = r"^([0-9]{4})[-/.年]([0-9]{1,2})月?$"


def birth_month(values: pl.Series, as_of: date) -> pl.Series:
    """A year and month of birth from 1900-01 to the month of ``as_of``: 1981.07, 1981-07,
    1981年7月, the 出生年月 of cadre rosters (干部任免审批表) and personnel files."""
    parts = pl.col("v").str.extract_groups(_YEAR_MONTH).struct
    frame = pl.DataFrame({"v": values}).select(year=parts.field("1").cast(pl.Int64),
                                               month=parts.field("2").cast(pl.Int64))
    year, month = (frame[c].fill_null(0).to_numpy().astype(np.int64) for c in ("year", "month"))
    ok = (year >= 1900) & (month >= 1) & (month <= 12) & (year * 100 + month <= as_of.year * 100 + as_of.month)
    return _result(values, ok)


@loaded_once
def surnames() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(single surnames, compound surnames, the ~100 most common single surnames)."""
    single, compound, common = set(), set(), set()
    for fields in _data_lines("cn_surnames.txt"):
        name = fields[0]
        (single if len(name) == 1 else compound).add(name)
        if "*" in fields[1:]:
            common.add(name)
    return frozenset(single), frozenset(compound), frozenset(common)


@loaded_once
def _surname_lists() -> tuple[list[str], list[str], list[str]]:
    single, compound, common = surnames()
    return sorted(single), sorted(compound), sorted(common)


_HAN = r"\u3400-\u4dbf\u4e00-\u9fff"
# Last characters that make a Han string a place, an organisation or an ethnic group, not a
# person: 江宁区, 高新区, 王庄村, 李家店, 满族/苗族/白族 all start with a surname character.
_NOT_NAME_ENDINGS = "省市区县镇乡村路街局厅委办处院所站队司部厂店馆校族" "區縣鎮鄉廳辦處隊廠館"  # and traditional
# ... nor a name anonymised by 某 (张某, 李某某: how court documents and registers mask a name)
_NOT_NAME_WORDS = ["公司", "集团", "中心", "医院", "学校", "大学", "银行", "社区", "集團", "醫院", "學校", "大學", "銀行", "社區", "某"]


def person_name(values: pl.Series, as_of: date) -> pl.Series:
    """2-4 Han characters starting with a surname from ``data/cn_surnames.txt`` (simplified or
    traditional: 陈美玲, 陳美玲).

    Four characters need a compound surname (欧阳, 司马 ...) or two common single surnames in a
    row (the double-surname form, 张王一诺). Values ending in a place/organisation character
    (区, 村, 局, 族 ...), organisation words and the 某 of an anonymised name (张某某) are rejected. Column-level rules (distinct ratio, name hints) do the rest:
    many common words start with a surname character.
    """
    single, compound, common = _surname_lists()
    v = pl.col("v")
    length = v.str.len_chars()
    first, second, first_two = v.str.head(1), v.str.slice(1, 1), v.str.head(2)
    has_compound = first_two.is_in(compound)
    double_surname = first.is_in(common) & second.is_in(common)
    return _select(
        values,
        v.str.contains(rf"^[{_HAN}]{{2,4}}$")
        & ~v.str.contains(rf"[{_NOT_NAME_ENDINGS}]$")
        & ~v.str.contains_any(_NOT_NAME_WORDS)
        & pl.when(length == 4)
        .then(has_compound | double_surname)
        .when(length == 3)
        .then(first.is_in(single) | has_compound)
        .otherwise(first.is_in(single)),
    )


@loaded_once
def _pinyin_regex() -> str:
    """Romanised names after GB/T 28039-2011: a pinyin surname and a given name of one to three
    syllables, in either order (ZHANG WEI, Zhang Wei, WEI Zhang, OUYANG Nana, Zhang Xiu-ying)."""
    table = {fields[0].rstrip(":"): fields[1:] for fields in _data_lines("pinyin.txt")}
    syllable = "|".join(sorted(set(table["syllables"]), key=lambda s: (-len(s), s)))
    surname = "|".join(sorted(set(table["surnames"]), key=lambda s: (-len(s), s)))
    given = rf"(?:{syllable})(?:['\-]?(?:{syllable})){{0,2}}"
    return f"(?i)^(?:(?:{surname})[ ,]+{given}|{given}[ ,]+(?:{surname}))$"


@loaded_once
def _given_names_en() -> list[str]:
    return [fields[0].lower() for fields in _data_lines("given_names_en.txt")]


def western_name(values: pl.Series, as_of: date) -> pl.Series:
    """A name written the Western way (Bill Gates, Kevin Wayne Durant, JAMES): a common English given
    name first, then at most two more capitalised words. Only under a name hint: a column named
    ``name`` of products or places starts with a given name now and then (Grace Bay Resort), a
    column of people's names nearly always."""
    v = pl.col("v")
    first = v.str.extract(r"^([A-Za-z]+)", 1).str.to_lowercase()
    shape = v.str.contains(r"^[A-Z][A-Za-z'\-]*(?:\.? [A-Z][A-Za-z'\-]*\.?){0,2}$")
    return _select(values, shape & first.is_in(_given_names_en()))


def pinyin_name(values: pl.Series, as_of: date) -> pl.Series:
    """A romanised Chinese name (see ``_pinyin_regex``): English words are not sequences of pinyin
    syllables next to a pinyin surname (Silver Lake, Open Data, Main Street)."""
    return _select(values, pl.col("v").str.contains(_pinyin_regex()))


# Administrative names too generic to locate anything on their own.
_GENERIC_DIVISIONS = frozenset(
    [
        "县",
        "区",
        "市",
        "郊区",
        "市区",
        "城区",
        "矿区",
        "市中区",
        "新区",
        "东区",
        "西区",
        "南区",
        "北区",
        "中区",
        "林区",
        "特区",
        "新城区",
        "老城区",
    ]
)
# The 56 ethnic groups, as they appear in names of autonomous areas (族 optional: 新疆维吾尔自治区).
_ETHNIC = (
    "蒙古|回|藏|维吾尔|苗|彝|壮|布依|朝鲜|满|侗|瑶|白|土家|哈尼|哈萨克|傣|黎|傈僳|佤|畲|高山|拉祜|水|"
    "东乡|纳西|景颇|柯尔克孜|土|达斡尔|仫佬|羌|布朗|撒拉|毛南|仡佬|锡伯|阿昌|普米|塔吉克|怒|乌孜别克|"
    "俄罗斯|鄂温克|德昂|保安|裕固|京|塔塔尔|独龙|鄂伦春|赫哲|门巴|珞巴|基诺|汉"
)
_AUTONOMOUS = re.compile(rf"^(.{{2,}}?)(?:(?:{_ETHNIC})族?)*自治(?:区|州|县|旗)$")
# The shortest core wins, so 林区 is not a suffix (万柏林区 -> 万柏林; 神农架林区 is special-cased).
_LEVEL_SUFFIX = re.compile(r"^(.{2,}?)(?:特别行政区|特別行政區|地区|盟|省|市|区|县|旗)$")
_NUMERAL = "0-9一二三四五六七八九十百零〇"
# Address tokens, as regex pieces. Characters that also end common words are qualified: 号, 室, 楼,
# 栋, 幢 and 组 need a number before them (账号, 办公室, 办公楼, 组织部 are not addresses), 村 must not
# be 农村 (农村商业银行), and bare 道 (渠道, 道路, 报道) is left out: 街道 and 大道 still count.
ADDRESS_TOKENS = (
    "路",
    "街",
    "大道",
    "巷",
    "弄",
    "胡同",
    "镇",
    "乡",
    "[^农]村",
    "小区",
    "社区",
    "大厦",
    "苑",
    "单元",
    f"[{_NUMERAL}]号",
    f"[{_NUMERAL}A-Za-z]栋",
    f"[{_NUMERAL}A-Za-z]幢",
    f"[{_NUMERAL}]楼",
    "[0-9]室",
    f"[{_NUMERAL}]组",
)
_TOKEN_ENDINGS = sorted({token[-1] for token in ADDRESS_TOKENS})  # each token's literal last character
# Organisation names carry division names and street words too (中共宿迁市委组织部, 宿迁市公路管理处,
# 江苏宿迁农村商业银行营业部); an address does not end like one. Nor does it end at an administrative
# division (朝阳街道, 城关镇, 南山区, 东城街道办事处) or at a unit of grassroots management (望京街道第三网格,
# 东关社区居委会, 北片区): a personal address reaches a road, house number, building or room — or, in
# the countryside, a village or its group (XX镇XX村3组).
_ORGANISATION_ENDING = (
    r"(?:局|厅|委|委员会|办|办事处|处|中心|公司|集团|银行|分行|支行|营业部|医院|卫生院|法院|检察院|学院|"
    r"研究院|设计院|学校|小学|中学|大学|幼儿园|协会|商会|学会|合作社|部|所|站|队|馆|厂|科|"
    r"街道|镇|乡|社区|区|县|市|省|旗|政府|管委会|网格|居委会|村委会|片区|警务区|"
    # nor at a spot on the way: a crossing, a gate, a station's exit (中山路与北京东路交叉口, 东方路地铁站B口)
    r"交叉口|路口|[东西南北正侧后]门|[A-Za-z0-9]口|出口|入口|附近|沿线)$"
)
# Nor is a document's number an address, although it names a division and ends in 号: it ends in
# 第…号 (京(2016)南京市不动产权第6037956号; a house number does not take 第), carries its year in
# brackets (和平区税稽〔2024〕12号, 京(2016)…), or is a court case number, a court's code followed
# by the case type (粤0305民初123号, 京01执456号; 最高人民法院《关于人民法院案件案号的若干规定》
# 法〔2015〕137号). Python's re and polars' engine read it alike (see ``ner``).
DOCUMENT_NUMBER = (
    r"第[0-9]+号$|[(（〔\[][12][0-9]{3}[)）〕\]]"
    r"|[0-9]{2,4}(?:民|刑|行|执|赔|破|知|商|财保)[初终再申监特催撤恢保异复他]{0,2}[0-9]+号$"
)
_NOT_AN_ADDRESS = rf"{_ORGANISATION_ENDING}|{DOCUMENT_NUMBER}"


def _short_forms(name: str) -> Iterable[str]:
    """A division name and its form without the level suffix: 河北省/河北, 延边朝鲜族自治州/延边,
    新疆维吾尔自治区/新疆. One-character cores (萧县 -> 萧) are not produced."""
    yield name
    if name == "神农架林区":
        yield "神农架"
        return
    match = _AUTONOMOUS.match(name) or _LEVEL_SUFFIX.match(name)
    if match:
        yield match.group(1)


@loaded_once
def division_names() -> tuple[str, ...]:
    """Province, prefecture and county names of GB/T 2260 (with history), with and without
    suffixes, at least two characters, generic names (市辖区, 郊区, 城区 ...) left out."""
    names: set[str] = set()
    for _, _, raw_names in _division_entries():
        for raw in raw_names:
            if not raw or "直辖" in raw or "辖区" in raw or raw in _GENERIC_DIVISIONS:
                continue
            names.update(f for f in _short_forms(raw) if len(f) >= 2 and f not in _GENERIC_DIVISIONS)
    return tuple(sorted(names, key=lambda n: (-len(n), n)))


@loaded_once
def _address_regex() -> str:
    return f"(?:{'|'.join(division_names())}).*(?:{'|'.join(ADDRESS_TOKENS)})"


def street_address(values: pl.Series, as_of: date) -> pl.Series:
    """An address without a division name (人民路12号3栋, XX村5组), in a column named as an address:
    it must not end like an organisation or an administrative division (see ``cn_address``)."""
    v = pl.col("v")
    return _select(values, (v.str.len_chars() > 0) & ~v.str.contains(_NOT_AN_ADDRESS))


def cn_address(values: pl.Series, as_of: date) -> pl.Series:
    """An address: a GB/T 2260 division name (北京/北京市, 海淀/海淀区, 镇江 ...) followed, anywhere
    later in the value, by an address token (路, 街, 12号, 村, 小区, 单元, 502室 ...), and not ending
    like an organisation's name (局, 委员会, 银行, 营业部 ...) or a document's number (不动产权第123号).

    One regex built once from the gazetteer; polars' Rust engine runs the alternation of a few
    thousand literal names with an Aho-Corasick prefilter.
    """
    v = pl.col("v")
    # Every address token ends in one of a few characters: the gazetteer runs only where one occurs
    # (most Han text without such a character, a remark or a name, costs one literal search).
    rows = np.flatnonzero(values.str.contains_any(_TOKEN_ENDINGS).fill_null(False).to_numpy())
    found = np.zeros(values.len(), dtype=bool)
    if rows.size:
        candidates = values if rows.size == values.len() else values.gather(rows)
        found[rows] = _select(candidates, v.str.contains(_address_regex())
                              & ~v.str.contains(_NOT_AN_ADDRESS)).to_numpy()
    return _result(values, found)


VALIDATORS: dict[str, Validator] = {
    "cn_resident_id": cn_resident_id,
    "cn_disability_certificate": cn_disability_certificate,
    "cn_uscc": cn_uscc,
    "luhn": luhn,
    "vin": vin,
    "cn_mobile": cn_mobile,
    "cn_landline": cn_landline,
    "ip_address": ip_address,
    "mac_address": mac_address,
    "email": email,
    "geo_coordinate": geo_coordinate,
    "geo_coordinate_coarse": geo_coordinate_coarse,
    "geo_coordinate_dms": geo_coordinate_dms,
    "latitude": latitude,
    "longitude": longitude,
    "birth_date": birth_date,
    "birth_month": birth_month,
    "birth_date_year_last": birth_date_year_last,
    "person_name": person_name,
    "cn_address": cn_address,
    "street_address": street_address,
    "pinyin_name": pinyin_name,
    "western_name": western_name,
}
"""Registry keyed by the names detector specs use in ``validator:``."""
