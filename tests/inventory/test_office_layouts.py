"""Inventories as offices keep them: a title row above the header, the table on a later sheet, a
required column missing, a misspelt header."""

from __future__ import annotations

from pathlib import Path

import pytest

from secsuite.inventory.systems import load_systems
from tests.sources.test_files import write_xlsx

HEADER = ["单位名称", "单位类型", "系统名称", "等保级别", "上线日期"]
ROWS = [["宿城区", "county", f"系统{i}", "二级", "2020-01-01"] for i in range(1, 6)]


def _xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    write_xlsx(path, sheets)
    return path


def _csv(path: Path, rows: list[list[object]]) -> Path:
    path.write_text("\n".join(",".join(str(c) for c in row) for row in rows) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_a_title_row_above_the_header_is_skipped(tmp_path, guide, suffix):
    rows = [["2025年宿迁市信息系统台账"], [], HEADER, *ROWS]
    path = _xlsx(tmp_path / "台账.xlsx", {"台账": rows}) if suffix == ".xlsx" else _csv(tmp_path / "台账.csv", rows)
    inventory = load_systems([path], guide)
    assert inventory.errors == [] and [s.system for s in inventory.systems] == [f"系统{i}" for i in range(1, 6)]


def test_the_inventory_on_a_later_sheet_is_found_by_its_header(tmp_path, guide):
    path = _xlsx(tmp_path / "台账.xlsx", {"填表说明": [["请按下表填写"], ["每个系统一行"]], "系统清单": [HEADER, *ROWS]})
    inventory = load_systems([path], guide)
    assert inventory.errors == [] and len(inventory.systems) == 5


def test_a_missing_required_column_is_one_error_for_the_file(tmp_path, guide):
    path = _csv(tmp_path / "台账.csv", [[h for h in HEADER if h != "系统名称"]] + [[r[0], r[1], r[3], r[4]] for r in ROWS])
    inventory = load_systems([path], guide)
    assert inventory.systems == []
    assert [(e.row, e.field, e.message) for e in inventory.errors] == [
        (None, "系统名称 (system)", "缺少必填列 (required column missing)")]


def test_a_misspelt_key_header_is_named_with_the_closest_known_one_and_nothing_counts_as_checked(tmp_path, guide):
    path = _csv(tmp_path / "台账.csv", [["单位名称", "单位类型", "系统名称", "级别", "上线日期"], *ROWS])
    inventory = load_systems([path], guide)
    assert inventory.systems == []
    by_field = {e.field: e for e in inventory.errors}
    assert "等保级别" in by_field["级别"].expected  # did you mean 等保级别?
    assert by_field["等保级别 (mlps_level)"].message.startswith("缺少必填列")
