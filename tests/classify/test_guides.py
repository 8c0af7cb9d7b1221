"""Classification guides: every shipped guide loads and grades as its YAML documents, and every
kind of broken guide fails at load time with a message naming the problem."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from secsuite.classify import DEFAULT_GUIDE_ID, FieldGrade, Guide, list_guides, load_guide
from secsuite.errors import ConfigError
from secsuite.paths import detectors_dir, guides_dir

DEFAULT = DEFAULT_GUIDE_ID
JS = "js-public-data"
ENTITIES = sorted(
    {
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
        "CN_MILITARY_ID",
        "IMEI",
        "VIN",
    }
    | {path.stem for path in detectors_dir().glob("*.yaml")}
)
GUIDES = [guide.id for guide in list_guides()]

# The mapping decisions, entity → (category, level), one column per guide.
MAPPING = {
    "CN_RESIDENT_ID": ("个人信息/身份信息", "L4", "L4"),
    "CN_PASSPORT": ("个人信息/身份信息", "L4", "L4"),
    "CN_HK_MACAO_PERMIT": ("个人信息/身份信息", "L4", "L4"),
    "CN_TAIWAN_PERMIT": ("个人信息/身份信息", "L4", "L4"),
    "CN_MILITARY_ID": ("个人信息/身份信息", "L4", "L4"),
    "BANK_CARD": ("个人信息/财产信息", "L4", "L4"),
    "FINANCIAL_ACCOUNT_INFO": ("个人信息/财产信息", "L4", "L4"),
    "HEALTH_INFO": ("个人信息/健康生理信息", "L4", "L4"),
    "CN_MOBILE": ("个人信息/联系信息", "L3", "L4"),
    "CN_ADDRESS": ("个人信息/联系信息", "L3", "L4"),
    "EMAIL": ("个人信息/联系信息", "L3", "L3"),
    "CN_LANDLINE": ("个人信息/联系信息", "L2", "L3"),
    "PERSON_NAME": ("个人信息/基本资料", "L3", "L3"),
    "BIRTH_DATE": ("个人信息/基本资料", "L3", "L3"),
    "CN_LICENSE_PLATE": ("个人信息/车辆信息", "L3", "L3"),
    "VIN": ("个人信息/车辆信息", "L2", "L3"),
    "GEO_COORDINATE": ("位置信息/地理坐标", "L2", "L3"),
    "IP_ADDRESS": ("个人信息/网络身份标识", "L2", "L3"),
    "MAC_ADDRESS": ("个人信息/设备信息", "L2", "L3"),
    "IMEI": ("个人信息/设备信息", "L3", "L3"),
    "CN_USCC": ("法人信息/登记信息", "L1", "L1"),
}


def _fields(guide: Guide, entities: list[str]) -> list[FieldGrade]:
    """One field per entity, as the scanner grades a dataset with one entity per column."""
    return [guide.grade_field([name]) for name in entities]


def _dataset(guide: Guide, entities: list[str], records: int = 10) -> tuple[str, list[str]]:
    grade = guide.grade_dataset(_fields(guide, entities), set(entities), records)
    return grade.level, [reason.rule_id for reason in grade.reasons]


# --- loading -------------------------------------------------------------------------------------


def test_shipped_guides_load_sorted_by_id() -> None:
    assert sorted([DEFAULT, JS]) == GUIDES


DEFAULT_PATH = guides_dir() / f"{DEFAULT}.yaml"


@pytest.mark.parametrize("ref", [None, DEFAULT, DEFAULT_PATH, str(DEFAULT_PATH)])
def test_load_guide_by_default_id_or_path(ref: str | Path | None) -> None:
    assert load_guide(ref).id == DEFAULT


def test_load_guide_unknown_id_lists_available() -> None:
    with pytest.raises(ConfigError, match=r"unknown guide 'no-such'.*cn-public-data-default"):
        load_guide("no-such")


def test_load_guide_missing_file() -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_guide(Path("/nonexistent/guide.yaml"))


def test_guide_in_guides_dir_must_be_named_by_id(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "classification_rules").mkdir()
    source = guides_dir() / f"{JS}.yaml"
    (tmp_path / "classification_rules" / "renamed.yaml").write_text(source.read_text("utf-8"), "utf-8")
    monkeypatch.setenv("SECSUITE_HOME", str(tmp_path))
    with pytest.raises(ConfigError, match="must equal the file name 'renamed'"):
        list_guides()


@pytest.mark.parametrize("guide_id", GUIDES)
def test_levels_are_the_shared_six(guide_id: str) -> None:
    guide = load_guide(guide_id)
    assert [level.id for level in guide.levels] == ["L1", "L2", "L3", "L4", "important", "core"]
    assert [guide.rank(level.id) for level in guide.levels] == [1, 2, 3, 4, 5, 6]


@pytest.mark.parametrize("guide_id", GUIDES)
@pytest.mark.parametrize("entity", ENTITIES)
def test_every_entity_is_mapped(guide_id: str, entity: str) -> None:
    assert entity in load_guide(guide_id).entities


# --- levels --------------------------------------------------------------------------------------


def test_level_lookup_and_max_level() -> None:
    guide = load_guide(DEFAULT)
    assert guide.level("L4").name.zh == "一般数据4级（敏感数据）"
    assert guide.max_level(["L2", "important", "L4"]) == "important"
    with pytest.raises(ConfigError, match="unknown level 'L9'"):
        guide.rank("L9")


PARSE_LEVEL = [
    ("L3", "L3"),
    ("l3", "L3"),
    ("3", "L3"),
    ("三级", "L3"),
    ("3级", "L3"),
    ("一般数据3级", "L3"),
    ("一般数据三级", "L3"),
    ("第三级", "L3"),
    ("第3级", "L3"),
    ("三级数据", "L3"),
    (" L 3 ", "L3"),
    ("Ｌ３", "L3"),
    ("level 3", "L3"),
    ("L3级", "L3"),
    ("L4（敏感）", "L4"),
    ("一级", "L1"),
    ("2", "L2"),
    ("四级", "L4"),
    ("敏感数据", "L4"),
    ("较敏感", "L3"),
    ("低敏感数据", "L2"),
    ("不敏感", "L1"),
    ("一般数据4级（敏感数据）", "L4"),
    ("重要数据", "important"),
    ("重要", "important"),
    ("important", "important"),
    ("Important", "important"),
    ("核心数据", "core"),
    ("core", "core"),
    ("CORE", "core"),
    ("5", None),
    ("五级", None),
    ("L0", None),
    ("一般数据", None),
    ("", None),
    ("高", None),
    (3, "L3"),
    ("L", None),
]


@pytest.mark.parametrize("guide_id", GUIDES)
@pytest.mark.parametrize(("text", "expected"), PARSE_LEVEL)
def test_parse_level(guide_id: str, text: str | int, expected: str | None) -> None:
    assert load_guide(guide_id).parse_level(text) == expected


# --- fields --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("guide_id", "column"), [(DEFAULT, 1), (JS, 2)])
@pytest.mark.parametrize("entity", sorted(MAPPING))
def test_grade_field_per_entity(guide_id: str, column: int, entity: str) -> None:
    grade = load_guide(guide_id).grade_field([entity])
    assert (grade.category, grade.level) == (MAPPING[entity][0], MAPPING[entity][column])
    assert grade.reasons[0].startswith(f"{entity} → {grade.level}")


def test_grade_field_highest_entity_wins_and_ties_keep_order() -> None:
    guide = load_guide(DEFAULT)
    mixed = guide.grade_field(["CN_USCC", "CN_MOBILE", "CN_RESIDENT_ID"])
    assert (mixed.category, mixed.level) == ("个人信息/身份信息", "L4")
    assert [reason.split(" ")[0] for reason in mixed.reasons] == ["CN_RESIDENT_ID", "CN_MOBILE", "CN_USCC"]
    assert guide.grade_field(["EMAIL", "PERSON_NAME"]).category == "个人信息/联系信息"


@pytest.mark.parametrize("guide_id", GUIDES)
def test_grade_field_without_entity_is_unmatched_level(guide_id: str) -> None:
    grade = load_guide(guide_id).grade_field([])
    assert (grade.category, grade.level) == (None, "L1")


def test_grade_field_unknown_entity_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="maps no entity NEW_THING"):
        load_guide(DEFAULT).grade_field(["NEW_THING"])


# --- combinations --------------------------------------------------------------------------------


def _combination_cases() -> list[tuple[str, str]]:
    return [(guide.id, rule.id) for guide in list_guides() for rule in guide.combinations]


@pytest.mark.parametrize(("guide_id", "rule_id"), _combination_cases())
def test_combination_fires_on_its_minimal_set_and_not_with_one_missing(guide_id: str, rule_id: str) -> None:
    guide = load_guide(guide_id)
    rule = next(rule for rule in guide.combinations if rule.id == rule_id)
    minimal = [*rule.all_of, *rule.any_of[: rule.required_any]]
    level, fired = _dataset(guide, minimal)
    assert rule_id in fired
    assert guide.rank(level) >= guide.rank(rule.level)
    for missing in minimal:
        assert rule_id not in _dataset(guide, [name for name in minimal if name != missing])[1], missing


COMBINATIONS = [
    # guide, entities in the dataset, dataset level, rules that fired
    (DEFAULT, ["PERSON_NAME", "CN_RESIDENT_ID", "CN_MOBILE"], "L4", ["COMB-ID-NAME-MOBILE"]),
    (DEFAULT, ["PERSON_NAME", "CN_MOBILE"], "L3", []),
    (DEFAULT, ["PERSON_NAME", "CN_MOBILE", "CN_ADDRESS"], "L4", ["COMB-NAME-CONTACT"]),
    (DEFAULT, ["PERSON_NAME", "CN_LANDLINE", "BIRTH_DATE"], "L4", ["COMB-NAME-CONTACT"]),
    (DEFAULT, ["CN_MOBILE", "CN_ADDRESS", "EMAIL"], "L3", []),
    (DEFAULT, ["PERSON_NAME", "HEALTH_INFO"], "L4", ["COMB-NAME-HEALTH"]),
    (DEFAULT, ["HEALTH_INFO"], "L4", []),
    (DEFAULT, ["GEO_COORDINATE"], "L2", []),
    (DEFAULT, ["GEO_COORDINATE", "CN_USCC"], "L2", []),
    (DEFAULT, ["GEO_COORDINATE", "CN_LICENSE_PLATE"], "L4", ["COMB-WHEREABOUTS"]),
    (DEFAULT, ["IP_ADDRESS", "MAC_ADDRESS"], "L3", ["COMB-DEVICE-FINGERPRINT"]),
    (DEFAULT, ["IP_ADDRESS"], "L2", []),
    (JS, ["PERSON_NAME", "EMAIL"], "L4", ["COMB-NAME-IDENTIFIER"]),
    (JS, ["PERSON_NAME"], "L3", []),
    (JS, ["GEO_COORDINATE", "IP_ADDRESS"], "L4", ["COMB-WHEREABOUTS"]),
    (JS, ["IP_ADDRESS", "MAC_ADDRESS"], "L3", []),
]


@pytest.mark.parametrize(("guide_id", "entities", "level", "fired"), COMBINATIONS)
def test_combination_table(guide_id: str, entities: list[str], level: str, fired: list[str]) -> None:
    assert _dataset(load_guide(guide_id), entities) == (level, fired)


def test_dataset_reasons_carry_title_level_and_citation() -> None:
    guide = load_guide(DEFAULT)
    grade = guide.grade_dataset(_fields(guide, ["GEO_COORDINATE", "IMEI"]), {"GEO_COORDINATE", "IMEI"}, 5)
    (reason,) = grade.reasons
    assert (reason.rule_id, reason.level) == ("COMB-WHEREABOUTS", "L4")
    assert reason.title.zh.startswith("坐标") and "第二十八条" in str(reason.citation)


@pytest.mark.parametrize("guide_id", GUIDES)
def test_empty_dataset_takes_the_unmatched_level(guide_id: str) -> None:
    assert load_guide(guide_id).grade_dataset([], set(), 0).level == "L1"


# --- volume --------------------------------------------------------------------------------------


def _volume_cases() -> list[tuple[str, str]]:
    return [(guide.id, rule.id) for guide in list_guides() for rule in guide.volume]


@pytest.mark.parametrize(("guide_id", "rule_id"), _volume_cases())
def test_volume_rule_threshold_is_inclusive(guide_id: str, rule_id: str) -> None:
    guide = load_guide(guide_id)
    rule = next(rule for rule in guide.volume if rule.id == rule_id)
    prefix = rule.categories_prefix
    entity = (
        rule.entities[0]
        if rule.entities
        else next(name for name, mapped in guide.entities.items() if mapped.category.startswith(f"{prefix}/"))
    )
    assert rule_id not in _dataset(guide, [entity], rule.min_records - 1)[1]
    assert rule_id in _dataset(guide, [entity], rule.min_records)[1]


VOLUME = [
    # guide, entities, records, dataset level
    (DEFAULT, ["PERSON_NAME"], 99_999, "L3"),
    (DEFAULT, ["PERSON_NAME"], 100_000, "L4"),
    (DEFAULT, ["PERSON_NAME"], 999_999, "L4"),
    (DEFAULT, ["PERSON_NAME"], 1_000_000, "important"),
    (DEFAULT, ["CN_RESIDENT_ID"], 99_999, "L4"),
    (DEFAULT, ["CN_RESIDENT_ID"], 100_000, "important"),
    (DEFAULT, ["CN_USCC", "GEO_COORDINATE"], 5_000_000, "L2"),
    (JS, ["PERSON_NAME"], 9_999, "L3"),
    (JS, ["PERSON_NAME"], 10_000, "L4"),
    (JS, ["PERSON_NAME"], 99_999, "L4"),
    (JS, ["PERSON_NAME"], 100_000, "important"),
    (JS, ["CN_USCC"], 5_000_000, "L1"),
]


@pytest.mark.parametrize(("guide_id", "entities", "records", "level"), VOLUME)
def test_volume_table(guide_id: str, entities: list[str], records: int, level: str) -> None:
    assert _dataset(load_guide(guide_id), entities, records)[0] == level


def test_volume_sees_entities_that_did_not_set_their_field_level() -> None:
    guide = load_guide(DEFAULT)
    field = guide.grade_field(["GEO_COORDINATE", "IP_ADDRESS"])  # tie at L2: the coordinate wins
    assert field.category == "位置信息/地理坐标"
    grade = guide.grade_dataset([field], {"GEO_COORDINATE", "IP_ADDRESS"}, 1_000_000)
    assert grade.level == "important"
    assert "VOL-PI-1M" in [reason.rule_id for reason in grade.reasons]


# --- share and open ------------------------------------------------------------------------------

LIMITS = [
    # guide, share or open, attribute as written, highest level allowed
    (DEFAULT, "share", "无条件共享", "L2"),
    (DEFAULT, "share", " 有条件共享 ", "important"),
    (DEFAULT, "share", "授权共享", "important"),
    (DEFAULT, "share", "\u3000不予共享", "core"),
    (DEFAULT, "share", "非共享", "core"),
    (DEFAULT, "share", "Conditional", "important"),
    (DEFAULT, "share", "共享", None),
    (DEFAULT, "share", "无条件开放", None),
    (DEFAULT, "open", "无条件开放", "L1"),
    (DEFAULT, "open", "有条件开放", "L3"),
    (DEFAULT, "open", "受限开放", "L3"),
    (DEFAULT, "open", "不予开放", "core"),
    (DEFAULT, "open", " 非开放\t", "core"),
    (DEFAULT, "open", "", None),
    (JS, "share", "无条件共享", "L2"),
    (JS, "share", "授权共享", "L4"),
    (JS, "share", "非共享", "core"),
    (JS, "open", "无条件开放", "L1"),
    (JS, "open", "有条件开放", "L2"),
    (JS, "open", "非开放", "core"),
]


@pytest.mark.parametrize(("guide_id", "kind", "attr", "expected"), LIMITS)
def test_share_and_open_limits(guide_id: str, kind: str, attr: str, expected: str | None) -> None:
    guide = load_guide(guide_id)
    limit = guide.share_limit(attr) if kind == "share" else guide.open_limit(attr)
    assert limit == expected


# --- invalid guides ------------------------------------------------------------------------------


DROP = object()  # as a value in INVALID: delete the key instead of setting it
TIER = {"max_level": "core", "description": {"zh": "x", "en": "x"}, "citation": {"document": "x"}}
ENTITY = {"category": "个人信息/联系信息", "level": "L3", "citation": {"document": "x"}}

INVALID = [
    # what is broken, where in the default guide, the new value (or DROP), the message expected
    (
        "entity unknown level",
        ["entities", "CN_MOBILE", "level"],
        "L9",
        r"entities\.CN_MOBILE\.level: unknown level 'L9'",
    ),
    (
        "entity unknown category",
        ["entities", "EMAIL", "category"],
        "个人信息/无此类",
        r"entities\.EMAIL\.category: unknown category",
    ),
    (
        "entity name style",
        ["entities", "cn_phone"],
        ENTITY,
        r"entities\.cn_phone: entity names are upper-case",
    ),
    ("duplicate level id", ["levels", 1, "id"], "L1", r"levels\[1\]: duplicate level id 'L1'"),
    (
        "non-increasing rank",
        ["levels", 2, "rank"],
        2,
        r"levels\[2\] \(L3\): rank 2 must be greater than 2 of L2",
    ),
    (
        "unknown key in a level",
        ["levels", 0, "colour"],
        "red",
        r"levels\.0\.colour\s+Extra inputs are not permitted",
    ),
    ("unknown top-level key", ["unmatched_level"], "L1", r"unmatched_level\s+Extra inputs are not permitted"),
    ("missing citation", ["levels", 0, "citation"], DROP, r"levels\.0\.citation\s+Field required"),
    ("unmatched unknown level", ["unmatched", "level"], "L7", r"unmatched\.level: unknown level 'L7'"),
    (
        "combination unmapped entity",
        ["combinations", 0, "all_of"],
        ["PERSON_NAME", "SSN"],
        r"combinations\.COMB-ID-NAME-MOBILE\.all_of: entity 'SSN' is not in entities",
    ),
    (
        "combination min_of too big",
        ["combinations", 2, "min_of"],
        9,
        r"combinations\.COMB-NAME-CONTACT\.min_of: 9 exceeds the 5 of any_of",
    ),
    (
        "combination empty",
        ["combinations", 1, "all_of"],
        [],
        r"combinations\.COMB-NAME-HEALTH: give all_of, any_of or both",
    ),
    ("duplicate rule id", ["volume", 0, "id"], "COMB-NAME-HEALTH", r"duplicate rule id 'COMB-NAME-HEALTH'"),
    (
        "volume prefix and entities",
        ["volume", 0, "entities"],
        ["PERSON_NAME"],
        r"volume\.VOL-PI-1M: give exactly one of categories_prefix and entities",
    ),
    (
        "volume prefix matches nothing",
        ["volume", 0, "categories_prefix"],
        "个人",
        r"volume\.VOL-PI-1M\.categories_prefix: '个人' matches no category",
    ),
    ("volume unknown level", ["volume", 2, "level"], "L5", r"volume\.VOL-PI-100K\.level: unknown level 'L5'"),
    ("volume zero records", ["volume", 0, "min_records"], 0, r"volume\.0\.min_records"),
    (
        "missing share tier",
        ["share", "不予共享"],
        DROP,
        r"share: tiers must be exactly 无条件共享, 有条件共享, 不予共享",
    ),
    ("extra open tier", ["open", "非开放"], TIER, r"open: tiers must be exactly"),
    (
        "share unknown level",
        ["share", "无条件共享", "max_level"],
        "L0",
        r"share\.无条件共享\.max_level: unknown level 'L0'",
    ),
    ("open limits decrease", ["open", "无条件开放", "max_level"], "L4", r"open: max_level must not decrease"),
    (
        "alias names two tiers",
        ["share", "无条件共享", "aliases"],
        ["授权共享"],
        r"share\.有条件共享\.aliases: '授权共享' already names 无条件共享",
    ),
    (
        "alias names two levels",
        ["levels", 0, "aliases"],
        ["敏感"],
        r"levels\[3\] \(L4\): '敏感' already names L1",
    ),
]


@pytest.mark.parametrize(
    ("key", "value", "message"), [case[1:] for case in INVALID], ids=[case[0] for case in INVALID]
)
def test_invalid_guide_is_a_config_error_naming_the_problem(
    tmp_path: Path, key: list, value: object, message: str
) -> None:
    raw = yaml.safe_load((guides_dir() / f"{DEFAULT}.yaml").read_text("utf-8"))
    parent = raw
    for step in key[:-1]:
        parent = parent[step]
    if value is DROP:
        del parent[key[-1]]
    else:
        parent[key[-1]] = value
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), "utf-8")
    with pytest.raises(ConfigError, match=message) as caught:
        load_guide(path)
    assert str(path) in str(caught.value)


def test_invalid_yaml_syntax_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("id: x\nlevels: [\n", "utf-8")
    with pytest.raises(ConfigError, match="broken.yaml"):
        load_guide(path)
