"""The newcomer's path, end to end, with the installed ``secsuite`` command as a subprocess:
README → a config file → the user's own data (scan, check) → a waiver → the run history → the
report a leader signs. What a first-day user types, in the order the README gives it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document

from tests.conftest import EXAMPLES

ROOT = Path(__file__).resolve().parents[1]
INSTALLED = Path(sys.executable).with_name("secsuite")


def secsuite(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The console script, as installed, with this checkout's code first on the path; output piped."""
    env = os.environ | {"PYTHONPATH": str(ROOT), "SECSUITE_LANG": "", "SECSUITE_DB": "", "SECSUITE_CONFIG": "",
                        "COLUMNS": ""}
    return subprocess.run([str(INSTALLED), *args], cwd=folder, capture_output=True, text=True, timeout=600,
                          env=env, check=False)


@pytest.mark.slow
@pytest.mark.skipif(not INSTALLED.is_file(), reason="secsuite is not installed in this environment")
def test_readme_to_own_data_to_a_signed_report(tmp_path):
    data = tmp_path / "我的数据"
    shutil.copytree(EXAMPLES / "data" / "民政", data / "民政")
    shutil.copy(EXAMPLES / "systems.xlsx", tmp_path / "台账.xlsx")

    assert secsuite(tmp_path, "--version").returncode == 0
    assert secsuite(tmp_path, "config", "init").returncode == 0
    config = (tmp_path / "secsuite.yaml").read_text(encoding="utf-8")
    (tmp_path / "secsuite.yaml").write_text(
        config.replace("  issuer: null ", "  issuer: 市大数据局 "), encoding="utf-8")
    shown = secsuite(tmp_path, "config", "show")
    assert "report.issuer" in shown.stdout and "市大数据局" in shown.stdout

    scan = secsuite(tmp_path, "scan", "我的数据", "--as-of", "2025年12月31日")
    assert scan.returncode == 0, scan.stderr
    summary = [line for line in scan.stderr.splitlines() if "共扫描" in line]
    assert len(summary) == 1 and "第 1 次运行" in summary[0]  # piped: one unwrapped line
    assert "1 个数据集中 0 个未检查" in scan.stderr  # and the coverage line says nothing was left

    sarif = secsuite(tmp_path, "scan", "我的数据", "--format", "sarif", "--no-store")
    assert sarif.returncode == 0 and json.loads(sarif.stdout)["version"] == "2.1.0"

    check = secsuite(tmp_path, "check", "台账.xlsx", "--as-of", "2025-12-31", "--fail-on", "高危")
    assert check.returncode == 1, check.stderr
    (tmp_path / ".secsuite-ignore.yaml").write_text(
        "ignore:\n  - rule: 'MLPS-*'\n    reason: 整改中\n    expires: 2026-03-31\n"
        "  - rule: 'CRYPTO-*'\n    reason: 密评已预约\n    expires: 2026-03-31\n"
        "  - rule: 'CII-*'\n    reason: 检测已委托\n    expires: 2026-03-31\n"
        "  - rule: 'DATA-*'\n    reason: 风险评估进行中\n    expires: 2026-03-31\n", encoding="utf-8")
    waived = secsuite(tmp_path, "check", "台账.xlsx", "--as-of", "2025-12-31", "--fail-on", "高危")
    assert waived.returncode == 0, waived.stderr
    assert "已屏蔽" in waived.stdout and "整改中（有效期至 2026-03-31）" in waived.stdout

    runs = json.loads(secsuite(tmp_path, "runs", "--json").stdout)
    assert [run["kind"] for run in runs] == ["check", "check", "scan"]

    report = secsuite(tmp_path, "report", "--year", "2025", "--as-of", "2025-12-31", "-f", "html,docx",
                      "--number", "数安〔2025〕3号")
    assert report.returncode == 0, report.stderr
    page = (tmp_path / "out" / "secsuite-report-2025.html").read_text(encoding="utf-8")
    assert 'id="key-figures"' in page and "市大数据局" in page and "数安〔2025〕3号" in page
    assert Document(str(tmp_path / "out" / "secsuite-report-2025.docx")).tables[0].rows[1].cells[0].text == "单位数"
