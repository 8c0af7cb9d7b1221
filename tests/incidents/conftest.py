"""Assessing small incident registers the way ``secsuite incidents`` does: rows written to a YAML
register, read back through the inventory model, then timed, graded and checked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from secsuite.incidents.pipeline import IncidentsResult, assess_register
from secsuite.inventory.incidents import load_incidents

AS_OF = dt.date(2025, 12, 31)
Assess = Callable[..., IncidentsResult]


def write_register(path: Path, rows: list[dict[str, Any]]) -> Path:
    numbered = [{"事件编号": f"INC-{n:03d}", "单位名称": "宿城区"} | row for n, row in enumerate(rows, start=1)]
    path.write_text(yaml.safe_dump(numbered, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture
def assess(tmp_path: Path) -> Assess:
    """``assess(*rows, overrides=None, year=2025, unit_types=None)``: the result of a register of
    ``rows`` (Chinese or English keys; id INC-001… and unit 宿城区 unless given)."""

    def run(*rows: dict[str, Any], overrides: dict | None = None, year: int | None = 2025,
            unit_types: dict | None = None) -> IncidentsResult:
        incidents, errors = load_incidents(write_register(tmp_path / "register.yaml", list(rows)))
        assert errors == [], [str(e) for e in errors]
        return assess_register(incidents, year=year, as_of=AS_OF, unit_types=unit_types, overrides=overrides)

    return run

