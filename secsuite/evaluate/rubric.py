"""Evaluation rubrics (考评细则) as validated data: groups (一级指标) of indicators (二级指标), each
with its points and its scoring method broken into parts an auditor or the findings fill in.

A rubric is checked when it is loaded, so a wrong table never reaches a ranking: every group's
points are the sum of its indicators', the base groups add up to ``base_points``, the bonus groups
to ``bonus_cap``, no part can give more than its indicator's points, every indicator has at least
one part (each part is manual — judged or counted by the auditor — or derived from findings), and
ids and names are unique, so a scores file can name an indicator either way.

Part kinds:
- ``judged``: a score the auditor gives, within ``min``..``max`` (default the indicator's points),
  optionally one of ``values`` (得3分，否则不得分 → values [0, 3]);
- ``count``: the auditor gives how many times something happened; the part adds ``per`` points
  each time (negative for a deduction), at most ``cap`` points in all;
- ``max_comparison``: 最大值比较法 — weighted counts, scaled so the best unit of the rubric gets the
  indicator's full points;
- ``findings``: derived from stored findings of the year: ``per_object`` points for each object
  (e.g. system) with a finding of ``rules``, ``once`` points whatever their number, or
  ``by_severity`` points for each finding. ``assessed_by`` names the input whose check must have
  run for the unit (its systems inventory, an incident register): without it the part is not
  assessed rather than a silent full mark. ``cites`` are findings shown beside each deduction as
  its evidence, never deducted themselves.

Where the source leaves a choice, ``readings`` state the literal text, the options and the one
chosen; an option sets fields of named parts (``indicator.part``), so switching a reading is
validated like the rest of the rubric and the evaluation names the reading it used.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, PrivateAttr, model_validator

from secsuite.errors import ConfigError
from secsuite.findings import Severity
from secsuite.inventory.units import UnitType
from secsuite.paths import content_files, find_content, searched
from secsuite.schema import Citation, Strict, Text, load_yaml_model

Id = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
RuleId = Annotated[str, Field(pattern=r"^[A-Z]+(-[A-Z0-9]+)+$")]
REFERENCE_SEPARATORS = re.compile(r"\s*[/／.·]\s*")


class Judged(Strict):
    kind: Literal["judged"]
    id: Id
    name: str
    min: Decimal = Decimal(0)
    max: Decimal | None = None
    values: list[Decimal] | None = None


class Count(Strict):
    kind: Literal["count"]
    id: Id
    name: str
    per: Decimal
    cap: Decimal | None = Field(default=None, gt=0)


class WeightedCount(Strict):
    id: Id
    name: str
    per: Decimal = Field(gt=0)


class MaxComparison(Strict):
    kind: Literal["max_comparison"]
    id: Id
    name: str
    inputs: list[WeightedCount] = Field(min_length=1)


EvidenceSource = Literal["systems", "incidents"]


class FindingsPart(Strict):
    kind: Literal["findings"]
    id: Id
    name: str
    rules: list[RuleId] = Field(min_length=1)
    assessed_by: EvidenceSource
    per_object: Decimal | None = Field(default=None, lt=0)
    once: Decimal | None = Field(default=None, lt=0)
    by_severity: dict[Severity, Decimal] | None = None
    cites: list[RuleId] = []

    @model_validator(mode="after")
    def _one_way(self) -> FindingsPart:
        if sum(way is not None for way in (self.per_object, self.once, self.by_severity)) != 1:
            raise ValueError(f"part {self.id}: give exactly one of per_object, once and by_severity")
        if self.by_severity and any(points > 0 for points in self.by_severity.values()):
            raise ValueError(f"part {self.id}: by_severity points are deductions and must not be positive")
        return self


Part = Annotated[Judged | Count | MaxComparison | FindingsPart, Field(discriminator="kind")]
InputKind = Literal["score", "count"]


class InputSpec(Strict):
    """One value an auditor enters: a judged score or a count, addressed as ``indicator/input``."""

    indicator: str
    part: str
    id: str
    name: str
    kind: InputKind


class Indicator(Strict):
    id: Id
    name: str
    points: Decimal = Field(gt=0)
    method: Text
    start: Decimal = Decimal(0)
    parts: list[Part] = Field(min_length=1)

    @property
    def source(self) -> str:
        """manual, derived, or manual+derived: who fills the indicator in."""
        derived = {isinstance(part, FindingsPart) for part in self.parts}
        return "derived" if derived == {True} else "manual" if derived == {False} else "manual+derived"

    def inputs(self) -> list[InputSpec]:
        specs: list[InputSpec] = []
        for part in self.parts:
            if isinstance(part, Judged):
                specs.append(InputSpec(indicator=self.id, part=part.id, id=part.id, name=part.name, kind="score"))
            elif isinstance(part, Count):
                specs.append(InputSpec(indicator=self.id, part=part.id, id=part.id, name=part.name, kind="count"))
            elif isinstance(part, MaxComparison):
                specs += [InputSpec(indicator=self.id, part=part.id, id=item.id, name=item.name, kind="count")
                          for item in part.inputs]
        return specs

    def judged_max(self, part: Judged) -> Decimal:
        return self.points if part.max is None else part.max

    @model_validator(mode="after")
    def _parts_fit(self) -> Indicator:
        where = f"indicator {self.id} ({self.name})"
        if not Decimal(0) <= self.start <= self.points:
            raise ValueError(f"{where}: start {self.start} is outside 0..{self.points}")
        for part in self.parts:
            if isinstance(part, Judged):
                top = self.judged_max(part)
                if not Decimal(0) <= part.min <= top <= self.points:
                    raise ValueError(f"{where}: part {part.id} range {part.min}..{top} is outside 0..{self.points}")
                if part.values and any(not part.min <= value <= top for value in part.values):
                    raise ValueError(f"{where}: part {part.id} values must lie within {part.min}..{top}")
            if isinstance(part, Count) and part.cap is not None and part.cap > self.points:
                raise ValueError(f"{where}: part {part.id} cap {part.cap} exceeds the indicator's {self.points} points")
        comparisons = [part for part in self.parts if isinstance(part, MaxComparison)]
        if len(comparisons) > 1:
            raise ValueError(f"{where}: at most one max_comparison part")
        ids = [part.id for part in self.parts] + [item.id for part in comparisons for item in part.inputs]
        names = [spec.name for spec in self.inputs()] + [p.name for p in self.parts if isinstance(p, FindingsPart)]
        for label, values in (("part/input id", ids), ("part/input name", names)):
            repeated = sorted({value for value in values if values.count(value) > 1})
            if repeated:
                raise ValueError(f"{where}: {label} used twice: {', '.join(repeated)}")
        return self


class Group(Strict):
    id: Id
    name: str
    points: Decimal = Field(gt=0)
    bonus: bool = False
    indicators: list[Indicator] = Field(min_length=1)


class Method(Strict):
    """A way of scoring; a ``unit_level`` method (民意调查, 第三方评估) gives one score per unit and
    half, out of the rubric's base points, instead of one per indicator."""

    id: Id
    name: str
    weight: Decimal = Field(gt=0, le=1)
    unit_level: bool = False
    evidence: Literal["monitoring"] | None = None  # the evaluation cites 日常监测's daily series for it


