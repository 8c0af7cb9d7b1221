"""``secsuite incidents`` on the bundled example register (examples/incidents.xlsx): the JSON
contract, the boundary incidents, the statistics, the store, and the exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select
from typer.testing import CliRunner

from secsuite.cli import app
from secsuite.store.db import open_engine, session_factory
from secsuite.store.models import FindingRecord, IncidentRecord, Run

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
REGISTER = str(EXAMPLES / "incidents.xlsx")
UNITS = str(EXAMPLES / "units.xlsx")
ENV = {"COLUMNS": "220"}


def run(*args: str):
    return CliRunner().invoke(app, ["incidents", *args], env=ENV)


def by_title(document, title):
    return next(i for i in document["incidents"] if i["title"] == title)


def test_json_contract_on_the_example():
    result = run(REGISTER, "--year", "2025", "--units", UNITS, "--format", "json", "--no-store")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["schema"] == "secsuite.findings/1" and document["errors"] == []
    assert {"findings", "errors", "incidents", "stats"} <= set(document)
    assert len(document["incidents"]) == 44  # 45 rows, one discovered in 2024
    finding = document["findings"][0]
    assert set(finding) >= {"id", "rule_id", "severity", "title", "message", "unit", "object", "evidence", "citation",
                            "as_of"}
    assert finding["as_of"] == "2025-12-31"  # a past year is audited as of its last day

    exact = by_title(document, "门户网站页面被篡改")
    assert (exact["response_seconds"], exact["handling_seconds"], exact["rule_ids"]) == (300, 1800, [])
    over = by_title(document, "政务外网异常外联告警")
    assert (over["response_seconds"], over["handling_seconds"]) == (301, 1801)
    assert over["rule_ids"] == ["IR-HANDLING-SLA-BREACH", "IR-RESPONSE-SLA-BREACH"]
    on_time = by_title(document, "区政府门户网站中断")
    assert (on_time["grade"], on_time["report_deadline"], on_time["report_on_time"]) == (
        "较大", "2025-07-02T12:30:00+08:00", True)
    late = by_title(document, "社保经办系统中断")
    assert late["report_on_time"] is False and late["rule_ids"] == ["IR-REPORT-LATE", "IR-SUMMARY-REPORT-LATE"]
    assert by_title(document, "区政府门户网站中断")["rule_ids"] == []  # summary report on day 30
    assert by_title(document, "便民服务群误发报名表")["rule_ids"] == ["IR-PI-NOTIFICATION-MISSING", "IR-SENSITIVE-DATA-LEAK"]
    cii = by_title(document, "政务云平台整体中断")
    assert cii["operator_type"] == "cii" and cii["report_deadline"] == "2025-09-23T03:40:00+08:00"
    assert by_title(document, "ETC 稽核系统遭入侵致资金损失")["rule_ids"] == ["IR-REPORT-MISSING", "IR-SUMMARY-REPORT-LATE"]
    leak = by_title(document, "低保救助名单数据泄露")
    assert "IR-SEVERE-DATA-LEAK" in leak["rule_ids"] and leak["unit_type"] == "department"
    assert "IR-PI-NOTIFICATION-MISSING" not in leak["rule_ids"]  # notified three hours after discovery
    assert by_title(document, "预约挂号系统接口异常调用")["detected_at"] == "2025-06-10T09:00:00+08:00"
    assert by_title(document, "视频监控平台弱口令告警")["rule_ids"] == ["IR-TIMESTAMP-MISSING"]

    stats = {row["unit"]: row for row in document["stats"]}
    assert stats["宿城区"]["response"]["breaches"] == 1 and stats["市民政局"]["severe_data_leaks"] == 1
    assert stats["沭阳县"]["missing_times"] == 1 and stats["沭阳县"]["response"]["measured"] == stats["沭阳县"]["incidents"] - 1


def test_terminal_view_and_store(tmp_path):
    db = tmp_path / "store.db"
    result = run(REGISTER, "--year", "2025", "--db", str(db))
    assert result.exit_code == 0, result.output
    assert "严重数据泄露 — 将导致年度考评一票否决" in result.stdout and "低保救助名单数据泄露" in result.stdout
    assert "5:01" in result.stdout and "30:01" in result.stdout and "各单位响应与处置统计" in result.stdout
    assert "结果已保存为第 1 次运行" in result.stderr
    with session_factory(open_engine(f"sqlite:///{db}"))() as session:
        assert session.scalars(select(Run)).one().kind == "incidents"
        stored = session.scalars(select(IncidentRecord).where(IncidentRecord.title == "政务外网异常外联告警")).one()
        assert (stored.response_seconds, stored.grade, stored.report_required) == (301, "一般", False)
        rules = set(session.scalars(select(FindingRecord.rule_id)))
        assert {"IR-RESPONSE-SLA-BREACH", "IR-REPORT-LATE", "IR-SEVERE-DATA-LEAK"} <= rules


def test_fail_on_and_english():
    result = run(REGISTER, "--year", "2025", "--fail-on", "critical", "--no-store", "--lang", "en", "-q")
    assert result.exit_code == 1
    assert "Incident clocks and grades" in result.stdout and "Severe data leak" in result.stdout
    assert run(REGISTER, "--year", "2026", "--fail-on", "low", "--no-store", "-q").exit_code == 0  # nothing in 2026


def test_input_errors(tmp_path):
    missing = run(str(tmp_path / "nope.xlsx"), "--no-store")
    assert missing.exit_code == 2 and "文件不存在" in missing.output
    bad = tmp_path / "bad.csv"
    bad.write_text("事件编号,单位名称,发现时间,响应时间\nA,宿城区,2025-03-01 09:00,2025-03-01 08:00\n", encoding="utf-8")
    result = run(str(bad), "--no-store", "--format", "json")
    assert result.exit_code == 2
    (error,) = json.loads(result.stdout)["errors"]
    assert (error["row"], error["field"]) == (2, "响应时间 (responded_at)") and error["source"] == str(bad)
