"""The HTML report shows, in a unit's evaluation section, the methods of a half-yearly rubric that
score the unit as a whole (《包头市数字政府建设考评办法》: 民意调查 and 第三方评估 at 10% each): each
half's score, what it adds to the year, and a half not scored — as the evaluation JSON has them."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from secsuite.cli import app

ENV = {"SECSUITE_LANG": "zh", "COLUMNS": "160", "SECSUITE_DB": "", "SECSUITE_CONFIG": ""}
YEAR = ["--year", "2025", "--as-of", "2025-12-31"]
# (method, half, score): 第三方评估 has no score for the second half
UNIT_SCORES = [("民意调查", "上半年", 80), ("民意调查", "下半年", 90), ("第三方评估", "上半年", 70)]
# method, weight, H1, H2, contribution: 0.1 × (80 + 90) / 2 and 0.1 × (70 + 0) / 2
SHOWN = {
    "zh": [("民意调查", "10%", "80", "90", "8.5"), ("第三方评估", "10%", "70", "未评分（按 0 分计）", "3.5")],
    "en": [("民意调查", "10%", "80", "90", "8.5"), ("第三方评估", "10%", "70", "not scored (counts 0)", "3.5")],
}
CAPTION = {"zh": "对单位整体的考评方式", "en": "Methods scoring the unit as a whole"}


def _dump(path: Path, rows: list[dict]) -> Path:
    path.write_text(yaml.safe_dump(rows, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    """``secsuite evaluate`` of one 包头 district with its unit-level scores, recorded in a store."""
    folder = tmp_path_factory.mktemp("methods")
    units = _dump(folder / "units.yaml", [{"单位名称": "昆都仑区", "单位类型": "县区", "档次": ""}])
    scores = _dump(folder / "scores.yaml", [{"单位名称": "昆都仑区", "考评期": half, "考评方式": method, "得分": score}
                                            for method, half, score in UNIT_SCORES])
    result = CliRunner().invoke(app, ["evaluate", *YEAR, "--units", str(units), "--scores", str(scores),
                                      "--rubric", "baotou-digital-government", "--db", str(folder / "s.db")], env=ENV)
    assert result.exit_code in (0, 1), result.output
    return folder


def _method_rows(store: Path, lang: str) -> list[tuple[str, ...]]:
    out = store / lang
    result = CliRunner().invoke(app, ["report", *YEAR, "--db", str(store / "s.db"), "-o", str(out), "-f", "html",
                                      "--lang", lang], env=ENV)
    assert result.exit_code == 0, result.output
    page = (out / "secsuite-report-2025.html").read_text(encoding="utf-8")
    table = re.search(r'<table class="methods">(.*?)</table>', page, re.S)
    assert table, "no method table in the unit's evaluation section"
    assert CAPTION[lang] in table.group(1)
    body = table.group(1).split("<tbody>")[1]
    return [tuple(html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
                  for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S))
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_unit_section_shows_each_unit_level_method_per_half(store: Path, lang: str):
    assert _method_rows(store, lang) == SHOWN[lang]
