"""The output layer every findings command shares: suppressions (auto-discovered or --ignore-file),
filters, --fail-on in any spelling, and every format written from the command itself."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from secsuite.cli import app
from tests.conftest import EXAMPLES

ENV = {"COLUMNS": "200", "SECSUITE_LANG": "zh"}
# (command and its inputs, a rule it finds, the unit of that rule's finding)
COMMANDS = {
    "check": (["check", str(EXAMPLES / "systems.xlsx"), "--as-of", "2025-12-31"], "MLPS-EVAL-MISSING", "市民政局"),
    "incidents": (["incidents", str(EXAMPLES / "incidents.xlsx"), "--year", "2025"], "IR-SEVERE-DATA-LEAK", "市民政局"),
}


def run(args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [*args, "--no-store", "-q"], env=ENV)
    return result.exit_code, result.stdout, result.stderr


def findings(args: list[str]) -> list[dict]:
    code, out, err = run([*args, "--format", "json"])
    assert code == 0, err
    return json.loads(out)["findings"]


def ignore_file(folder: Path, rule: str, expires: str) -> Path:
    path = folder / ".secsuite-ignore.yaml"
    path.write_text(f"ignore:\n  - rule: \"{rule}\"\n    reason: 已评审接受\n    expires: {expires}\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("command", COMMANDS)
def test_an_ignore_file_in_the_working_directory_mutes_output_and_exit_code(command, tmp_path, monkeypatch):
    args, _, _ = COMMANDS[command]
    monkeypatch.chdir(tmp_path)
    assert run([*args, "--fail-on", "低危"])[0] == 1
    ignore_file(tmp_path, "*", "2099-12-31")
    muted = findings(args)
    assert muted and all(f["muted"] and f["mute_reason"] == "已评审接受（有效期至 2099-12-31）" for f in muted)
    assert run([*args, "--fail-on", "低危"])[0] == 0


@pytest.mark.parametrize("command", COMMANDS)
def test_an_expired_entry_mutes_nothing_and_says_so(command, tmp_path):
    args, _, _ = COMMANDS[command]
    path = ignore_file(tmp_path, "*", "2020-01-01")
    code, _, err = run([*args, "--ignore-file", str(path), "--fail-on", "low"])
    assert code == 1
    assert "已过期" in err and "2020-01-01" in err
    assert not any(f["muted"] for f in findings([*args, "--ignore-file", str(path)]))


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize(("options", "keeps"), [
    (["--severity", "高危"], lambda f, rule, unit: f["severity"] == "high"),
    (["--severity", "critical,HIGH"], lambda f, rule, unit: f["severity"] in {"critical", "high"}),
    (["--rules", "{rule}"], lambda f, rule, unit: f["rule_id"] == rule),
    (["--skip-rules", "{prefix}*"], lambda f, rule, unit: not f["rule_id"].startswith(rule.split("-")[0])),
    (["--unit", "{unit}"], lambda f, rule, unit: f["unit"] == unit),
])
def test_filters_keep_exactly_the_findings_they_name(command, options, keeps):
    args, rule, unit = COMMANDS[command]
    every = findings(args)
    options = [o.format(rule=rule, unit=unit, prefix=rule.split("-")[0]) for o in options]
    kept = findings([*args, *options])
    assert kept == [f for f in every if keeps(f, rule, unit)]
    assert len(kept) < len(every)


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize(("fail_on", "codes"), [
    ("高危", {"check": 1, "incidents": 1}), ("HIGH", {"check": 1, "incidents": 1}),
    ("严重", {"check": 0, "incidents": 1}), ("critical", {"check": 0, "incidents": 1}),
    ("urgent", {"check": 2, "incidents": 2}),
])
def test_fail_on_takes_every_spelling_of_a_severity(command, fail_on, codes):
    """市民政局 has high findings in both, a critical one (a severe data leak) only in its incidents."""
    args, _, unit = COMMANDS[command]
    code = codes[command]
    exit_code, _, err = run([*args, "--unit", unit, "--fail-on", fail_on])
    assert exit_code == code, err
    if code == 2:
        assert "--fail-on" in err and "高危" in err


@pytest.mark.parametrize("command", COMMANDS)
def test_every_format_comes_from_the_command_itself(command, tmp_path):
    args, rule, _ = COMMANDS[command]
    ignore = ignore_file(tmp_path, rule, "2099-12-31")
    expected = findings([*args, "--ignore-file", str(ignore)])
    for fmt in ("csv", "xlsx", "sarif", "html"):
        target = tmp_path / f"out.{fmt}"
        code, _, err = run([*args, "--ignore-file", str(ignore), "--format", fmt, "-o", str(target)])
        assert code == 0, err
        if fmt == "csv":
            rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
            assert {(r["id"], r["muted"]) for r in rows} == {(f["id"], str(f["muted"]).lower()) for f in expected}
        elif fmt == "xlsx":
            book = openpyxl.load_workbook(target)
            ids = {row[0] for sheet in book for row in sheet.iter_rows(values_only=True)}
            assert {f["id"] for f in expected} <= ids
        elif fmt == "sarif":
            results = json.loads(target.read_text(encoding="utf-8"))["runs"][0]["results"]
            assert len(results) == len(expected)
            assert [r for r in results if r.get("suppressions")] and all(
                r["ruleId"] == rule for r in results if r.get("suppressions"))
        else:
            page = target.read_text(encoding="utf-8")
            assert page.startswith("<!DOCTYPE html>") and rule in page and "已屏蔽" in page


def test_sarif_goes_to_stdout_for_a_ci_job():
    args, _, _ = COMMANDS["check"]
    code, out, err = run([*args, "--format", "sarif"])
    assert code == 0, err
    assert json.loads(out)["version"] == "2.1.0"
