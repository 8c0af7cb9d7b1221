"""Which columns are quasi-identifiers: names and values decide together, as for detectors."""

from __future__ import annotations

import polars as pl
import pytest

from secsuite.classify.guide import load_guide
from secsuite.errors import ConfigError
from secsuite.reident.assess import guide_kinds
from secsuite.reident.quasi import recognise_column

ETHNIC = ["汉族"] * 8 + ["回族", "满族"]
CASES = [
    # column name, values, entities the scan found, expected kind
    ("性别", ["男", "女"] * 10, set(), "SEX"),
    ("xb", ["1", "2"] * 10, set(), "SEX"),
    ("col3", ["男", "女", "女"] * 10, set(), "SEX"),
    ("code", ["1", "2"] * 10, set(), None),
    ("民族", ETHNIC, set(), "ETHNICITY"),
    ("列7", ETHNIC * 3, set(), "ETHNICITY"),
    ("文化程度", ["大学本科", "高中", "初中", "大专"] * 5, set(), "EDUCATION"),
    ("婚姻状况", ["已婚", "未婚", "离婚", "丧偶"] * 5, set(), "MARITAL_STATUS"),
    ("所在区县", ["宿城区", "沭阳县", "泗洪县"] * 5, set(), "AREA_DISTRICT"),
    ("区县", ["A001", "B002", "C003"] * 5, set(), None),
    ("所在街道", ["幸福街道", "洋河镇", "仓集镇"] * 5, set(), "AREA_STREET"),
    ("村居", ["张庄村", "新华社区", "王集村"] * 5, set(), "AREA_VILLAGE"),
    ("省份", ["江苏省", "浙江", "安徽省"] * 5, set(), "AREA_PROVINCE"),
    ("邮编", ["223800", "223600", "223700"] * 5, set(), "POSTCODE"),
    ("amount", ["223800", "223600", "223700"] * 5, set(), None),
    ("年龄", ["34", "56", "71", "29"] * 5, set(), "AGE"),
    ("年龄段", ["30-39", "40-49"] * 5, set(), "AGE"),
    ("出生年份", ["1956", "1987", "1990"] * 5, set(), "BIRTH_YEAR"),
    ("出生日期", ["1990-03-07", "1985-11-30"] * 5, {"BIRTH_DATE"}, "BIRTH_DATE"),
    ("入院日期", ["2025-03-01", "2025-04-02 10:21:00"] * 5, set(), "EVENT_DATE"),
    ("采购日期", ["2025-03-01", "2025-04-02"] * 5, set(), None),
    ("职业", ["农民", "教师", "个体工商户"] * 5, set(), "OCCUPATION"),
    ("工作单位", ["宿迁市某某有限公司", "沭阳县人民医院"] * 5, set(), "EMPLOYER"),
    ("家庭住址", ["江苏省宿迁市宿城区幸福路1号", "江苏省宿迁市沭阳县人民路8号"] * 5, {"CN_ADDRESS"}, "ADDRESS"),
    ("备注", ["已核实", "待补充材料"] * 5, set(), None),
    ("性别", ["男"] * 20, set(), None),  # one value is no quasi-identifier: it tells nothing apart
]


@pytest.mark.parametrize(("name", "values", "entities", "expected"), CASES)
def test_columns_are_recognised(name, values, entities, expected):
    kinds = guide_kinds(load_guide())
    found = recognise_column(kinds, [name, ""], pl.Series(values, dtype=pl.String), entities)
    assert (found.kind if found else None) == expected


def test_a_guide_naming_an_unknown_kind_fails_to_load(tmp_path):
    from secsuite.paths import guides_dir

    text = (guides_dir() / "cn-public-data-default.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "broken.yaml"
    broken.write_text(text.replace("quasi_identifiers: [SEX,", "quasi_identifiers: [SEXX,"), encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown kind 'SEXX'"):
        load_guide(broken)


def test_every_guide_cites_its_quasi_identifiers():
    from secsuite.classify.guide import list_guides

    for guide in list_guides():
        rule = guide.reidentification
        assert rule is not None and rule.threshold == 5
        assert "GB/T 42460" in rule.citation.document
        assert {kind.id for kind in guide_kinds(guide)} >= {"SEX", "BIRTH_DATE", "AGE", "AREA_DISTRICT", "ETHNICITY"}
        assert all(kind.citation.document for kind in guide_kinds(guide))
