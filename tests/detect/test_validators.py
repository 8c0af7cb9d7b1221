"""Validators: table-driven cases, the Series contract, and python-stdnum as an independent oracle."""

from __future__ import annotations

import random
from datetime import date

import numpy as np
import polars as pl
import pytest
from stdnum import imei as stdnum_imei
from stdnum import luhn as stdnum_luhn
from stdnum import numdb
from stdnum.cn import ric, uscc
from stdnum.exceptions import InvalidComponent

from secsuite.detect import validators as v
from secsuite.detect.validators import VALIDATORS

AS_OF = date(2025, 6, 30)


def check(name: str, value: str | None) -> bool:
    result = VALIDATORS[name](pl.Series("col", [value], dtype=pl.String), AS_OF)
    assert result.dtype == pl.Boolean and len(result) == 1
    return bool(result[0])


def ric_with_check(body17: str) -> str:
    """An 18-character ID whose check character is right (stdnum computes it)."""
    return body17 + ric.calc_check_digit(body17 + "0")


def uscc_with_check(body17: str) -> str:
    return body17 + uscc.calc_check_digit(body17 + "0")


def luhn_with_check(body: str) -> str:
    return body + stdnum_luhn.calc_check_digit(body)


def vin_check_digit(vin: str) -> str:
    """ISO 3779 check digit, written out independently of the module under test."""
    translit = {**{str(d): d for d in range(10)}}
    translit.update(dict(zip("ABCDEFGH", range(1, 9), strict=True)))
    translit.update(dict(zip("JKLMN", range(1, 6), strict=True)))
    translit.update({"P": 7, "R": 9})
    translit.update(dict(zip("STUVWXYZ", range(2, 10), strict=True)))
    weights = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]
    total = sum(translit[c] * w for c, w in zip(vin.upper(), weights, strict=True))
    return "X" if total % 11 == 10 else str(total % 11)


def vin_with_check(vin: str) -> str:
    return vin[:8] + vin_check_digit(vin) + vin[9:]


# --- the Series contract ----------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(VALIDATORS))
def test_contract_length_name_nulls(name: str) -> None:
    values = pl.Series("col", [None, "", "x", "11010519491231002X", None], dtype=pl.String)
    result = VALIDATORS[name](values, AS_OF)
    assert result.dtype == pl.Boolean
    assert result.name == "col"
    assert len(result) == len(values)
    assert result.null_count() == 0
    assert not result[0] and not result[1] and not result[4]


@pytest.mark.parametrize("name", sorted(VALIDATORS))
def test_contract_empty_and_all_null(name: str) -> None:
    assert len(VALIDATORS[name](pl.Series("c", [], dtype=pl.String), AS_OF)) == 0
    result = VALIDATORS[name](pl.Series("c", [None, None], dtype=pl.String), AS_OF)
    assert result.to_list() == [False, False]


# --- CN_RESIDENT_ID -----------------------------------------------------------------------------

RESIDENT_ID_CASES = [
    ("11010519491231002X", True),  # GB 11643-1999's own example
    ("11010519491231002x", True),  # lowercase x occurs in real data
    ("360426199101010071", True),  # python-stdnum doctest
    ("110105194912310021", False),  # wrong check digit
    (ric_with_check("11010519990230002"), False),  # 1999-02-30 does not exist
    (ric_with_check("11010520000229002"), True),  # leap day
    (ric_with_check("11010519000229002"), False),  # 1900 is not a leap year
    (ric_with_check("11010520300101002"), False),  # birth date after the as-of date
    (ric_with_check("11010518991231002"), True),  # born in 1899: IDs were issued to the very old
    ("440524188001010014", True),  # GB 11643-1999's example born in 1880
    (ric_with_check("11010517991231002"), False),  # before 1800
    (ric_with_check("11990119900101002"), False),  # province 11, county 9901 unknown
    (ric_with_check("99000019900101002"), False),  # 9 + province 90: no such province
    (ric_with_check("00000019900101002"), False),
    (ric_with_check("81000019900101002"), True),  # Hong Kong residents' residence permit
    (ric_with_check("82000019900101002"), True),  # Macau
    (ric_with_check("83000019900101002"), True),  # Taiwan (830000 is not in GB/T 2260)
    (ric_with_check("93284019900101002"), True),  # foreigner, issued in Jiangsu (32), country 840
    (ric_with_check("11011519500101001"), True),  # 大兴区 [2001-], born 1950: issuance, not birth
    ("202501010000012345", False),  # 18-digit order number
    (ric_with_check("20250101000001234"), False),  # ... even with a right check digit
    ("130503670401001", True),  # legacy 15-digit
    ("150102880730303", True),  # legacy 15-digit (hutool's example)
    ("110105990230123", False),  # legacy, 1999-02-30
    ("119901670401001", False),  # legacy, unknown area
    ("11010519491231002", False),  # 17 characters
    ("11010519491231002X1", False),
    ("1101051949123100ZX", False),
    ("１１０１０５１９４９１２３１００２Ｘ", False),  # not NFKC-normalised: the engine does that first
]


