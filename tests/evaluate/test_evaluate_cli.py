"""``secsuite evaluate`` on the bundled example (examples/units.xlsx, scores.xlsx, incidents.xlsx):
the ``secsuite.evaluation/1`` contract, the veto that cannot be missed, the store, and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from sqlalchemy import select
from typer.testing import CliRunner

from secsuite.cli import app
from secsuite.store.db import open_engine, session_factory
from secsuite.store.models import EvaluationIndicator, EvaluationRecord, Run

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
FILES = ["--units", str(EXAMPLES / "units.xlsx"), "--scores", str(EXAMPLES / "scores.xlsx")]
INCIDENTS = ["--incidents", str(EXAMPLES / "incidents.xlsx")]
ENV = {"COLUMNS": "220"}


def run(*args: str):
    return CliRunner().invoke(app, ["evaluate", "--year", "2025", *args], env=ENV)


def test_json_contract_and_ranking(tmp_path):
    result = run(*FILES, *INCIDENTS, "--format", "json", "--db", str(tmp_path / "empty.db"), "--no-store")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert list(document) == ["schema", "tool", "year", "rubric", "rubrics", "units"]  # tool: what judged it
    assert document["schema"] == "secsuite.evaluation/1" and document["year"] == 2025
    assert document["rubric"] == "suqian-county,suqian-department"
    assert document["rubrics"] == {"county": "suqian-county", "functional_area": "suqian-county",
                                   "department": "suqian-department"}
    assert not (tmp_path / "empty.db").exists()  # --no-store never creates a store
    units = document["units"]
    assert len(units) == 14
    for unit in units:
        assert list(unit) == ["unit", "unit_type", "tier", "rubric", "vetoed", "veto_reason", "base_score",
                              "bonus_score", "final_score", "rank", "complete", "incomplete_reasons", "warnings",
                              "readings", "not_applicable_rule", "indicators", "methods", "monitoring_evidence"]
        assert [r["id"] for r in unit["readings"]][:3] == ["security_deduction", "mlps_fail_marks", "leak_harm"]
        assert unit["readings"][0]["option"] == "per_system" and "每个" in unit["readings"][0]["text"]
        for indicator in unit["indicators"]:
            assert list(indicator) == ["id", "name", "points", "score", "status", "not_assessed", "notes", "warnings",
                                       "deductions"]
            assert indicator["status"] in {"scored", "not_assessed", "manual", "not_applicable"}
    vetoed = [u for u in units if u["vetoed"]]
    assert [u["unit"] for u in vetoed] == ["市民政局"]
    assert vetoed[0]["final_score"] is None and "INC-2025-" in vetoed[0]["veto_reason"]
    group = [u for u in units if u["unit_type"] == "department" and u["tier"] == "第一档"]
    assert group[-1]["unit"] == "市民政局" and group[-1]["rank"] == len(group) == 6
    finals = [u["final_score"] for u in group[:-1]]
    assert finals == sorted(finals, reverse=True) and [u["rank"] for u in group[:-1]] == [1, 2, 3, 4, 5]
    assert {u["unit_type"] for u in units} == {"county", "functional_area", "department"}
    for unit in units:
        if not unit["vetoed"]:
            rubric_weight = 0.7 if unit["unit_type"] != "department" else 0.8
            assert abs(unit["final_score"] - (unit["base_score"] * rubric_weight + unit["bonus_score"])) < 0.01


def test_veto_cannot_be_missed_in_the_terminal():
    result = run(*FILES, *INCIDENTS, "--no-store")
    assert result.exit_code == 0, result.output
    head = result.stdout[:600]
    assert "一票否决" in head and "市民政局" in head and "低保救助名单数据泄露" in head  # the first thing printed
    assert "2025 年度考评排名 — 市级部门 第一档" in result.stdout and "得分 = " in result.stdout
    assert "1 个一票否决" in result.stderr
    english = run(*FILES, *INCIDENTS, "--no-store", "--lang", "en")
    assert "VETOED" in english.stdout and "2025 ranking - departments 第一档" in english.stdout


def test_without_the_incidents_nobody_is_vetoed():
    document = json.loads(run(*FILES, "--format", "json", "--no-store", "-q").stdout)
    assert not any(unit["vetoed"] for unit in document["units"])


def test_evaluation_is_stored_with_its_breakdown(tmp_path):
    db = tmp_path / "store.db"
    result = run(*FILES, *INCIDENTS, "--db", str(db), "-q")
    assert result.exit_code == 0, result.output
    with session_factory(open_engine(f"sqlite:///{db}"))() as session:
        assert session.scalars(select(Run.kind)).all() == ["evaluate"]
        rows = session.scalars(select(EvaluationRecord)).all()
        assert len(rows) == 14
        vetoed = next(r for r in rows if r.vetoed)
        assert vetoed.unit == "市民政局" and vetoed.final_score is None and vetoed.veto_finding_ids
        assert vetoed.rank == 6 and vetoed.rubric_id == "suqian-department"
        assert session.query(EvaluationIndicator).count() == 6 * 13 + 8 * 10
        security = session.scalars(select(EvaluationIndicator).where(EvaluationIndicator.name == "安全防护")).first()
        assert security.group_name == "政务信息化项目" and security.points == 5


def test_bad_scores_stop_the_evaluation(tmp_path):
    scores = tmp_path / "scores.yaml"
    scores.write_text(yaml.safe_dump([
        {"单位名称": "宿城区", "指标": "项目管理", "得分": 12},
        {"单位名称": "宿城县", "指标": "项目管理", "得分": 8},
        {"单位名称": "宿城区", "指标": "大数据安全", "得分": 1},
    ], allow_unicode=True), encoding="utf-8")
    result = run("--units", str(EXAMPLES / "units.xlsx"), "--scores", str(scores), "--no-store")
    assert result.exit_code == 2 and result.stdout == ""
    for row, field in ((1, "'得分 (score)'"), (2, "'单位名称 (unit)'"), (3, "'指标 (indicator)'")):
        assert f"第{row}行(row {row}) 字段(field) {field}" in result.stderr.replace("\n", "")
    assert "输入有 3 处错误，未进行考评" in result.stderr


def test_rubric_choice(tmp_path):
    units = tmp_path / "units.yaml"
    units.write_text(yaml.safe_dump([{"单位名称": "昆都仑区", "单位类型": "county"}], allow_unicode=True),
                     encoding="utf-8")
    scores = tmp_path / "scores.yaml"
    scores.write_text(yaml.safe_dump([{"单位名称": "昆都仑区", "指标": "完善信用监管", "得分": 4, "考评期": "上半年",
                                       "考评方式": "日常监测"}], allow_unicode=True), encoding="utf-8")
    args = ["--units", str(units), "--scores", str(scores), "--format", "json", "--no-store", "-q"]
    result = run(*args, "--rubric", "baotou-digital-government")
    assert result.exit_code == 0, result.output
    (unit,) = json.loads(result.stdout)["units"]
    assert unit["final_score"] == 1.2  # 0.6 × 4 in the first half, 0 in the second, halved
    clash = run(*args, "--rubric", "baotou-digital-government", "--rubric", "suqian-county")
    assert clash.exit_code == 2 and "both apply to unit type county" in clash.output
    wrong = run(*args)  # the default 宿迁 rubrics: 完善信用监管 is not one of theirs
    assert wrong.exit_code == 2 and "没有该指标" in wrong.stderr.replace("\n", "")


def test_incident_of_an_unlisted_unit_is_an_error(tmp_path):
    register = tmp_path / "incidents.yaml"
    register.write_text(yaml.safe_dump([{"事件编号": "X-1", "单位名称": "市民政厅", "事件类别": "数据安全事件",
                                         "发现时间": "2025-05-01 10:00", "涉及数据级别": "核心数据"}],
                                       allow_unicode=True), encoding="utf-8")
    result = run(*FILES, "--incidents", str(register), "--no-store")
    assert result.exit_code == 2  # a misspelt unit could hide a veto
    assert "第1行(row 1) 字段(field) '单位名称 (unit)'" in result.stderr.replace("\n", "")


def test_a_reading_is_chosen_on_the_command_line(tmp_path):
    """宿城区's 安全防护 has no systems check in an empty store, so it is not assessed either way; the
    chosen option is named in every unit's readings, and an unknown reading or option is a usage error."""
    args = [*FILES, "--format", "json", "--no-store", "-q", "--db", str(tmp_path / "none.db")]
    once = json.loads(run(*args, "--reading", "security_deduction=once").stdout)
    assert {next(r for r in u["readings"] if r["id"] == "security_deduction")["option"] for u in once["units"]} == {"once"}
    assert "只扣一次" in next(r for r in once["units"][0]["readings"] if r["id"] == "security_deduction")["text"]
    unknown = run(*args, "--reading", "security_deduction=twice")
    assert unknown.exit_code == 2 and "no option 'twice'" in unknown.output
    malformed = run(*args, "--reading", "security_deduction")
    assert malformed.exit_code == 2 and "ID=OPTION" in malformed.output


def test_readings_report_the_rule_settings_in_force(tmp_path):
    config = tmp_path / "secsuite.yaml"
    config.write_text(yaml.safe_dump({"rules": {"MLPS-EVAL-FAILED": {"pass_score": 75.0}}}), encoding="utf-8")
    args = [*FILES, "--format", "json", "--no-store", "-q", "--db", str(tmp_path / "none.db")]
    default = json.loads(run(*args).stdout)["units"][0]["readings"]
    configured = json.loads(run(*args, "--config", str(config)).stdout)["units"][0]["readings"]
    marks = next(r for r in default if r["id"] == "mlps_fail_marks")["settings"]
    assert marks == {"MLPS-EVAL-FAILED.failing_conclusions": ["差", "不符合"], "MLPS-EVAL-FAILED.pass_score": 70.0}
    assert next(r for r in configured if r["id"] == "mlps_fail_marks")["settings"]["MLPS-EVAL-FAILED.pass_score"] == 75
    grade = next(r for r in default if r["id"] == "important_data_leak_grade")["settings"]
    assert grade == {"IR-REPORT-LATE.data_level_grade": {"important": "较大", "core": "重大"}}
