"""Coverage of the formats themselves, checked against the standards' own examples and other
projects' test suites rather than our memory (issue 15, class 9). Each table holds the forms a
standard or a public test suite gives, with negative twins that differ by one telling detail.

Sources of the values (read, not copied as code):
- GB 11643-1999 《公民身份号码》: its examples 11010519491231002X and 440524188001010014 (born 1880);
- python-stdnum's tests/test_cn_ric.doctest and tests/test_cn_uscc.doctest (numbers found online);
- ID-validator projects' test suites (11010219840406970X valid; 11010219840506970X,
  440524189001010014 invalid);
- libphonenumber's CN metadata (the ``phonenumbers`` package) for the mobile number segments;
- GA 36-2018 《中华人民共和国机动车号牌》 for plate layouts;
- IEEE 802 / vendor notations for MAC separators.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import phonenumbers
import polars as pl
import pytest
from stdnum.cn import ric

from secsuite.detect.validators import MOBILE_PREFIXES, _area_ok, cn_mobile
from tests.detect.test_detector_specs import detect

AS_OF = date(2025, 6, 30)


def _id(area: str, born: str, order: str = "001") -> str:
    body = f"{area}{born}{order}"
    return body + ric.calc_check_digit(body + "0")


# --- GB 11643-1999 and GB/T 2260 ----------------------------------------------------------------

RESIDENT_IDS = [
    ("11010519491231002X", True),  # GB 11643-1999 example, 北京市朝阳区
    ("440524188001010014", True),  # GB 11643-1999 example, 广东省汕头市潮阳县, born 1880
    ("440524189001010014", False),  # twin: the year changed, the check character not
    ("11010219840406970X", True),  # ID-validator test suites
    ("11010219840506970X", False),  # twin: the month changed
    ("360426199101010071", True),  # python-stdnum doctest
    ("44011320141005001x", True),  # python-stdnum doctest, lowercase x
    ("36042619910102009X", False),  # python-stdnum: invalid checksum
    ("360426199113010079", False),  # python-stdnum: month 13
    ("990426199112010074", False),  # python-stdnum: unknown birth place
    ("120110198012010073", True),  # python-stdnum: 东郊区, renamed 东丽区 in 1992
    ("110111198012010078", True),  # stdnum rejects (county registered later); issued there, so valid
    # historical GB/T 2260 codes of areas since renamed or merged: the numbers stay valid
    (_id("110104", "19620315"), True),  # 宣武区, merged into 西城区 in 2010
    (_id("110103", "19550701"), True),  # 崇文区, merged into 东城区 in 2010
    (_id("310103", "19700101"), True),  # 卢湾区, merged into 黄浦区 in 2011
    (_id("310108", "19801212"), True),  # 闸北区, merged into 静安区 in 2015
    (_id("310225", "19650505"), True),  # 南汇县, later 南汇区, merged into 浦东新区 in 2009
    (_id("510202", "19600808"), True),  # 重庆市中区 under 四川 (51), before 重庆 became 50 in 1997
    (_id("110221", "19580101"), True),  # 昌平县, a district since 1999
    (_id("330121", "19450909"), True),  # 萧山县, a city in 1988, a district in 2001
    (_id("460321", "20000101"), True),  # 三沙市西沙区, created 2020 (missing from stdnum's table)
    (_id("110199", "19620315"), False),  # twin: no such county
    # very old birth years
    ("440524800101996", True),  # legacy 15 digits, order 996: a centenarian's, born 1880
    (_id("110105", "18991231"), True),
    (_id("110105", "17991231"), False),  # before 1800: no living holder was ever issued one
]


@pytest.mark.parametrize(("value", "expected"), RESIDENT_IDS)
def test_resident_id_forms(value: str, expected: bool) -> None:
    assert detect("CN_RESIDENT_ID", value) is expected


def test_area_codes_keep_their_history() -> None:
    codes = np.array([110104, 110103, 310103, 310108, 310225, 510202, 110221, 330121, 120110, 460321, 460322])
    assert _area_ok(codes).all()


STDNUM_USCC = [
    "121200004013590816", "91110000600037341L", "91110000710926094P", "91120224064012553U",
    "91152201078371135X", "9115220107837757XE", "91310115MA1K3BTP2B", "91340600MA2PBM9HXD",
    "9144030071526726XG", "91620105L015101280", "91620105MA71T4YW8Q", "92340602MA2PBMEM24",
    "92340603MA2UK3DT5H",
]


@pytest.mark.parametrize("value", STDNUM_USCC)
def test_unified_social_credit_codes_found_online(value: str) -> None:
    assert detect("CN_USCC", value)
    twin = value[:-1] + ("0" if value[-1] != "0" else "1")  # another check character
    assert not detect("CN_USCC", twin)


# --- telephone numbers --------------------------------------------------------------------------

MOBILES = [
    ("+86 (0) 138 1234 5678", True),
    ("+86(0)13812345678", True),
    ("0086 (0) 13812345678", True),
    ("0086-138-1234-5678", True),
    ("(+86)138 1234 5678", True),
    ("(0086)13812345678", True),
    ("+86-138-1234-5678", True),
    ("+86.138.1234.5678", True),
    ("86 13812345678", True),
    ("86-13812345678", True),
    ("＋８６ １３８１２３４５６７８", True),  # full-width plus and digits
    ("+８６－１３８－１２３４－５６７８", True),
    ("+86‑138‑1234‑5678", True),  # non-breaking hyphens
    ("138–1234–5678", True),  # en dashes, as word processors write hyphens
    ("138—1234—5678", True),  # em dashes
    ("+85 138 1234 5678", False),  # another country code
    ("+852 9123 4567", True),  # a Hong Kong mobile: its region code tells it (see CN_MOBILE)
    ("+86 (1) 138 1234 5678", False),  # only the trunk 0 may stand in brackets
    ("013812345678", True),  # the long-distance 0 dialled before another city's mobile (hutool's own tests)
    ("0013812345678", False),  # two of them
    ("+86 138 1234 567", False),  # ten digits
    ("12345678901", False),  # placeholder: no such segment
]


@pytest.mark.parametrize(("value", "expected"), MOBILES)
def test_mobile_international_spellings(value: str, expected: bool) -> None:
    assert detect("CN_MOBILE", value) is expected


LANDLINES = [
    ("+86 (0)10 6234 5678", True),  # 3-digit area code
    ("+86 (0) 755-8888-8888", True),  # 4-digit area code, 4-4 local number
    ("+86 (0)755 88888888", True),
    ("+86-755-8888 8888", True),
    ("+86 527 88888888", True),
    ("0086-10-62345678", True),
    ("0086 (0)527 8888888", True),  # 7-digit local number
    ("(+86)10-62345678", True),
    ("+86(10)62345678", True),
    ("86-755-88888888", True),
    ("＋８６－７５５－８８８８８８８８", True),
    ("010–62345678", True),  # en dash
    ("+86‑755‑8888‑8888", True),  # non-breaking hyphens
    ("0755−88888888−123", True),  # minus signs, extension
    ("010-62345678", True),
    ("(0755)88888888", True),
    ("+86 (0755) 86105638", True),  # the trunk 0 kept inside the brackets (libphonenumber parses it)
    ("+86 0755 86105638", True),
    ("0086 (010) 62345678", True),
    ("+86 (0261) 2345678", False),  # no such area code, however written
    ("+86 (00755) 86105638", False),
    ("+86 (0)10 0234 5678", False),  # a local number never starts with 0
    ("+86 (0)10 1234 5678", False),  # ... nor with 1 (placeholders such as 12345678 fail here)
    ("+86 (0)261 2345678", False),  # no such area code
    ("+86 (0) 138 1234 5678", False),  # a mobile
    ("8675588888888", False),  # a bare 86 needs a separator to be a country code
]


@pytest.mark.parametrize(("value", "expected"), LANDLINES)
def test_landline_international_spellings(value: str, expected: bool) -> None:
    assert detect("CN_LANDLINE", value) is expected


# Where our segment table knowingly differs from libphonenumber's CN metadata: 14x data and IoT
# plans (11-digit numbers in use for data cards) are accepted as a block; 161 and 174 are accepted
# whole, where libphonenumber lists only 1610x and 17400-17405 so far.
SEGMENT_DEVIATIONS = {"140", "141", "142", "143", "144", "146", "148", "149", "161", "174"}


@pytest.mark.parametrize("segment", [str(prefix) for prefix in range(130, 200)])
def test_mobile_segments_agree_with_libphonenumber(segment: str) -> None:
    """Every 3-digit segment 130-199, sampled over its fourth and fifth digits: ours says mobile
    exactly where libphonenumber's metadata does, bar the documented deviations."""
    numbers = [f"{segment}{d}{e}123456" for d in range(10) for e in range(0, 10, 3)]
    theirs = {phonenumbers.number_type(phonenumbers.parse(f"+86{n}")) == phonenumbers.PhoneNumberType.MOBILE
              for n in numbers}
    ours = cn_mobile(pl.Series(numbers), AS_OF).to_list()
    assert len(set(ours)) == 1  # a segment is in or out as a whole
    if segment in SEGMENT_DEVIATIONS:
        assert ours[0] and False in theirs
    else:
        assert theirs == {ours[0]}, segment
    assert (segment in MOBILE_PREFIXES) is ours[0]


