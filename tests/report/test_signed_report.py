"""A report a leader can sign: the masthead from the config file or flags, the key-figure first
page, and the PDF (printed by headless Chromium) and DOCX in which reports travel between offices."""

from __future__ import annotations

import re
import shutil
import unicodedata
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from tests.report.conftest import ROOT, ExampleRun, report_cli

IGNORE = str(ROOT / "examples" / "secsuite-ignore.yaml")
MASTHEAD = ["--title", "宿迁市{year}年度公共数据安全检查报告", "--issuer", "宿迁市大数据管理局",
            "--number", "宿数安〔2025〕7号", "--date", "2026年1月5日"]
KEY_LABELS = ["单位数", "数据集（按级别）", "敏感字段（按级别）", "未屏蔽问题（按严重程度）", "应急响应/处置超时",
              "一票否决单位", "各组排名第一"]


@pytest.fixture(scope="module")
def signed(example_run: ExampleRun, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("signed")
    formats = ["html", "docx"] + (["pdf"] if shutil.which("chromium") else [])
    done = report_cli("--db", str(example_run.db), "--output", str(out), "--ignore-file", IGNORE,
                      *[arg for fmt in formats for arg in ("-f", fmt)], *MASTHEAD)
    assert done.exit_code == 0, done.output
    return out


def key_rows(page: str) -> dict[str, str]:
    section = page.split('id="key-figures"', 1)[1].split("</section>", 1)[0]
    cells = re.findall(r"<th scope=\"row\">(.*?)</th><td>(.*?)</td>", section)
    return dict(cells)


def test_the_first_page_is_the_masthead_and_the_key_figures(signed):
    page = (signed / "secsuite-report-2025.html").read_text(encoding="utf-8")
    assert "<h1>宿迁市2025年度公共数据安全检查报告</h1>" in page
    for text in ("宿迁市大数据管理局", "宿数安〔2025〕7号", "2026-01-05"):
        assert text in page
    assert page.index('id="key-figures"') < page.index('id="overview"')
    rows = key_rows(page)
    assert list(rows) == KEY_LABELS
    assert rows["单位数"] == "14"
    assert rows["一票否决单位"] == "市民政局"
    assert re.fullmatch(r"\d+（严重 \d+，高危 \d+，中危 \d+，低危 \d+，提示 \d+）；另有 \d+ 个已屏蔽", rows["未屏蔽问题（按严重程度）"])


def test_the_docx_opens_and_holds_the_key_figure_table(signed):
    document = Document(str(signed / "secsuite-report-2025.docx"))
    assert document.core_properties.title == "宿迁市2025年度公共数据安全检查报告"
    page = (signed / "secsuite-report-2025.html").read_text(encoding="utf-8")
    table = document.tables[0]
    assert {row.cells[0].text: row.cells[1].text for row in table.rows[1:]} == key_rows(page)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "出具单位：宿迁市大数据管理局" in text and "报告编号：宿数安〔2025〕7号" in text
    findings = document.tables[1]
    assert len(findings.rows) > 1 and any("已屏蔽" in row.cells[0].text for row in findings.rows[1:])


@pytest.mark.skipif(not shutil.which("chromium"), reason="Chromium is not installed (.ci/run installs it)")
def test_the_pdf_text_extracts_in_chinese(signed):
    reader = PdfReader(str(signed / "secsuite-report-2025.pdf"))
    # Noto CJK maps some glyphs to Kangxi radicals (⼤ for 大) in the text layer: NFKC folds them back
    first = unicodedata.normalize("NFKC", reader.pages[0].extract_text()).replace(" ", "")
    for text in ("宿迁市2025年度公共数据安全检查报告", "宿迁市大数据管理局", "主要数据", "一票否决单位"):
        assert text in first, first[:400]
    assert len(reader.pages) > 3


def test_the_masthead_comes_from_the_config_file(example_run, tmp_path):
    config = tmp_path / "secsuite.yaml"
    config.write_text("report:\n  title: 宿迁市{year}年度检查报告\n  issuer: 市网信办\n  number: 网安〔2025〕1号\n",
                      encoding="utf-8")
    done = report_cli("--db", str(example_run.db), "--output", str(tmp_path), "--config", str(config),
                      "--issuer", "市大数据局")
    assert done.exit_code == 0, done.output
    page = (tmp_path / "secsuite-report-2025.html").read_text(encoding="utf-8")
    assert "<h1>宿迁市2025年度检查报告</h1>" in page and "网安〔2025〕1号" in page
    assert "市大数据局" in page and "市网信办" not in page  # the flag wins


@pytest.mark.parametrize(("flag", "value", "message"), [
    ("--date", "6/5/2025", "2025-06-05（月/日/年）或 2025-05-06（日/月/年）"),
    ("--title", "{name}年度报告", "{year} and {unit}"),
])
def test_a_bad_masthead_is_refused(example_run, tmp_path, flag, value, message):
    done = report_cli("--db", str(example_run.db), "--output", str(tmp_path), flag, value)
    assert done.exit_code == 2 and message in done.output
