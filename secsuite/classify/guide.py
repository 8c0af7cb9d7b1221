"""A classification guide (数据分类分级指南) as validated data, and where guides are found.

A guide is one YAML file in top-level ``classification_rules/`` (or a local guide directory): its levels, categories, the
category and level of each detector entity, combination and volume rules that raise a dataset's
level, and the highest level each share/open attribute allows. Every reference is checked on
load, so a typo fails at start-up instead of silently grading a dataset too low.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from pydantic import Field, PrivateAttr, model_validator

from secsuite.classify.grade import DatasetGrade, FieldGrade, grade_dataset, grade_field
from secsuite.errors import ConfigError
from secsuite.paths import content_files, find_content, searched
from secsuite.schema import Citation, Strict, Text, load_yaml_model

DEFAULT_GUIDE_ID = "cn-public-data-default"
SHARE_TIERS = ("无条件共享", "有条件共享", "不予共享")
OPEN_TIERS = ("无条件开放", "有条件开放", "不予开放")

_ENTITY_ID = re.compile(r"^[A-Z][A-Z0-9_]+$")
_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
# "3", "L3", "level 3", "3级", "三级", "第三级", "一般数据3级", "三级数据" ...
_NUMBERED = re.compile(r"^(?:一般数据)?第?(?:level|l)?([0-9]+|[一二三四五六七八九])级?(?:数据)?$")
_TRAILING_NOTE = re.compile(r"^(.+?)\(.*\)$")


class Level(Strict):
    """One level, lowest first in the guide. ``number`` is the N auditors write for 一般数据N级/LN;
    ``aliases`` are other words for the level (敏感数据, 重要 ...)."""

    id: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_]*$")
    name: Text
    rank: int
    number: int | None = Field(default=None, ge=1)
    aliases: list[str] = []
    citation: Citation
    description: Text


class Category(Strict):
    id: str = Field(pattern=r"^[^/\s]+(/[^/\s]+)*$")
    name: Text
    citation: Citation


class EntityRule(Strict):
    category: str
    level: str
    citation: Citation
    description: Text | None = None


class Unmatched(Strict):
    """The level of a field in which no entity was found: the guide's minimum reference level."""

    level: str
    citation: Citation
    description: Text


