"""``secsuite runs`` and ``runs show ID`` on a real store, and ``report --run ID`` writing one run."""

from __future__ import annotations

import csv
import io
import json

from typer.testing import CliRunner

from secsuite.cli import app
from tests.conftest import EXAMPLES

ENV = {"COLUMNS": "200", "SECSUITE_LANG": "zh", "SECSUITE_DB": "", "SECSUITE_CONFIG": ""}


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env=ENV)
    return result.exit_code, result.stdout, result.stderr


def test_runs_lists_shows_and_reports_each_recorded_run(tmp_path):
    db = str(tmp_path / "audit.db")
    assert run("check", str(EXAMPLES / "systems.xlsx"), "--as-of", "2025-12-31", "--db", db, "-q")[0] == 0
    assert run("incidents", str(EXAMPLES / "incidents.xlsx"), "--year", "2025", "--db", db, "-q")[0] == 0
    code, out, err = run("runs", "--db", db, "--json")
    assert code == 0, err
    listed = json.loads(out)
    assert [(r["id"], r["kind"], r["status"], r["trigger"]) for r in listed] == [
        (2, "incidents", "finished", "cli"), (1, "check", "finished", "cli")]
    checked = json.loads(run("check", str(EXAMPLES / "systems.xlsx"), "--as-of", "2025-12-31", "--no-store",
                             "--format", "json", "-q")[1])["findings"]
    assert listed[1]["findings"] == len(checked) > 0 and str(EXAMPLES / "systems.xlsx") in listed[1]["scope"]
    assert run("runs", "--db", db, "--kind", "check", "--json")[1].count('"kind"') == 1

    code, out, err = run("runs", "show", "1", "--db", db)
    assert code == 0, err
    high = sum(1 for finding in checked if finding["severity"] == "high")
    assert "check" in out and f"高危 high {high}" in out and "secsuite report --run 1" in out

    code, out, err = run("report", "--run", "2", "--db", db, "-f", "csv", "-o", str(tmp_path / "out"), "-q")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO((tmp_path / "out" / "secsuite-run-2.csv").read_text(encoding="utf-8-sig"))))
    assert len(rows) == listed[0]["findings"] and all(row["rule_id"].startswith("IR-") for row in rows)


def test_an_unknown_run_or_store_is_a_clear_error(tmp_path):
    db = str(tmp_path / "audit.db")
    code, _, err = run("runs", "--db", db)
    assert code == 2 and "result store not found" in err
    assert run("check", str(EXAMPLES / "systems.xlsx"), "--db", db, "-q")[0] == 0
    code, _, err = run("runs", "show", "9", "--db", db)
    assert code == 2 and "run 9" in err
    code, _, err = run("report", "--run", "9", "--db", db, "-q")
    assert code == 2 and "run 9" in err
