"""The suppression file: an entry mutes what it matches until its date, a muted finding is still
reported with the reason, an expired entry mutes nothing and is named, and a bad file stops."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from secsuite.errors import ConfigError
from secsuite.findings import Finding, ObjectRef, Severity
from secsuite.suppress import Suppression, Suppressions, load_suppressions
from tests.report.conftest import ExampleRun, report_cli

AS_OF = dt.date(2025, 12, 31)


def finding(rule_id: str, object_id: str, unit: str | None = "市公安局", kind: str = "asset") -> Finding:
    obj = ObjectRef(kind=kind, id=object_id)
    return Finding(id=Finding.fingerprint(rule_id, obj, unit), rule_id=rule_id, severity=Severity.medium,
                   title="t", message="m.", unit=unit, object=obj, citation="c", as_of=AS_OF)


def entry(**fields) -> Suppression:
    return Suppression.model_validate({"reason": "已核实", "expires": "2026-06-30"} | fields)


@pytest.mark.parametrize(("fields", "target", "muted"), [
    ({"rule": "NET-RISKY-SERVICE"}, finding("NET-RISKY-SERVICE", "10.0.0.1:23/tcp"), True),
    ({"rule": "net-risky-service"}, finding("NET-RISKY-SERVICE", "10.0.0.1:23/tcp"), True),
    ({"rule": "NET-*", "object": "10.0.0.*:23/*"}, finding("NET-RISKY-SERVICE", "10.0.0.9:23/tcp"), True),
    ({"rule": "NET-*", "object": "10.0.0.*:23/*"}, finding("NET-RISKY-SERVICE", "10.0.1.9:23/tcp"), False),
    ({"rule": "NET-RISKY-SERVICE", "unit": "市民政局"}, finding("NET-RISKY-SERVICE", "10.0.0.1:23/tcp"), False),
    ({"rule": "MLPS-*"}, finding("NET-RISKY-SERVICE", "10.0.0.1:23/tcp"), False),
])
def test_an_entry_mutes_what_it_matches(fields: dict, target: Finding, muted: bool):
    (result,), expired = Suppressions([entry(**fields)]).apply([target], AS_OF)
    assert result.muted is muted and expired == []
    assert result.mute_reason == ("已核实（有效期至 2026-06-30）" if muted else None)


def test_an_entry_mutes_through_its_date_and_not_after():
    rule = entry(rule="NET-RISKY-SERVICE", expires="2025-12-31")
    target = finding("NET-RISKY-SERVICE", "10.0.0.1:23/tcp")
    (on_the_day,), none = Suppressions([rule]).apply([target], AS_OF)
    (day_after,), expired = Suppressions([rule], "ignore.yaml").apply([target], AS_OF + dt.timedelta(days=1))
    assert on_the_day.muted and none == []
    assert not day_after.muted and [(e.number, e.findings) for e in expired] == [(1, 1)]
    assert expired[0].entry.describe(expired[0].number) == "#1 NET-RISKY-SERVICE * (2025-12-31)"


def test_the_first_entry_in_force_gives_the_reason():
    entries = [entry(rule="NET-*", reason="过期的", expires="2025-01-01"), entry(rule="NET-*", reason="有效的")]
    (result,), expired = Suppressions(entries).apply([finding("NET-RISKY-SERVICE", "h:1/tcp")], AS_OF)
    assert result.mute_reason.startswith("有效的") and [e.number for e in expired] == [1]


@pytest.mark.parametrize(("entries", "message"), [
    ([{"rule": "NET-RISKY-SERVICE", "expires": "2026-01-01"}], "reason"),
    ([{"rule": "NET-RISKY-SERVICE", "reason": "  ", "expires": "2026-01-01"}], "needs a reason"),
    ([{"rule": "NET-RISKY-SERVICE", "reason": "x"}], "expires"),
    ([{"rule": "NET-RISKY-SERVICE", "reason": "x", "expires": "明年"}], "expires"),
    ([{"rule": "NET-RISKY-SERVIC", "reason": "x", "expires": "2026-01-01"}], "unknown rule"),
    ([{"rule": "NET-*", "reason": "x", "expires": "2026-01-01", "until": "2026"}], "until"),
])
def test_a_bad_entry_stops_with_the_file_and_the_field(tmp_path: Path, entries: list, message: str):
    path = tmp_path / "ignore.yaml"
    path.write_text(yaml.safe_dump({"ignore": entries}, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as raised:
        load_suppressions(path)
    assert str(path) in str(raised.value)


def test_the_default_file_is_read_only_when_present(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert load_suppressions(None).entries == []
    (tmp_path / ".secsuite-ignore.yaml").write_text("ignore:\n  - {rule: IR-*, reason: 演练, expires: 2026-01-01}\n",
                                                    encoding="utf-8")
    loaded = load_suppressions(None)
    assert [e.rule for e in loaded.entries] == ["IR-*"] and loaded.source == ".secsuite-ignore.yaml"
    (tmp_path / ".secsuite-ignore.yaml").write_text("", encoding="utf-8")
    assert load_suppressions(None).entries == []
    with pytest.raises(ConfigError, match="not found"):
        load_suppressions(tmp_path / "missing.yaml")


def test_the_report_applies_a_suppression_file_to_every_export(example_run: ExampleRun, tmp_path: Path):
    ignore = tmp_path / "ignore.yaml"
    ignore.write_text(yaml.safe_dump({"ignore": [
        {"rule": "MLPS-*", "unit": "市公安局", "reason": "整改中", "expires": "2026-03-31"},
        {"rule": "IR-*", "object": "INC-2025-021", "reason": "已通报", "expires": "2025-12-30"},
    ]}, allow_unicode=True), encoding="utf-8")
    result = report_cli("--db", str(example_run.db), "--output", str(tmp_path), "-f", "json,sarif",
                        "--ignore-file", str(ignore))
    assert result.exit_code == 0, result.output
    assert "#2 IR-* INC-2025-021" in result.output and "不再屏蔽" in result.output
    document = json.loads((tmp_path / "secsuite-report-2025.json").read_text(encoding="utf-8"))
    muted = [f for f in document["findings"] if f["muted"]]
    assert {(f["rule_id"], f["unit"]) for f in muted} == {("MLPS-FILED-LATE", "市公安局"), ("MLPS-EVAL-OVERDUE", "市公安局")}
    assert all(f["mute_reason"] == "整改中（有效期至 2026-03-31）" for f in muted)
    assert not any(f["muted"] for f in document["findings"] if f["object"]["id"] == "INC-2025-021")
    assert document["suppressions"]["expired"] == [{
        "entry": 2, "rule": "IR-*", "object": "INC-2025-021", "unit": None, "reason": "已通报",
        "expires": "2025-12-30", "findings": 4}]
    sarif = json.loads((tmp_path / "secsuite-report-2025.sarif").read_text(encoding="utf-8"))
    suppressed = [r for r in sarif["runs"][0]["results"] if r.get("suppressions")]
    assert len(suppressed) == 2 and all(r["suppressions"][0]["status"] == "accepted" for r in suppressed)
