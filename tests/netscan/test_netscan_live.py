"""The real nmap against the loopback servers, through ``secsuite netscan`` as a user runs it: TLS
from nmap's scripts and our chain fetch, TLCP by handshake, the inventory link, the store, and the
timeouts that keep a scan from hanging. Only 127.0.0.1-3 are scanned, only on the servers' ports."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
import time

import pytest
import yaml

from secsuite.netscan.driver import NmapOptions, can_syn_scan, run_groups
from secsuite.netscan.nmap_xml import parse_nmap_xml
from secsuite.netscan.ports import parse_ports
from secsuite.netscan.targets import plan_targets
from tests.netscan.conftest import secsuite

pytestmark = pytest.mark.skipif(shutil.which("nmap") is None, reason="nmap is not installed: apt-get install nmap")
AS_OF = dt.date.today() + dt.timedelta(days=20)  # the TLCP pair ends 45 days after today: it is expiring by then


@pytest.fixture(scope="module")
def live_run(loopback, systems_file, tmp_path_factory):
    work = tmp_path_factory.mktemp("live")
    risky = {"name": "loopback-risky", "ports": [loopback.port("plain")], "severity": "high",
             "reason": {"zh": "测试用高危端口", "en": "the test's risky port"}}
    config = {"netscan": {"probe_timeout": 5}, "rules": {"NET-RISKY-SERVICE": {"extra_services": [risky]}}}
    (work / "secsuite.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    ports = ",".join(str(listener.port) for listener in loopback.listeners.values())
    started = time.monotonic()
    done = secsuite("netscan", "127.0.0.1", "127.0.0.2", "127.0.0.3", "--ports", ports, "--inventory",
                    str(systems_file), "--host-timeout", "90s", "--timeout", "3m", "--as-of", AS_OF.isoformat(),
                    "--format", "json", "--output", "out.json", "--db", "store.db", cwd=work)
    assert done.returncode == 0, done.stderr
    return work, json.loads((work / "out.json").read_text(encoding="utf-8")), time.monotonic() - started


def asset(document: dict, host: str, port: int) -> dict:
    return next(a for a in document["assets"] if a["id"] == f"{host}:{port}/tcp")


def findings(document: dict, rule_id: str) -> dict[str, dict]:
    return {f["object"]["id"]: f for f in document["findings"] if f["rule_id"] == rule_id}


def test_live_scan_lists_every_server(live_run, loopback):
    _, document, _ = live_run
    assert document["schema"] == "secsuite.findings/1"
    assert document["errors"] == [], document["errors"]  # nmap's stderr lines would be here
    assert document["scan"]["scan_type"] == ("syn" if can_syn_scan() else "connect")
    assert document["scan"]["hosts_up"] == 3 and document["scan"]["addresses"] == 3
    expected = {f"{listener.host}:{listener.port}/tcp" for listener in loopback.listeners.values()} | {"127.0.0.3"}
    assert {a["id"] for a in document["assets"]} == expected


def test_live_scan_reads_tls_from_nmap_and_our_handshake(live_run, loopback):
    _, document, _ = live_run
    https = asset(document, "127.0.0.1", loopback.port("https"))
    assert (https["service"], https["product"], https["version"], https["tunnel"]) == ("http", "nginx", "1.24.0", "ssl")
    tls = https["tls"]
    assert {"TLSv1.2", "TLSv1.3"} <= set(tls["protocols"]) and tls["ciphers"]
    assert {"nmap:ssl-enum-ciphers", "nmap:ssl-cert", "probe"} <= set(tls["sources"])
    assert tls["negotiated"].startswith("TLSv1.3")
    assert [(c["role"], c["key_type"], c["key_bits"]) for c in tls["certificates"]] == [("leaf", "RSA", 2048)]
    assert https["tlcp"] == {"supported": False, "version": None, "suites": [], "certificates": [], "source": "probe",
                             "probe_error": https["tlcp"]["probe_error"]}


def test_live_scan_detects_tlcp_by_handshake(live_run, loopback):
    _, document, _ = live_run
    tlcp = asset(document, "127.0.0.2", loopback.port("tlcp"))
    assert tlcp["tls"] is None and tlcp["tlcp"]["supported"] and tlcp["tlcp"]["version"] == "0x0101"
    assert [s["handshake"] for s in tlcp["tlcp"]["suites"]] == ["completed", "completed", "server-selected",
                                                               "server-selected"]
    assert [(c["role"], c["sm2"]) for c in tlcp["tlcp"]["certificates"]] == [("sign", True), ("enc", True)]
    assert tlcp["systems"] == [{"system": "国密网关", "unit": "市公安局"}]


def test_live_scan_findings(live_run, loopback):
    _, document, _ = live_run
    risky = findings(document, "NET-RISKY-SERVICE")[f"127.0.0.1:{loopback.port('plain')}/tcp"]
    assert risky["severity"] == "high" and "测试用高危端口" in risky["message"] and risky["unit"] == "市数据局"
    assert set(findings(document, "TLS-CERT-EXPIRED")) == {f"127.0.0.1:{loopback.port('expired')}/tcp"}
    expiring = findings(document, "TLS-CERT-EXPIRING")
    assert set(expiring) == {f"127.0.0.2:{loopback.port('tlcp')}/tcp"}
    assert {c["role"] for c in expiring[f"127.0.0.2:{loopback.port('tlcp')}/tcp"]["evidence"]["certificates"]} == {
        "sign", "enc"}
    assert set(findings(document, "NET-UNFILED-ASSET")) == {"127.0.0.3"}
    assert set(findings(document, "TLS-NON-SM-CERT")) == {"门户网站"}
    if loopback.tls10_refused:
        pytest.skip(loopback.tls10_refused)
    tls10 = asset(document, "127.0.0.1", loopback.port("tls10"))
    assert tls10["tls"]["protocols"] == ["TLSv1.0"] and tls10["tls"]["negotiated"].startswith("TLSv1 ")
    assert set(findings(document, "TLS-WEAK-PROTOCOL")) == {tls10["id"]}


def test_live_scan_is_stored(live_run):
    work, document, _ = live_run
    with sqlite3.connect(work / "store.db") as db:
        assert db.execute("select kind, status from runs").fetchall() == [("netscan", "finished")]
        assert db.execute("select count(*) from assets").fetchone()[0] == len(document["assets"])
        assert db.execute("select count(*) from findings").fetchone()[0] == len(document["findings"])
        tlcp = json.loads(db.execute("select tlcp from assets where tlcp like '%\"supported\": true%'").fetchone()[0])
        assert len(tlcp["suites"]) == 4


def test_connect_scan_when_unprivileged(loopback):
    """The -sT path of an unprivileged user, forced, over one server with the lightest version scan."""
    options = NmapOptions(ports=parse_ports(str(loopback.port("https"))), host_timeout=60, total_timeout=60,
                          version_intensity=0, privileged=False)
    plan = plan_targets(["127.0.0.1"], max_hosts=1, confirmed=False)
    [(group, xml, errors)] = list(run_groups(plan.groups, options, time.monotonic() + 60))
    run = parse_nmap_xml(xml, "nmap")
    assert run.scan_type == "connect" and "-sT" in run.args and errors == []
    (port,) = run.hosts[0].ports
    assert port.state == "open" and "ssl-cert" in port.scripts


def test_total_timeout_stops_a_scan_that_would_take_longer(loopback, tmp_path):
    started = time.monotonic()
    done = secsuite("netscan", "127.0.0.1", "--ports", str(loopback.port("plain")), "--timeout", "2s", "--no-store",
                    "--format", "json", cwd=tmp_path, timeout=60)
    assert time.monotonic() - started < 30
    assert done.returncode == 2
    document = json.loads(done.stdout)
    assert document["assets"] == [] and "total timeout" in document["errors"][0]["message"]
