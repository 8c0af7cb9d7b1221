"""The exit-code contract, through the command a user runs: 0 everything read and nothing at or
above --fail-on, 1 findings at or above it, 2 anything not read or checked, even if the rest was."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parents[2]
ID = "11010519491231002X"


def secsuite(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "secsuite", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=300, env=os.environ | {"PYTHONPATH": str(ROOT)})


def test_a_scan_with_four_of_five_files_unreadable_exits_2_and_names_each(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "good.csv").write_text(f"姓名,身份证号\n张三,{ID}\n", encoding="utf-8")
    (data / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0" + bytes(100))
    (data / "broken.xlsx").write_bytes(b"PK\x03\x04 not really")
    (data / "cut.json").write_text('[{"a": 1', encoding="utf-8")
    (data / "empty.csv").write_text("", encoding="utf-8")
    done = secsuite("scan", "data", "--format", "json", "--no-store", cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    result = json.loads(done.stdout)
    assert [d["source"] for d in result["datasets"]] == ["data/good.csv"]
    assert sorted(e["source"] for e in result["errors"]) == [
        "data/broken.xlsx", "data/cut.json", "data/empty.csv", "data/old.xls"]
    assert "5 个数据集中 4 个未检查" in done.stderr


def test_a_clean_scan_exits_0_and_says_none_was_left(tmp_path):
    (tmp_path / "good.csv").write_text("地区,人数\n宿城区,12\n", encoding="utf-8")
    done = secsuite("scan", "good.csv", "--no-store", "--lang", "en", "--fail-on", "high", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "0 of 1 datasets not checked" in done.stderr


def test_a_symlinked_folder_is_scanned(tmp_path):
    real = tmp_path / "share"
    real.mkdir()
    (real / "people.csv").write_text(f"姓名,身份证号\n张三,{ID}\n", encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    (data / "linked").symlink_to(real, target_is_directory=True)
    (data / "loop").symlink_to(data, target_is_directory=True)  # a link loop ends
    done = secsuite("scan", "data", "--format", "json", "--no-store", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert [d["source"] for d in json.loads(done.stdout)["datasets"]] == ["data/linked/people.csv"]


def test_files_holding_no_table_are_named_not_errors_and_kept_with_the_run(tmp_path):
    """README, PDF, a hidden file, an Office lock file and a file named by an ID beside a clean table:
    the scan exits 0 (nothing that should have been checked was missed) and names every one, on
    stderr, in the JSON and in the store's run, the ID in a name masked."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "good.csv").write_text("地区,人数\n宿城区,12\n", encoding="utf-8")
    for name in ("README.md", "说明.pdf", ".DS_Store", "~$名单.xlsx", f"{ID}.jpg", "LICENSE"):
        (data / name).write_bytes(b"not a table")
    store = tmp_path / "store.db"
    done = secsuite("scan", "data", "--format", "json", "--db", f"sqlite:///{store}", "--lang", "zh", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    skipped = {Path(file["source"]).name: file["reason"] for file in result["skipped"]}
    masked = next(name for name in skipped if name.endswith(".jpg"))
    assert set(skipped) == {"README.md", "说明.pdf", ".DS_Store", "~$名单.xlsx", masked, "LICENSE"}
    assert "*" in masked and ID not in done.stdout + done.stderr
    assert "锁文件" in skipped["~$名单.xlsx"] and "隐藏" in skipped[".DS_Store"] and ".pdf" in skipped["说明.pdf"]
    assert result["errors"] == [] and "另有 6 个文件不是数据表，未扫描" in done.stderr and "README.md" in done.stderr
    shown = secsuite("runs", "show", str(result["run_id"]), "--db", f"sqlite:///{store}", cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert "说明.pdf" in shown.stdout and "README.md" in shown.stdout and ID not in shown.stdout


def test_a_check_with_input_errors_exits_2_and_counts_the_rows(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["单位名称", "单位类型", "系统名称", "等保级别", "上线日期"])
    sheet.append(["宿城区", "county", "人口库", "三级", "2020-01-01"])
    sheet.append(["宿城区", "county", "社保库", "三级", "不是日期"])
    sheet.append(["宿城区", "county", "医保库", "九级", "2020-01-01"])
    book.save(tmp_path / "systems.xlsx")
    done = secsuite("check", "systems.xlsx", "--no-store", "--lang", "en", "--as-of", "2025-12-31", cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "2 of 3 rows not checked" in done.stderr


@pytest.mark.parametrize("key", ["password", "passwd", "pwd", "sslpassword"])
def test_a_password_in_the_url_query_never_reaches_output_or_store(tmp_path, postgres_url, key):
    engine = create_engine(postgres_url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE IF NOT EXISTS q (v text)"))
    engine.dispose()
    secret = f"Qs3cret{key}"
    url = f"{postgres_url}?{key}={secret}" if key != "sslpassword" else f"{postgres_url}?sslmode=disable&{key}={secret}"
    done = secsuite("scan", url, "--include", "public.q", "--format", "json", "--db", str(tmp_path / "s.db"),
                    cwd=tmp_path)
    store = (tmp_path / "s.db").read_bytes().decode("utf-8", "replace")
    assert secret not in done.stdout + done.stderr and secret not in store
