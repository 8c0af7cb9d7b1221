"""Network rules over a scan: hosts nobody filed, risky services, certificates, protocol versions,
cipher suites, and whether systems that must use national algorithms (国密) do.

Message details come in ``_zh``/``_en`` pairs where words differ by language, so each template of
``network.yaml`` picks its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from secsuite.checks.registry import RuleContext, Violation, check
from secsuite.errors import ConfigError
from secsuite.findings import ObjectRef, Severity
from secsuite.inventory.systems import SystemEntry
from secsuite.netscan.model import Asset, Certificate, SystemRef
from secsuite.schema import Text
from secsuite.timeutil import DEFAULT_TZ

MAX_NAMED = 8
ParamsT = TypeVar("ParamsT", bound=BaseModel)


@dataclass(frozen=True)
class NetworkSubject:
    """The scanned assets, and the filed systems (None when no inventory was given: then nothing
    can be called unfiled and no system's requirements are known)."""

    assets: list[Asset]
    systems: list[SystemEntry] | None


class RiskyService(BaseModel):
    name: str
    ports: list[int] = []
    services: list[str] = []
    severity: Severity
    reason: Text


class RiskyParams(BaseModel):
    services: list[RiskyService]
    extra_services: list[RiskyService] = []


class NationalParams(BaseModel):
    min_mlps_level: int
    cii: bool


def _params(model: type[ParamsT], ctx: RuleContext, rule_id: str) -> ParamsT:
    """Rule parameters may come from a user's config file: a bad one is a config error."""
    try:
        return model.model_validate(ctx.params)
    except ValidationError as exc:
        raise ConfigError(f"rules.{rule_id}: {exc}") from None


def _ref(asset: Asset) -> ObjectRef:
    return ObjectRef(kind="asset", id=asset.id)


def _named(items: list[str]) -> str:
    shown = "、".join(items[:MAX_NAMED])
    return shown + (f" …(+{len(items) - MAX_NAMED})" if len(items) > MAX_NAMED else "")


def _local_date(stamp: dt.datetime) -> dt.date:
    return stamp.astimezone(DEFAULT_TZ).date()


def _cert_text(cert: Certificate) -> str:
    return f"{cert.subject} [{cert.role}] {_local_date(cert.not_after).isoformat()}"


def _cert_evidence(cert: Certificate, as_of: dt.date) -> dict[str, Any]:
    return {"role": cert.role, "subject": cert.subject, "issuer": cert.issuer, "sha256": cert.sha256,
            "not_after": cert.not_after.isoformat(), "days_left": (_local_date(cert.not_after) - as_of).days}


@check("NET-UNFILED-ASSET")
def unfiled_asset(subject: NetworkSubject, ctx: RuleContext) -> Iterator[Violation]:
    if subject.systems is None:
        return
    by_host: dict[str, list[Asset]] = {}
    for asset in subject.assets:
        by_host.setdefault(asset.host, []).append(asset)
    for host, assets in by_host.items():
        if any(asset.systems for asset in assets):
            continue
        services = [f"{a.port}/{a.protocol} {a.service or '?'}" for a in assets if a.port is not None]
        yield Violation(
            obj=ObjectRef(kind="asset", id=host), unit=None,
            details={"host": host, "services": _named(services) or "—"},
            evidence={"host": host, "hostnames": assets[0].hostnames,
                      "open_ports": [a.port for a in assets if a.port is not None]},
        )


def _risky(asset: Asset, entries: list[RiskyService]) -> RiskyService | None:
    """A port number, or the service name nmap saw (not for a TLS-wrapped variant such as FTPS)."""
    by_name = asset.service if asset.tunnel != "ssl" else None
    return next((e for e in entries if asset.port in e.ports or (by_name and by_name in e.services)), None)


@check("NET-RISKY-SERVICE")
def risky_service(subject: NetworkSubject, ctx: RuleContext) -> Iterator[Violation]:
    params = _params(RiskyParams, ctx, "NET-RISKY-SERVICE")
    entries = params.services + params.extra_services
    for asset in subject.assets:
        entry = _risky(asset, entries) if asset.port is not None else None
        if entry is None:
            continue
        yield Violation(
            obj=_ref(asset), unit=asset.unit, severity=entry.severity,
            details={"asset": asset.id, "service": asset.service or "?", "rule_name": entry.name,
                     "reason_zh": entry.reason.zh, "reason_en": entry.reason.en},
            evidence={"port": asset.port, "service": asset.service, "product": asset.product,
                      "version": asset.version, "matched": entry.name},
        )


@check("TLS-CERT-EXPIRED")
def cert_expired(subject: NetworkSubject, ctx: RuleContext) -> Iterator[Violation]:
    for asset in subject.assets:
        expired = [cert for cert in asset.certificates() if _local_date(cert.not_after) < ctx.as_of]
        if expired:
            yield Violation(
                obj=_ref(asset), unit=asset.unit,
                details={"asset": asset.id, "certificates": _named([_cert_text(cert) for cert in expired])},
                evidence={"certificates": [_cert_evidence(cert, ctx.as_of) for cert in expired]},
            )


@check("TLS-CERT-EXPIRING")
def cert_expiring(subject: NetworkSubject, ctx: RuleContext) -> Iterator[Violation]:
    days = int(ctx.params["days"])
    for asset in subject.assets:
        soon = [cert for cert in asset.certificates()
                if 0 <= (_local_date(cert.not_after) - ctx.as_of).days <= days]
        if soon:
            yield Violation(
                obj=_ref(asset), unit=asset.unit,
                details={"asset": asset.id, "days": days, "certificates": _named([_cert_text(cert) for cert in soon])},
                evidence={"window_days": days, "certificates": [_cert_evidence(cert, ctx.as_of) for cert in soon]},
            )


@check("TLS-WEAK-PROTOCOL")
def weak_protocol(subject: NetworkSubject, ctx: RuleContext) -> Iterator[Violation]:
    weak = [str(name) for name in ctx.params["protocols"]]
    for asset in subject.assets:
        found = [name for name in weak if asset.tls and name in asset.tls.protocols]
        if found:
            yield Violation(obj=_ref(asset), unit=asset.unit, details={"asset": asset.id, "protocols": _named(found)},
                            evidence={"weak": found, "protocols": asset.tls.protocols if asset.tls else []})


def _weak_cipher(name: str, strength: str | None, tokens: set[str], min_strength: str) -> bool:
    parts = name.upper().split("_")
    by_name = any(part == token or part.startswith(token) for part in parts for token in tokens)
    return by_name or bool(strength) and strength.upper() > min_strength


@check("TLS-WEAK-CIPHER")
def weak_cipher(subject: NetworkSubject, ctx: RuleContext) -> Iterator[Violation]:
    tokens = {str(token).upper() for token in ctx.params["tokens"]}
    min_strength = str(ctx.params["min_strength"]).upper()
    for asset in subject.assets:
        ciphers = asset.tls.ciphers if asset.tls else []
        weak = list(dict.fromkeys(c.name for c in ciphers if _weak_cipher(c.name, c.strength, tokens, min_strength)))
        if weak:
            yield Violation(
                obj=_ref(asset), unit=asset.unit, details={"asset": asset.id, "ciphers": _named(weak)},
                evidence={"weak": weak, "grades": {c.name: c.strength for c in ciphers if c.name in weak}},
            )


def _why(system: SystemEntry, params: NationalParams) -> tuple[list[str], list[str]]:
    """Why a system must use national algorithms, in Chinese and English; empty when it need not."""
    zh, en = [], []
    if system.mlps_level is not None and system.mlps_level >= params.min_mlps_level:
        zh.append(f"等保第{'一二三四五'[system.mlps_level - 1]}级")
        en.append(f"MLPS level {system.mlps_level}")
    if params.cii and system.cii:
        zh.append("关键信息基础设施")
        en.append("CII")
    return zh, en


def _service_text(asset: Asset) -> str:
    keys = sorted({cert.key_type for cert in asset.certificates()}) or [asset.label()]
    return f"{asset.id} {'/'.join(keys)}"


@check("TLS-NON-SM-CERT")
def non_sm_cert(subject: NetworkSubject, ctx: RuleContext) -> Iterator[Violation]:
    params = _params(NationalParams, ctx, "TLS-NON-SM-CERT")
    for system in subject.systems or []:
        why_zh, why_en = _why(system, params)
        if not why_zh:
            continue
        ref = SystemRef(system=system.system, unit=system.unit)
        served = [asset for asset in subject.assets if ref in asset.systems and
                  (asset.is_tls or asset.serves_tlcp or (asset.service or "").startswith("http"))]
        if not served or any(a.serves_tlcp or any(c.sm2 for c in a.certificates()) for a in served):
            continue
        yield Violation(
            obj=ObjectRef(kind="system", id=system.system), unit=system.unit,
            details={"system": system.system, "why_zh": "、".join(why_zh), "why_en": ", ".join(why_en),
                     "services": _named([_service_text(asset) for asset in served])},
            evidence={"mlps_level": system.mlps_level, "cii": system.cii,
                      "services": [asset.id for asset in served],
                      "tlcp_not_probed": [asset.id for asset in served if asset.tlcp is None]},
        )
