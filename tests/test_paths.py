"""Local rule content without a fork: directories named by flags or the config file's ``paths:``,
validated like the bundled ones, listed with where each came from; a local id replaces a bundled
one and says so. Also where the bundled content is found (``SECSUITE_HOME``, the checkout)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from secsuite import paths
from secsuite.cli import app
from tests.conftest import EXAMPLES, ROOT

ENV = {"COLUMNS": "400", "SECSUITE_LANG": "zh"}


def run(*args: str):
    return CliRunner().invoke(app, list(args), env=ENV)


def _edited(source: Path, target: Path, **changes: object) -> Path:
    """A copy of a bundled YAML file with some top-level keys changed."""
    data = yaml.safe_load(source.read_text(encoding="utf-8")) | changes
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return target


def _local_rule(folder: Path, pack: str, rule_id: str, **changes: object) -> Path:
    """A local pack holding one bundled rule with ``changes``."""
    bundled = yaml.safe_load((ROOT / "secsuite" / "checks" / f"{pack}.yaml").read_text(encoding="utf-8"))
    rule = next(rule for rule in bundled["rules"] if rule["id"] == rule_id) | changes
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{pack}.yaml"
    path.write_text(yaml.safe_dump({"pack": pack, "rules": [rule]}, allow_unicode=True), encoding="utf-8")
    return path


def _row(output: str, first_cell: str) -> str:
    return next(line for line in output.splitlines() if f"│ {first_cell} " in line)


def test_local_guide_replaces_the_bundled_one_and_says_so(tmp_path: Path) -> None:
    local = _edited(ROOT / "classification_rules" / "js-public-data.yaml", tmp_path / "guides" / "js-public-data.yaml",
                    version="2026.9")
    listed = run("--guides-dir", str(local.parent), "guides")
    assert listed.exit_code == 0, listed.output
    assert "2026.9" in _row(listed.stdout, "js-public-data") and str(local) in _row(listed.stdout, "js-public-data")
    assert "替换内置" in _row(listed.stdout, "js-public-data")
    assert "内置 bundled" in _row(listed.stdout, "cn-public-data-default")
    assert "注意 (notice)" in listed.stderr and str(local) in listed.stderr

    scanned = run("--guides-dir", str(local.parent), "scan", str(EXAMPLES / "data" / "公安"), "--guide",
                  "js-public-data", "--format", "json", "--no-store", "--as-of", "2025-12-31")
    assert scanned.exit_code in (0, 1), scanned.output
    document = json.loads(scanned.stdout)
    assert document["guide"]["version"] == "2026.9"
    assert document["tool"]["content"]["local"] == [
        {"kind": "guides", "id": "js-public-data", "path": str(local), "replaces_bundled": True}]


def test_local_detector_adds_an_entity_listed_as_local(tmp_path: Path) -> None:
    spec = yaml.safe_load((ROOT / "detectors" / "IMEI.yaml").read_text(encoding="utf-8")) | {"id": "STAFF_NUMBER"}
    folder = tmp_path / "detectors"
    folder.mkdir()
    (folder / "STAFF_NUMBER.yaml").write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    listed = run("--detectors-dir", str(folder), "detectors")
    assert listed.exit_code == 0, listed.output
    assert str(folder / "STAFF_NUMBER.yaml") in _row(listed.stdout, "STAFF_NUMBER")
    assert "替换" not in _row(listed.stdout, "STAFF_NUMBER") and "notice" not in listed.stderr
    assert "内置 bundled" in _row(listed.stdout, "IMEI")


@pytest.mark.parametrize(("kind", "flag", "bundled", "name", "change", "expected"), [
    ("detectors", "--detectors-dir", "detectors/IMEI.yaml", "IMEI.yaml", {"base_confidence": 2}, "base_confidence"),
    ("detectors", "--detectors-dir", "detectors/IMEI.yaml", "PHONE.yaml", {}, "must equal the file name"),
    ("guides", "--guides-dir", "classification_rules/js-public-data.yaml", "js-public-data.yaml", {"levels": []},
     "levels"),
    ("rubrics", "--rubrics-dir", "rubrics/suqian-county.yaml", "suqian-county.yaml", {"base_points": 1},
     "suqian-county.yaml"),
])
def test_invalid_local_file_stops_with_its_name(tmp_path: Path, kind: str, flag: str, bundled: str, name: str,
                                                change: dict, expected: str) -> None:
    local = _edited(ROOT / bundled, tmp_path / kind / name, **change)
    loaded = {"detectors": ("detectors",), "guides": ("guides",), "rubrics": ("evaluate", "--year", "2025", "--units",
              str(EXAMPLES / "units.xlsx"), "--scores", str(EXAMPLES / "scores.xlsx"), "--no-store")}[kind]
    done = run(flag, str(local.parent), *loaded)
    assert done.exit_code == 2, done.output
    assert str(local) in done.stderr and expected in done.stderr


def test_local_rule_pack_changes_a_rule_and_the_check_uses_it(tmp_path: Path) -> None:
    local = _local_rule(tmp_path / "rules", "mlps", "MLPS-NOT-FILED", severity="low")
    listed = run("--rules-dir", str(local.parent), "rules")
    assert listed.exit_code == 0, listed.output
    row = _row(listed.stdout, "MLPS-NOT-FILED")
    assert "│ low " in row and str(local.parent) in row and "替换内置" in row
    assert "内置 bundled" in _row(listed.stdout, "MLPS-FILED-LATE")
    assert "MLPS-NOT-FILED" in listed.stderr and "注意 (notice)" in listed.stderr

    checked = run("--rules-dir", str(local.parent), "check", str(EXAMPLES / "systems.xlsx"), "--format", "json",
                  "--no-store", "--as-of", "2025-12-31")
    findings = json.loads(checked.stdout)["findings"]
    assert {f["severity"] for f in findings if f["rule_id"] == "MLPS-NOT-FILED"} == {"low"}
    bundled = yaml.safe_load((ROOT / "secsuite" / "checks" / "mlps.yaml").read_text(encoding="utf-8"))["rules"]
    late = next(rule["severity"] for rule in bundled if rule["id"] == "MLPS-FILED-LATE")
    assert {f["severity"] for f in findings if f["rule_id"] == "MLPS-FILED-LATE"} == {late}


@pytest.mark.parametrize(("pack", "rule", "expected"), [
    ("firewall", {"id": "FW-OPEN-PORT"}, "is not a pack of secsuite"),
    ("mlps", {"id": "MLPS-NEW-IDEA"}, "has no @check function"),
    ("data", {"id": "MLPS-NOT-FILED"}, "belongs to pack 'mlps'"),
    ("mlps", {"id": "MLPS-NOT-FILED", "severity": "grave"}, "severity"),
])
def test_invalid_local_rule_pack_stops_with_its_name(tmp_path: Path, pack: str, rule: dict, expected: str) -> None:
    bundled = yaml.safe_load((ROOT / "secsuite" / "checks" / "mlps.yaml").read_text(encoding="utf-8"))["rules"][0]
    folder = tmp_path / "rules"
    folder.mkdir()
    path = folder / f"{pack}.yaml"
    path.write_text(yaml.safe_dump({"pack": pack, "rules": [bundled | rule]}, allow_unicode=True), encoding="utf-8")
    done = run("--rules-dir", str(folder), "rules")
    assert done.exit_code == 2, done.output
    assert str(path) in done.stderr and expected in done.stderr


def test_config_paths_are_relative_to_the_config_file_and_flags_win(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    _edited(ROOT / "classification_rules" / "js-public-data.yaml", tmp_path / "mine" / "js-public-data.yaml",
            version="config")
    flagged = _edited(ROOT / "classification_rules" / "js-public-data.yaml", tmp_path / "flag" / "js-public-data.yaml",
                      version="flag")
    config = tmp_path / "conf" / "secsuite.yaml"
    config.parent.mkdir()
    config.write_text("paths:\n  guides: [../mine]\n", encoding="utf-8")
    monkeypatch.chdir(ROOT)  # relative to the config file, not to the working directory
    assert "│ config " in _row(run("guides", "--config", str(config)).stdout, "js-public-data")
    assert "│ flag " in _row(run("--guides-dir", str(flagged.parent), "guides", "--config", str(config)).stdout,
                           "js-public-data")
    config.write_text("paths:\n  guides: [../missing]\n", encoding="utf-8")
    done = run("guides", "--config", str(config))
    assert done.exit_code == 2 and "paths.guides" in done.stderr and "missing" in done.stderr


def test_secsuite_home_holds_the_bundled_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for folder in paths.FOLDERS.values():
        shutil.copytree(ROOT / folder, tmp_path / folder)
    _edited(ROOT / "rubrics" / "suqian-county.yaml", tmp_path / "rubrics" / "suqian-county.yaml", version="home")
    monkeypatch.setenv("SECSUITE_HOME", str(tmp_path))
    assert paths.rubrics_dir() == tmp_path / "rubrics"
    assert {entry.path.parent for entry in paths.content_files("rubrics")} == {tmp_path / "rubrics"}
    monkeypatch.delenv("SECSUITE_HOME")
    assert paths.content_root() == ROOT  # a checkout run without install: the folders beside the package


def test_a_missing_local_directory_is_an_error(tmp_path: Path) -> None:
    done = run("--detectors-dir", str(tmp_path / "nowhere"), "detectors")
    assert done.exit_code == 2 and "nowhere" in done.output