@pytest.mark.parametrize(("value", "expected"), RESIDENT_ID_CASES)
def test_cn_resident_id(value: str, expected: bool) -> None:
    assert check("cn_resident_id", value) is expected


DISABILITY_CERTIFICATE_CASES = [
    ("11010519491231002X" + "42", True),  # the ID number, category 4 (肢体), grade 2
    ("11010519491231002X" + "71", True),  # category 7 (多重)
    ("11010519491231002X" + "82", False),  # no category 8
    ("11010519491231002X" + "45", False),  # no grade 5
    ("110105194912310021" + "42", False),  # the ID's check character is wrong
    ("11010519491231002X" + "4", False),
    ("11010519491231002X", False),  # the ID alone is the other pattern's
]


@pytest.mark.parametrize(("value", "expected"), DISABILITY_CERTIFICATE_CASES)
def test_cn_disability_certificate(value: str, expected: bool) -> None:
    assert check("cn_disability_certificate", value) is expected


def test_cn_resident_id_ignores_stdnum_birth_year_county_rule() -> None:
    number = ric_with_check("11011519500101001")
    assert not ric.is_valid(number)
    assert check("cn_resident_id", number)


def test_area_code_table_has_history() -> None:
    codes = set(v._area_codes().tolist())
    assert {110101, 110103, 320000, 321300, 650000, 710000, 810000, 820000} <= codes
    assert 110103 in codes  # 崇文区, withdrawn in 2010, still on millions of cards
    assert len(codes) > 6000


