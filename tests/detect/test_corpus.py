"""The labelled corpus of every detection error class, scanned in full as users scan it: every
sensitive column found, no negative twin flagged, and every flagged column explaining itself."""

from __future__ import annotations

import pytest

from tests.detect.corpus import CLASSES, evaluate


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    return evaluate(tmp_path_factory.mktemp("corpus"))


@pytest.mark.parametrize("error_class", [str(number) for number in CLASSES])
def test_every_error_class_is_judged_right(scanned, error_class):
    scores, _ = scanned
    score = scores[error_class]
    assert (score["missed"], score["extra"]) == ([], [])
    assert score["f1"] == 1.0 and not score["fp_columns"]


def _entities(result, file: str, column: str) -> dict:
    dataset = next(d for d in result.datasets if d.source.endswith(file))
    field = next(f for f in dataset.fields if f.name == column)
    return {e.type: e for e in field.entities}


# (file, column, entity, validators, signals that must be among the entity's signals)
EXPLANATIONS = [
    ("c1_联系人信息.csv", "联系电话", "CN_LANDLINE", ["cn_landline"], {"name_hint", "mixed_column"}),
    ("c1_联系人信息.csv", "联系电话", "CN_MOBILE", ["cn_mobile"], {"name_hint"}),
    ("c5_人员底册.csv", "rq1", "BIRTH_DATE", ["birth_date"], {"id_birth_link"}),
    ("c5_独立出生.csv", "d3", "BIRTH_DATE", ["birth_date"], {"date_spread"}),
    ("c8_社保参保.csv", "账户余额", "FINANCIAL_ACCOUNT_INFO", [], {"name_hint", "about_individuals"}),
    ("c2_走访登记.csv", "c9", "PERSON_NAME", ["person_name"], {"composite_cell"}),  # Chinese names only
    ("c3_接口日志.jsonl", "payload.mobile", "CN_MOBILE", ["cn_mobile"], {"name_hint"}),
]


@pytest.mark.parametrize(("file", "column", "entity", "validators", "signals"), EXPLANATIONS)
def test_a_flagged_column_explains_itself(scanned, file, column, entity, validators, signals):
    _, result = scanned
    found = _entities(result, file, column)[entity]
    assert found.validators == validators
    assert signals <= set(found.signals)
    assert 0 < found.ratio <= 1 and found.examples


def test_minority_entities_carry_their_own_share(scanned):
    _, result = scanned
    found = _entities(result, "c1_联系人信息.csv", "证件号码")
    shares = {entity: verdict.ratio for entity, verdict in found.items()}
    assert set(shares) == {"CN_RESIDENT_ID", "CN_PASSPORT", "CN_HK_MACAO_PERMIT", "CN_MILITARY_ID"}
    assert 0.02 <= shares["CN_MILITARY_ID"] < 0.15
    assert shares["CN_RESIDENT_ID"] > 0.6 and 0.05 <= shares["CN_PASSPORT"] < 0.3


def test_every_signal_the_corpus_gives_is_one_the_report_has_words_for(scanned):
    from tests.report.test_texts import SIGNALS

    _, result = scanned
    seen = {s for d in result.datasets for f in d.fields for e in f.entities for s in e.signals}
    assert seen and seen <= SIGNALS, seen - SIGNALS
