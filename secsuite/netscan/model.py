"""What a network scan found: hosts and services (assets), their TLS and TLCP details, and the
document ``secsuite netscan --format json`` prints (``secsuite.findings/1`` plus ``assets``)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, Field

from secsuite.errors import InputError
from secsuite.findings import Finding
from secsuite.provenance import tool

FINDINGS_SCHEMA = "secsuite.findings/1"

# nmap service names that are TLS even when nmap reports no ssl tunnel.
TLS_SERVICE_NAMES = frozenset({"https", "ssl", "tls", "imaps", "pop3s", "smtps", "ldaps", "ftps", "ircs", "https-alt"})
# What nmap calls a service it could not identify: a TLCP-only server is one of these.
UNIDENTIFIED = frozenset({"", "unknown", "tcpwrapped", "ssl"})


class Certificate(BaseModel):
    """One certificate as the server sent it; ``sm2`` when its key or its signature is SM2."""

    role: Literal["leaf", "chain", "sign", "enc"]
    subject: str
    issuer: str
    serial: str
    not_before: dt.datetime
    not_after: dt.datetime
    key_type: str
    key_bits: int | None = None
    curve: str | None = None
    signature_algorithm: str
    signature_oid: str
    sm2: bool
    sha256: str


class CipherSuite(BaseModel):
    protocol: str
    name: str
    strength: str | None = None
    kex: str | None = None


class TlsDetails(BaseModel):
    """Protocols and suites from nmap's ssl-enum-ciphers; certificates from our own handshake
    (the whole chain) or, for an imported scan, from nmap's ssl-cert (the leaf only)."""

    protocols: list[str] = Field(default_factory=list)
    ciphers: list[CipherSuite] = Field(default_factory=list)
    least_strength: str | None = None
    certificates: list[Certificate] = Field(default_factory=list)
    negotiated: str | None = None
    sources: list[str] = Field(default_factory=list)
    probe_error: str | None = None


class TlcpSuite(BaseModel):
    name: str
    code: str
    handshake: Literal["completed", "server-selected"]


class TlcpDetails(BaseModel):
    """GB/T 38636 on this port. ``server-selected``: the ServerHello chose the suite but the
    handshake needs a client SM2 certificate pair to finish (ECDHE suites)."""

    supported: bool
    version: str | None = None
    suites: list[TlcpSuite] = Field(default_factory=list)
    certificates: list[Certificate] = Field(default_factory=list)
    source: Literal["probe", "nmap-fingerprint"] = "probe"
    probe_error: str | None = None


class SystemRef(BaseModel):
    system: str
    unit: str | None = None


class Asset(BaseModel):
    """An open service (``host:port/proto``) or a live host with nothing open (``host``)."""

    id: str
    host: str
    hostnames: list[str] = Field(default_factory=list)
    port: int | None = None
    protocol: str | None = None
    state: str = "open"
    service: str | None = None
    identified: bool = False  # False: nmap only guessed the name from the port number, or found nothing
    product: str | None = None
    version: str | None = None
    extrainfo: str | None = None
    tunnel: str | None = None
    tls: TlsDetails | None = None
    tlcp: TlcpDetails | None = None
    systems: list[SystemRef] = Field(default_factory=list)
    unit: str | None = None

    @property
    def is_tls(self) -> bool:
        return self.tls is not None or self.tunnel == "ssl" or (self.service or "") in TLS_SERVICE_NAMES

    @property
    def unidentified(self) -> bool:
        return self.port is not None and (not self.identified or (self.service or "") in UNIDENTIFIED)

    @property
    def serves_tlcp(self) -> bool:
        return bool(self.tlcp and self.tlcp.supported)

    def certificates(self) -> list[Certificate]:
        """Every certificate seen on the port, TLS and TLCP, each once."""
        seen: dict[str, Certificate] = {}
        for details in (self.tls, self.tlcp):
            for cert in details.certificates if details else []:
                seen.setdefault(cert.sha256, cert)
        return list(seen.values())

    def label(self) -> str:
        name = self.service or "?"
        return f"{name}/{self.tunnel}" if self.tunnel else name


class NetscanResult(BaseModel):
    as_of: str
    scan: dict[str, Any] = Field(default_factory=dict)
    assets: list[Asset] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    errors: list[dict[str, Any]] = Field(default_factory=list)
    run_id: int | None = None

    def add_error(self, error: InputError) -> None:
        self.errors.append(error.as_dict() | {"text": str(error)})

    def to_json(self) -> dict[str, Any]:
        document: dict[str, Any] = {
            "schema": FINDINGS_SCHEMA,
            "tool": tool(),
            "findings": [finding.to_json() for finding in self.findings],
            "errors": self.errors,
            "assets": [asset.model_dump(mode="json") for asset in self.assets],
            "scan": self.scan,
            "as_of": self.as_of,
        }
        if self.run_id is not None:
            document["run_id"] = self.run_id
        return document
