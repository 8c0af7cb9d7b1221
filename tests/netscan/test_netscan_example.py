"""The bundled example: a saved nmap scan of 127.0.0.1 read against the example inventory, as
README shows it (``secsuite netscan --from-xml examples/netscan/127.0.0.1.xml --inventory
examples/systems.xlsx --as-of 2025-12-31``)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from secsuite.cli import app
from tests.conftest import EXAMPLES


def test_example_scan_against_the_example_inventory(tmp_path):
    out = tmp_path / "netscan.json"
    done = CliRunner().invoke(app, ["netscan", "--from-xml", str(EXAMPLES / "netscan/127.0.0.1.xml"), "--inventory",
                                    str(EXAMPLES / "systems.xlsx"), "--as-of", "2025-12-31", "--no-store",
                                    "--format", "json", "--output", str(out)])
    assert done.exit_code == 0, done.stderr
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["errors"] == []
    found = sorted((f["rule_id"], f["object"]["id"]) for f in document["findings"])
    assert found == [
        ("NET-RISKY-SERVICE", "127.0.0.1:23/tcp"), ("NET-RISKY-SERVICE", "127.0.0.1:5432/tcp"),
        ("NET-RISKY-SERVICE", "127.0.0.1:6379/tcp"), ("TLS-CERT-EXPIRED", "127.0.0.1:8443/tcp"),
        ("TLS-WEAK-PROTOCOL", "127.0.0.1:4433/tcp")]
    linked = {(s["system"], s["unit"]) for a in document["assets"] for s in a["systems"]}
    assert linked == {("警务综合平台", "市公安局"), ("一网通办平台", "市政务服务办")}
    tlcp = next(a for a in document["assets"] if a["port"] == 9443)["tlcp"]
    assert tlcp["supported"] and tlcp["source"] == "nmap-fingerprint"  # so no TLS-NON-SM-CERT for the level-3 systems