def _is_real(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def test_cn_resident_id_agrees_with_stdnum() -> None:
    """2,000 random candidates: agree with stdnum except (a) dates outside 1800..as_of, which stdnum
    does not check, and (b) stdnum's rule that the county existed in the birth year, computed here."""
    rng = random.Random(20250630)
    areas = [f"{code:06d}" for code in v._area_codes().tolist()]
    candidates = []
    for _ in range(2000):
        year = rng.randint(1790, 2030)
        body = f"{rng.choice(areas)}{year:04d}{rng.randint(1, 12):02d}{rng.randint(1, 31):02d}"
        body += f"{rng.randint(0, 999):03d}"
        check_char = ric.calc_check_digit(body + "0") if rng.random() < 0.6 else rng.choice("0123456789X")
        candidates.append(body + check_char)
    ours = VALIDATORS["cn_resident_id"](pl.Series(candidates), AS_OF).to_list()
    db = numdb.get("cn/loc")
    disagreements = 0
    for number, got in zip(candidates, ours, strict=True):
        year, month, day = int(number[6:10]), int(number[10:12]), int(number[12:14])
        real = _is_real(year, month, day)
        in_range = real and date(1800, 1, 1) <= date(year, month, day) <= AS_OF
        checksum_ok = number[-1] == ric.calc_check_digit(number)
        county_rule_only = False
        if checksum_ok and real and any("county" in props for _, props in db.info(number[:6])):
            try:
                ric.get_birth_place(number)
            except InvalidComponent:
                county_rule_only = True
        expected = (ric.is_valid(number) or county_rule_only) and in_range
        assert got == expected, number
        disagreements += ric.is_valid(number) != got
    assert 0 < sum(ours) < len(ours)
    assert disagreements > 0  # the exceptions were exercised, not vacuous


# --- CN_USCC ------------------------------------------------------------------------------------

USCC_CASES = [
    ("91110000600037341L", True),  # python-stdnum doctest
    ("91350100M000100Y43", True),  # verified with stdnum.cn.uscc
    ("9144030071526726XG", True),  # verified with stdnum.cn.uscc
    ("91110000600037341l", True),  # lowercase accepted
    ("91110000600037341M", False),  # wrong check character
    ("91110000600037341I", False),  # I is not in the alphabet
    ("9111000060003734OL", False),  # nor O
    ("911100006000373410", False),
    ("91A10000600037341L", False),  # positions 3-8 are an area code: digits
    (uscc_with_check("Y1110000MA1234567"), True),  # letter registration-authority code
    (uscc_with_check("N2320000MA1234567"), True),
    ("11010519491231002X", False),  # an ID number does not pass the mod-31 check
    ("91110000600037341", False),
    ("000000000000000000", False),  # no registration authority has the code 0
    (uscc_with_check("01110000600037341"), False),
]


@pytest.mark.parametrize(("value", "expected"), USCC_CASES)
def test_cn_uscc(value: str, expected: bool) -> None:
    assert check("cn_uscc", value) is expected


def test_cn_uscc_agrees_with_stdnum() -> None:
    rng = random.Random(32100)
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    candidates = []
    for _ in range(2000):
        body = rng.choice("123456789") + "".join(rng.choice("0123456789") for _ in range(7))
        body += "".join(rng.choice(alphabet) for _ in range(9))
        check_char = uscc.calc_check_digit(body + "0") if rng.random() < 0.5 else rng.choice(alphabet)
        candidates.append(body + check_char)
    ours = VALIDATORS["cn_uscc"](pl.Series(candidates), AS_OF).to_list()
    assert ours == [uscc.is_valid(c) for c in candidates]
    assert 0 < sum(ours) < len(ours)


def test_cn_uscc_letter_prefix_is_where_we_differ_from_stdnum() -> None:
    number = uscc_with_check("Y1110000MA1234567")
    assert not uscc.is_valid(number)  # stdnum wants digits in positions 1-8
    assert check("cn_uscc", number)
    assert uscc.is_valid("000000000000000000") and not check("cn_uscc", "000000000000000000")  # and authority 0


# --- Luhn, IMEI, VIN ------------------------------------------------------------------------------

LUHN_CASES = [
    ("4111111111111111", True),
    ("4111111111111112", False),
    (luhn_with_check("622202123456789"), True),  # 16-digit UnionPay shape
    (luhn_with_check("621700123456789012"), True),  # 19 digits
    (luhn_with_check("49015420323751"), True),  # 15-digit IMEI
    (luhn_with_check("12345678901"), True),  # 12 digits: shortest accepted
    (luhn_with_check("1234567890"), False),  # 11 digits: outside 12-19
    (luhn_with_check("1234567890123456789"), False),  # 20 digits
    ("6222 0212 3456 7890", False),  # not compacted
    ("SN20230815A001", False),  # a device serial
    ("0000000000000000", True),  # Luhn alone cannot reject zeros; the regex ([1-9]...) does
]


@pytest.mark.parametrize(("value", "expected"), LUHN_CASES)
def test_luhn(value: str, expected: bool) -> None:
    assert check("luhn", value) is expected


def test_luhn_agrees_with_stdnum() -> None:
    rng = random.Random(7812)
    candidates = ["".join(rng.choice("0123456789") for _ in range(rng.randint(12, 19))) for _ in range(3000)]
    ours = VALIDATORS["luhn"](pl.Series(candidates), AS_OF).to_list()
    assert ours == [stdnum_luhn.is_valid(c) for c in candidates]
    assert 150 < sum(ours) < 450  # about one in ten


def test_luhn_on_imeis_agrees_with_stdnum_imei() -> None:
    rng = random.Random(23003)
    candidates = ["86" + "".join(rng.choice("0123456789") for _ in range(13)) for _ in range(500)]
    ours = VALIDATORS["luhn"](pl.Series(candidates), AS_OF).to_list()
    assert ours == [stdnum_imei.is_valid(c) for c in candidates]


VIN_CASES = [
    ("1M8GDM9AXKP042788", True),  # the classic check-digit example (X in position 9)
    ("1m8gdm9axkp042788", True),  # lowercase accepted
    ("1M8GDM9A1KP042788", False),  # wrong check digit
    ("1M8GDM9AXKP04278I", False),  # I is never used
    ("1M8GDM9AXKP04278O", False),
    ("1M8GDM9AXKP0427Q8", False),
    (vin_with_check("LSVAU2180N2183294"), True),  # a Chinese-market (WMI L..) VIN
    ("11111111111111111", True),  # valid check digit; the spec's regex requires a letter
    ("1M8GDM9AXKP04278", False),  # 16 characters
]


@pytest.mark.parametrize(("value", "expected"), VIN_CASES)
def test_vin(value: str, expected: bool) -> None:
    assert check("vin", value) is expected


def test_vin_agrees_with_independent_implementation() -> None:
    rng = random.Random(3779)
    alphabet = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ"
    candidates = ["".join(rng.choice(alphabet) for _ in range(17)) for _ in range(1000)]
    candidates = [c if i % 2 else vin_with_check(c) for i, c in enumerate(candidates)]
    ours = VALIDATORS["vin"](pl.Series(candidates), AS_OF).to_list()
    assert ours == [c[8] == vin_check_digit(c) for c in candidates]


# --- telephone numbers ----------------------------------------------------------------------------

MOBILE_CASES = [
    ("13800138000", True),
    ("+8613800138000", True),
    ("008613800138000", True),
    ("8613800138000", True),
    ("(+86)13800138000", True),
    ("14512345678", True),  # 14x data plans
    ("16612345678", True),
    ("16212345678", True),
    ("17012345678", True),  # virtual operators
    ("17812345678", True),
    ("19212345678", True),  # China Broadnet
    ("19912345678", True),
    ("15400001234", False),  # 154 is not allocated
    ("19400001234", False),
    ("16312345678", False),
    ("17912345678", False),
    ("12345678901", False),
    ("1380013800", False),
    ("+8513800138000", False),  # wrong country code
    ("+86138001380001", False),
    ("861234567890123", False),  # a 15-digit IMEI starting 86
]


@pytest.mark.parametrize(("value", "expected"), MOBILE_CASES)
def test_cn_mobile(value: str, expected: bool) -> None:
    assert check("cn_mobile", value) is expected


def test_mobile_prefix_table() -> None:
    assert "154" not in v.MOBILE_PREFIXES and "194" not in v.MOBILE_PREFIXES
    assert len(v.MOBILE_PREFIXES) == 10 + 10 + 9 + 5 + 9 + 10 + 9  # 16x: 161 162 165 166 167


LANDLINE_CASES = [
    ("010-62345678", True),
    ("(010)62345678", True),
    ("01062345678", True),
    ("021 6888 8888", True),
    ("0527-8888888", True),  # 宿迁, 7-digit number
    ("05278888888", True),
    ("02787654321", True),  # no separator: 027 + 8 digits
    ("0527-88888888-123", True),  # extension as a third group
    ("0527 5267 9251-8066", True),  # spaced number, hyphenated extension
    ("(0527)46157535-8028", True),
    ("052759438947-8032", True),
    ("0527-888-8888", True),  # hyphen inside the number, not an extension
    ("010-62345678转8001", True),
    ("010-62345678 ext. 12", True),
    ("010-62345678#66", True),
    ("010-8888-8888", True),
    ("+86-10-62345678", True),
    ("0086 10 62345678", True),
    ("+86(10)62345678", True),
    ("0999-8234567", True),  # 伊犁
    ("010-02345678", False),  # local numbers do not start with 0
    ("010-1234567", False),  # local numbers do not start with 1
    ("010-12345678", False),
    ("0261-2345678", False),  # 0261 is not an area code
    ("026-23456789", False),
    ("0000-2345678", False),
    ("13800138000", False),
    ("010-234567", False),  # 6 digits
    ("010-234567890", False),  # 9 digits
]


@pytest.mark.parametrize(("value", "expected"), LANDLINE_CASES)
def test_cn_landline(value: str, expected: bool) -> None:
    assert check("cn_landline", value) is expected


def test_area_code_file() -> None:
    codes = v.landline_area_codes()
    assert len(codes) >= 300
    assert {"010", "021", "025", "0527", "0311", "0898", "0991"} <= codes
    assert all(c.startswith("0") and c.isdigit() and len(c) in (3, 4) for c in codes)
    assert all(c[1] in "12" for c in codes if len(c) == 3)  # 3-digit codes are 010 and 02x
    assert all(c[1] not in "12" for c in codes if len(c) == 4)  # so a split is never ambiguous


# --- network identifiers ----------------------------------------------------------------------------

IP_CASES = [
    ("192.168.1.1", True),
    ("10.0.0.0/8", True),
    ("8.8.8.8", True),
    ("256.1.1.1", False),
    ("192.168.01.1", False),  # leading zero: ambiguous octal
    ("1.2.3", False),
    ("2001:db8::1", True),
    ("2001:db8::/32", True),
    ("::ffff:192.168.1.1", True),
    ("fe80::1", True),
    ("00:1A:2B:3C:4D:5E", False),  # a MAC address
    ("12:30:45", False),  # a time
    ("::", False),  # unspecified: no host
    ("0.0.0.0", False),
    ("::1", True),
    ("not an ip", False),
]


@pytest.mark.parametrize(("value", "expected"), IP_CASES)
def test_ip_address(value: str, expected: bool) -> None:
    assert check("ip_address", value) is expected


def test_ip_address_repeated_values() -> None:
    values = pl.Series(["10.0.0.1", "x", None, "10.0.0.1", "::1"] * 1000)
    assert VALIDATORS["ip_address"](values, AS_OF).to_list() == [True, False, False, True, True] * 1000


MAC_CASES = [
    ("00:1A:2B:3C:4D:5E", True),
    ("00-1a-2b-3c-4d-5e", True),
    ("001a.2b3c.4d5e", True),
    ("001A2B3C4D5E", True),
    ("00:00:00:00:00:00", False),
    ("FF:FF:FF:FF:FF:FF", False),
    ("ff-ff-ff-ff-ff-ff", False),
    ("00:1A:2B:3C:4D", False),
    ("00:1A:2B:3C:4D:5G", False),
]


@pytest.mark.parametrize(("value", "expected"), MAC_CASES)
def test_mac_address(value: str, expected: bool) -> None:
    assert check("mac_address", value) is expected


EMAIL_CASES = [
    ("zhang.san@example.com", True),
    ("user+tag@mail.gov.cn", True),
    ("user@例子.中国", True),
    ("user@xn--fiqs8s.xn--fiqs8s", True),
    ("a" * 64 + "@example.com", True),
    ("a" * 65 + "@example.com", False),  # local part over 64
    ("a@localhost", False),  # no dot in the domain
    ("user@-bad.com", False),
    ("user@bad-.com", False),
    ("user@example.c", False),
    ("user@example.123", False),
    ("user@@example.com", False),
    ("@example.com", False),
    ("user@.example.com", False),
    ("user@example..com", False),
]


@pytest.mark.parametrize(("value", "expected"), EMAIL_CASES)
def test_email(value: str, expected: bool) -> None:
    assert check("email", value) is expected


# --- location -------------------------------------------------------------------------------------

GEO_CASES = [
    ("39.9087,116.3975", True),  # lat,lng
    ("116.3975,39.9087", True),  # lng,lat
    ("116.3975 39.9087", True),
    ("116.3975;39.9087", True),
    ("(39.9087, 116.3975)", True),
    ("[118.2751,33.9631]", True),  # 宿迁
    ("POINT(116.3975 39.9087)", True),
    ("point(116.3975 39.9087)", True),
    ("39.9087,116.4", True),  # one part precise enough
    ("39.9, 116.4", False),  # too few decimals to be a position
    ("3,100", False),
    ("48.8566,2.3522", False),  # Paris
    ("-33.8688,151.2093", False),  # Sydney
    ("39.9087,39.9087", False),  # two latitudes
    ("116.3975,116.3975", False),
    ("39.9087", False),
]


@pytest.mark.parametrize(("value", "expected"), GEO_CASES)
def test_geo_coordinate(value: str, expected: bool) -> None:
    assert check("geo_coordinate", value) is expected


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("latitude", "39.908", True),
        ("latitude", "39.90872", True),
        ("latitude", "3.800", True),
        ("latitude", "39.9", False),  # fewer than 3 decimals
        ("latitude", "116.397", False),
        ("latitude", "-39.908", False),
        ("latitude", "53.700", False),
        ("longitude", "116.397", True),
        ("longitude", "73.500", True),
        ("longitude", "39.908", False),
        ("longitude", "135.200", False),
        ("longitude", "116", False),
        ("longitude", "116.397E", False),
    ],
)
def test_latitude_longitude(name: str, value: str, expected: bool) -> None:
    assert check(name, value) is expected


