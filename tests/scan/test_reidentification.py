"""Opened datasets end to end, as a user runs them: generated files and an SQLite table whose
answer is known by construction, a sampled scan that still measures every row, the findings,
the stored run and the HTML report, and no raw value anywhere."""

from __future__ import annotations

import csv
import hashlib
import json
import random
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

ROWS = 3000
DISTRICTS = ("宿城区", "宿豫区", "沭阳县", "泗阳县", "泗洪县")
JOBS = ("农民", "教师", "个体工商户", "快递员", "退休人员", "无业")


def secsuite(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "secsuite", *args], capture_output=True, text=True, cwd=cwd,
                          env={"PATH": "/usr/bin:/bin", "SECSUITE_LANG": "zh", "COLUMNS": "160",
                               "PYTHONPATH": str(Path(__file__).resolve().parents[2])}, timeout=600)


def relief_rows(seed: int = 11) -> list[dict]:
    rng = random.Random(seed)
    rows = []
    for _ in range(ROWS):
        phone = rng.choice(["138", "186", "173"]) + "".join(rng.choice("0123456789") for _ in range(8))
        rows.append({"性别": rng.choice("男女"), "出生年份": str(rng.randint(1940, 2000)),
                     "区县": rng.choice(DISTRICTS), "职业": rng.choice(JOBS),
                     "补贴金额": rng.choice(["300.00", "600.00"]), "联系电话": phone[:3] + "****" + phone[7:],
                     "电话摘要": hashlib.md5(phone.encode()).hexdigest(), "_phone": phone})
    return rows


def banded_rows(seed: int = 12) -> list[dict]:
    rng = random.Random(seed)
    rows = []
    for sex in "男女":
        for band in ("18-29", "30-39", "40-49", "50-59"):
            for district in DISTRICTS:
                rows += [{"性别": sex, "年龄段": band, "区县": district, "金额": "500.00"}
                         for _ in range(5 + rng.randrange(4))]
    return rows


