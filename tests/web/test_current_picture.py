"""The pages show, per unit, the latest run that covered it: a scan that a unit pushes or uploads
for itself replaces that unit's findings on the list, the dashboard and the API, and leaves the
other units' findings of the earlier all-unit run where they were."""

from __future__ import annotations

from secsuite.findings import Severity
from secsuite.store.db import open_engine
from secsuite.store.recorder import RunRecorder
from tests.web.conftest import AS_OF, UNIT_A, _finding


def test_a_run_for_one_unit_replaces_that_unit_only(site, clients):
    fresh = _finding("DATA-SHARE-OVER-LEVEL", UNIT_A, "data/民政/救助.csv", Severity.high)
    recorder = RunRecorder(open_engine(site.url), "scan", AS_OF, {"paths": ["web:upload/scan/民政"]})
    recorder.findings([fresh])
    recorder.finish()
    auditor = clients["auditor"]
    listed = auditor.get("/findings").text
    assert "data/民政/救助.csv" in listed and "data/民政/低保.csv" not in listed  # A: the new run only
    assert "data/公安/人口.csv" in listed and "data/宿城/社保.csv" in listed  # B and C: still the first run
    export = auditor.get("/findings/export.csv").text  # the dashboard and exports read the same picture
    assert "救助.csv" in export and "人口.csv" in export and "社保.csv" in export and "低保.csv" not in export
    own = clients["unit_a"].get("/findings").text
    assert "data/民政/救助.csv" in own and "data/民政/养老.csv" not in own
    assert "data/公安/人口.csv" in clients["unit_b"].get("/findings").text
