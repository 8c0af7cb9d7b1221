"""Applying a guide: entities of a field → field level; fields, co-occurring entities and the
record count of a dataset → dataset level.

The guide holds every decision as data; this module applies them the same way for every guide,
so two guides differ only in their YAML.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from secsuite.errors import ConfigError
from secsuite.schema import Citation, Text

if TYPE_CHECKING:
    from secsuite.classify.guide import Combination, Guide, VolumeRule


@dataclass(frozen=True)
class FieldGrade:
    """The level of one field. ``category`` is that of the entity that set the level (None when no
    entity was found); ``reasons`` name each entity with its level and source, highest first."""

    category: str | None
    level: str
    reasons: list[str]


@dataclass(frozen=True)
class GradeReason:
    """A guide rule (combination or volume) that fired for a dataset."""

    rule_id: str
    title: Text
    level: str
    citation: Citation


@dataclass(frozen=True)
class DatasetGrade:
    """The level of a dataset and every rule that fired, in guide order. A rule whose level is not
    above the highest field level still appears: it documents why the level holds."""

    level: str
    reasons: list[GradeReason]


def grade_field(guide: Guide, entities: Iterable[str]) -> FieldGrade:
    """Highest-level entity wins; ties keep the caller's order (the scanner lists by confidence)."""
    names = list(dict.fromkeys(entities))
    if not names:
        unmatched = guide.unmatched
        return FieldGrade(None, unmatched.level, [f"(no entity) → {unmatched.level} ({unmatched.citation})"])
    unknown = [name for name in names if name not in guide.entities]
    if unknown:
        raise ConfigError(
            f"guide {guide.id!r} maps no entity {', '.join(unknown)}; add it to the guide's entities"
        )
    ranked = sorted(names, key=lambda name: -guide.rank(guide.entities[name].level))
    top = guide.entities[ranked[0]]
    reasons = [
        f"{name} → {guide.entities[name].level} {guide.entities[name].category} "
        f"({guide.entities[name].citation})"
        for name in ranked
    ]
    return FieldGrade(top.category, top.level, reasons)


def grade_dataset(
    guide: Guide, field_grades: list[FieldGrade], entities: set[str], records: int
) -> DatasetGrade:
    """Max of the field levels (the unmatched level for a dataset without fields) and of every
    combination and volume rule that fires. Volume rules look at the categories of every entity
    present, not only the one that set a field's level. ``records`` stands in for the number of
    people: the row count over-counts people with several rows, which errs on the protective side."""
    categories = {grade.category for grade in field_grades if grade.category}
    categories |= {guide.entities[name].category for name in entities if name in guide.entities}
    reasons = [_reason(rule) for rule in guide.combinations if _combination_fires(rule, entities)]
    reasons += [_reason(rule) for rule in guide.volume if _volume_fires(rule, categories, entities, records)]
    levels = [grade.level for grade in field_grades] or [guide.unmatched.level]
    return DatasetGrade(guide.max_level(levels + [reason.level for reason in reasons]), reasons)


def _combination_fires(rule: Combination, entities: set[str]) -> bool:
    present = sum(1 for name in rule.any_of if name in entities)
    return all(name in entities for name in rule.all_of) and present >= rule.required_any


def _volume_fires(rule: VolumeRule, categories: set[str], entities: set[str], records: int) -> bool:
    if records < rule.min_records:
        return False
    if rule.categories_prefix is not None:
        prefix = rule.categories_prefix
        return any(cat == prefix or cat.startswith(prefix + "/") for cat in categories)
    return any(name in entities for name in rule.entities)


def _reason(rule: Combination | VolumeRule) -> GradeReason:
    return GradeReason(rule.id, rule.title, rule.level, rule.citation)
