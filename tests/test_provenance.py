"""What judged the data: the content hash follows the files' bytes and ids, not where they lie;
``--version`` shows it, and JSON documents, reports and stored runs record the same."""

from __future__ import annotations

import csv
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from secsuite import __version__, paths
from secsuite.cli import app
from secsuite.provenance import content
from tests.conftest import EXAMPLES, ROOT

ENV = {"COLUMNS": "200", "SECSUITE_LANG": "zh"}


def run(*args: str):
    return CliRunner().invoke(app, list(args), env=ENV)


def test_hash_follows_bytes_not_location(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bundled = content()
    assert bundled["detectors"] == len(list((ROOT / "detectors").glob("*.yaml")))
    assert bundled["rule_packs"] == len(list((ROOT / "secsuite" / "checks").glob("*.yaml")))
    for folder in paths.FOLDERS.values():
        shutil.copytree(ROOT / folder, tmp_path / folder)
    monkeypatch.setenv("SECSUITE_HOME", str(tmp_path))
    assert content() == bundled  # moved, same bytes
    rubric = tmp_path / "rubrics" / "suqian-county.yaml"
    rubric.write_bytes(rubric.read_bytes() + b"\n# edited\n")
    edited = content()
    assert edited["sha256"] != bundled["sha256"] and edited["rubrics"] == bundled["rubrics"]
    rubric.rename(tmp_path / "rubrics" / "suqian-county-2.yaml")
    assert content()["sha256"] != edited["sha256"]  # same bytes under another id: other content


def test_version_prints_version_hash_and_counts() -> None:
    done = run("--version")
    assert done.exit_code == 0
    summary = content()
    assert done.stdout.splitlines() == [
        f"secsuite {__version__}",
        f"规则内容 (content) sha256:{summary['sha256']}",
        f"识别器 detectors {summary['detectors']}, 分类分级指南 guides {summary['guides']}, "
        f"考评细则 rubrics {summary['rubrics']}, 规则包 rule packs {summary['rule_packs']}",
    ]


def test_every_output_records_the_content(tmp_path: Path) -> None:
    db = str(tmp_path / "store.db")
    common = ["--db", db, "--as-of", "2025-12-31", "--format", "json"]
    documents = [run("scan", str(EXAMPLES / "data" / "公安"), *common),
                 run("check", str(EXAMPLES / "systems.xlsx"), *common),
                 run("incidents", str(EXAMPLES / "incidents.xlsx"), "--year", "2025", *common),
                 run("evaluate", "--year", "2025", "--units", str(EXAMPLES / "units.xlsx"), "--scores",
                     str(EXAMPLES / "scores.xlsx"), *common)]
    expected = {"name": "secsuite", "version": __version__, "content": content()}
    for done in documents:
        assert done.exit_code in (0, 1), done.output
        assert json.loads(done.stdout)["tool"] == expected
    out = tmp_path / "report"
    done = run("report", "--year", "2025", "--db", db, "--as-of", "2025-12-31", "--output", str(out),
               "--format", "json,sarif,csv,xlsx,html")
    assert done.exit_code in (0, 1), done.output
    sha = expected["content"]["sha256"]
    report = json.loads((out / "secsuite-report-2025.json").read_text(encoding="utf-8"))
    assert report["tool"] == expected and report["evaluation"]["tool"] == expected
    assert {run["content_sha256"] for run in report["runs"].values()} == {sha}
    sarif = json.loads((out / "secsuite-report-2025.sarif").read_text(encoding="utf-8"))
    assert sarif["runs"][0]["tool"]["driver"]["properties"]["content"] == expected["content"]
    rows = list(csv.DictReader((out / "secsuite-report-2025.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert rows and {(row["tool_version"], row["content_sha256"]) for row in rows} == {(__version__, sha)}
    props = {prop.name: prop.value for prop in load_workbook(out / "secsuite-report-2025.xlsx").custom_doc_props}
    assert props["content_sha256"] == sha and props["content_detectors"] == expected["content"]["detectors"]
    html = (out / "secsuite-report-2025.html").read_text(encoding="utf-8")
    assert f'content="sha256:{sha}"' in html and f"规则内容 sha256:{sha}" in html
    with sqlite3.connect(db) as store:
        stored = store.execute("SELECT kind, content_sha256, content FROM runs").fetchall()
    assert {kind for kind, _, _ in stored} == {"scan", "check", "incidents", "evaluate"}
    assert {row[1] for row in stored} == {sha}
    assert json.loads(stored[0][2])["detectors"] == expected["content"]["detectors"]
