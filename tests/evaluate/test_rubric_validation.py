"""A rubric is validated when it is loaded: points add up, caps hold, every indicator has parts
that are manual or derived, names are unique. A broken rubric file never reaches a ranking."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from secsuite.errors import ConfigError
from secsuite.evaluate.rubric import list_rubrics, load_rubric

VALID = {
    "id": "tiny", "version": "1", "title": {"zh": "小细则", "en": "tiny"}, "citation": {"document": "测试"},
    "unit_types": ["county"], "base_points": 10, "base_weight": 0.7, "bonus_cap": 5,
    "veto": {"rules": ["IR-SEVERE-DATA-LEAK"], "text": {"zh": "一票否决", "en": "veto"}},
    "groups": [
        {"id": "base", "name": "基础", "points": 10, "indicators": [
            {"id": "a", "name": "甲", "points": 6, "method": {"zh": "打分", "en": "judged"},
             "parts": [{"kind": "judged", "id": "score", "name": "得分"}]},
            {"id": "b", "name": "乙", "points": 4, "start": 4, "method": {"zh": "扣分", "en": "deductions"},
             "parts": [{"kind": "findings", "id": "mlps", "name": "等保", "rules": ["MLPS-NOT-FILED"],
                        "assessed_by": "systems", "per_object": -1}]},
        ]},
        {"id": "bonus", "name": "加分", "points": 5, "bonus": True, "indicators": [
            {"id": "c", "name": "丙", "points": 5, "method": {"zh": "加分", "en": "bonus"},
             "parts": [{"kind": "count", "id": "n", "name": "次数", "per": 1, "cap": 5}]},
        ]},
    ],
}


def write(tmp_path: Path, document: dict) -> Path:
    path = tmp_path / "tiny.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return path


def broken(change) -> dict:
    document = copy.deepcopy(VALID)
    change(document)
    return document


def test_the_bundled_rubrics_load():
    assert [r.id for r in list_rubrics()] == ["baotou-digital-government", "suqian-county", "suqian-department"]


def test_a_valid_rubric_file_loads(tmp_path):
    rubric = load_rubric(write(tmp_path, VALID))
    assert [i.source for i in rubric.indicators] == ["manual", "derived", "manual"]


def _set(path, value):
    def change(document):
        target = document
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return change


@pytest.mark.parametrize(("change", "words"), [
    (_set(["groups", 0, "indicators", 0, "points"], 5), "group base (基础) has 10 points but its indicators add up to 9"),
    (_set(["base_points"], 100), "the base groups add up to 10 points, not base_points 100"),
    (_set(["bonus_cap"], 3), "the bonus groups add up to 5 points, not bonus_cap 3"),
    (_set(["groups", 0, "indicators", 0, "parts", 0, "max"], 7), "range 0..7 is outside 0..6"),
    (_set(["groups", 0, "indicators", 0, "parts", 0, "values"], [0, 8]), "values must lie within"),
    (_set(["groups", 1, "indicators", 0, "parts", 0, "cap"], 6), "cap 6 exceeds the indicator's 5 points"),
    (_set(["groups", 0, "indicators", 1, "start"], 5), "start 5 is outside 0..4"),
    (_set(["groups", 0, "indicators", 1, "name"], "甲"), "indicator name used twice: 甲"),
    (_set(["groups", 0, "indicators", 0, "parts"], []), "at least 1 item"),
    (_set(["groups", 0, "indicators", 0, "parts", 0, "kind"], "guess"), "kind"),
    (_set(["groups", 0, "indicators", 1, "parts", 0, "by_severity"], {"high": -2}), "exactly one of per_object"),
    (_set(["groups", 0, "indicators", 1, "parts", 0, "rules"], ["mlps not filed"]), "pattern"),
    (_set(["periods"], {"methods": [{"id": "m", "name": "日常监测", "weight": 1}]}), "judged parts only"),
    (_set(["groups", 0, "points"], 10.5), "has 10.5 points"),
    (_set(["groups", 0, "indicators", 1, "parts", 0, "assessed_by"], "rumour"), "assessed_by"),
    (_set(["readings"], [{"id": "r", "source": {"zh": "扣1分", "en": "1 off"}, "chosen": "twice",
                          "options": [{"id": "once", "text": {"zh": "一次", "en": "once"}}]}]),
     "chosen 'twice' is not one of its options"),
    (_set(["readings"], [{"id": "r", "source": {"zh": "扣1分", "en": "1 off"}, "chosen": "once",
                          "options": [{"id": "once", "text": {"zh": "一次", "en": "once"},
                                       "set": {"b.nothing": {"once": -1}}}]}]), "names no part"),
    (_set(["readings"], [{"id": "r", "source": {"zh": "扣1分", "en": "1 off"}, "chosen": "once",
                          "options": [{"id": "once", "text": {"zh": "一次", "en": "once"},
                                       "set": {"b.mlps": {"once": -1}}}]}]), "exactly one of per_object, once"),
    (_set(["groups", 0, "indicators", 1, "parts", 0, "once"], 1), "less than 0"),
])
def test_broken_rubric_is_rejected(tmp_path, change, words):
    with pytest.raises(ConfigError) as raised:
        load_rubric(write(tmp_path, broken(change)))
    assert words in str(raised.value) and "tiny.yaml" in str(raised.value)


def test_method_weights_must_add_up_to_one(tmp_path):
    document = broken(_set(["groups"], [{"id": "g", "name": "组", "points": 10, "indicators": [
        {"id": "a", "name": "甲", "points": 10, "method": {"zh": "x", "en": "x"},
         "parts": [{"kind": "judged", "id": "score", "name": "得分"}]}]}]))
    document |= {"bonus_cap": 0, "periods": {"methods": [{"id": "m", "name": "日常监测", "weight": 0.6},
                                                         {"id": "n", "name": "实地调研", "weight": 0.3}]}}
    with pytest.raises(ConfigError, match="the method weights add up to 0.9, not 1"):
        load_rubric(write(tmp_path, document))


def test_unknown_rubric_id_lists_the_available_ones():
    with pytest.raises(ConfigError, match="available: baotou-digital-government, suqian-county, suqian-department"):
        load_rubric("hangzhou")


READING = {"id": "deduction", "source": {"zh": "未按要求开展等保测评的扣1分", "en": "1 off"}, "chosen": "per_system",
           "options": [{"id": "per_system", "text": {"zh": "每个系统扣1分", "en": "per system"},
                        "set": {"b.mlps": {"per_object": -1, "once": None}}},
                       {"id": "once", "text": {"zh": "只扣一次", "en": "once"},
                        "set": {"b.mlps": {"per_object": None, "once": -1}}}]}


def test_a_reading_switches_a_part_and_is_validated(tmp_path):
    rubric = load_rubric(write(tmp_path, VALID | {"readings": [READING]}))
    part = rubric.indicators[1].parts[0]
    assert (part.per_object, part.once) == (-1, None)
    switched = rubric.with_readings({"deduction": "once"})
    part = switched.indicators[1].parts[0]
    assert (part.per_object, part.once) == (None, -1) and switched.readings[0].chosen == "once"
    with pytest.raises(ConfigError, match="no option 'twice'"):
        rubric.with_readings({"deduction": "twice"})
    with pytest.raises(ConfigError, match="no reading 'other'"):
        rubric.with_readings({"other": "once"})