class Combination(Strict):
    """Entities that, present together in one dataset, raise its level: every ``all_of`` and at
    least ``min_of`` (default 1) of ``any_of``."""

    id: str = Field(pattern=r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$")
    all_of: list[str] = []
    any_of: list[str] = []
    min_of: int | None = Field(default=None, ge=1)
    level: str
    title: Text
    description: Text
    citation: Citation

    @property
    def required_any(self) -> int:
        if self.min_of is not None:
            return self.min_of
        return 1 if self.any_of else 0


class VolumeRule(Strict):
    """A dataset holding at least ``min_records`` records of a category (by id prefix) or of any of
    some entities is raised to ``level``."""

    id: str = Field(pattern=r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$")
    categories_prefix: str | None = None
    entities: list[str] = []
    min_records: int = Field(ge=1)
    level: str
    title: Text
    description: Text
    citation: Citation


class Tier(Strict):
    """A share or open attribute: the highest level a dataset under it may hold."""

    max_level: str
    aliases: list[str] = []
    description: Text
    citation: Citation


class Reidentification(Strict):
    """Which quasi-identifier kinds count (``detectors/quasi/``), the smallest acceptable class size
    (k), and the entities whose columns are sensitive attributes for l-diversity."""

    threshold: int = Field(default=5, ge=2)
    quasi_identifiers: list[str] = Field(min_length=1)
    sensitive_entities: list[str] = []
    description: Text
    citation: Citation


class Guide(Strict):
    """One guide file. References between its parts are checked together on load, and every
    problem is reported at once, each prefixed with the key that holds it."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    version: str
    title: Text
    citation: Citation
    description: Text
    levels: list[Level] = Field(min_length=1)
    categories: list[Category] = Field(min_length=1)
    entities: dict[str, EntityRule] = Field(min_length=1)
    unmatched: Unmatched
    combinations: list[Combination] = []
    volume: list[VolumeRule] = []
    share: dict[str, Tier]
    open: dict[str, Tier]
    reidentification: Reidentification | None = None

    _levels: dict[str, Level] = PrivateAttr(default_factory=dict)
    _level_words: dict[str, str] = PrivateAttr(default_factory=dict)
    _level_numbers: dict[int, str] = PrivateAttr(default_factory=dict)
    _share_words: dict[str, str] = PrivateAttr(default_factory=dict)
    _open_words: dict[str, str] = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _consistent(self) -> Guide:
        problems: list[str] = []
        self._index_levels(problems)
        category_ids = [category.id for category in self.categories]
        problems += [f"categories: duplicate id {cid!r}" for cid in _duplicates(category_ids)]
        for name, rule in self.entities.items():
            where = f"entities.{name}"
            if not _ENTITY_ID.match(name):
                problems.append(f"{where}: entity names are upper-case identifiers like CN_MOBILE")
            if rule.category not in category_ids:
                problems.append(f"{where}.category: unknown category {rule.category!r}")
            problems += self._check_level(f"{where}.level", rule.level)
        problems += self._check_level("unmatched.level", self.unmatched.level)
        problems += self._check_rules(category_ids)
        self._share_words = self._index_tiers("share", self.share, SHARE_TIERS, problems)
        self._open_words = self._index_tiers("open", self.open, OPEN_TIERS, problems)
        problems += self._check_reidentification()
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def _index_levels(self, problems: list[str]) -> None:
        for index, level in enumerate(self.levels):
            if level.id in self._levels:
                problems.append(f"levels[{index}]: duplicate level id {level.id!r}")
                continue
            if index and level.rank <= self.levels[index - 1].rank:
                problems.append(
                    f"levels[{index}] ({level.id}): rank {level.rank} must be greater than "
                    f"{self.levels[index - 1].rank} of {self.levels[index - 1].id} (levels are lowest first)"
                )
            self._levels[level.id] = level
            if level.number is not None:
                if level.number in self._level_numbers:
                    problems.append(f"levels[{index}] ({level.id}): duplicate number {level.number}")
                self._level_numbers[level.number] = level.id
            for word in (level.id, level.name.zh, level.name.en, *level.aliases):
                key = _normalise(word)
                if self._level_words.get(key, level.id) != level.id:
                    problems.append(
                        f"levels[{index}] ({level.id}): {word!r} already names {self._level_words[key]}"
                    )
                self._level_words.setdefault(key, level.id)

    def _check_rules(self, category_ids: list[str]) -> list[str]:
        problems = [
            f"combinations/volume: duplicate rule id {rid!r}"
            for rid in _duplicates([rule.id for rule in [*self.combinations, *self.volume]])
        ]
        for rule in self.combinations:
            where = f"combinations.{rule.id}"
            problems += self._check_level(f"{where}.level", rule.level)
            problems += self._check_entities(f"{where}.all_of", rule.all_of)
            problems += self._check_entities(f"{where}.any_of", rule.any_of)
            if not rule.all_of and not rule.any_of:
                problems.append(f"{where}: give all_of, any_of or both")
            if rule.min_of is not None and rule.min_of > len(rule.any_of):
                problems.append(f"{where}.min_of: {rule.min_of} exceeds the {len(rule.any_of)} of any_of")
        for rule in self.volume:
            where = f"volume.{rule.id}"
            problems += self._check_level(f"{where}.level", rule.level)
            problems += self._check_entities(f"{where}.entities", rule.entities)
            prefix = rule.categories_prefix
            if (prefix is None) == (not rule.entities):
                problems.append(f"{where}: give exactly one of categories_prefix and entities")
            elif prefix is not None and not any(
                cid == prefix or cid.startswith(prefix + "/") for cid in category_ids
            ):
                problems.append(f"{where}.categories_prefix: {prefix!r} matches no category")
        return problems

    def _check_reidentification(self) -> list[str]:
        if self.reidentification is None:
            return []
        from secsuite.reident.quasi import load_kinds

        known = load_kinds()
        rule = self.reidentification
        problems = self._check_entities("reidentification.sensitive_entities", rule.sensitive_entities)
        problems += [
            f"reidentification.quasi_identifiers: unknown kind {kind!r}; known: {', '.join(known)}"
            for kind in rule.quasi_identifiers
            if kind not in known
        ]
        return problems

    def _check_level(self, where: str, level_id: str) -> list[str]:
        if level_id in self._levels:
            return []
        return [f"{where}: unknown level {level_id!r}; known: {', '.join(self._levels)}"]

    def _check_entities(self, where: str, names: list[str]) -> list[str]:
        return [f"{where}: entity {name!r} is not in entities" for name in names if name not in self.entities]

    def _index_tiers(
        self, key: str, tiers: dict[str, Tier], required: tuple[str, ...], problems: list[str]
    ) -> dict[str, str]:
        if set(tiers) != set(required):
            problems.append(
                f"{key}: tiers must be exactly {', '.join(required)} (write other spellings as aliases); "
                f"got {', '.join(tiers) or 'none'}"
            )
            return {}
        words: dict[str, str] = {}
        for name in required:
            tier = tiers[name]
            problems += self._check_level(f"{key}.{name}.max_level", tier.max_level)
            for word in (name, *tier.aliases):
                normal = _normalise(word)
                if words.get(normal, name) != name:
                    problems.append(f"{key}.{name}.aliases: {word!r} already names {words[normal]}")
                words.setdefault(normal, name)
        ranks = [
            self._levels[tiers[name].max_level].rank
            for name in required
            if tiers[name].max_level in self._levels
        ]
        if len(ranks) == len(required) and ranks != sorted(ranks):
            problems.append(f"{key}: max_level must not decrease from {required[0]} to {required[-1]}")
        return words

    def level(self, level_id: str) -> Level:
        try:
            return self._levels[level_id]
        except KeyError:
            raise ConfigError(
                f"guide {self.id!r}: unknown level {level_id!r}; known: {', '.join(self._levels)}"
            ) from None

    def rank(self, level_id: str) -> int:
        return self.level(level_id).rank

    def max_level(self, levels: Iterable[str]) -> str:
        """The highest of some level ids; at least one is required."""
        return max(levels, key=self.rank)

    def grade_field(self, entities: list[str]) -> FieldGrade:
        return grade_field(self, entities)

    def grade_dataset(self, field_grades: list[FieldGrade], entities: set[str], records: int) -> DatasetGrade:
        return grade_dataset(self, field_grades, entities, records)

    def share_limit(self, attr: str) -> str | None:
        """Highest level a dataset with this share attribute may hold; None if the attribute is not
        one of the tiers or their aliases (the caller reports it as an input error)."""
        tier = self._share_words.get(_normalise(attr))
        return self.share[tier].max_level if tier else None

    def open_limit(self, attr: str) -> str | None:
        """As :meth:`share_limit`, for the open attribute."""
        tier = self._open_words.get(_normalise(attr))
        return self.open[tier].max_level if tier else None

    def open_tier(self, attr: str) -> str | None:
        """The open tier (无条件开放, 有条件开放, 不予开放) an attribute or its alias names."""
        return self._open_words.get(_normalise(attr))

    def parse_level(self, text: str | int) -> str | None:
        """A level as auditors write it (L3, 3, 三级, 第三级, 一般数据3级, 重要数据, core ...) → id.
        A trailing note in brackets is ignored: "L4（敏感）" reads as L4. Spreadsheet cells may hold
        the bare number 3. None if unrecognised."""
        normal = _normalise(str(text))
        if normal in self._level_words:
            return self._level_words[normal]
        numbered = _NUMBERED.match(normal)
        if numbered:
            digits = numbered.group(1)
            number = int(digits) if digits.isdigit() else _CN_DIGITS[digits]
            return self._level_numbers.get(number)
        noted = _TRAILING_NOTE.match(normal)
        return self.parse_level(noted.group(1)) if noted else None


def list_guides() -> list[Guide]:
    """Every guide in effect (bundled, then local), sorted by id; any invalid file stops start-up."""
    return [_load_named(entry.path) for entry in content_files("guides")]


def load_guide(ref: str | Path | None = None) -> Guide:
    """The default guide (None), a guide in effect by id, or a YAML file by path."""
    ref = DEFAULT_GUIDE_ID if ref is None else ref
    path = Path(ref)
    if isinstance(ref, Path) or path.suffix in {".yaml", ".yml"} or len(path.parts) > 1:
        if not path.is_file():
            raise ConfigError(f"guide file {path} does not exist")
        return _load(path.resolve())
    named = find_content("guides", str(ref))
    if named is None:
        available = ", ".join(entry.id for entry in content_files("guides")) or "none"
        raise ConfigError(f"unknown guide {ref!r} in {searched('guides')}; available: {available}")
    return _load_named(named.path)


def _load_named(path: Path) -> Guide:
    """A guide found by id: its id must be its file name, so ids are unique and findable."""
    guide = _load(path.resolve())
    if guide.id != path.stem:
        raise ConfigError(f"{path}: id {guide.id!r} must equal the file name {path.stem!r}")
    return guide


@lru_cache(maxsize=32)
def _load(path: Path) -> Guide:
    return load_yaml_model(path, Guide)


def _normalise(text: str) -> str:
    """Full-width forms to ASCII, no whitespace, lower case: how hand-typed values compare."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


def _duplicates(values: list[str]) -> list[str]:
    return [value for value, count in Counter(values).items() if count > 1]
