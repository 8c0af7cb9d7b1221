"""The report of the bundled example, made by scripts/example.sh (README command 1): what it shows,
that it is self-contained, that every export holds every finding, and that nothing raw leaks."""

from __future__ import annotations

import csv
import html
import json
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from secsuite.checks.registry import load_registry
from secsuite.store.models import EvaluationIndicator, FindingRecord
from tests.report.conftest import ExampleRun, sarif_errors, workbook_text

UNITS = ["宿城区", "宿豫区", "泗洪县", "沭阳县", "宿迁经济技术开发区", "市湖滨新区", "市公安局", "市人社局", "市卫健委",
         "市市场监管局", "市交通运输局", "市民政局", "市大数据局", "市政务服务办"]
SHEETS = ["概览", "评估", "数据集与字段", "等保密评", "网络资产", "应急事件", "全部问题"]
LEVELS = {"critical": "error", "high": "error", "medium": "warning", "low": "note", "info": "note"}
MUTED_ASSET, EXPIRED_ASSET = "127.0.0.1:6379/tcp", "127.0.0.1:4433/tcp"


@pytest.fixture(scope="module")
def stored(example_run: ExampleRun) -> dict[str, FindingRecord]:
    with Session(create_engine(f"sqlite:///{example_run.db}")) as session:
        return {record.finding_id: record for record in session.scalars(select(FindingRecord))}


@pytest.fixture(scope="module")
def deductions(example_run: ExampleRun) -> set[str]:
    with Session(create_engine(f"sqlite:///{example_run.db}")) as session:
        return {d["finding_id"] for item in session.scalars(select(EvaluationIndicator)) for d in item.deductions}


@pytest.fixture(scope="module")
def page(example_run: ExampleRun) -> str:
    return example_run.file("html").read_text(encoding="utf-8")


def test_the_script_runs_every_step_and_says_where_the_report_is(example_run: ExampleRun):
    assert example_run.stdout.split() == [str(example_run.file(s)) for s in ("html", "xlsx", "sarif")]
    for step in ("scan", "check", "netscan", "incidents", "evaluate", "report"):
        assert f"▶ secsuite {step}" in example_run.stderr
    assert example_run.stderr.rstrip().endswith(f"报告 (report): {example_run.file('html')}")


def test_the_page_is_self_contained_and_its_charts_are_text(page: str):
    assert "<script" not in page and "<link" not in page and "@import" not in page
    assert not re.search(r"""(src|url)\s*[=(]\s*["']?https?:""", page)
    assert page.count("<svg") >= 14 * 2
    assert "<text" in page and "DejaVuSans-" not in page  # svg.fonttype none: no glyphs drawn as paths
    assert "@page" in page and "break-before: page" in page


def test_the_overview_marks_the_vetoed_unit_with_its_incident(page: str):
    banner = re.search(r'<div class="veto-banner" role="alert" id="veto-1">.*?</div>\s*</div>', page, re.S).group(0)
    assert "一票否决" in banner and "市民政局" in banner and "INC-2025-021" in banner and "低保救助名单数据泄露" in banner
    assert page.index('class="veto-banner"') < page.index('class="ranking"')
    assert re.search(r'<tr class="vetoed">\s*<td class="n">6</td>\s*<td>市民政局</td>', page)


def test_every_unit_has_its_section_in_ranking_order(page: str):
    headings = re.findall(r'<section class="unit" id="unit-\d+">\s*<h2>([^<\s]+)', page)
    assert headings == UNITS


def test_indicator_statuses_and_readings_are_shown(page: str):
    """泗洪县 has no systems inventory: 安全防护 shows 未评估 and the unit says its result is incomplete;
    市湖滨新区's 数据开发利用 is 不适用; 宿城区's 安全防护 was scored by an expert panel."""
    sections = dict(re.findall(r'<section class="unit" id="unit-\d+">\s*<h2>([^<\s]+)(.*?)</section>', page, re.S))
    assert '<span class="not-assessed">未评估</span>' in sections["泗洪县"] and "考评结果不完整" in sections["泗洪县"]
    assert "本年度没有该单位的信息系统台账检查" in sections["泗洪县"]
    assert '<span class="not-applicable">不适用</span>' in sections["市湖滨新区"]
    assert '<div class="manual">手工评定</div>' in sections["宿城区"] and "与检查结果计算的 4 分不同" in sections["宿城区"]
    assert "考评结果不完整" not in sections["宿豫区"] and "未评估" not in sections["宿豫区"].split("<h3>")[2]
    assert "本次考评采用的解读" in sections["宿豫区"] and "security_deduction = per_system" in sections["宿豫区"]


def test_every_finding_and_every_deduction_is_shown(page: str, stored: dict, deductions: set[str]):
    # 24 from the systems check, 14 from the incidents, 12 from the two scans, and 4 on the opened
    # 困难群众补贴名单 (re-identifiable, two masks, a digest)
    assert len(stored) == 54
    assert [fid for fid in stored if fid not in page] == []
    assert deductions and deductions <= set(stored)
    assert [fid for fid in deductions if fid not in page] == []
    assert "《信息安全等级保护管理办法》" in page and "整改建议" in page


def test_incidents_show_their_times_against_the_limits(page: str):
    section = page[page.index(">市民政局\n"):]
    assert "时限 5 分钟" in section and "时限 30 分钟" in section
    assert re.search(r'<td class="n late">6:30</td>\s*<td class="n late">41:00</td>', section)


def test_masked_examples_are_shown_masked(page: str):
    assert re.search(r"\d{4}\*{10}[\dX]{4}", page) and re.search(r"1\d{2}\*{4}\d{4}", page)


