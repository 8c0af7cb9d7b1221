"""The netscan use case on the example's saved nmap scan of 127.0.0.1 against the example inventory."""

from __future__ import annotations

import datetime as dt

import pytest

from secsuite.app.netscan import NetscanJob, netscan
from secsuite.app.run import Provenance
from secsuite.config import NetscanConfig
from secsuite.errors import InputErrors
from secsuite.netscan.pipeline import NetscanHooks
from secsuite.store.models import Asset, FindingRecord, Run, RunError, SystemRecord
from tests.conftest import EXAMPLES

AS_OF = dt.date(2025, 12, 31)
XML, INVENTORY = EXAMPLES / "netscan" / "127.0.0.1.xml", EXAMPLES / "systems.xlsx"


def test_an_imported_scan_is_linked_and_recorded(store_url, rows):
    errors: list = []
    job = NetscanJob(as_of=AS_OF, from_xml=XML, inventory=INVENTORY, store_url=store_url,
                     provenance=Provenance("scheduled", "schedule:1"))
    outcome = netscan(job, NetscanHooks(error=errors.append))
    assert outcome.complete and errors == [] and outcome.result.scan["inventory"] == str(INVENTORY)
    assert len(outcome.result.findings) == 5
    linked = {(s.system, s.unit) for a in outcome.result.assets for s in a.systems}
    assert linked == {("警务综合平台", "市公安局"), ("一网通办平台", "市政务服务办")}
    (run,) = rows(Run, outcome.run_id)
    assert (run.kind, run.complete, run.trigger, run.actor) == ("netscan", True, "scheduled", "schedule:1")
    assert {a.asset_id for a in rows(Asset, run.id)} == {a.id for a in outcome.result.assets}
    assert {f.finding_id for f in rows(FindingRecord, run.id)} == {f.id for f in outcome.result.findings}
    assert rows(SystemRecord, run.id) == []  # the inventory links assets; systems are a check's record


def test_inventory_rows_left_out_are_errors_of_an_incomplete_run(store_url, rows, tmp_path):
    inventory = tmp_path / "systems.csv"
    inventory.write_text("单位名称,系统名称,安全保护等级,主机/IP\n市公安局,警务综合平台,3,127.0.0.1\n"
                         "市民政局,救助系统,九级,127.0.0.2\n", encoding="utf-8")
    outcome = netscan(NetscanJob(as_of=AS_OF, from_xml=XML, inventory=inventory, store_url=store_url))
    assert not outcome.complete
    assert [(e.source, e.row) for e in rows(RunError, outcome.run_id)] == [(str(inventory), 3)]


def test_the_same_import_has_one_scope_and_without_the_inventory_another(store_url, rows):
    runs = [netscan(NetscanJob(as_of=AS_OF, from_xml=XML, inventory=inventory, store_url=store_url)).run_id
            for inventory in (INVENTORY, INVENTORY, None)]
    keys = [rows(Run, run_id)[0].scope_key for run_id in runs]
    assert keys[0] == keys[1] != keys[2]


@pytest.mark.parametrize(
    ("job", "error", "message"),
    [
        (NetscanJob(as_of=AS_OF, from_xml=XML, targets=["127.0.0.1"]), ValueError, "not both"),
        (NetscanJob(as_of=AS_OF), ValueError, "give targets"),
        (NetscanJob(as_of=AS_OF, targets=["10.0.0.0/16"], settings=NetscanConfig(max_hosts=256)), ValueError, "256"),
        (NetscanJob(as_of=AS_OF, targets=["127.0.0.1"], ports="70000"), ValueError, "--ports"),
        (NetscanJob(as_of=AS_OF, targets=["127.0.0.1"], timeout="soon"), ValueError, "--timeout"),
    ],
)
def test_requests_refused_before_any_packet_is_sent(job, error, message):
    with pytest.raises(error, match=message):
        netscan(job)


def test_an_inventory_without_a_usable_row_stops_the_scan(tmp_path):
    inventory = tmp_path / "systems.csv"
    inventory.write_text("单位名称,系统名称,安全保护等级\n市民政局,救助系统,九级\n", encoding="utf-8")
    with pytest.raises(InputErrors) as raised:
        netscan(NetscanJob(as_of=AS_OF, from_xml=XML, inventory=inventory))
    assert [error.row for error in raised.value.errors] == [2]
