"""``secsuite diff`` and ``monitor changes``/``issues`` as commands: the JSON contract, CSV and XLSX
with the same columns, and exit 2 with the reason for runs that must not be compared."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from secsuite.cli import app
from secsuite.findings import Finding, ObjectRef, Severity
from secsuite.store.db import open_engine
from secsuite.store.recorder import RunRecorder

ENV = {"SECSUITE_LANG": "zh", "COLUMNS": "200"}


def _finding(name: str, severity: Severity = Severity.high) -> Finding:
    obj = ObjectRef(kind="dataset", id=f"/data/{name}.csv")
    return Finding(id=Finding.fingerprint("DATA-NOT-CATALOGUED", obj, "市民政局"), rule_id="DATA-NOT-CATALOGUED",
                   severity=severity, title="=未编目", message="…", unit="市民政局", object=obj, citation="…",
                   as_of=dt.date(2026, 3, 1))


def _run(engine, findings, scope="s", errors=0, guide=("g", "1")) -> int:
    recorder = RunRecorder(engine, "scan", dt.date(2026, 3, 1), {}, guide=guide, scope_key=scope)
    recorder.findings(findings)
    for _ in range(errors):
        from secsuite.errors import InputError

        recorder.error(InputError("/data/x.csv", "cannot read"))
    recorder.finish()
    return recorder.run_id


@pytest.fixture
def runs(tmp_path):
    url = f"sqlite:///{tmp_path / 'store.db'}"
    engine = open_engine(url)
    a, b, c = _finding("a"), _finding("b"), _finding("c")
    ids = {"base": _run(engine, [a, b]), "next": _run(engine, [b.model_copy(update={"severity": Severity.low}), c]),
           "partial": _run(engine, [a], errors=1), "other": _run(engine, [a], scope="t"),
           "newer_guide": _run(engine, [a, b], guide=("g", "2"))}
    return url, ids, (a, b, c)


def _diff(url, first, second, *args):
    return CliRunner().invoke(app, ["diff", str(first), str(second), "--db", url, *args], env=ENV)


def test_the_json_contract(runs):
    url, ids, (a, b, c) = runs
    done = _diff(url, ids["base"], ids["next"], "--format", "json")
    assert done.exit_code == 0, done.output
    document = json.loads(done.stdout)
    assert (document["baseline_run"], document["run"], document["rule_change"]) == (ids["base"], ids["next"], None)
    assert [i["fingerprint"] for i in document["new"]] == [c.id]
    assert [i["fingerprint"] for i in document["fixed"]] == [a.id]
    assert [(i["fingerprint"], i["before"], i["after"]) for i in document["changed"]] == [
        (b.id, {"severity": "high"}, {"severity": "low"})]
    assert document["reopened"] == []
    item = document["new"][0]
    assert (item["rule_id"], item["object"], item["unit"]) == (
        "DATA-NOT-CATALOGUED", {"kind": "dataset", "id": "/data/c.csv"}, "市民政局")


def test_a_rule_change_is_marked_as_such(runs):
    url, ids, _ = runs
    document = json.loads(_diff(url, ids["base"], ids["newer_guide"], "--format", "json").stdout)
    assert document["rule_change"]["before"]["guide_version"] == "1"
    assert document["rule_change"]["after"]["guide_version"] == "2"


def test_csv_and_xlsx_carry_the_same_columns_and_rows(runs, tmp_path):
    url, ids, _ = runs
    done = _diff(url, ids["base"], ids["next"], "--format", "csv")
    assert done.exit_code == 0, done.output
    rows = list(csv.reader(io.StringIO(done.stdout.lstrip("\ufeff"))))
    assert _diff(url, ids["base"], ids["next"], "--format", "xlsx", "-o", str(tmp_path / "d.xlsx")).exit_code == 0
    sheet = load_workbook(tmp_path / "d.xlsx").active
    cells = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == cells[0] and len(rows) == len(cells) == 4
    assert {row[0] for row in rows[1:]} == {"new", "fixed", "changed"}


@pytest.mark.parametrize(
    ("pair", "reason"),
    [(("base", "partial"), "is not complete"), (("base", "other"), "scopes differ"), (("base", "999"), "not found")],
)
def test_runs_that_must_not_be_compared_exit_2_with_the_reason(runs, pair, reason):
    url, ids, _ = runs
    done = _diff(url, *(ids.get(name, name) for name in pair))
    assert done.exit_code == 2
    assert reason in done.output


def test_the_register_lists_and_summarises(runs):
    url, ids, (a, *_rest) = runs
    from secsuite.config import MonitorConfig
    from secsuite.monitor.review import review_run
    from secsuite.store.db import session_factory

    engine = open_engine(url)
    with session_factory(engine).begin() as session:
        for run_id in (ids["base"], ids["next"]):
            review_run(session, run_id, dt.datetime(2026, 3, 1, 9, tzinfo=dt.timezone.utc), MonitorConfig())
    listed = CliRunner().invoke(app, ["monitor", "issues", "--db", url, "--as-of", "2026-06-01", "-f", "json"], env=ENV)
    assert listed.exit_code == 0, listed.output
    statuses = {row["fingerprint"]: (row["status"], row["overdue"]) for row in json.loads(listed.stdout)}
    assert statuses[a.id] == ("fixed", False)
    assert sorted(status for status, _ in statuses.values()) == ["fixed", "open", "open"]
    accepted = CliRunner().invoke(app, ["monitor", "issues", "--db", url, "--accept", a.id, "--until", "2026-09-01"],
                                  env=ENV)
    assert accepted.exit_code == 2 and "--reason" in accepted.output
