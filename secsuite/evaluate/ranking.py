"""Ranking within each group of unit type and tier (档次), as the 宿迁 细则 ranks 第一档 and 第二档
apart. Higher final scores rank first and scores equal to the cent share a rank (1, 1, 3); vetoed
units rank last, all of them on the rank after the last scored unit."""

from __future__ import annotations

from collections.abc import Sequence

from secsuite.evaluate.result import UnitEvaluation, cents

UNIT_TYPE_ORDER = ("county", "functional_area", "department")
Group = tuple[str, str]


def _group_order(group: Group) -> tuple[int, str]:
    unit_type, tier = group
    return UNIT_TYPE_ORDER.index(unit_type), tier


def _groups(evaluations: Sequence[UnitEvaluation]) -> dict[Group, list[UnitEvaluation]]:
    groups: dict[Group, list[UnitEvaluation]] = {}
    for evaluation in evaluations:
        groups.setdefault(evaluation.group, []).append(evaluation)
    return groups


def assign_ranks(evaluations: Sequence[UnitEvaluation]) -> None:
    for members in _groups(evaluations).values():
        scored = sorted((e for e in members if e.final is not None), key=lambda e: (-(cents(e.final) or 0), e.unit.unit))
        for position, evaluation in enumerate(scored, start=1):
            tied = position > 1 and cents(evaluation.final) == cents(scored[position - 2].final)
            evaluation.rank = scored[position - 2].rank if tied else position
        for evaluation in members:
            if evaluation.final is None:
                evaluation.rank = len(scored) + 1


def ranked(evaluations: Sequence[UnitEvaluation]) -> list[tuple[Group, list[UnitEvaluation]]]:
    """The groups in a fixed order (county, functional area, department; then tier), each by rank."""
    return [
        (group, sorted(members, key=lambda e: (e.rank or 0, e.unit.unit)))
        for group, members in sorted(_groups(evaluations).items(), key=lambda item: _group_order(item[0]))
    ]
