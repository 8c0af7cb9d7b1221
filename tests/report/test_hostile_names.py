"""Names that attack the sinks: unit and system names typed into an inventory are shown as typed
in the terminal, the workbook, the CSV and the charts — never run as markup, formulas, mathtext or
terminal escape sequences, and never crashing a command after the work is done."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from secsuite.cli import app
from secsuite.report.escape import FORMULA_START, chart, spreadsheet, terminal, visible

ENV = {"SECSUITE_LANG": "zh", "COLUMNS": "200", "SECSUITE_DB": "", "SECSUITE_CONFIG": ""}
ESC = "\x1b"
# (unit, system): every name is its own unit's only system, graded 2 and never filed, so each gets
# a finding and is named in every table, sheet and chart of the report.
NAMES = [
    ("=HYPERLINK(\"http://evil.example\",\"点我\")", "=cmd|' /C calc'!A0"),
    ("+SUM(1)局", "-2+3系统"),
    ("@SUM(A1)局", "=1+1"),
    ("[bold red]红局", "[/]"),
    ("[/]局", "系统[link=http://evil.example]点[/link]"),
    ("$\\frac{a}$局", "$x^$系统"),
    (f"OSC{ESC}]8;;http://evil.example{ESC}\\局{ESC}]8;;{ESC}\\", f"{ESC}[31m红字{ESC}[0m系统"),
    ("控制\x01\x07字符局", "退格\x08系统\x7f"),
]


def _inventory(path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["单位名称", "单位类型", "系统名称", "等保级别", "定级日期", "上线日期"])
        for unit, system in NAMES:
            writer.writerow([unit, "市级部门", system, "第二级", "2024-01-01", "2024-02-01"])
    return path


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> tuple[Path, str]:
    """``check`` of the hostile inventory into a store; its terminal output."""
    folder = tmp_path_factory.mktemp("hostile")
    result = CliRunner().invoke(app, ["check", str(_inventory(folder / "台账.csv")), "--db", str(folder / "s.db"),
                                      "--as-of", "2025-12-31"], env=ENV)
    assert result.exit_code == 0, result.output
    return folder, result.stdout


@pytest.fixture(scope="module")
def report(run) -> Path:
    folder, _ = run
    result = CliRunner().invoke(app, ["report", "--year", "2025", "--as-of", "2025-12-31", "--db",
                                      str(folder / "s.db"), "-o", str(folder / "out"), "-f", "html,xlsx,csv"], env=ENV)
    assert result.exit_code == 0, result.output
    return folder / "out"


def test_the_terminal_shows_every_name_as_typed_and_no_escape_sequence(run) -> None:
    _, out = run
    assert ESC not in out and "\x07" not in out and "\x08" not in out
    for name in ("[bold red]红局", "[/]局", "$\\frac{a}$局", "系统[link=http://evil.example]点[/link]",
                 "\\x1b[31m红字\\x1b[0m系统", "控制\\x01\\x07字符局"):
        assert name in out


def test_the_workbook_holds_every_name_as_text_never_a_formula(report) -> None:
    book = load_workbook(report / "secsuite-report-2025.xlsx")
    texts = {}
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                assert cell.data_type != "f", (sheet.title, cell.coordinate)
                if isinstance(cell.value, str):
                    texts[cell.value] = cell
    for unit, system in NAMES:
        for name in (unit, system):
            cell = texts[visible(name)]
            assert cell.data_type == "s"
            assert cell.quotePrefix == name.startswith(FORMULA_START)


def test_no_csv_cell_starts_a_formula_and_the_text_stays_readable(report) -> None:
    with (report / "secsuite-report-2025.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(NAMES)
    for row in rows:
        assert not any(value.startswith(FORMULA_START) for value in row.values()), row
        assert ESC not in "".join(row.values())
    assert {row["object_id"] for row in rows} == {spreadsheet(system) for _, system in NAMES}
    assert "'=cmd|' /C calc'!A0" in {row["object_id"] for row in rows}


def test_the_report_with_its_charts_is_written_and_names_stay_visible(report) -> None:
    html = (report / "secsuite-report-2025.html").read_text(encoding="utf-8")
    assert "$\\frac{a}$局" in html


@pytest.mark.parametrize(("sink", "text", "shown"), [
    (terminal, "[bold red]x[/]", "\\[bold red]x\\[/]"),
    (terminal, f"a{ESC}]8;;http://e{ESC}\\b", "a\\x1b]8;;http://e\\x1b\\b"),
    (terminal, "多行\n消息\t制表", "多行\n消息\t制表"),
    (spreadsheet, "=1+1", "'=1+1"),
    (spreadsheet, "\tx", "'\tx"),
    (spreadsheet, "\rx", "'\\x0dx"),
    (spreadsheet, "＝SUM(1)", "'＝SUM(1)"),
    (spreadsheet, "普通名称", "普通名称"),
    (chart, "$x$", "\\$x\\$"),
    (chart, "一\n二\x1b", "一\\x0a二\\x1b"),
    (visible, "\x00\x9b", "\\x00\\x9b"),
])
def test_each_sink_escapes_in_its_own_way(sink, text: str, shown: str) -> None:
    assert sink(text) == shown


def test_a_scan_shows_file_and_column_names_as_typed(tmp_path: Path) -> None:
    rows = "张三,13812345678\n李四,13912345678\n"
    (tmp_path / "x[bold red]y.csv").write_text("姓名[/],手机号[bold red]\n" + rows, encoding="utf-8")
    (tmp_path / f"a{ESC}[31mb.csv").write_text(f"姓名{ESC}]8;;http://evil.example{ESC}\\,手机号\n" + rows,
                                               encoding="utf-8")
    result = CliRunner().invoke(app, ["scan", str(tmp_path), "--no-store"], env=ENV)
    assert result.exit_code == 0, result.output
    assert ESC not in result.stdout
    for name in ("x[bold red]y.csv", "姓名[/]", "手机号[bold red]", "a\\x1b[31mb.csv", "姓名\\x1b]8;;http://evil.example"):
        assert name in result.stdout
