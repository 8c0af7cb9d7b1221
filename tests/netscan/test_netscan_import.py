"""``--from-xml``: a saved nmap scan of the loopback servers (tests/netscan/data/loopback.xml,
made by ``python -m tests.netscan.loopback``) read offline, checked against an inventory and
stored; and every way such a file can be broken."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from secsuite.cli import app
from secsuite.errors import InputError
from secsuite.netscan.assets import assets_of
from secsuite.netscan.nmap_xml import parse_nmap_xml
from tests.netscan.conftest import SAVED_AS_OF, SAVED_SCAN


def netscan(tmp_path: Path, *args: str) -> tuple[int, dict, str]:
    """Run ``secsuite netscan --from-xml`` in-process; the JSON document and stderr."""
    out = tmp_path / "out.json"
    done = CliRunner().invoke(app, ["netscan", "--from-xml", str(SAVED_SCAN), "--format", "json", "--output", str(out),
                                    *args])
    return done.exit_code, json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}, done.stderr


def by_rule(document: dict) -> dict[str, list[dict]]:
    rules: dict[str, list[dict]] = {}
    for finding in document["findings"]:
        rules.setdefault(finding["rule_id"], []).append(finding)
    return rules


def test_saved_scan_parses_hosts_ports_and_scripts():
    run = parse_nmap_xml(SAVED_SCAN.read_bytes(), str(SAVED_SCAN))
    assert run.version and run.scan_type in {"syn", "connect"}
    assert [host.address for host in run.hosts] == ["127.0.0.1", "127.0.0.2", "127.0.0.3"]
    assets = {asset.id: asset for asset in assets_of(run, imported=True)}
    assert set(assets) == {"127.0.0.1:23/tcp", "127.0.0.1:443/tcp", "127.0.0.1:4433/tcp", "127.0.0.1:8443/tcp",
                           "127.0.0.2:9443/tcp", "127.0.0.3"}
    https = assets["127.0.0.1:443/tcp"]
    assert (https.service, https.product, https.tunnel, https.identified) == ("http", "nginx", "ssl", True)
    assert {"TLSv1.2", "TLSv1.3"} <= set(https.tls.protocols) and https.tls.least_strength == "A"
    leaf = https.tls.certificates[0]
    assert (leaf.role, leaf.key_type, leaf.key_bits, leaf.signature_algorithm, leaf.sm2) == (
        "leaf", "RSA", 2048, "sha256WithRSAEncryption", False)
    assert assets["127.0.0.1:4433/tcp"].tls.protocols == ["TLSv1.0"]
    tlcp = assets["127.0.0.2:9443/tcp"]
    assert tlcp.tls is None and tlcp.tlcp.supported and tlcp.tlcp.source == "nmap-fingerprint"
    assert assets["127.0.0.3"].port is None and assets["127.0.0.3"].state == "up"


def test_import_with_inventory_finds_every_network_rule(tmp_path, systems_file):
    code, document, stderr = netscan(tmp_path, "--inventory", str(systems_file), "--as-of", SAVED_AS_OF,
                                     "--no-store")
    assert code == 0, stderr
    assert document["schema"] == "secsuite.findings/1" and document["errors"] == []
    rules = by_rule(document)
    assert [f["object"]["id"] for f in rules["NET-UNFILED-ASSET"]] == ["127.0.0.3"]
    risky = rules["NET-RISKY-SERVICE"]
    assert [(f["object"]["id"], f["severity"], f["unit"]) for f in risky] == [("127.0.0.1:23/tcp", "high", "市数据局")]
    assert [f["object"]["id"] for f in rules["TLS-CERT-EXPIRED"]] == ["127.0.0.1:8443/tcp"]
    assert rules["TLS-CERT-EXPIRED"][0]["evidence"]["certificates"][0]["days_left"] < 0
    assert [f["object"]["id"] for f in rules["TLS-WEAK-PROTOCOL"]] == ["127.0.0.1:4433/tcp"]
    assert "TLSv1.0" in rules["TLS-WEAK-PROTOCOL"][0]["message"]
    non_sm = rules["TLS-NON-SM-CERT"]  # 门户网站 (level 3) has RSA only; 国密网关 (CII) answers in TLCP
    assert [(f["object"], f["unit"]) for f in non_sm] == [({"kind": "system", "id": "门户网站"}, "市数据局")]
    assert "TLS-CERT-EXPIRING" not in rules
    assets = {asset["id"]: asset for asset in document["assets"]}
    assert assets["127.0.0.2:9443/tcp"]["systems"] == [{"system": "国密网关", "unit": "市公安局"}]
    assert assets["127.0.0.3"]["systems"] == [] and assets["127.0.0.3"]["unit"] is None


def test_expiring_window_follows_as_of_and_config(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, document, _ = netscan(tmp_path, "--as-of", "2026-11-20", "--no-store")
    assert code == 0
    expiring = {f["object"]["id"] for f in by_rule(document)["TLS-CERT-EXPIRING"]}
    assert expiring == {"127.0.0.1:443/tcp", "127.0.0.1:4433/tcp"}  # valid until 2026-12-01: 11 days left
    (tmp_path / "secsuite.yaml").write_text("rules:\n  TLS-CERT-EXPIRING: {days: 7}\n", encoding="utf-8")
    code, document, _ = netscan(tmp_path, "--as-of", "2026-11-20", "--no-store")
    assert code == 0 and "TLS-CERT-EXPIRING" not in by_rule(document)


def test_without_inventory_nothing_is_unfiled(tmp_path):
    code, document, _ = netscan(tmp_path, "--as-of", SAVED_AS_OF, "--no-store")
    rules = by_rule(document)
    assert code == 0 and "NET-UNFILED-ASSET" not in rules and "TLS-NON-SM-CERT" not in rules
    assert all(asset["systems"] == [] for asset in document["assets"])


def test_fail_on_and_english(tmp_path):
    code, document, _ = netscan(tmp_path, "--as-of", SAVED_AS_OF, "--no-store", "--fail-on", "high", "--lang", "en")
    assert code == 1
    weak = by_rule(document)["TLS-WEAK-PROTOCOL"][0]
    assert weak["title"] == "Service accepts a deprecated SSL/TLS version" and weak["message"].endswith(".")


def test_import_is_stored_with_assets_linked_to_systems(tmp_path, systems_file):
    store = tmp_path / "store.db"
    code, document, _ = netscan(tmp_path, "--inventory", str(systems_file), "--as-of", SAVED_AS_OF, "--db", str(store))
    assert code == 0 and document["run_id"] == 1
    with sqlite3.connect(store) as db:
        assert db.execute("select kind, status from runs").fetchall() == [("netscan", "finished")]
        rows = db.execute("select asset_id, unit, systems, tls, tlcp from assets order by asset_id").fetchall()
        assert len(rows) == len(document["assets"]) == 6
        stored = {row[0]: row for row in rows}
        assert json.loads(stored["127.0.0.2:9443/tcp"][2]) == [{"system": "国密网关", "unit": "市公安局"}]
        assert json.loads(stored["127.0.0.1:443/tcp"][3])["certificates"][0]["key_type"] == "RSA"
        assert json.loads(stored["127.0.0.2:9443/tcp"][4])["supported"] is True
        assert db.execute("select count(*) from findings").fetchone()[0] == len(document["findings"])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_table_output(tmp_path, systems_file, lang):
    done = CliRunner().invoke(app, ["netscan", "--from-xml", str(SAVED_SCAN), "--inventory", str(systems_file),
                                    "--as-of", SAVED_AS_OF, "--no-store", "--lang", lang], env={"COLUMNS": "200"})
    assert done.exit_code == 0
    words = {"zh": ["主机与开放服务", "发现的问题", "未备案", "由 nmap 指纹识别"],
             "en": ["Hosts and open services", "Findings", "not filed", "seen in nmap's fingerprint"]}[lang]
    for word in [*words, "127.0.0.1:443/tcp", "nginx 1.24.0", "[leaf] CN=https.loopback.test", "TLSv1.0"]:
        assert word in done.stdout


@pytest.mark.parametrize(("content", "message"), [
    (lambda xml: xml[: len(xml) // 2], "不完整"),
    (lambda xml: xml.replace(b"<runstats>", b"<!--").replace(b"</runstats>", b"-->"), "runstats"),
    (lambda xml: b"<?xml version='1.0'?><report><host/></report>", "not nmap XML"),
    (lambda xml: xml.replace(b'exit="success"', b'exit="error" errormsg="Failed to open device lo"'),
     "Failed to open device"),
])
def test_broken_xml_is_a_clear_input_error(tmp_path, content, message):
    broken = tmp_path / "broken.xml"
    broken.write_bytes(content(SAVED_SCAN.read_bytes()))
    with pytest.raises(InputError, match=message):
        parse_nmap_xml(broken.read_bytes(), str(broken))
    done = CliRunner().invoke(app, ["netscan", "--from-xml", str(broken), "--no-store"])
    assert done.exit_code == 2 and str(broken) in done.stderr


def test_truncated_xml_names_the_line(tmp_path):
    with pytest.raises(InputError) as caught:
        parse_nmap_xml(SAVED_SCAN.read_bytes()[:4000], "cut.xml")
    assert caught.value.row and caught.value.row > 1 and "truncated" in caught.value.message


def test_missing_file(tmp_path):
    done = CliRunner().invoke(app, ["netscan", "--from-xml", str(tmp_path / "none.xml"), "--no-store"])
    assert done.exit_code == 2 and "无法读取" in done.stderr
