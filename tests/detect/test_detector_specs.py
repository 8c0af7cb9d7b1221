"""Detector specs (``detectors/*.yaml``): they load, follow the conventions, and their patterns plus
validators accept the right single values and reject near misses, in Python ``re`` and in polars'
Rust regex alike."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

import polars as pl
import pytest
from stdnum import luhn as stdnum_luhn
from stdnum.cn import ric, uscc

from secsuite.detect.spec import DetectorSpec, load_spec, load_specs
from secsuite.detect.text import join_digit_groups, search_text
from secsuite.detect.validators import VALIDATORS
from secsuite.paths import detectors_dir

AS_OF = date(2025, 6, 30)

REQUIRED = {
    "CN_RESIDENT_ID",
    "CN_MOBILE",
    "CN_LANDLINE",
    "BANK_CARD",
    "CN_USCC",
    "EMAIL",
    "IP_ADDRESS",
    "CN_PASSPORT",
    "CN_LICENSE_PLATE",
    "PERSON_NAME",
    "CN_ADDRESS",
    "BIRTH_DATE",
    "GEO_COORDINATE",
    "MAC_ADDRESS",
    "HEALTH_INFO",
    "FINANCIAL_ACCOUNT_INFO",
    "CN_HK_MACAO_PERMIT",
    "CN_TAIWAN_PERMIT",
    "IMEI",
    "VIN",
}


def spec_by_id() -> dict[str, DetectorSpec]:
    return {spec.id: spec for spec in load_specs()}


# The separators ``normalize: compact`` removes; mirrors secsuite/detect/normalize.py.
COMPACT_SEPARATORS = r"[\s\-.()（）·\u2010\u2012-\u2015\u2212]"


def normalise(spec: DetectorSpec, raw: str) -> str:
    value = unicodedata.normalize("NFKC", raw).strip()
    if spec.normalize == "compact":
        value = re.sub(COMPACT_SEPARATORS, "", value)
    return value


def detect(entity: str, raw: str, *, hinted: bool = False) -> bool:
    """What the engine does with one value: normalise, length gate, regex, validator.

    Every regex decision is also taken by polars (Rust regex) and must agree with Python's.
    """
    spec = spec_by_id()[entity]
    value = normalise(spec, raw)
    low, high = spec.length
    if not low <= len(value) <= high:
        return False
    for pattern in spec.patterns:
        if pattern.requires_name_hint and not hinted:
            continue
        if pattern.match == "full":
            python = re.fullmatch(pattern.regex, value) is not None
            rust = pl.Series([value]).str.contains(f"^(?:{pattern.regex})$")[0]
        else:
            python = re.search(pattern.regex, value) is not None
            rust = pl.Series([value]).str.contains(pattern.regex)[0]
        assert python == rust, (entity, pattern.name, value)
        if not python:
            continue
        if pattern.validator is None or VALIDATORS[pattern.validator](pl.Series([value]), AS_OF)[0]:
            return True
    return False


# --- loading and conventions ------------------------------------------------------------------------


def test_all_specs_load() -> None:
    loaded = spec_by_id()
    assert set(loaded) >= REQUIRED
    for path in sorted(detectors_dir().glob("*.yaml")):
        assert load_spec(path).id == path.stem


@pytest.mark.parametrize("entity", sorted(REQUIRED))
def test_spec_conventions(entity: str) -> None:
    spec = spec_by_id()[entity]
    assert spec.citation.document and spec.citation.article
    assert spec.name.zh and spec.name.en and spec.description.zh and spec.description.en
    assert spec.column_names.zh and spec.column_names.en
    for pattern in spec.patterns:
        assert pattern.validator is None or pattern.validator in VALIDATORS
        re.compile(pattern.regex)
        pl.Series(["x"]).str.contains(f"^(?:{pattern.regex})$")  # Rust regex accepts it too
        assert "(?=" not in pattern.regex and "(?!" not in pattern.regex and "(?<" not in pattern.regex
    hints = spec.column_names
    assert all(h.strip() == h and h for h in hints.zh), hints.zh
    assert all(h == h.lower() and re.fullmatch(r"[a-z0-9]+", h) for h in hints.pinyin), hints.pinyin
    assert all(h == h.lower() and re.fullmatch(r"[a-z0-9_]+", h) for h in hints.en), hints.en


def test_generic_hints_are_avoided() -> None:
    loaded = spec_by_id()
    assert "id" not in loaded["CN_RESIDENT_ID"].column_names.en
    assert "no" not in {h for spec in loaded.values() for h in spec.column_names.en}
    assert "number" not in {h for spec in loaded.values() for h in spec.column_names.en}


def test_text_search_only_for_distinctive_entities() -> None:
    searchable = {spec.id for spec in load_specs() if spec.text_search}
    assert searchable == {
        "CN_RESIDENT_ID",
        "CN_MOBILE",
        "CN_LANDLINE",  # distinctive by its validated area code
        "BANK_CARD",
        "CN_USCC",
        "EMAIL",
        "IP_ADDRESS",
        "CN_LICENSE_PLATE",
        "MAC_ADDRESS",
    }


def test_decisions_and_masks() -> None:
    loaded = spec_by_id()
    assert (loaded["CN_RESIDENT_ID"].mask.keep_start, loaded["CN_RESIDENT_ID"].mask.keep_end) == (4, 4)
    assert (loaded["CN_MOBILE"].mask.keep_start, loaded["CN_MOBILE"].mask.keep_end) == (3, 4)
    assert (loaded["BANK_CARD"].mask.keep_start, loaded["BANK_CARD"].mask.keep_end) == (4, 4)
    assert loaded["PERSON_NAME"].mask.style == "name"
    assert loaded["EMAIL"].mask.style == "email"
    assert loaded["CN_ADDRESS"].mask.style == "address"
    assert loaded["BANK_CARD"].decision.validator_optional_with_name
    assert loaded["PERSON_NAME"].decision.min_distinct_values >= 20
    assert loaded["PERSON_NAME"].decision.min_ratio >= 0.8
    for entity in ("BIRTH_DATE", "CN_PASSPORT", "CN_HK_MACAO_PERMIT", "CN_TAIWAN_PERMIT"):
        assert loaded[entity].decision.requires_name_hint, entity
    assert loaded["IMEI"].decision.min_ratio >= 0.8  # bare IMEIs: allocated, Luhn-valid, nearly all values
    for entity, pattern in (
        ("FINANCIAL_ACCOUNT_INFO", "amount"),
        ("GEO_COORDINATE", "latitude"),
        ("GEO_COORDINATE", "longitude"),
        ("IMEI", "imei"),
        ("BIRTH_DATE", "separated"),
    ):
        assert next(p for p in loaded[entity].patterns if p.name == pattern).requires_name_hint
    assert {p.match for p in loaded["HEALTH_INFO"].patterns} == {"contains", "full"}


# --- single values --------------------------------------------------------------------------------------


def ric_with_check(body17: str) -> str:
    return body17 + ric.calc_check_digit(body17 + "0")


def luhn_with_check(body: str) -> str:
    return body + stdnum_luhn.calc_check_digit(body)


VALID_CARD = luhn_with_check("622202123456789")
BAD_CARD = VALID_CARD[:-1] + str((int(VALID_CARD[-1]) + 1) % 10)
USCC_LETTER_PREFIX = "Y1110000MA1234567" + uscc.calc_check_digit("Y1110000MA1234567" + "0")
IMEI_VALID = luhn_with_check("86091203456789")
IMEI_BAD = IMEI_VALID[:-1] + str((int(IMEI_VALID[-1]) + 1) % 10)

# (entity, raw value, column name hints the entity, expected)
CASES = [
    # CN_RESIDENT_ID
    ("CN_RESIDENT_ID", "11010519491231002X", False, True),
    ("CN_RESIDENT_ID", "11010519491231002x", False, True),
    ("CN_RESIDENT_ID", " 110105 19491231 002X ", False, True),
    ("CN_RESIDENT_ID", "110105-19491231-002X", False, True),
    ("CN_RESIDENT_ID", "１１０１０５１９４９１２３１００２Ｘ", False, True),  # full-width
    ("CN_RESIDENT_ID", "１１０１０５１９４９１２３１００２ｘ", False, True),
    ("CN_RESIDENT_ID", "360426199101010071", False, True),
    ("CN_RESIDENT_ID", "130503670401001", False, True),  # legacy 15 digits
    ("CN_RESIDENT_ID", "110105194912310021", False, False),  # check digit
    ("CN_RESIDENT_ID", ric_with_check("11010519990230002"), False, False),  # 1999-02-30
    ("CN_RESIDENT_ID", ric_with_check("11010520300101002"), False, False),  # future
    ("CN_RESIDENT_ID", ric_with_check("11990119900101002"), False, False),  # unknown area
    ("CN_RESIDENT_ID", "202501010000012345", False, False),  # order number
    ("CN_RESIDENT_ID", "SN20230815A001", False, False),
    ("CN_RESIDENT_ID", "11010519491231002Y", False, False),
    # CN_MOBILE
    ("CN_MOBILE", "13800138000", False, True),
    ("CN_MOBILE", "１３８００１３８０００", False, True),
    ("CN_MOBILE", "+86 138 0013 8000", False, True),
    ("CN_MOBILE", "+86-138-0013-8000", False, True),
    ("CN_MOBILE", "0086 13800138000", False, True),
    # Hong Kong, Macau and Taiwan mobiles with their region code; never their local eight digits
    ("CN_MOBILE", "+852 9123 4567", False, True),
    ("CN_MOBILE", "(+852) 5123-4567", False, True),
    ("CN_MOBILE", "00852 61234567", False, True),
    ("CN_MOBILE", "+853 6612 3456", False, True),
    ("CN_MOBILE", "+886 912 345 678", False, True),
    ("CN_MOBILE", "+852 2123 4567", False, False),  # a Hong Kong fixed line
    ("CN_MOBILE", "+853 2812 3456", False, False),  # a Macau fixed line
    ("CN_MOBILE", "+886 2 2345 6789", False, False),  # a Taipei fixed line
    ("CN_MOBILE", "9123 4567", True, False),
    ("CN_MOBILE", "86 13800138000", False, True),
    ("CN_MOBILE", "(+86)13800138000", False, True),
    ("CN_MOBILE", "138 0013 8000", False, True),
    ("CN_MOBILE", "138-0013-8000", False, True),
    ("CN_MOBILE", "15400001234", False, False),  # unallocated prefix
    ("CN_MOBILE", "018910105656", False, True),  # the long-distance 0 before another city's mobile
    ("CN_MOBILE", "17951-18910105656", False, True),  # an IP long-distance access code
    ("CN_MOBILE", "12593 13800138000", False, True),
    ("CN_MOBILE", "17952-18910105656", False, False),  # no access code
    ("CN_MOBILE", "0018910105656", False, False),
    ("CN_MOBILE", "12345678901", False, False),
    ("CN_MOBILE", "1380013800", False, False),
    ("CN_MOBILE", IMEI_VALID, False, False),  # 15 digits starting 86
    ("CN_MOBILE", "010-62345678", False, False),
    # CN_LANDLINE
    ("CN_LANDLINE", "010-62345678", False, True),
    ("CN_LANDLINE", "(010)62345678", False, True),
    ("CN_LANDLINE", "（０１０）６２３４５６７８", False, True),  # full-width brackets and digits
    ("CN_LANDLINE", "0527-8888888", False, True),
    ("CN_LANDLINE", "0527 8888 8888", False, True),
    ("CN_LANDLINE", "02787654321", False, True),
    ("CN_LANDLINE", "0527-88888888-123", False, True),
    ("CN_LANDLINE", "010-62345678转8001", False, True),
    ("CN_LANDLINE", "010-62345678 ext.12", False, True),
    ("CN_LANDLINE", "+86 10 62345678", False, True),
    ("CN_LANDLINE", "0261-2345678", False, False),  # unknown area code
    ("CN_LANDLINE", "010-02345678", False, False),
    ("CN_LANDLINE", "13800138000", False, False),
    ("CN_LANDLINE", "+86 138 0013 8000", False, False),
    # BANK_CARD
    ("BANK_CARD", VALID_CARD, False, True),
    ("BANK_CARD", " ".join(VALID_CARD[i : i + 4] for i in range(0, 16, 4)), False, True),
    ("BANK_CARD", "4111-1111-1111-1111", False, True),
    ("BANK_CARD", luhn_with_check("621700123456789012"), False, True),  # 19 digits
    ("BANK_CARD", BAD_CARD, False, False),  # Luhn failure (a named column may still count)
    ("BANK_CARD", IMEI_VALID, False, False),  # 15 digits: not a card
    # Presidio's own test cards: American Express (15 digits), Diners Club (14), Dankort (50)
    ("BANK_CARD", "371449635398431", False, True),
    ("BANK_CARD", "30569309025904", False, True),
    ("BANK_CARD", "5019717010103742", False, True),
    ("BANK_CARD", "371449635398432", False, False),  # Luhn failure
    ("BANK_CARD", "351449635398431", False, False),  # 15 digits outside American Express
    ("BANK_CARD", "0000000000000000", False, False),
    ("BANK_CARD", "11010519491231002X", False, False),
    # CN_USCC
    ("CN_USCC", "91110000600037341L", False, True),
    ("CN_USCC", "91110000600037341l", False, True),
    ("CN_USCC", "9135 0100 M000 100Y 43", False, True),
    ("CN_USCC", "9144030071526726XG", False, True),
    ("CN_USCC", "91110000600037341M", False, False),
    ("CN_USCC", "91110000600037341I", False, False),
    ("CN_USCC", "11010519491231002X", False, False),
    ("CN_USCC", USCC_LETTER_PREFIX, False, True),  # letter registration-authority code
    ("CN_USCC", USCC_LETTER_PREFIX + "0", False, False),  # 19 characters
    # EMAIL
    ("EMAIL", "zhang.san@example.com", False, True),
    ("EMAIL", "ＺＨＡＮＧ@ＥＸＡＭＰＬＥ.ＣＯＭ", False, True),  # full-width, NFKC
    ("EMAIL", "user@mail.gov.cn", False, True),
    ("EMAIL", "a@localhost", False, False),
    ("EMAIL", "a" * 65 + "@example.com", False, False),
    ("EMAIL", "user@example", False, False),
    ("EMAIL", "not an email", False, False),
    # IP_ADDRESS
    ("IP_ADDRESS", "192.168.1.1", False, True),
    ("IP_ADDRESS", "10.0.0.0/8", False, True),
    ("IP_ADDRESS", "223.5.5.5", False, True),
    ("IP_ADDRESS", "255.255.255.0", True, False),  # a subnet mask: 240.0.0.0/4 is reserved, no host's
    ("IP_ADDRESS", "255.240.0.0", True, False),
    ("IP_ADDRESS", "255.255.255.255", True, False),
    ("IP_ADDRESS", "240.1.2.3", True, False),
    ("IP_ADDRESS", "2001:db8::1", False, True),
    ("IP_ADDRESS", "::ffff:10.1.2.3", False, True),
    ("IP_ADDRESS", "256.1.1.1", False, False),
    ("IP_ADDRESS", "00:1A:2B:3C:4D:5E", False, False),
    ("IP_ADDRESS", "12:30:45", False, False),
    ("IP_ADDRESS", "1.2.3", False, False),
    # MAC_ADDRESS
    ("MAC_ADDRESS", "00:1A:2B:3C:4D:5E", False, True),
    ("MAC_ADDRESS", "00-1a-2b-3c-4d-5e", False, True),
    ("MAC_ADDRESS", "001a.2b3c.4d5e", False, True),
    ("MAC_ADDRESS", "001A2B3C4D5E", False, False),  # bare hex needs a name hint
    ("MAC_ADDRESS", "001A2B3C4D5E", True, True),
    ("MAC_ADDRESS", "00:00:00:00:00:00", False, False),
    ("MAC_ADDRESS", "00:1A-2B:3C:4D:5E", False, False),  # mixed separators
    # CN_PASSPORT (the spec requires a name hint for the column)
    ("CN_PASSPORT", "E12345678", True, True),
    ("CN_PASSPORT", "G12345678", True, True),
    ("CN_PASSPORT", "EA1234567", True, True),
    ("CN_PASSPORT", "DE1234567", True, True),
    ("CN_PASSPORT", "EI1234567", True, False),  # no I
    ("CN_PASSPORT", "E1234567", True, False),
    ("CN_PASSPORT", "SN20230815A001", True, False),
    # CN_HK_MACAO_PERMIT
    ("CN_HK_MACAO_PERMIT", "C12345678", True, True),
    ("CN_HK_MACAO_PERMIT", "CA1234567", True, True),
    ("CN_HK_MACAO_PERMIT", "H1234567801", True, True),
    ("CN_HK_MACAO_PERMIT", "M12345678", True, True),
    ("CN_HK_MACAO_PERMIT", "C1234567", True, False),
    ("CN_HK_MACAO_PERMIT", "W12345678", True, True),  # the older booklet permit
    ("CN_HK_MACAO_PERMIT", "W1234567", True, False),
    ("CN_HK_MACAO_PERMIT", "X12345678", True, False),
    # CN_TAIWAN_PERMIT: the lifelong number, and the older permits' issue count and office code
    ("CN_TAIWAN_PERMIT", "05616820", True, True),
    ("CN_TAIWAN_PERMIT", "0561682001", True, True),
    ("CN_TAIWAN_PERMIT", "0561682001(D)", True, True),
    ("CN_TAIWAN_PERMIT", "05616820", False, False),  # eight digits alone: any code
    ("CN_TAIWAN_PERMIT", "0561682", True, False),
    ("CN_TAIWAN_PERMIT", "T05616820", True, False),
    # CN_LICENSE_PLATE
    ("CN_LICENSE_PLATE", "京A12345", False, True),
    # GA 36-2018: new-energy letters A-E (pure electric), F-K (others), first or last; 使/领 plates
    ("CN_LICENSE_PLATE", "粤BA12345", False, True),
    ("CN_LICENSE_PLATE", "粤BKA1234", False, True),
    ("CN_LICENSE_PLATE", "粤B12345G", False, True),
    ("CN_LICENSE_PLATE", "使014578", False, True),
    ("CN_LICENSE_PLATE", "使014·578", False, True),
    ("CN_LICENSE_PLATE", "沪A1234领", False, True),
    ("CN_LICENSE_PLATE", "粤BI12345", False, False),
    # coordinates with few decimals count in a column named as coordinates only
    ("GEO_COORDINATE", "39.9,116.4", True, True),
    ("GEO_COORDINATE", "39.9,116.4", False, False),
    ("GEO_COORDINATE", "31,121", True, False),
    ("CN_LICENSE_PLATE", "苏N·8A8B8", False, True),
    ("CN_LICENSE_PLATE", "沪A 12345", False, True),
    ("CN_LICENSE_PLATE", "京AD12345", False, True),  # new energy, small
    ("CN_LICENSE_PLATE", "京A12345D", False, True),  # new energy, large
    ("CN_LICENSE_PLATE", "京A1234警", False, True),
    ("CN_LICENSE_PLATE", "粤Z1234港", False, True),
    ("CN_LICENSE_PLATE", "苏N1234挂", False, True),
    ("CN_LICENSE_PLATE", "京a12345", False, True),
    ("CN_LICENSE_PLATE", "京I12345", False, False),  # I is not an authority letter
    ("CN_LICENSE_PLATE", "京A1234", False, False),
    ("CN_LICENSE_PLATE", "A123456", False, False),
    ("CN_LICENSE_PLATE", "港A12345", False, False),
    # PERSON_NAME
    ("PERSON_NAME", "张三", False, True),
    # names written the Western way, under a name hint only (any-rule's and common-validator's examples)
    ("PERSON_NAME", "Bill Gates", True, True),
    ("PERSON_NAME", "Kevin Wayne Durant", True, True),
    ("PERSON_NAME", "Dirk Nowitzki", True, True),
    ("PERSON_NAME", "JAMES", True, True),
    ("PERSON_NAME", "Mary J. Blige", True, True),
    ("PERSON_NAME", "Bill Gates", False, False),
    ("PERSON_NAME", "Open Data", True, False),
    ("PERSON_NAME", "Grace Bay Resort Hotel", True, False),  # four words
    ("PERSON_NAME", "kevin durant", True, False),  # no capitals: a word list, not a name
    ("PERSON_NAME", "王小明", False, True),
    ("PERSON_NAME", "欧阳修", False, True),
    ("PERSON_NAME", "诸葛孔明", False, True),
    ("PERSON_NAME", "张王一诺", False, True),
    ("PERSON_NAME", " 李娜 ", False, True),
    ("PERSON_NAME", "买买提·艾力", False, False),  # minority name: with a name hint only
    ("PERSON_NAME", "买买提·艾力", True, True),
    ("PERSON_NAME", "阿依古丽·买买提·吐尔逊", True, True),
    ("PERSON_NAME", "高新区", False, False),
    ("PERSON_NAME", "江宁区", False, False),
    ("PERSON_NAME", "李四五六", False, False),
    # romanised names (GB/T 28039-2011), surname first or last; English words are no names
    ("PERSON_NAME", "Zhang San", False, True),
    ("PERSON_NAME", "ZHANG WEI", False, True),
    ("PERSON_NAME", "Wei Zhang", False, True),
    ("PERSON_NAME", "OUYANG Nana", False, True),
    ("PERSON_NAME", "Silver Lake", False, False),
    ("PERSON_NAME", "Open Data", True, False),
    ("PERSON_NAME", "Main Street", True, False),
    ("PERSON_NAME", "宿迁市人民政府", False, False),
    # CN_ADDRESS
    ("CN_ADDRESS", "江苏省宿迁市宿城区幸福路12号", False, True),
    ("CN_ADDRESS", "北京市海淀区中关村大街1号", False, True),
    # a division alone is no personal address: it must reach a road, number, building, room or village
    ("CN_ADDRESS", "宿迁市沭阳县胡集镇", False, False),
    ("CN_ADDRESS", "宿迁市沭阳县胡集镇胡集村3组", False, True),
    ("CN_ADDRESS", "南京市江宁区东山街道", False, False),
    ("CN_ADDRESS", "朝阳街道办事处", True, False),
    ("CN_ADDRESS", "城关镇人民政府", True, False),
    ("CN_ADDRESS", "胡集村3组", True, True),
    ("CN_ADDRESS", "幸福路12号3单元502室", False, False),
    ("CN_ADDRESS", "幸福路12号3单元502室", True, True),
    ("CN_ADDRESS", "宿迁市人民政府", False, False),
    ("CN_ADDRESS", "宿迁市人民政府", True, False),
    ("CN_ADDRESS", "高新区", True, False),
    # BIRTH_DATE (all patterns need a name hint)
    ("BIRTH_DATE", "1990-01-01", True, True),
    ("BIRTH_DATE", "1990/1/1", True, True),
    ("BIRTH_DATE", "19900101", True, True),
    ("BIRTH_DATE", "1990年1月1日", True, True),
    ("BIRTH_DATE", "1990-01-01 00:00:00", True, True),
    ("BIRTH_DATE", "1990-01-01", False, False),
    ("BIRTH_DATE", "19990230", True, False),
    ("BIRTH_DATE", "2030-01-01", True, False),
    ("BIRTH_DATE", "1899-12-31", True, False),
    ("BIRTH_DATE", "1990-01-01 08:30:00", True, False),
    # GEO_COORDINATE
    ("GEO_COORDINATE", "39.9087,116.3975", False, True),
    ("GEO_COORDINATE", "116.3975, 39.9087", False, True),
    ("GEO_COORDINATE", "116.3975，39.9087", False, True),  # full-width comma
    ("GEO_COORDINATE", "POINT(118.2751 33.9631)", False, True),
    ("GEO_COORDINATE", "39.9, 116.4", False, False),
    ("GEO_COORDINATE", "48.8566,2.3522", False, False),
    ("GEO_COORDINATE", "39.908", False, False),
    ("GEO_COORDINATE", "39.908", True, True),
    ("GEO_COORDINATE", "116.397", True, True),
    ("GEO_COORDINATE", "200.123", True, False),
    ("GEO_COORDINATE", "39.9", True, False),
    # HEALTH_INFO
    # traditional Chinese medicine (GB/T 16751.1 diseases, GB/T 16751.2 syndromes), reactions after
    # immunisation, English diagnoses under a diagnosis name
    ("HEALTH_INFO", "中风病(风痰阻络证)", False, True),
    ("HEALTH_INFO", "肝郁脾虚证", False, True),
    ("HEALTH_INFO", "身份证", False, False),  # 证 alone is no syndrome
    ("HEALTH_INFO", "保证", False, False),
    ("HEALTH_INFO", "接种部位红肿", False, True),
    ("HEALTH_INFO", "局部硬结", False, True),
    ("HEALTH_INFO", "Pulmonary tuberculosis", True, True),
    ("HEALTH_INFO", "Type 2 diabetes mellitus", True, True),
    ("HEALTH_INFO", "Pulmonary tuberculosis", False, False),
    ("HEALTH_INFO", "Stroke of luck", False, False),
    ("HEALTH_INFO", "高血压", False, True),
    ("HEALTH_INFO", "2型糖尿病", False, True),
    ("HEALTH_INFO", "既往体健，有青霉素过敏史", False, True),
    ("HEALTH_INFO", "HIV阳性", False, True),
    ("HEALTH_INFO", "乙肝表面抗原携带", False, True),
    ("HEALTH_INFO", "正常", False, False),
    ("HEALTH_INFO", "患者咽痛、咳嗽7天，体温38.6℃，予对症处理。", False, True),
    ("HEALTH_INFO", "急性上呼吸道感染", False, True),
    ("HEALTH_INFO", "骨质疏松症", False, True),
    ("HEALTH_INFO", "B02.900 带状疱疹", False, True),
    ("HEALTH_INFO", "设备故障诊断", False, False),
    ("HEALTH_INFO", "宿迁市人民医院门诊部", False, False),
    ("HEALTH_INFO", "呼吸内科", False, False),
    ("HEALTH_INFO", "I10", False, False),  # ICD-10 codes need a name hint
    ("HEALTH_INFO", "I10", True, True),
    ("HEALTH_INFO", "E11.9", True, True),
    ("HEALTH_INFO", "U07.1", True, False),  # U codes are outside the pattern (special purposes)
    # findings of student check-ups and blood-donor screening
    ("HEALTH_INFO", "近视", False, True),
    ("HEALTH_INFO", "龋齿", False, True),
    ("HEALTH_INFO", "脊柱侧弯", False, True),
    ("HEALTH_INFO", "甲状腺结节", False, True),
    ("HEALTH_INFO", "抑郁状态", False, True),
    ("HEALTH_INFO", "HBsAg阳性", False, True),
    ("HEALTH_INFO", "HCV抗体阳性", False, True),
    ("HEALTH_INFO", "ALT偏高", False, True),
    ("HEALTH_INFO", "血红蛋白偏低", False, True),
    ("HEALTH_INFO", "合格", True, False),
    ("HEALTH_INFO", "ALTERNATE", True, False),
    ("HEALTH_INFO", "阴性", True, False),
    # FINANCIAL_ACCOUNT_INFO
    ("FINANCIAL_ACCOUNT_INFO", "中国工商银行宿迁分行", False, False),  # a bank's name holds no account
    ("FINANCIAL_ACCOUNT_INFO", "江苏宿迁农村商业银行", True, False),
    ("FINANCIAL_ACCOUNT_INFO", "支付宝", True, False),
    ("FINANCIAL_ACCOUNT_INFO", "12345.67", False, False),  # amounts need a name hint
    ("FINANCIAL_ACCOUNT_INFO", "12345.67", True, True),
    ("FINANCIAL_ACCOUNT_INFO", "-80.5", True, True),
    ("FINANCIAL_ACCOUNT_INFO", "1,234,567.89", True, True),
    ("FINANCIAL_ACCOUNT_INFO", "￥1,234.50", True, True),
    ("FINANCIAL_ACCOUNT_INFO", "6222 0212 3456 7890 123", True, True),  # account number
    ("FINANCIAL_ACCOUNT_INFO", "12.345", True, False),
    ("FINANCIAL_ACCOUNT_INFO", "宿迁市人民政府", False, False),
    # IMEI
    ("IMEI", IMEI_VALID, True, True),
    ("IMEI", IMEI_VALID, False, True),  # 86: an allocated reporting body (a column needs 80% of them)
    ("IMEI", luhn_with_check("23091203456789"), False, False),  # 23: no reporting body
    ("IMEI", luhn_with_check("23091203456789"), True, True),
    ("IMEI", IMEI_BAD, True, False),
    ("IMEI", "SN20230815A001", True, False),
    ("IMEI", "8609120345678", True, False),  # 13 digits
    # 3GPP TS 23.003 (python-stdnum's test_imei.doctest values): the 14 digits without their check
    # digit, and the IMEISV (14 digits and a 2-digit software version), hyphen groups allowed
    ("IMEI", "49-015420-323751", True, True),
    ("IMEI", "35-209900-176148-23", True, True),
    ("IMEI", "3568680000414120", True, True),
    ("IMEI", "35-209900-176148-1", True, True),
    ("IMEI", "3568680000414120", False, False),  # 16 digits need the column's name
    ("IMEI", "35686800004141201", True, False),  # 17 digits
    # VIN
    ("VIN", "1M8GDM9AXKP042788", False, True),
    ("VIN", "1m8gdm9axkp042788", False, True),
    ("VIN", "1M8GDM9A1KP042788", False, False),
    ("VIN", "11111111111111111", False, False),  # check digit fits but no letter
    ("VIN", "1M8GDM9AXKP04278I", False, False),
    ("VIN", "SN20230815A001", False, False),
]


@pytest.mark.parametrize(("entity", "raw", "hinted", "expected"), CASES)
def test_single_value(entity: str, raw: str, hinted: bool, expected: bool) -> None:
    assert detect(entity, raw, hinted=hinted) is expected


@pytest.mark.parametrize(
    "raw", ["SN20230815A001", "202501010000012345", "2023-08-15", "hello world", "12345", "是", "无"]
)
def test_noise_is_claimed_by_no_unhinted_identifier(raw: str) -> None:
    """Values that are none of our identifiers: device serials, order numbers, plain dates, words."""
    identifiers = REQUIRED - {"PERSON_NAME", "CN_ADDRESS", "HEALTH_INFO", "FINANCIAL_ACCOUNT_INFO"}
    claimed = {entity for entity in identifiers if detect(entity, raw)}
    assert not claimed, claimed


def test_every_case_entity_is_covered() -> None:
    assert {entity for entity, *_ in CASES} == REQUIRED
    assert all(any(e == entity and ok for e, _, _, ok in CASES) for entity in REQUIRED)
    assert all(any(e == entity and not ok for e, _, _, ok in CASES) for entity in REQUIRED)


# --- free text (text_search specs, through the engine's text path) ------------------------------------

TEXT = (
    "联系人张三，电话138 0013 8000，身份证号11010519491231002X，邮箱zhang.san@example.com，"
    f"车牌苏N12345，登录IP 10.1.2.3，MAC 00:1A:2B:3C:4D:5E，信用代码91110000600037341L，卡号{VALID_CARD}。"
)
NOISE = "时间：10:30，地点：：办公室；订单号202501010000012345，设备SN20230815A001，版本号3.2"


def found_in_text(entity: str, text: str) -> list[str]:
    spec = spec_by_id()[entity]
    source = pl.Series([unicodedata.normalize("NFKC", text)])
    if spec.normalize == "compact":
        source = join_digit_groups(source)
    return search_text(spec, source, AS_OF)["value"].to_list()


@pytest.mark.parametrize(
    ("entity", "value"),
    [
        ("CN_MOBILE", "13800138000"),
        ("CN_RESIDENT_ID", "11010519491231002X"),
        ("EMAIL", "zhang.san@example.com"),
        ("CN_LICENSE_PLATE", "苏N12345"),
        ("IP_ADDRESS", "10.1.2.3"),
        ("MAC_ADDRESS", "00:1A:2B:3C:4D:5E"),
        ("CN_USCC", "91110000600037341L"),
        ("BANK_CARD", VALID_CARD),
    ],
)
def test_text_search_finds(entity: str, value: str) -> None:
    assert found_in_text(entity, TEXT) == [value]


@pytest.mark.parametrize("entity", sorted(spec.id for spec in load_specs() if spec.text_search))
def test_text_search_ignores_noise(entity: str) -> None:
    assert found_in_text(entity, NOISE) == []