# --- dates, names, addresses ------------------------------------------------------------------------

BIRTH_DATE_CASES = [
    ("1990-01-01", True),
    ("1990/1/1", True),
    ("1990.01.01", True),
    ("19900101", True),
    ("1990年1月1日", True),
    ("1990年01月01日", True),
    ("1990-01-01 00:00:00", True),
    ("1990-01-01T00:00", True),
    ("2000-02-29", True),
    ("2025-06-30", True),  # the as-of date itself
    ("2025-07-01", False),  # the future
    ("2030-01-01", False),
    ("1900-01-01", True),
    ("1899-12-31", False),
    ("1900-02-29", False),
    ("1999-02-30", False),
    ("19990230", False),
    ("1990-13-01", False),
    ("1990-00-10", False),
    ("1990-01-32", False),
    ("1990-01-01 08:30:00", False),  # a timestamp, not a birth date
    ("199011", False),
    ("1990-1-1-1", False),
    ("14/10/1966", False),  # the year last is the other validator's
]


@pytest.mark.parametrize(("value", "expected"), BIRTH_DATE_CASES)
def test_birth_date(value: str, expected: bool) -> None:
    assert check("birth_date", value) is expected


BIRTH_DATE_YEAR_LAST_CASES = [
    # the year last, as passports and entry-exit records write it: day first, unless it cannot be
    ("08/07/1995", True),
    ("14/10/1966", True),
    ("04.02.2000", True),
    ("4-2-2000 00:00:00", True),
    ("12/31/1990", True),  # month first: 31 is no month
    ("29/02/2000", True),
    ("29/02/1900", False),
    ("13/13/1990", False),
    ("01/07/2025", False),  # 1 July 2025: after the as-of date
    ("1/2/90", False),  # a two-digit year says no century
    ("1990-01-01", False),  # the year first is the other validator's
]


