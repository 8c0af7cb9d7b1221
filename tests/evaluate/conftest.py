"""Evaluating small hand-made cases the way ``secsuite evaluate`` does: units and scores written as
YAML files, read through the inventory models, checked against the rubrics, then scored."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml

from secsuite.evaluate.engine import evaluate, rubrics_for
from secsuite.evaluate.facts import Evidence, Fact
from secsuite.evaluate.result import Evaluation
from secsuite.evaluate.sheet import build_sheet
from secsuite.inventory.scores import load_scores
from secsuite.inventory.units import load_units

AS_OF = dt.date(2025, 12, 31)
Evaluate = Callable[..., Evaluation]


def dump(path: Path, rows: Sequence[dict[str, Any]]) -> Path:
    path.write_text(yaml.safe_dump(list(rows), allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture
def run_evaluation(tmp_path: Path) -> Evaluate:
    """``run_evaluation(units, scores, facts=(), rubrics=(), checked=True)``: units as (name, type, tier)
    triples, scores as row dicts; ``checked`` says the year's systems check and incident register
    covered every unit (False: no evidence beyond the facts). Any input error fails the test."""

    def run(units: Sequence[tuple[str, str, str]], scores: Sequence[dict[str, Any]], facts: Sequence[Fact] = (),
            rubrics: Sequence[str] = (), checked: bool = True) -> Evaluation:
        unit_list, errors = load_units(dump(tmp_path / "units.yaml",
                                            [{"单位名称": n, "单位类型": t, "档次": tier} for n, t, tier in units]))
        chosen = rubrics_for(unit_list, list(rubrics))
        rows, score_errors = load_scores(dump(tmp_path / "scores.yaml", scores))
        sheet, sheet_errors = build_sheet(rows, {u.unit: u for u in unit_list}, chosen, "units.yaml")
        assert errors + score_errors + sheet_errors == [], [str(e) for e in errors + score_errors + sheet_errors]
        evidence = Evidence(frozenset(u.unit for u in unit_list), True) if checked else Evidence()
        return evaluate(2025, AS_OF, unit_list, chosen, sheet, list(facts), evidence=evidence)

    return run


def scores_of(unit: str, values: dict[str, float]) -> list[dict[str, Any]]:
    """Score rows from {reference: value}; a reference ending in '#' is a count."""
    return [{"单位名称": unit, "指标": ref.rstrip("#"), ("次数" if ref.endswith("#") else "得分"): value}
            for ref, value in values.items()]


@pytest.fixture
def score_rows() -> Callable[[str, dict[str, float]], list[dict[str, Any]]]:
    return scores_of


UNITS = [{"单位名称": "宿城区", "单位类型": "县区", "档次": "第一档"},
         {"单位名称": "市公安局", "单位类型": "市级部门", "档次": "第一档"}]


def check_sheet(tmp_path, rows, rubrics=()):
    """The sheet and the errors of score ``rows`` for 宿城区 (县区) and 市公安局 (市级部门)."""
    units_path, scores_path = tmp_path / "units.yaml", tmp_path / "scores.yaml"
    units_path.write_text(yaml.safe_dump(UNITS, allow_unicode=True), encoding="utf-8")
    scores_path.write_text(yaml.safe_dump(rows, allow_unicode=True), encoding="utf-8")
    units, _ = load_units(units_path)
    parsed, errors = load_scores(scores_path)
    sheet, sheet_errors = build_sheet(parsed, {u.unit: u for u in units}, rubrics_for(units, list(rubrics)),
                                      str(units_path))
    return sheet, errors + sheet_errors, scores_path