def test_data_and_new_segments_are_in_use() -> None:
    """19x (2019 allocations), 16x, 17x virtual operators and 14x data segments."""
    for segment in ["190", "191", "192", "193", "195", "196", "197", "198", "199", "162", "165", "166",
                    "167", "170", "171", "172", "173", "175", "176", "177", "178", "145", "147", "149"]:
        assert detect("CN_MOBILE", f"{segment}12345678"), segment
    for segment in ["154", "179", "194", "160", "163", "164", "168", "169", "120", "110"]:
        assert not detect("CN_MOBILE", f"{segment}12345678"), segment


# --- GA 36-2018 plates ----------------------------------------------------------------------------

PLATES = [
    ("京A12345", True),  # ordinary
    ("京AF0236", True),  # 5 characters with a letter
    # new energy, small: D/A/B/C/E pure electric, F/G/H/J/K others, then a letter or digit, 4 digits
    *[(f"粤B{letter}12345", True) for letter in "DABCEFGHJK"],
    *[(f"粤B{letter}A1234", True) for letter in "DABCEFGHJK"],
    # new energy, large: 5 digits then the letter
    *[(f"粤B12345{letter}", True) for letter in "DABCEFGHJK"],
    ("粤BI12345", False),  # I is no energy letter
    ("粤BD1234A", False),  # small new-energy plates end in 4 digits
    ("粤B1234DF", False),
    ("使014578", True),  # embassy: 使 + country code + serial
    ("使014·578", True),
    ("014·578使", True),  # the same, 使 written last
    ("使A0062", True),  # embassy motorcycle
    ("使01457", False),
    ("沪A0023领", True),  # consulate
    ("京A1234警", True),  # police
    ("粤B1234学", True),  # driving school
    ("苏N1234挂", True),  # trailer
    ("粤Z1234港", True),  # Hong Kong cross-border
    ("粤Z1234澳", True),  # Macau cross-border
    ("京A1234试", True),
    ("京A1234超", True),
    ("京A·12345", True),
    ("京A 12345", True),
    ("WJ京12345", False),  # armed police: not GA 36, not found (the spec says so)
    ("港A12345", False),
    ("京A1234", False),
]


