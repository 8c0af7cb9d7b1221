"""Assets from nmap's hosts: one per open port, with what the ssl-cert and ssl-enum-ciphers
scripts found, and one for a live host that has nothing open."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from secsuite.netscan import certificates
from secsuite.netscan.model import Asset, CipherSuite, TlsDetails
from secsuite.netscan.nmap_xml import NmapHost, NmapPort, NmapRun
from secsuite.netscan.tlcp import from_fingerprint

PROTOCOL_ORDER = ("SSLv2", "SSLv3", "TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3")


def _tls(scripts: dict[str, Any]) -> TlsDetails | None:
    enum = scripts.get("ssl-enum-ciphers")
    cert = scripts.get("ssl-cert")
    if not isinstance(enum, dict) and not isinstance(cert, dict):
        return None
    details = TlsDetails()
    if isinstance(enum, dict):
        versions = [key for key in enum if isinstance(enum[key], dict)]
        details.protocols = sorted(versions, key=lambda v: PROTOCOL_ORDER.index(v) if v in PROTOCOL_ORDER else 99)
        details.ciphers = [
            CipherSuite(protocol=version, name=suite.get("name", ""), strength=suite.get("strength"),
                        kex=suite.get("kex_info"))
            for version in details.protocols for suite in enum[version].get("ciphers", []) if isinstance(suite, dict)
        ]
        details.least_strength = enum.get("least strength")
        details.sources.append("nmap:ssl-enum-ciphers")
    if isinstance(cert, dict) and cert.get("pem"):
        try:
            details.certificates = [certificates.from_pem(cert["pem"], "leaf")]
        except ValueError as exc:
            details.probe_error = f"ssl-cert PEM does not parse: {exc}"
        details.sources.append("nmap:ssl-cert")
    return details


def _service(host: NmapHost, port: NmapPort, imported: bool) -> Asset:
    service = port.service
    return Asset(
        id=f"{host.address}:{port.port}/{port.protocol}",
        host=host.address,
        hostnames=list(host.hostnames),
        port=port.port,
        protocol=port.protocol,
        state=port.state,
        service=service.get("name") or None,
        identified=service.get("method") == "probed",
        product=service.get("product"),
        version=service.get("version"),
        extrainfo=service.get("extrainfo"),
        tunnel=service.get("tunnel"),
        tls=_tls(port.scripts),
        tlcp=from_fingerprint(service.get("servicefp", "")) if imported else None,
    )


def assets_of(run: NmapRun, imported: bool) -> Iterator[Asset]:
    """Live hosts only; ``imported`` scans take TLCP from nmap's fingerprint, as nothing is probed."""
    for host in run.hosts:
        if host.state != "up":
            continue
        open_ports = [port for port in host.ports if port.state == "open"]
        for port in open_ports:
            yield _service(host, port, imported)
        if not open_ports and host.reason != "user-set":  # -Pn marks every host up: that is no sign of life
            yield Asset(id=host.address, host=host.address, hostnames=list(host.hostnames), state="up")