class Periods(Strict):
    """Half-yearly scoring: each half is the weighted sum of the methods' scores, the year the mean
    of the two halves."""

    methods: list[Method] = Field(min_length=1)


class Veto(Strict):
    """一票否决: a finding of one of ``rules`` for the unit in the year voids its evaluation."""

    rules: list[RuleId] = Field(min_length=1)
    text: Text


class ReadingOption(Strict):
    id: Id
    text: Text
    set: dict[str, dict[str, Any]] = {}  # "indicator_id.part_id" → the fields this option gives the part


class Reading(Strict):
    """A line of the source that leaves a choice: its literal text, the options, the one chosen.
    ``settings`` name rule settings (``RULE-ID.setting``) the reading rests on, whose values in force
    the evaluation reports beside it."""

    id: Id
    source: Text
    chosen: Id
    options: list[ReadingOption] = Field(min_length=1)
    settings: list[Annotated[str, Field(pattern=r"^[A-Z]+(-[A-Z0-9]+)+\.[a-z][a-z0-9_]*$")]] = []

    @model_validator(mode="after")
    def _chosen_is_an_option(self) -> Reading:
        if self.chosen not in {option.id for option in self.options}:
            raise ValueError(f"reading {self.id}: chosen {self.chosen!r} is not one of its options")
        return self

    @property
    def option(self) -> ReadingOption:
        return next(option for option in self.options if option.id == self.chosen)