@pytest.mark.parametrize(("value", "expected"), PLATES)
def test_plate_layouts(value: str, expected: bool) -> None:
    assert detect("CN_LICENSE_PLATE", value) is expected


# --- passports, permits, military IDs --------------------------------------------------------------

PASSPORTS = [
    ("G12345678", True),  # ordinary, police-issued before 2012
    ("141234567", True),  # ordinary, issued by a mission abroad (old)
    ("151234567", True),
    ("E12345678", True),  # electronic ordinary (from 2012); placeholders look the same
    ("EA1234567", True),  # E + letter + 7 digits once the E numbers ran out
    ("EH0123456", True),
    ("DE1234567", True),  # diplomatic, electronic
    ("SE1234567", True),  # service, electronic
    ("PE1234567", True),  # public-affairs ordinary, electronic
    ("D1234567", True),
    ("S1234567", True),
    ("P1234567", True),
    ("D12345678", True),  # D/S/P + 8 digits, as public validation code accepts them
    ("S28233515", True),
    ("s28233515", True),  # typed in lower case
    ("X12345678", False),
    ("K12345678", True),  # Hong Kong SAR
    ("MA1234567", True),  # Macao SAR
    ("EI1234567", False),  # I is never used
    ("EO1234567", False),
    ("161234567", False),  # 16 is no mission series
    ("K1234567", False),
    ("MB1234567", False),
    ("E1234567", False),
    ("G123456789", False),
]


