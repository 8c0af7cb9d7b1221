"""Every incident rule documents itself and its examples tell the truth: the failing example gives
the rule's finding, the passing one does not. The rule ids of the documented contract all exist."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from secsuite.checks.registry import load_registry
from secsuite.cli import app

RULES = sorted(rule_id for rule_id, rule in load_registry().rules.items() if rule.pack == "incidents")
DEFAULTS = {"detected_at": "2025-03-01 09:00:00", "responded_at": "2025-03-01 09:01:00",
            "coordinated_at": "2025-03-01 09:10:00"}


def test_design_rule_ids_exist():
    assert set(RULES) >= {"IR-RESPONSE-SLA-BREACH", "IR-HANDLING-SLA-BREACH", "IR-REPORT-LATE", "IR-SEVERE-DATA-LEAK"}
    assert "IR-TIMESTAMP-MISSING" in RULES


@pytest.mark.parametrize("rule_id", RULES)
def test_examples_fail_and_pass_as_documented(assess, rule_id):
    examples = load_registry().get(rule_id).meta.examples
    assert examples is not None
    result = assess(DEFAULTS | examples.failing, DEFAULTS | examples.passing)
    hits = [f.object.id for f in result.findings if f.rule_id == rule_id]
    assert hits == ["INC-001"], (rule_id, hits)


@pytest.mark.parametrize("rule_id", RULES)
def test_rules_show_their_settings(rule_id):
    meta = load_registry().get(rule_id).meta
    shown = CliRunner().invoke(app, ["rules", rule_id], env={"COLUMNS": "200"})
    assert shown.exit_code == 0 and meta.rationale.zh[:15] in shown.output
    for name, param in meta.params.items():
        assert param.description.zh and param.description.en and f"参数 (setting) {name} = " in shown.output