def write_csv(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    columns = [c for c in rows[0] if not c.startswith("_")]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def expected(rows: list[dict], quasi: list[str], threshold: int = 5) -> dict:
    sizes = Counter(tuple(row[c] for c in quasi) for row in rows)
    return {"min_k": min(sizes.values()), "rows_at_risk": sum(n for n in sizes.values() if n < threshold),
            "classes": len(sizes), "unique_rows": sum(1 for n in sizes.values() if n == 1)}


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    work = tmp_path_factory.mktemp("reident")
    relief, banded = relief_rows(), banded_rows()
    write_csv(work / "data/relief.csv", relief)
    write_csv(work / "data/banded.csv", banded)
    with sqlite3.connect(work / "people.db") as db:
        db.execute('CREATE TABLE relief ("性别" TEXT, "出生年份" TEXT, "区县" TEXT, "职业" TEXT, "补贴金额" TEXT)')
        db.executemany("INSERT INTO relief VALUES (?, ?, ?, ?, ?)",
                       [(r["性别"], r["出生年份"], r["区县"], r["职业"], r["补贴金额"]) for r in relief])
    (work / "catalogue.csv").write_text(
        "数据集,提供单位,共享属性,开放属性,申报级别,脱敏方式\n"
        "data/relief.csv,市民政局,有条件共享,有条件开放,L2,联系电话:掩码；电话摘要:MD5\n"
        "data/banded.csv,市人社局,无条件共享,受限开放,L1,\n"
        "relief,市民政局,有条件共享,无条件开放,L2,\n",
        encoding="utf-8")
    return work, relief, banded


@pytest.fixture(scope="module")
def scanned(workspace):
    work, relief, banded = workspace
    done = secsuite("scan", "data", f"sqlite:///{work / 'people.db'}", "--catalogue", "catalogue.csv",
                    "--sample-rows", "200", "--as-of", "2025-12-31", "--format", "json", "--output", "scan.json",
                    "--db", "store.db", "--fail-on", "high", "--quiet", cwd=work)
    return work, relief, banded, done, json.loads((work / "scan.json").read_text(encoding="utf-8"))


def _dataset(document: dict, suffix: str) -> dict:
    return next(d for d in document["datasets"] if d["source"].endswith(suffix))


@pytest.mark.parametrize("suffix", ["data/relief.csv", "#main.relief"])
def test_a_sampled_scan_still_measures_the_full_table(scanned, suffix):
    _, relief, _, done, document = scanned
    dataset = _dataset(document, suffix)
    assert dataset["sampled"] and dataset["rows_scanned"] == 200
    risk = dataset["reidentification"]
    quasi = ["性别", "出生年份", "区县", "职业"]
    assert [(q["name"], q["kind"]) for q in risk["quasi_identifiers"]] == list(zip(
        quasi, ["SEX", "BIRTH_YEAR", "AREA_DISTRICT", "OCCUPATION"], strict=True))
    assert risk["status"] == "measured" and risk["rows"] == ROWS and not risk["passes"]
    assert {k: risk[k] for k in ("min_k", "rows_at_risk", "classes", "unique_rows")} == expected(relief, quasi)
    assert risk["guilty"]["column"] == "出生年份"  # 61 years against 2, 5 and 6 values
    assert risk["guilty"]["generalise"]


def test_the_finding_names_the_measures_and_its_severity_follows_the_share(scanned):
    _, relief, _, done, document = scanned
    risk = _dataset(document, "data/relief.csv")["reidentification"]
    [finding] = [f for f in document["findings"]
                 if f["rule_id"] == "DATA-OPEN-REIDENTIFIABLE" and f["object"]["id"].endswith("data/relief.csv")]
    share = risk["rows_at_risk"] / ROWS
    assert finding["severity"] == ("critical" if share >= 0.5 else "high" if share >= 0.1 else "medium")
    assert f"最小 k={risk['min_k']}" in finding["message"] and "「出生年份」" in finding["message"]
    assert finding["evidence"]["guilty"] == "出生年份" and finding["unit"] == "市民政局"
    assert done.returncode == 1, done.stderr  # --fail-on high


def test_a_k_anonymous_opened_dataset_passes_with_its_k(scanned):
    _, _, banded, _, document = scanned
    risk = _dataset(document, "data/banded.csv")["reidentification"]
    assert risk["status"] == "measured" and risk["passes"] and risk["guilty"] is None
    assert risk["min_k"] == expected(banded, ["性别", "年龄段", "区县"])["min_k"] >= 5
    assert risk["open_attr"] == "有条件开放"  # 受限开放 is its alias
    assert not [f for f in document["findings"] if f["object"]["id"].endswith("data/banded.csv")
                and f["rule_id"].startswith("DATA-OPEN-RE")]


def test_declared_masking_and_digests_that_do_not_deidentify(scanned):
    _, _, _, _, document = scanned
    rules = {(f["rule_id"], f["object"]["id"].rsplit("#", 1)[-1]) for f in document["findings"]
             if f["rule_id"].startswith("DATA-DEID-")}
    assert rules == {("DATA-DEID-RECOVERABLE-MASK", "联系电话"), ("DATA-DEID-REVERSIBLE-DIGEST", "电话摘要")}
    digest = next(f for f in document["findings"] if f["rule_id"] == "DATA-DEID-REVERSIBLE-DIGEST")
    assert digest["evidence"]["reversed"] == digest["evidence"]["tried"] == 20


def test_no_phone_number_or_digest_reaches_the_outputs(scanned):
    work, relief, _, done, document = scanned
    report = secsuite("report", "--year", "2025", "--as-of", "2025-12-31", "--db", "store.db", "--output", "out",
                      cwd=work)
    assert report.returncode == 0, report.stderr
    html = (work / "out" / next(p.name for p in (work / "out").iterdir() if p.suffix == ".html")).read_text(encoding="utf-8")
    texts = [json.dumps(document, ensure_ascii=False), done.stdout, done.stderr, html]
    for row in relief[:300]:
        for text in texts:
            assert row["_phone"] not in text and row["电话摘要"] not in text


def test_the_report_shows_k_the_share_at_risk_and_a_chart_per_opened_dataset(scanned):
    work, _, banded, _, document = scanned
    out = work / "out"
    if not out.exists():
        assert secsuite("report", "--year", "2025", "--as-of", "2025-12-31", "--db", "store.db", "--output", "out",
                        cwd=work).returncode == 0
    html = next(p for p in out.iterdir() if p.suffix == ".html").read_text(encoding="utf-8")
    risk = _dataset(document, "data/relief.csv")["reidentification"]
    assert f"最小 k={risk['min_k']}，k&lt;5 的行 {risk['rows_at_risk']}/{ROWS}" in html
    assert f"通过：每行所在组不少于 5 行（最小 k={risk_min(document)}）" in html
    assert html.count("<svg") >= 3 and "行数（按准标识符组大小 k）" in html


def risk_min(document: dict) -> int:
    return _dataset(document, "data/banded.csv")["reidentification"]["min_k"]


def test_a_declared_column_the_dataset_lacks_is_an_input_error(tmp_path, workspace):
    work, _, _ = workspace
    (tmp_path / "catalogue.csv").write_text(
        "dataset,unit,open_attr,deidentification\nbanded.csv,市人社局,有条件开放,身份证号:掩码\n", encoding="utf-8")
    done = secsuite("scan", str(work / "data/banded.csv"), "--catalogue", "catalogue.csv", "--as-of", "2025-12-31",
                    "--format", "json", "--no-store", "--quiet", cwd=tmp_path)
    # the exit code of input errors beside scanned datasets is issue 16's (exit-code truth)
    [error] = json.loads(done.stdout)["errors"]
    assert error["field"] == "deidentification" and error["row"] == 2 and "身份证号" in error["text"]


def test_the_terminal_view_gives_k_and_the_share_per_opened_dataset(workspace):
    work, relief, banded = workspace
    done = subprocess.run([sys.executable, "-m", "secsuite", "scan", "data", "--catalogue", "catalogue.csv",
                           "--as-of", "2025-12-31", "--no-store"], capture_output=True, text=True, cwd=work,
                          env={"PATH": "/usr/bin:/bin", "COLUMNS": "400",
                               "PYTHONPATH": str(Path(__file__).resolve().parents[2])}, timeout=600)
    at_risk = expected(relief, ["性别", "出生年份", "区县", "职业"])
    share = at_risk["rows_at_risk"] / ROWS
    assert (f"重标识风险（有条件开放，全表 3,000 行）：准标识符 性别、出生年份、区县、职业；最小 k={at_risk['min_k']}，"
            f"k<5 的行占 {share:.1%}") in done.stdout
    assert f"最小 k={expected(banded, ['性别', '年龄段', '区县'])['min_k']}，k<5 的行占 0.0%" in done.stdout