class NotApplicable(Strict):
    """How 不适用 indicators count: ``rescale: base`` scales the applicable base indicators up to the
    base points (a unit is not penalised for what does not apply to it); bonus indicators never
    rescale. ``none`` leaves the points out without scaling."""

    rescale: Literal["base", "none"]
    text: Text


class Rubric(Strict):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    version: str
    title: Text
    citation: Citation
    unit_types: list[UnitType] = Field(min_length=1)
    base_points: Decimal = Field(gt=0)
    base_weight: Decimal = Field(gt=0, le=1)
    bonus_cap: Decimal = Decimal(0)
    veto: Veto | None = None
    periods: Periods | None = None
    notes: list[Text] = []
    readings: list[Reading] = []
    not_applicable: NotApplicable = NotApplicable(
        rescale="base", text=Text(zh="不适用的基础指标不计分，其余基础指标得分按比例折算到基础指标满分；加分指标不折算。",
                                  en="Base indicators that do not apply are left out and the others are scaled up to "
                                     "the base points; bonus indicators are not scaled."))
    groups: list[Group] = Field(min_length=1)
    _references: dict[str, InputSpec] = PrivateAttr(default_factory=dict)

    @property
    def indicators(self) -> list[Indicator]:
        return [indicator for group in self.groups for indicator in group.indicators]

    @property
    def monitoring_method(self) -> Method | None:
        """The method the evaluation backs with 日常监测's daily series (``evidence: monitoring``)."""
        methods = self.periods.methods if self.periods else []
        return next((method for method in methods if method.evidence == "monitoring"), None)

    def group_of(self, indicator: Indicator) -> Group:
        return next(group for group in self.groups if indicator in group.indicators)

    @model_validator(mode="before")
    @classmethod
    def _apply_readings(cls, data: Any) -> Any:
        """Give the parts the fields of each reading's chosen option, before they are validated."""
        if not isinstance(data, dict):
            return data
        for reading in data.get("readings") or []:
            if not isinstance(reading, dict):
                continue
            chosen = next((o for o in reading.get("options") or [] if o.get("id") == reading.get("chosen")), None)
            for target, fields in ((chosen or {}).get("set") or {}).items():
                _part_dict(data, str(target))[0].update(fields)
        return data

    @model_validator(mode="after")
    def _points_add_up(self) -> Rubric:
        for group in self.groups:
            total = sum((indicator.points for indicator in group.indicators), Decimal(0))
            if total != group.points:
                raise ValueError(f"group {group.id} ({group.name}) has {group.points} points "
                                 f"but its indicators add up to {total}")
        base = sum((group.points for group in self.groups if not group.bonus), Decimal(0))
        if base != self.base_points:
            raise ValueError(f"the base groups add up to {base} points, not base_points {self.base_points}")
        bonus = sum((group.points for group in self.groups if group.bonus), Decimal(0))
        if bonus != self.bonus_cap:
            raise ValueError(f"the bonus groups add up to {bonus} points, not bonus_cap {self.bonus_cap}")
        for label, values in (
            ("group id", [group.id for group in self.groups]),
            ("indicator id", [indicator.id for indicator in self.indicators]),
            ("indicator name", [indicator.name for indicator in self.indicators]),
        ):
            repeated = sorted({value for value in values if values.count(value) > 1})
            if repeated:
                raise ValueError(f"{label} used twice: {', '.join(repeated)}")
        if self.periods:
            self._check_periods(self.periods)
        self._references = self._reference_index()
        return self

    def _check_periods(self, periods: Periods) -> None:
        weights = sum((method.weight for method in periods.methods), Decimal(0))
        if weights != 1:
            raise ValueError(f"the method weights add up to {weights}, not 1")
        if all(method.unit_level for method in periods.methods):
            raise ValueError("at least one method must score the indicators")
        if any(not isinstance(part, Judged) for indicator in self.indicators for part in indicator.parts):
            raise ValueError("a half-yearly rubric takes judged parts only")

    def with_readings(self, chosen: dict[str, str]) -> Rubric:
        """This rubric with other options chosen (``{reading id: option id}``), validated anew."""
        known = {reading.id: reading for reading in self.readings}
        for reading_id, option in chosen.items():
            if reading_id not in known:
                raise ConfigError(f"rubric {self.id} has no reading {reading_id!r} (readings: {', '.join(known) or 'none'})")
            if option not in {o.id for o in known[reading_id].options}:
                options = ", ".join(o.id for o in known[reading_id].options)
                raise ConfigError(f"rubric {self.id}, reading {reading_id}: no option {option!r} (options: {options})")
        data = self.model_dump(mode="python")
        for reading in data["readings"]:
            reading["chosen"] = chosen.get(reading["id"], reading["chosen"])
        return Rubric.model_validate(data)

    @property
    def indicator_points(self) -> Decimal:
        """What the indicators of the base groups can give together (the base points of a rubric
        without unit-level methods)."""
        return sum((i.points for g in self.groups if not g.bonus for i in g.indicators), Decimal(0))

    def _reference_index(self) -> dict[str, InputSpec]:
        """Every way a scores file may name an input, each naming one input only."""
        index: dict[str, InputSpec] = {}
        for indicator in self.indicators:
            specs = indicator.inputs()
            keys: list[tuple[str, InputSpec]] = []
            for spec in specs:
                keys += [(f"{head}/{tail}", spec) for head in (indicator.id, indicator.name) for tail in (spec.id, spec.name)]
            if len(specs) == 1:
                keys += [(indicator.id, specs[0]), (indicator.name, specs[0])]
            for key, spec in keys:
                if index.get(key, spec) != spec:
                    raise ValueError(f"the reference {key!r} would name two inputs")
                index[key] = spec
        return index

    def resolve(self, reference: str) -> InputSpec | None:
        """The input a scores row names (``人员配置``, ``staffing``, ``数据共享开放/未按要求提供数据``)."""
        key = REFERENCE_SEPARATORS.sub("/", reference.strip())
        return self._references.get(key)

    def indicator(self, indicator_id: str) -> Indicator:
        return next(indicator for indicator in self.indicators if indicator.id == indicator_id)

    def find_indicator(self, reference: str) -> Indicator | None:
        """The indicator a reference names by its id or name (the part before any ``/``)."""
        head = REFERENCE_SEPARATORS.sub("/", reference.strip()).split("/")[0]
        return next((i for i in self.indicators if head in (i.id, i.name)), None)

    def method(self, reference: str) -> Method | None:
        methods = self.periods.methods if self.periods else []
        return next((m for m in methods if reference.strip() in (m.id, m.name)), None)