@pytest.mark.parametrize(("value", "expected"), BIRTH_DATE_YEAR_LAST_CASES)
def test_birth_date_year_last(value: str, expected: bool) -> None:
    assert check("birth_date_year_last", value) is expected


BIRTH_MONTH_CASES = [
    ("1981.07", True),  # 出生年月 of cadre rosters
    ("1981-7", True),
    ("1981/07", True),
    ("1981年7月", True),
    ("2025.06", True),  # the as-of month
    ("2025.07", False),  # the future
    ("1899.12", False),
    ("1981.13", False),
    ("1981.00", False),
    ("1981.07.01", False),  # a whole date is the other pattern's
    ("198107", False),  # six digits without a separator say nothing
]


@pytest.mark.parametrize(("value", "expected"), BIRTH_MONTH_CASES)
def test_birth_month(value: str, expected: bool) -> None:
    assert check("birth_month", value) is expected


PERSON_NAME_CASES = [
    ("张三", True),
    ("张某", False),  # a name anonymised, as court documents and registers write it
    ("李某某", False),
    ("王小明", True),
    ("李娜", True),
    ("欧阳修", True),  # compound surname
    ("诸葛孔明", True),
    ("司马相如", True),
    ("上官婉儿", True),
    ("张王一诺", True),  # double surname from two common ones
    ("陈李子涵", True),
    ("李四五六", False),  # 4 characters, single surname
    ("王子一帆", False),
    ("高新区", False),  # a district, not a person
    ("江宁区", False),
    ("王庄村", False),
    ("满族", False),  # an ethnic group
    ("苗族", False),
    ("张家港市", False),
    ("宿迁市人民政府", False),
    ("天气", False),  # 天 is not a surname
    ("张", False),
    ("Tom", False),
    ("张3", False),
    ("黄有限公司", False),
]


