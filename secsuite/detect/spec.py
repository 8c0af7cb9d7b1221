"""The detector spec: one YAML file per entity in top-level ``detectors/`` (and the auditor's local
detector directories), validated on load.

A spec is data (patterns, validator name, column-name hints, decision thresholds); the engine in
``secsuite.detect.column`` is generic and knows no entity by name.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator

from secsuite.errors import ConfigError
from secsuite.paths import content_files
from secsuite.schema import Citation, Strict, Text, load_yaml_model


class Pattern(Strict):
    """One way an entity is written. ``full`` patterns must match the whole (normalised) value;
    ``contains`` patterns look for a keyword anywhere in it (vocabularies such as diagnoses)."""

    name: str
    regex: str
    score: float = Field(ge=0, le=1)
    match: Literal["full", "contains"] = "full"
    validator: str | None = None
    requires_name_hint: bool = False

    @field_validator("regex")
    @classmethod
    def _compiles(cls, value: str) -> str:
        return unanchored_regex(value)


def unanchored_regex(value: str) -> str:
    """``value`` if it compiles and carries no anchors (the engine anchors whole-value patterns)."""
    try:
        re.compile(value)
    except re.error as exc:  # the engine uses Rust regex; Python's check catches typos early
        raise ValueError(f"regex does not compile: {exc}") from exc
    if value.startswith("^") or value.endswith("$"):
        raise ValueError("write the regex without ^/$ anchors: the engine anchors full patterns itself")
    return value


class ColumnNames(Strict):
    """Column-name hints in the three ways Chinese schemas name columns. ``not_zh`` and ``not_en``:
    names that say the column holds something else, whatever its values (签发日期 holds no birth
    dates, 单位账号 no one's card). ``other_zh`` and ``other_en``: names of another kind of the same
    shape, which are no hint, so the values alone decide as under a name that says nothing (交通卡号
    and 会员卡号 hold bank cards only where most numbers pass Luhn inside an issuer range)."""

    zh: list[str] = []
    pinyin: list[str] = []
    en: list[str] = []
    not_zh: list[str] = []
    not_en: list[str] = []
    other_zh: list[str] = []
    other_en: list[str] = []


class Mask(Strict):
    keep_start: int = Field(default=3, ge=0)
    keep_end: int = Field(default=4, ge=0)
    style: Literal["chars", "name", "email", "address"] = "chars"


class Decision(Strict):
    """How the values and the column name combine into a column-level verdict.

    ``min_ratio`` is the share of non-empty values that must hold the entity (pattern and
    validator) when the name gives no hint; ``min_ratio_with_name`` when it does. A name alone
    never suffices: values decide. ``min_distinct_values``: the hits must hold at least this many
    distinct values (or half of the hits, when there are fewer), so a column repeating a handful of
    district names (高新区, 江宁区) is not a column of people's names, whatever the table's size.
    ``min_distinct_values_with_name`` replaces it when the name hints the entity: ten staff names
    repeated over 200 rows of 经办人 are a name column when the name and the values agree.
    ``min_distinct_values_in_prose`` replaces it for what the lexical analyser reads in sentences:
    a dozen residents named again and again in case notes are people, while the few state leaders
    named down a column of policy points are not the data of individuals.

    Mixed columns (联系电话 holding mobiles and landlines, 证件号码 holding IDs and passports) are
    judged on the union of what validates: once the column is sensitive, every entity holding at
    least ``min_share_in_mix`` of the values and ``min_hits_in_mix`` values is reported.

    ``about_individuals_only``: the entity counts only in a table about individuals, one where another
    column holds an entity that ``identifies_individual`` (an amount is 个人财产信息 next
    to names and ID numbers, GB/T 35273-2020 附录B; in a fare table it is not).

    ``validator_optional_with_name``: under a name hint a value counts without its validator, as long
    as most of the column's values pass it (some real debit cards fail Luhn; a column where most
    fail holds look-alikes, such as other projects' invalid test numbers);
    ``validator_optional_always_under`` names (银行卡号) under which they count even where most fail.

    ``value_context``: table signals that stand in for a name hint (see ``secsuite.detect.context``);
    ``person_table`` and ``document_column`` only make the hint-only patterns usable, without
    lowering the share needed.

    ``not_in_tables_with``: words of column names that make a table a catalogue or a statistics
    table (发病数, 批准文号); there, without a column that identifies individuals, the entity does not
    count (disease and drug names in them are no one's health).

    ``reported_in_prose``: in a column of prose (notes, complaints), a meaningful share of cells
    holding the entity is reported even when no other entity makes the column sensitive: an illness
    or a medicine in one note in twelve is someone's health information; a bank named in as many
    notes is no one's account.
    """

    min_ratio: float = Field(default=0.6, gt=0, le=1)
    min_ratio_with_name: float = Field(default=0.3, gt=0, le=1)
    min_distinct_values: int = Field(default=0, ge=0)
    min_distinct_values_with_name: int | None = Field(default=None, ge=0)
    min_distinct_values_in_prose: int | None = Field(default=None, ge=0)
    min_share_in_mix: float = Field(default=0.05, gt=0, le=1)
    min_hits_in_mix: int = Field(default=5, ge=1)
    requires_name_hint: bool = False
    validator_optional_with_name: bool = False
    validator_optional_always_under: ColumnNames = ColumnNames()
    about_individuals_only: bool = False
    identifies_individual: bool = False
    value_context: list[Literal["id_birth_link", "date_spread", "person_table", "document_column"]] = []
    reported_in_prose: bool = False
    not_in_tables_with: list[str] = []


class DetectorSpec(Strict):
    id: str = Field(pattern=r"^[A-Z][A-Z0-9_]+$")
    name: Text
    description: Text
    citation: Citation
    base_confidence: float = Field(ge=0, le=1)
    normalize: Literal["trim", "compact"] = "trim"
    length: tuple[int, int] = (1, 10_000)
    patterns: list[Pattern] = Field(min_length=1)
    text_search: bool = False
    # Characters that may not stand right before a match in text, besides letters and digits: a plate
    # after a province's character is part of a malformed one (浙苏H6F681).
    text_not_after: str = ""
    # How the entity's values look masked (王*明, 张某某, 138****5678), a regex matched whole: under the
    # entity's name such values are its own, hidden, and count toward the share the column needs,
    # never as hits; the shown values are then reported at their own share (``partly_masked``).
    masked: str = ""

    @field_validator("masked")
    @classmethod
    def _masked_compiles(cls, value: str) -> str:
        return unanchored_regex(value) if value else value
    # Found inside prose by the lexical analyser (``secsuite.detect.ner``): a person's name or a
    # personal address, which no pattern can search for.
    ner: Literal["person", "address"] | None = None
    column_names: ColumnNames = ColumnNames()
    context: list[str] = []
    mask: Mask = Mask()
    decision: Decision = Decision()

    @model_validator(mode="after")
    def _lengths(self) -> DetectorSpec:
        low, high = self.length
        if low > high:
            raise ValueError(f"length: minimum {low} exceeds maximum {high}")
        return self


def load_spec(path: Path) -> DetectorSpec:
    spec = load_yaml_model(path, DetectorSpec)
    if spec.id != path.stem:
        raise ConfigError(f"detector spec {path}: id {spec.id!r} must equal the file name {path.stem!r}")
    from secsuite.detect.validators import VALIDATORS

    for pattern in spec.patterns:
        if pattern.validator and pattern.validator not in VALIDATORS:
            raise ConfigError(
                f"detector spec {path}: pattern {pattern.name!r} names unknown validator "
                f"{pattern.validator!r}; known: {', '.join(sorted(VALIDATORS))}"
            )
    return spec


def load_specs(directory: Path | None = None) -> tuple[DetectorSpec, ...]:
    """All detector specs in effect (bundled, then local; a local one replaces the bundled spec of
    its id), or those of one ``directory``; sorted by id. Any invalid file stops start-up."""
    if directory is not None:
        paths = tuple(sorted(directory.glob("*.yaml")))
        if not paths:
            raise ConfigError(f"no detector specs (*.yaml) in {directory}")
        return _load_all(paths)
    files = content_files("detectors")
    if not files:
        raise ConfigError("no detector specs (*.yaml) found: the installation lacks its detectors")
    return _load_all(tuple(entry.path for entry in files))


@lru_cache(maxsize=8)
def _load_all(paths: tuple[Path, ...]) -> tuple[DetectorSpec, ...]:
    return tuple(load_spec(path) for path in paths)
