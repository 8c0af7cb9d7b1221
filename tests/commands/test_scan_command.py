"""``secsuite scan`` end to end, as a user runs it: real files, a real SQLite store, exit codes."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import EXAMPLES

RAW_ID = re.compile(r"\d{17}[\dXx]")
RAW_MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def secsuite(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "secsuite", *args], capture_output=True, text=True, cwd=cwd,
                          env={"PATH": "/usr/bin:/bin", "SECSUITE_LANG": "zh", "COLUMNS": "120"}, timeout=300)


@pytest.fixture(scope="module")
def example_run(tmp_path_factory):
    work = tmp_path_factory.mktemp("run")
    shutil.copytree(EXAMPLES, work / "examples")
    done = secsuite("scan", "examples/data", "--catalogue", "examples/catalogue.csv", "--as-of", "2025-12-31",
                    "--format", "json", "--output", "out/scan.json", "--db", "store.db", cwd=work)
    return work, done


def test_example_scan_writes_the_scan_document_and_the_store(example_run):
    work, done = example_run
    assert done.returncode == 0, done.stderr
    document = json.loads((work / "out/scan.json").read_text(encoding="utf-8"))
    assert document["schema"] == "secsuite.scan/1"
    assert document["guide"]["id"] == "cn-public-data-default"
    assert {"DATA-SHARE-OVER-LEVEL", "DATA-OPEN-OVER-LEVEL", "DATA-LEVEL-UNDERDECLARED"} <= {
        f["rule_id"] for f in document["findings"]}
    people = next(d for d in document["datasets"] if d["source"].endswith("人口基本信息.csv"))
    assert people["unit"] == "市公安局" and people["level"] == "L4"
    field = next(f for f in people["fields"] if f["name"] == "公民身份号码")
    assert field["entities"][0]["type"] == "CN_RESIDENT_ID" and field["entities"][0]["examples"]
    with sqlite3.connect(work / "store.db") as db:
        assert db.execute("select count(*) from datasets").fetchone()[0] == len(document["datasets"])
        assert db.execute("select status from runs").fetchall() == [("finished",)]


def test_no_raw_identifier_reaches_any_output(example_run):
    work, done = example_run
    truth = yaml.safe_load((EXAMPLES / "truth.yaml").read_text(encoding="utf-8"))
    assert truth  # the example holds real-looking IDs and phones: none may appear in what we write
    dump = subprocess.run(["sqlite3", str(work / "store.db"), ".dump"], capture_output=True, text=True).stdout \
        if shutil.which("sqlite3") else "\n".join(str(r) for r in sqlite3.connect(work / "store.db").iterdump())
    for text in (done.stdout, done.stderr, (work / "out/scan.json").read_text(encoding="utf-8"), dump):
        assert not RAW_ID.search(text)
        assert not RAW_MOBILE.search(text)


def test_table_output_and_history(example_run):
    work, _ = example_run
    done = secsuite("scan", "examples/data", "--as-of", "2025-12-31", "--db", "store.db", cwd=work)
    assert done.returncode == 0
    assert "公民身份号码" in done.stdout and "CN_RESIDENT_ID" in done.stdout
    assert not RAW_ID.search(done.stdout)
    with sqlite3.connect(work / "store.db") as db:
        assert db.execute("select count(*) from runs").fetchone()[0] == 2


def test_the_table_view_written_to_a_file_is_whole(example_run):
    """``-o`` with the table view: its folder is made and the file holds the whole view, the same as
    the view on standard output (the command ends without the interpreter's teardown, which used
    to close the file)."""
    work, _ = example_run
    done = secsuite("scan", "examples/data", "--as-of", "2025-12-31", "--no-store", "--quiet", cwd=work)
    to_file = secsuite("scan", "examples/data", "--as-of", "2025-12-31", "--no-store", "--quiet",
                       "--output", "views/new/scan.txt", cwd=work)
    assert (done.returncode, to_file.returncode) == (0, 0), to_file.stderr
    assert (work / "views/new/scan.txt").read_text(encoding="utf-8") == done.stdout
    assert "公民身份号码" in done.stdout


@pytest.mark.parametrize(
    ("data", "fail_on", "code"),
    [
        ("examples/data", "high", 1),
        ("examples/data", "critical", 1),  # the opened 困难群众补贴名单 singles people out: critical
        ("examples/data", "L4", 1),
        ("examples/data", "core", 0),
    ],
)
def test_fail_on_sets_the_exit_code(example_run, data, fail_on, code):
    work, _ = example_run
    done = secsuite("scan", data, "--catalogue", "examples/catalogue.csv", "--as-of", "2025-12-31",
                    "--no-store", "--quiet", "--fail-on", fail_on, cwd=work)
    assert done.returncode == code, done.stderr


def test_a_broken_file_does_not_stop_the_others(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "a_good.csv").write_text("姓名,手机\n张三,13812345678\n李四,13912345678\n", encoding="utf-8")
    (tmp_path / "data" / "b_empty.csv").write_bytes(b"")
    (tmp_path / "data" / "c_truncated.json").write_text('[{"a": 1},', encoding="utf-8")
    done = secsuite("scan", "data", "--format", "json", "--no-store", cwd=tmp_path)
    assert done.returncode == 2  # the good file is scanned, and the exit code still says two were not
    assert "3 个数据集中 2 个未检查" in done.stderr
    document = json.loads(done.stdout)
    assert [d["source"] for d in document["datasets"]] == ["data/a_good.csv"]
    assert sorted(e["source"] for e in document["errors"]) == ["data/b_empty.csv", "data/c_truncated.json"]


def test_nothing_readable_exits_2_and_names_the_file(tmp_path):
    (tmp_path / "empty.csv").write_bytes(b"")
    done = secsuite("scan", "empty.csv", "--no-store", cwd=tmp_path)
    assert done.returncode == 2
    assert "empty.csv" in done.stdout + done.stderr


@pytest.mark.parametrize("args", [["--guide", "no-such-guide"], ["--as-of", "2025-13-01"], ["--fail-on", "loud"]])
def test_usage_errors_exit_2(tmp_path, args):
    (tmp_path / "a.csv").write_text("a\n1\n", encoding="utf-8")
    done = secsuite("scan", "a.csv", "--no-store", *args, cwd=tmp_path)
    assert done.returncode == 2 and "错误" in done.stderr


@pytest.mark.parametrize("store", ["postgresql+psycopg://u:secret@127.0.0.1:1/none", "no/such/folder/x.db"])
def test_a_store_that_cannot_open_exits_2_naming_it_without_its_password(tmp_path, store):
    """Before a row is read: the message names the store without its password, and no folder or
    file is made for a SQLite store whose folder does not exist."""
    (tmp_path / "a.csv").write_text("手机\n13812345678\n13912345678\n", encoding="utf-8")
    done = secsuite("scan", "a.csv", "--db", store, "--format", "json", cwd=tmp_path)
    assert done.returncode == 2 and not done.stdout
    assert "cannot open the result store" in done.stderr and "Traceback" not in done.stderr
    assert "secret" not in done.stderr and not (tmp_path / "no").exists()


def test_english_output(tmp_path):
    (tmp_path / "a.csv").write_text("手机\n13812345678\n13912345678\n", encoding="utf-8")
    done = secsuite("scan", "a.csv", "--no-store", "--lang", "en", cwd=tmp_path)
    assert done.returncode == 0 and "Datasets and sensitive fields" in done.stdout


def test_number_columns_read_as_floats_are_judged_on_their_digits(tmp_path):
    """A phone column with blanks is a float column to pandas and in Parquet: 13895066082.0."""
    import polars as pl

    mobiles = [13895066082.0, None, 15626869113.0, 13712345678.0, 18612345678.0] * 10
    pl.DataFrame({"yddh": mobiles}, schema={"yddh": pl.Float64}).write_parquet(tmp_path / "floats.parquet")
    lines = ["yddh", *("" if m is None else f"{m:.1f}" for m in mobiles)]
    (tmp_path / "floats.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = secsuite("scan", ".", "--no-store", "--format", "json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    found = {dataset["format"]: {e["type"] for field in dataset["fields"] for e in field["entities"]}
             for dataset in json.loads(done.stdout)["datasets"]}
    assert found == {"parquet": {"CN_MOBILE"}, "csv": {"CN_MOBILE"}}
    assert not RAW_MOBILE.search(done.stdout)
