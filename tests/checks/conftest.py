"""Running one rule of the 等保/商密 packs over one inventory row, the way ``secsuite check`` does."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from secsuite.checks.registry import load_registry
from secsuite.checks.system_subject import SystemSubject
from secsuite.classify.guide import Guide
from secsuite.findings import Finding
from secsuite.inventory.systems import SystemEntry

AS_OF = dt.date(2025, 12, 31)
RunRule = Callable[..., list[Finding]]


def make_system(guide: Guide, **fields: Any) -> SystemEntry:
    """A system row from values as an auditor writes them (parsed by the inventory model)."""
    values = {"unit": "市公安局", "system": "测试系统"} | fields
    system = SystemEntry.model_validate(values | {"source": "systems.csv", "row": 2})
    if system.data_level is not None:
        system = system.model_copy(update={"data_level": guide.parse_level(system.data_level)})
    return system


@pytest.fixture
def system_row(guide: Guide) -> Callable[..., SystemEntry]:
    """``system_row(**row)``: a parsed inventory row, unit 市公安局 and system 测试系统 unless given."""
    return lambda **fields: make_system(guide, **fields)


@pytest.fixture
def run_rule(guide: Guide) -> RunRule:
    """``run_rule(rule_id, as_of=..., settings={...}, **row)``: the findings of that one rule."""

    def run(rule_id: str, as_of: dt.date = AS_OF, settings: dict[str, Any] | None = None,
            **fields: Any) -> list[Finding]:
        registry = load_registry()
        rule = registry.get(rule_id)
        subject = SystemSubject(make_system(guide, **fields), guide)
        findings = registry.run_pack(rule.pack, subject, as_of, "zh", {rule_id: settings or {}})
        return [finding for finding in findings if finding.rule_id == rule_id]

    return run
