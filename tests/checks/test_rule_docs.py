"""Every 等保/商密 rule documents itself (secsuite rules ID), and its examples tell the truth: the
failing example row gives the rule's finding and the passing one does not."""

from __future__ import annotations

import datetime as dt

import pytest
from typer.testing import CliRunner

from secsuite.checks.registry import load_registry
from secsuite.cli import app

RULES = sorted(rule_id for rule_id, rule in load_registry().rules.items()
               if rule.pack in {"mlps", "crypto", "obligations"})
REQUIRED = {
    "MLPS-NOT-FILED", "MLPS-FILED-LATE", "MLPS-EVAL-MISSING", "MLPS-EVAL-OVERDUE", "MLPS-EVAL-FAILED",
    "MLPS-FILING-NO-INVALID", "CRYPTO-ASSESSMENT-MISSING", "CRYPTO-ASSESSMENT-OVERDUE", "CRYPTO-ASSESSMENT-FAILED",
    "CRYPTO-NON-SM-ALGORITHM", "CRYPTO-WEAK-ALGORITHM", "CRYPTO-SERVICE-UNUSED",
}


def test_design_rule_ids_exist():
    assert set(RULES) >= REQUIRED


@pytest.mark.parametrize("rule_id", RULES)
def test_examples_fail_and_pass_as_documented(run_rule, rule_id):
    examples = load_registry().get(rule_id).meta.examples
    assert examples is not None, f"{rule_id} has no examples"
    for row, expected in ((examples.failing, 1), (examples.passing, 0)):
        fields = dict(row)
        as_of = dt.date.fromisoformat(fields.pop("as_of", "2025-12-31"))
        assert len(run_rule(rule_id, as_of=as_of, **fields)) == expected, (rule_id, row)


@pytest.mark.parametrize("rule_id", RULES)
def test_rules_show_rationale_examples_and_settings(rule_id):
    meta = load_registry().get(rule_id).meta
    shown = CliRunner().invoke(app, ["rules", rule_id.lower()], env={"COLUMNS": "200"})
    assert shown.exit_code == 0, shown.output
    assert meta.rationale.zh[:20] in shown.output and meta.remediation.zh[:20] in shown.output
    assert "不通过示例 (failing)" in shown.output and "通过示例 (passing)" in shown.output
    for name, param in meta.params.items():
        assert param.description.zh and param.description.en
        assert f"参数 (setting) {name} = " in shown.output
    english = CliRunner().invoke(app, ["rules", rule_id, "--lang", "en"], env={"COLUMNS": "200"})
    assert meta.title.en in english.output


def test_rules_lists_every_rule_with_its_citation():
    listed = CliRunner().invoke(app, ["rules"], env={"COLUMNS": "400"})
    assert listed.exit_code == 0
    for rule_id in RULES:
        assert rule_id in listed.output
    assert "公通字〔2007〕43号" in listed.output and "商用密码管理条例" in listed.output


OBLIGATIONS = {
    "DATA-RISK-ASSESSMENT-MISSING": ("网络数据安全管理条例", "第三十三条"),
    "DATA-RISK-REPORT-MISSING": ("网络数据安全管理条例", "第三十三条"),
    "CII-ASSESSMENT-MISSING": ("关键信息基础设施安全保护条例", "第十七条"),
    "CRYPTO-ASSESSED-AFTER-GO-LIVE": ("商用密码管理条例", "第三十八条"),
    "CRYPTO-RESULT-NOT-FILED": ("商用密码管理条例", "第三十八条"),
    "IR-SUMMARY-REPORT-LATE": ("网络安全事件报告管理办法", "第八条"),
    "IR-PI-NOTIFICATION-MISSING": ("个人信息保护法", "第五十七条"),
}


@pytest.mark.parametrize(("rule_id", "citation"), OBLIGATIONS.items())
def test_rules_lists_the_new_obligations_with_their_articles(rule_id, citation):
    meta = load_registry().get(rule_id).meta
    assert citation[0] in meta.citation.document and citation[1] in meta.citation.article
    listed = CliRunner().invoke(app, ["rules"], env={"COLUMNS": "400"})
    line = next(line for line in listed.output.splitlines() if f" {rule_id} " in line)
    assert citation[0] in line and citation[1] in line
