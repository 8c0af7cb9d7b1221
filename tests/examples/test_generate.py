"""The bundled example (examples/generate.py): deterministic, well-formed, and honest to its truth."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pyarrow.parquet as pq
import pytest
import stdnum
import yaml
from stdnum import luhn
from stdnum.cn import ric, uscc

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
SCRIPT = EXAMPLES / "generate.py"

# first two digits of a resident ID (GB 11643)
_PROVINCE_RANGES = ((11, 15), (21, 23), (31, 37), (41, 46), (50, 54), (61, 65), (71, 71), (81, 82), (91, 91))
PROVINCES = {str(n) for lo, hi in _PROVINCE_RANGES for n in range(lo, hi + 1)}
HALFWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
ID_IN_TEXT = re.compile(r"(?<![0-9])(?:[0-9]{17}[0-9Xx]|[0-9]{15})(?![0-9Xx])")
MOBILE_IN_TEXT = re.compile(r"(?<![0-9])1[3-9][0-9](?:[- ]?[0-9]{4}){2}(?![0-9])")
DECOY_SERIALS = (
    ("data/交通/车辆通行记录.parquet", "通行流水号"),
    ("data/decoys/设备台账.csv", "order_no"),
    ("data/政务服务/办件记录.jsonl", "办件编号"),
)


def _generate(out: Path) -> Path:
    subprocess.run([sys.executable, str(SCRIPT), "--out", str(out), "--quiet"], check=True, timeout=300)
    return out


@pytest.fixture(scope="module")
def run_a(tmp_path_factory) -> Path:
    return _generate(tmp_path_factory.mktemp("example_a"))


@pytest.fixture(scope="module")
def run_b(tmp_path_factory) -> Path:
    return _generate(tmp_path_factory.mktemp("example_b"))


@pytest.fixture(scope="module")
def truth(run_a) -> dict:
    return yaml.safe_load((run_a / "truth.yaml").read_text(encoding="utf-8"))


def _files(base: Path) -> list[Path]:
    return sorted(p.relative_to(base) for p in base.rglob("*") if p.is_file())


def _xlsx_cells(path: Path) -> dict[str, list[tuple]]:
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}
    finally:
        wb.close()


def load_rows(base: Path, key: str, entry: dict) -> list[dict]:
    """Rows of one dataset of the example as dicts, values as the file holds them."""
    rel, _, sheet = key.partition("#")
    path = base / rel
    fmt = entry["format"]
    if fmt == "csv":
        with path.open(encoding=entry["encoding"], newline="") as fh:
            return list(csv.DictReader(fh))
    if fmt == "json":
        return json.loads(path.read_text(encoding="utf-8"))
    if fmt == "jsonl":
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    if fmt == "parquet":
        return pq.read_table(path).to_pylist()
    if fmt == "xlsx":
        header, *rows = _xlsx_cells(path)[sheet]
        return [dict(zip(header, row, strict=False)) for row in rows]
    raise AssertionError(f"unknown format {fmt}")


def norm(value) -> str:
    return re.sub(r"[\s\-]", "", str(value).translate(HALFWIDTH)).upper()


def is_blank(value) -> bool:
    return value is None or str(value).strip() == ""


def valid_id(number: str) -> bool:
    number = norm(number)
    if len(number) == 15 and number.isdigit():  # legacy: insert the century, compute the check
        body = number[:6] + "19" + number[6:]
        number = body + ric.calc_check_digit(body + "0")
    return len(number) == 18 and ric.is_valid(number)


def _columns_with(truth: dict, entity: str, free_text: bool):
    for key, entry in truth["datasets"].items():
        for col, ents in entry["columns"].items():
            if entity in ents and (col in entry["free_text"]) == free_text:
                yield key, entry, col


# ---------------------------------------------------------------------------------------------


def test_layout_and_catalogue(run_a, truth):
    with (run_a / "catalogue.csv").open(encoding="utf-8", newline="") as fh:
        catalogue = list(csv.DictReader(fh))
    assert list(catalogue[0]) == ["dataset", "unit", "share_attr", "open_attr", "declared_level", "deidentification"]
    assert [row["dataset"] for row in catalogue] == list(truth["datasets"])
    for row in catalogue:
        assert (run_a / row["dataset"].partition("#")[0]).is_file()
        assert row["share_attr"] in ("无条件共享", "有条件共享", "不予共享")
        assert row["open_attr"] in ("无条件开放", "有条件开放", "不予开放")
        assert row["declared_level"] in ("L1", "L2", "L3", "L4")
    total = sum(p.stat().st_size for p in (run_a / "data").rglob("*") if p.is_file())
    assert total < 3_000_000


def test_two_runs_are_byte_identical(run_a, run_b):
    files = _files(run_a)
    assert files == _files(run_b)
    assert len(files) == 16  # datasets, catalogue and truth (12), systems.xlsx, incidents/units/scores.xlsx
    for rel in files:
        if rel.suffix == ".xlsx":
            assert _xlsx_cells(run_a / rel) == _xlsx_cells(run_b / rel), rel
        assert (run_a / rel).read_bytes() == (run_b / rel).read_bytes(), rel


def test_gbk_file_is_really_gbk(run_a):
    raw = (run_a / "data/人社/社保参保.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    text = raw.decode("gb18030")
    assert text == raw.decode("gbk")
    assert text.startswith("xm,sfzh,grbh,cbrq,yhkh,lxdh,月缴费金额,dwmc\r\n")
    assert "１" in text or "２" in text  # full-width digits survive the encoding
    assert re.search(r"\d{6} \d{8} \d{3}[\dxX]", text)  # spaced ID numbers
    assert re.search(r"\d{17}x", text)  # lowercase check characters


def test_bom_csv(run_a):
    assert (
        (run_a / "data/公安/人口基本信息.csv")
        .read_bytes()
        .startswith(b"\xef\xbb\xbf\xe5\xa7\x93\xe5\x90\x8d")
    )


def test_rows_match_truth(run_a, truth):
    for key, entry in truth["datasets"].items():
        rows = load_rows(run_a, key, entry)
        assert len(rows) == entry["rows"], key
        assert list(rows[0]) == list(entry["columns"]), key
        for col, per_entity in entry.get("hits", {}).items():
            for ent, count in per_entity.items():
                assert ent in entry["columns"][col]
                assert 0 < count <= entry["rows"]
        for col, ents in entry["columns"].items():
            for ent in ents:
                assert entry["hits"][col][ent] > 0, (key, col, ent)
    assert 300 <= truth["datasets"]["data/公安/人口基本信息.csv"]["rows"] <= 800


def test_labelled_id_numbers_pass_stdnum(run_a, truth):
    checked = legacy = 0
    for key, entry, col in _columns_with(truth, "CN_RESIDENT_ID", free_text=False):
        values = [r[col] for r in load_rows(run_a, key, entry) if not is_blank(r[col])]
        assert len(values) == entry["hits"][col]["CN_RESIDENT_ID"], (key, col)
        for value in values:
            assert valid_id(value), (key, col, value)
        checked += len(values)
        legacy += sum(len(norm(v)) == 15 for v in values)
    assert checked > 2000
    assert legacy > 30  # 办件记录 holds ~10 % first-generation numbers


def test_ids_and_phones_embedded_in_free_text(run_a, truth):
    for key, entry, col in _columns_with(truth, "CN_RESIDENT_ID", free_text=True):
        rows = load_rows(run_a, key, entry)
        found = [ID_IN_TEXT.findall(r[col] or "") for r in rows]
        assert sum(bool(f) for f in found) == entry["hits"][col]["CN_RESIDENT_ID"]
        assert all(valid_id(n) for f in found for n in f)
    for key, entry, col in _columns_with(truth, "CN_MOBILE", free_text=True):
        rows = load_rows(run_a, key, entry)
        mentioned = sum(bool(MOBILE_IN_TEXT.search(norm_text(r[col]))) for r in rows)
        assert mentioned == entry["hits"][col]["CN_MOBILE"], (key, col)


def norm_text(value) -> str:
    return re.sub(r"\+86|0086-?", "", str(value or "").translate(HALFWIDTH))


def test_decoy_serials_fail_the_id_check(run_a, truth):
    for key, col in DECOY_SERIALS:
        entry = truth["datasets"][key]
        assert entry["columns"][col] == []
        values = [r[col] for r in load_rows(run_a, key, entry)]
        assert len(values) == entry["rows"] and all(len(v) == 18 and v.isdigit() for v in values)
        assert not any(ric.is_valid(v) for v in values), (key, col)
        assert all(ric.calc_check_digit(v) != v[-1] for v in values), (key, col)
    passes = load_rows(
        run_a, "data/交通/车辆通行记录.parquet", truth["datasets"]["data/交通/车辆通行记录.parquet"]
    )
    assert not any(r["通行流水号"][:2] in PROVINCES for r in passes)
    # the ID look-alikes of 办件记录 have a real area code and date: only the check char gives them away
    cases = load_rows(
        run_a, "data/政务服务/办件记录.jsonl", truth["datasets"]["data/政务服务/办件记录.jsonl"]
    )
    assert len({r["办件编号"] for r in cases}) == len(cases)


def test_decoy_dataset_has_nothing_sensitive(run_a, truth):
    key = "data/decoys/设备台账.csv"
    entry = truth["datasets"][key]
    assert all(ents == [] for ents in entry["columns"].values())
    assert not entry["hits"]
    rows = load_rows(run_a, key, entry)
    assert [r["id"] for r in rows] == [str(i) for i in range(1, len(rows) + 1)]
    assert all(len(r["card"]) == 16 and not luhn.is_valid(r["card"]) for r in rows)
    assert not any(re.fullmatch(r"1[3-9]\d{9}", norm(r["phone"])) for r in rows)


def test_bank_cards(run_a, truth):
    for key, entry, col in _columns_with(truth, "BANK_CARD", free_text=False):
        values = [norm(r[col]) for r in load_rows(run_a, key, entry) if not is_blank(r[col])]
        assert all(v.startswith("62") and 16 <= len(v) <= 19 and v.isdigit() for v in values), key
        passing = sum(luhn.is_valid(v) for v in values) / len(values)
        assert 0.9 < passing < 1.0, (key, passing)  # a few real-looking cards fail Luhn on purpose


def test_mobiles(run_a, truth):
    styles = set()
    for key, entry, col in _columns_with(truth, "CN_MOBILE", free_text=False):
        for r in load_rows(run_a, key, entry):
            value = r[col]
            if is_blank(value):
                continue
            raw = str(value)
            styles.update(
                s
                for s, p in (("+86", "+86"), ("0086", "0086"), ("-", "-"), (" ", " "), ("fw", "１"))
                if p in raw
            )
            number = re.sub(r"^(\+86|0086)", "", norm(value))
            assert re.fullmatch(r"1[3-9]\d{9}", number) and not number.startswith("154"), (key, value)
    assert styles == {"+86", "0086", "-", " ", "fw"}


def test_other_structured_entities(run_a, truth):
    datasets = truth["datasets"]
    base = load_rows(
        run_a,
        "data/市场监管/企业登记.xlsx#企业基本信息",
        datasets["data/市场监管/企业登记.xlsx#企业基本信息"],
    )
    assert all(uscc.is_valid(r["统一社会信用代码"]) for r in base)
    passes = load_rows(run_a, "data/交通/车辆通行记录.parquet", datasets["data/交通/车辆通行记录.parquet"])
    for r in passes:
        if r["纬度"] is not None:
            assert 30.7 < r["纬度"] < 35.2 and 116.3 < r["经度"] < 121.9  # Jiangsu
        if r["cph"] != "未识别":
            assert re.fullmatch(
                r"[苏皖鲁沪浙豫][A-HJ-NP-Z][· ]?[A-HJ-NP-Z0-9]{4,5}[A-HJ-NP-Z0-9挂学]", r["cph"]
            )
    poor = load_rows(run_a, "data/民政/低保救助.csv", datasets["data/民政/低保救助.csv"])
    passports = [r["护照号码"] for r in poor if r["护照号码"]]
    assert passports and all(re.fullmatch(r"[EG]\d{8}|E[A-HJ-NP-Z]\d{7}", p) for p in passports)


def test_committed_example_is_fresh(run_a, truth):
    """examples/ holds what the generator writes (regenerate with `python examples/generate.py`)."""
    committed = EXAMPLES / "truth.yaml"
    if not committed.exists():
        pytest.skip("examples/ not generated")
    if yaml.safe_load(committed.read_text(encoding="utf-8"))["stdnum_version"] != stdnum.__version__:
        pytest.skip("generated with another python-stdnum release (its area-code table may differ)")
    for rel in _files(run_a):
        mine, theirs = run_a / rel, EXAMPLES / rel
        assert theirs.is_file(), rel
        if rel.suffix == ".xlsx":  # byte layout depends on the openpyxl/zlib versions
            assert _xlsx_cells(mine) == _xlsx_cells(theirs), rel
        elif rel.suffix == ".parquet":
            assert pq.read_table(mine).equals(pq.read_table(theirs)), rel
        else:
            assert mine.read_bytes() == theirs.read_bytes(), (
                f"{rel} is stale: run python examples/generate.py"
            )