def _part_dict(data: dict[str, Any], target: str) -> tuple[dict[str, Any], str]:
    """The raw part a reading's ``indicator.part`` names; ValueError when there is none."""
    indicator_id, _, part_id = target.partition(".")
    for group in data.get("groups") or []:
        for indicator in group.get("indicators") or []:
            if indicator.get("id") == indicator_id:
                for part in indicator.get("parts") or []:
                    if part.get("id") == part_id:
                        return part, target
    raise ValueError(f"a reading sets {target!r}, which names no part (indicator_id.part_id)")


@lru_cache(maxsize=32)
def _load(path: Path) -> Rubric:
    return load_yaml_model(path, Rubric)


def list_rubrics() -> list[Rubric]:
    """Every rubric in effect (bundled, then local), sorted by id; any invalid file stops start-up."""
    return [_load_named(entry.path) for entry in content_files("rubrics")]


def _load_named(path: Path) -> Rubric:
    rubric = _load(path.resolve())
    if rubric.id != path.stem:
        raise ConfigError(f"{path}: id {rubric.id!r} must equal the file name {path.stem!r}")
    return rubric


DEFAULT_RUBRICS = ("suqian-county", "suqian-department")


def load_rubric(ref: str | Path) -> Rubric:
    """A rubric in effect by id, or a YAML file by path."""
    path = Path(ref)
    if isinstance(ref, Path) or path.suffix in {".yaml", ".yml"} or len(path.parts) > 1:
        if not path.is_file():
            raise ConfigError(f"rubric file {path} does not exist")
        return _load(path.resolve())
    named = find_content("rubrics", str(ref))
    if named is None:
        available = ", ".join(entry.id for entry in content_files("rubrics")) or "none"
        raise ConfigError(f"unknown rubric {ref!r} in {searched('rubrics')}; available: {available}")
    return _load_named(named.path)
