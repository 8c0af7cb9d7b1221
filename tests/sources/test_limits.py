"""Bounded resources: a zip bomb of a workbook, a billion-laughs inventory, 10,000 columns and a
thousand sheets are each refused with an error naming the file, before any memory is committed."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from secsuite.errors import InputError
from secsuite.inventory.tabular import read_records
from secsuite.sources.files import open_file
from secsuite.sources.limits import MAX_COLUMNS, MAX_SHEETS

BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
systems: [{unit: 宿城区, system: x, mlps_level: *h}]
"""


def bomb_workbook(path: Path) -> None:
    """A real workbook whose shared-string table inflates to 80 MB from a few hundred kilobytes."""
    book = openpyxl.Workbook()
    book.active.append(["单位名称", "系统名称"])
    book.active.append(["宿城区", "人口库"])
    buffer = io.BytesIO()
    book.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    strings = b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    strings += b"<si><t>" + b"a" * (80 << 20) + b"</t></si></sst>"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
        target.writestr("xl/sharedStrings.xml", strings)


def many_sheets(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as target:
        for number in range(1, MAX_SHEETS + 2):
            target.writestr(f"xl/worksheets/sheet{number}.xml", "<worksheet/>")


@pytest.mark.parametrize(("make", "words"), [(bomb_workbook, "inflates"), (many_sheets, "sheets")])
def test_a_workbook_beyond_the_bounds_is_refused_by_scan_and_check(tmp_path, make, words):
    path = tmp_path / "book.xlsx"
    make(path)
    [error] = list(open_file(path, str(path), 1 << 20))
    assert isinstance(error, InputError) and error.source == str(path) and words in error.message
    with pytest.raises(InputError, match=words):
        read_records(path, {})


def test_a_billion_laughs_inventory_is_refused(tmp_path):
    path = tmp_path / "systems.yaml"
    path.write_text(BILLION_LAUGHS, encoding="utf-8")
    with pytest.raises(InputError, match="expand too far"):
        read_records(path, {})


def test_a_self_referring_inventory_is_refused(tmp_path):
    path = tmp_path / "systems.yaml"
    path.write_text("- &a {unit: x, system: y, hosts: [*a]}\n", encoding="utf-8")
    with pytest.raises(InputError, match="refers to itself"):
        read_records(path, {})


@pytest.mark.parametrize("header", [True, False])
def test_ten_thousand_columns_are_refused(tmp_path, header):
    path = tmp_path / "wide.csv"
    first = ",".join(f"c{i}" for i in range(10_000)) if header else ",".join("1" for _ in range(10_000))
    path.write_text(first + "\n" + ",".join("1" for _ in range(10_000)) + "\n", encoding="utf-8")
    [error] = list(open_file(path, str(path), 1 << 20))
    assert isinstance(error, InputError) and f"at most {MAX_COLUMNS:,} columns" in error.expected


def test_a_workbook_is_loaded_once_for_all_its_sheets(tmp_path, monkeypatch, specs, guide, as_of):
    """Loading parses the whole shared-string table; once per sheet made 400 sheets quadratic. The
    real loader is wrapped only to count its calls."""
    from secsuite.scan.dataset import ScanOptions
    from secsuite.scan.pipeline import ScanRequest, run_scan

    book = openpyxl.Workbook()
    book.remove(book.active)
    for number in range(40):
        sheet = book.create_sheet(f"表{number}")
        sheet.append(["姓名", "身份证号"])
        sheet.append(["张三", "11010519491231002X"])
    path = tmp_path / "many.xlsx"
    book.save(path)
    loads = []
    real = openpyxl.load_workbook
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: loads.append(a) or real(*a, **k))
    result = run_scan(ScanRequest(paths=[str(path)], guide=guide, specs=specs, as_of=as_of, options=ScanOptions()))
    assert len(result.datasets) == 40 and not result.errors
    assert len(loads) == 1