def test_the_english_report_speaks_english(example_run: ExampleRun):
    english = (example_run.out / "en" / "secsuite-report-2025.html").read_text(encoding="utf-8")
    for text in ("Vetoed (一票否决)", "Evaluation breakdown", "Findings", "Incidents and response times",
                 'lang="en"', "minute limit", "Level-2+ system not filed by the deadline"):
        assert text in english
    for text in ("考评得分明细", "发现的问题", "整改建议", "时限 5 分钟"):
        assert text not in english


def test_a_muted_finding_is_listed_with_its_reason_and_an_expired_entry_says_so(page: str, example_run: ExampleRun):
    muted = re.search(r'<article class="finding [^"]*is-muted"[^>]*>.*?</article>', page, re.S)
    assert muted and MUTED_ASSET in muted.group(0) and "已屏蔽" in muted.group(0)
    assert "Redis 仅监听本机回环地址" in muted.group(0) and "有效期至 2026-06-30" in muted.group(0)
    assert page.count(' is-muted"') == 1
    notice = re.search(r'<p class="info expired">(.*?)</p>', page, re.S)
    assert notice and "#2 TLS-WEAK-*" in html.unescape(notice.group(1)) and "不再屏蔽" in notice.group(1)
    assert "屏蔽条目已过期" in example_run.stderr


@pytest.mark.parametrize("suffix", ["html", "xlsx", "csv", "json", "sarif"])
def test_no_raw_id_number_or_phone_in_any_output(example_run: ExampleRun, raw_identifiers: set[str], suffix: str):
    assert len({v for v in raw_identifiers if len(v) >= 15}) > 1000 and len(raw_identifiers) > 2000
    path = example_run.file(suffix)
    text = workbook_text(path) if suffix == "xlsx" else path.read_text(encoding="utf-8")
    if suffix == "html":
        text = html.unescape(text)
    assert sorted(value for value in raw_identifiers if value in text) == []


def test_sarif_validates_and_maps_every_finding(example_run: ExampleRun, stored: dict):
    document = json.loads(example_run.file("sarif").read_text(encoding="utf-8"))
    assert sarif_errors(document) == []
    run = document["runs"][0]
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    assert set(load_registry().rules) <= set(rules)
    assert all(rule["help"]["text"] and rule["properties"]["citation"] for rule in rules.values())
    results = {r["partialFingerprints"]["secsuiteFindingId/v1"]: r for r in run["results"]}
    assert set(results) == set(stored)
    for finding_id, result in results.items():
        record = stored[finding_id]
        assert result["ruleId"] == record.rule_id
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == record.rule_id
        assert result["level"] == LEVELS[record.severity]
        assert result["locations"][0]["logicalLocations"][0] == {
            "name": record.object_id, "fullyQualifiedName": f"{record.unit}/{record.object_id}",
            "kind": record.object_kind}
    muted = [r for r in run["results"] if "suppressions" in r]
    assert [r["locations"][0]["logicalLocations"][0]["name"] for r in muted] == [MUTED_ASSET]
    assert muted[0]["suppressions"][0]["justification"].startswith("Redis 仅监听本机回环地址")
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert len(notes) == 1 and "TLS-WEAK-*" in notes[0]["message"]["text"]


def test_the_workbook_has_a_sheet_per_area_with_every_row(example_run: ExampleRun, stored: dict):
    book = load_workbook(example_run.file("xlsx"))
    assert book.sheetnames == SHEETS
    rows = {name: list(book[name].iter_rows(min_row=2, values_only=True)) for name in SHEETS}
    assert [row[3] for row in rows["概览"]] == UNITS
    vetoed = [row for row in rows["概览"] if row[7] == "一票否决"]
    assert [(row[3], row[2], row[6]) for row in vetoed] == [("市民政局", 6, None)]
    assert len(rows["数据集与字段"]) == 87 and len(rows["等保密评"]) == 21
    assert len(rows["网络资产"]) == 7 and len(rows["应急事件"]) == 44
    assert {row[0] for row in rows["全部问题"]} == set(stored)
    assert [row[12] for row in rows["全部问题"] if row[11] == "已屏蔽"][0].startswith("Redis")
    for name in SHEETS:
        sheet = book[name]
        assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
        assert all(sheet.column_dimensions[c.column_letter].width >= 6 for c in sheet[1])


def test_csv_and_json_round_trip_the_findings_and_the_evaluation(example_run: ExampleRun, stored: dict):
    with example_run.file("csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["id"] for row in rows} == set(stored)
    assert all(row["severity"] == stored[row["id"]].severity for row in rows)
    assert [row["object_id"] for row in rows if row["muted"] == "true"] == [MUTED_ASSET]
    document = json.loads(example_run.file("json").read_text(encoding="utf-8"))
    assert document["schema"] == "secsuite.report/1" and document["year"] == 2025
    assert {f["id"] for f in document["findings"]} == set(stored)
    assert document["evaluation"]["rubrics"] == {"county": "suqian-county", "functional_area": "suqian-county",
                                                 "department": "suqian-department"}
    units = document["evaluation"]["units"]
    assert [u["unit"] for u in units] == UNITS
    vetoed = [u for u in units if u["vetoed"]]
    assert [(u["unit"], u["rank"], u["final_score"]) for u in vetoed] == [("市民政局", 6, None)]
    assert all(u["indicators"] for u in units)
    assert document["suppressions"]["expired"][0]["rule"] == "TLS-WEAK-*"