@pytest.mark.parametrize(("value", "expected"), PASSPORTS)
def test_passport_generations(value: str, expected: bool) -> None:
    assert detect("CN_PASSPORT", value, hinted=True) is expected


MILITARY_IDS = [
    ("南字第123456号", False, True),
    ("军字第1234567号", False, True),
    *[(f"{office}字第{number}号", False, True) for office, number in
      zip("政后装参海空北沈兰济广成武火", ["1234", "12345", "123456", "1234567", "12345678"] * 3, strict=False)],
    ("南字第123456", False, True),  # 号 left out
    ("南字第 123456 号", False, True),
    ("士字第123456号", True, True),  # other offices (士兵证, 文职干部证) with a column-name hint
    ("士字第123456号", False, False),
    ("南字第123号", False, False),  # too short
    ("南字第123456789号", False, False),  # too long
    ("南字123456号", False, False),
    ("字第123456号", False, False),
    ("房权证字第123456号", True, False),  # a property certificate, not a military ID
    ("第123456号", True, False),
]


@pytest.mark.parametrize(("value", "hinted", "expected"), MILITARY_IDS)
def test_military_id_forms(value: str, hinted: bool, expected: bool) -> None:
    assert detect("CN_MILITARY_ID", value, hinted=hinted) is expected


# --- MAC addresses and coordinates ------------------------------------------------------------------

MACS = [
    ("aa:bb:cc:dd:ee:01", False, True),
    ("AA:BB:CC:DD:EE:01", False, True),
    ("aa-bb-cc-dd-ee-01", False, True),
    ("aabb.ccdd.ee01", False, True),  # Cisco
    ("aabb-ccdd-ee01", False, True),  # Huawei / H3C
    ("aabbccddee01", True, True),  # bare: with a column-name hint
    ("aabbccddee01", False, False),
    ("0755-8888-8888", False, False),  # decimal groups of four: a phone number
    ("1234.5678.9012", False, False),
    ("00:00:00:00:00:00", False, False),  # placeholders
    ("ff-ff-ff-ff-ff-ff", False, False),
    ("aa:bb:cc:dd:ee", False, False),
    ("aa:bb-cc:dd:ee:01", False, False),  # mixed separators
    ("gg:bb:cc:dd:ee:01", False, False),
]


@pytest.mark.parametrize(("value", "hinted", "expected"), MACS)
def test_mac_separator_styles(value: str, hinted: bool, expected: bool) -> None:
    assert detect("MAC_ADDRESS", value, hinted=hinted) is expected


COORDINATES = [
    ("39.9087,116.3975", False, True),
    ("39.9087°N, 116.3975°E", False, True),
    ("N39.9087, E116.3975", False, True),
    ("北纬39.9087 东经116.3975", False, True),
    ("39.9087S, 116.3975W", False, False),  # southern and western hemispheres: outside China
    # few decimals: a pair with one decimal or more in each part, in a column named as coordinates
    ("39.9,116.4", True, True),
    ("39.91,116.40", True, True),
    ("116.4 39.9", True, True),
    ("39.9N,116.4E", True, True),
    ("39.9,116.4", False, False),
    ("39,116", True, False),
    ("3.9,11.6", True, False),  # outside China's box
    ("39.908", True, True),  # a single latitude: three decimals, with a name hint
    ("39.9", True, False),
    # degrees, minutes and seconds (about 30 m), either order, marks before or after
    ("东经121°19′6.1″ 北纬31°17′9.0″", False, True),
    ("31°17′9″N, 121°19′6″E", False, True),
    ("北纬31度17分9秒，东经121度19分6秒", False, True),
    ("东经121°19′ 北纬31°17′", True, False),  # minutes only: about 2 km
    ("东经21°19′6.1″ 北纬31°17′9.0″", False, False),  # outside China's box
    ("东经121°79′6.1″ 北纬31°17′9.0″", False, False),  # no 79th minute
]


@pytest.mark.parametrize(("value", "hinted", "expected"), COORDINATES)
def test_coordinates_with_few_decimals(value: str, hinted: bool, expected: bool) -> None:
    assert detect("GEO_COORDINATE", value, hinted=hinted) is expected