@pytest.mark.parametrize(("value", "expected"), PERSON_NAME_CASES)
def test_person_name(value: str, expected: bool) -> None:
    assert check("person_name", value) is expected


def test_surname_file() -> None:
    single, compound, common = v.surnames()
    assert len(single) >= 400
    assert {"王", "李", "张", "刘", "陈", "付", "肖", "覃", "闫"} <= single
    assert {"欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "夏侯"} <= compound
    assert {"宇文", "长孙", "司徒", "端木"} <= compound
    assert {"陳", "黃", "張", "歐陽"} <= single | compound  # the generated traditional forms
    written = {line.split()[0] for line in (v._DATA / "cn_surnames.txt").read_text(encoding="utf-8").split(
        "# 繁体")[0].splitlines() if line.strip() and not line.startswith("#")}
    assert 90 <= len(common & written) <= 110 and common <= single  # the ~100 most common, as written
    assert {"陳", "黃", "張"} <= common


ADDRESS_CASES = [
    ("江苏省宿迁市宿城区幸福路12号", True),
    ("北京市海淀区中关村大街1号", True),
    ("上海浦东新区世纪大道100号", True),  # province without 市
    ("宿迁市沭阳县胡集镇", False),  # a town: an administrative division, not a personal address
    ("宿迁市宿城区幸福街道", False),
    ("内蒙古呼和浩特市新城区", False),  # divisions only, no street token
    ("延边朝鲜族自治州延吉市人民路5号", True),
    ("延边人民路5号", True),  # autonomous prefecture without its suffix
    ("海淀区", False),
    ("宿迁市人民政府", False),
    ("高新区", False),
    ("幸福路12号3单元502室", False),  # no division name: counts only with a name hint (spec)
    ("Room 502, Building 3", False),
    ("市辖区12号", False),  # generic names are not in the gazetteer
    ("北京市海淀区中关村大街1号院", True),
    ("沭阳县胡集镇王庄村三组", True),
    ("宿迁市宿城区幸福路12号3单元502室", True),
    ("中共宿迁市委组织部", False),  # organisations: 组 without a number, 部 ending
    ("宿迁市人民政府办公室", False),
    ("宿迁市公路管理处", False),
    ("宿城区幸福街道办事处", False),
    ("江苏宿迁农村商业银行", False),  # 农村 is not a village
    ("江苏宿迁农村商业银行营业部", False),
    ("宿迁市账号管理", False),
    ("北京市朝阳区望京街道第三网格", False),  # a management grid, not a home
    ("城关镇东关社区居委会", False),
    ("北京市朝阳区望京街道花家地小区3号楼2单元502室", True),  # its negative twin: a home in that grid
    ("京(2016)南京市不动产权第6037956号", False),  # a certificate's number ends in 第…号
    ("苏(2023)宿迁市不动产权第0012345号", False),
    ("南京市玄武区中山路第6号", False),  # 第…号 is how documents are numbered, not houses
    ("南京市玄武区中山路6号", True),  # its twin: a house number
    ("和平区税稽〔2024〕12号", False),  # a document's number: its year in brackets
    ("（2024）粤0305民初123号", False),  # a court case number: court code, case type, number
    ("粤0305民初123号", False),
    ("京01执456号", False),
    ("深圳市南山区科技园路1001号", True),  # its twin: four digits then 号 make a house number
    ("沭阳县胡集镇王庄村3组12号", True),
]


@pytest.mark.parametrize(("value", "expected"), ADDRESS_CASES)
def test_cn_address(value: str, expected: bool) -> None:
    assert check("cn_address", value) is expected


def test_every_address_token_ends_in_a_literal_the_prefilter_looks_for() -> None:
    """``cn_address`` runs its gazetteer only on values holding a token's last character: exact only
    while every token ends in a literal Han character."""
    assert all("\u4e00" <= token[-1] <= "\u9fff" for token in v.ADDRESS_TOKENS)


def test_division_names() -> None:
    names = set(v.division_names())
    assert {"北京市", "北京", "河北", "内蒙古", "广西", "新疆", "香港", "延边", "恩施", "海淀区", "海淀"} <= names
    assert {"萧县", "神农架"} <= names
    assert not {"市辖区", "城区", "郊区", "市区", "县", "萧", "万柏"} & names
    assert all(len(n) >= 2 for n in names)


# --- vectorised == one at a time ----------------------------------------------------------------------

ALL_VALUES = sorted(
    {value for table in (RESIDENT_ID_CASES, USCC_CASES, LUHN_CASES, VIN_CASES, MOBILE_CASES) for value, _ in table}
    | {value for table in (LANDLINE_CASES, IP_CASES, MAC_CASES, EMAIL_CASES, GEO_CASES) for value, _ in table}
    | {value for table in (BIRTH_DATE_CASES, PERSON_NAME_CASES, ADDRESS_CASES) for value, _ in table}
)


@pytest.mark.parametrize("name", sorted(VALIDATORS))
def test_batch_equals_single(name: str) -> None:
    """Mixed lengths, nulls and shuffled order: the byte-matrix paths must put answers back on the
    right rows."""
    rng = np.random.default_rng(0)
    values = [*ALL_VALUES, None] * 3
    order = rng.permutation(len(values))
    shuffled = [values[i] for i in order]
    batch = VALIDATORS[name](pl.Series(shuffled, dtype=pl.String), AS_OF).to_list()
    assert batch == [check(name, value) for value in shuffled]
