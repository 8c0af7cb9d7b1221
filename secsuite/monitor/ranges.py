"""Approved scan ranges: monitoring runs nmap only inside ranges a named person approved for the
target's unit. A network target is checked when it is added and again before every run, so a
revoked approval stops the next scan. Host names are approved by name only (nmap resolves them,
so their addresses cannot be checked against a network beforehand)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from secsuite.monitor.models import ApprovedRange
from secsuite.monitor.times import stored
from secsuite.netscan.targets import Target, parse_target


class RangeError(ValueError):
    """A range that cannot be approved, or a network target outside every approved range."""


def approve(session: Session, spec: str, unit: str, approved_by: str, reason: str,
            now: dt.datetime) -> ApprovedRange:
    """Record ``spec`` (address, CIDR, IPv4 range or host name) as approved for ``unit``."""
    target = parse_target(spec)  # TargetError (a ValueError) names what is expected
    if not unit.strip():
        raise RangeError("须指定单位 (a unit is required)")
    if not approved_by.strip():
        raise RangeError("须写明批准人 (who approves must be named)")
    if not reason.strip():
        raise RangeError("须填写批准理由，如授权书编号 (a reason is required, e.g. the authorisation letter's number)")
    row = ApprovedRange(unit=unit.strip(), spec=target.text, reason=reason.strip(), approved_by=approved_by.strip(),
                        approved_at=stored(now))
    session.add(row)
    session.flush()
    return row


def revoke(session: Session, range_id: int, revoked_by: str, now: dt.datetime) -> ApprovedRange:
    row = session.get(ApprovedRange, range_id)
    if row is None or row.revoked_at is not None:
        raise RangeError(f"没有生效的批准范围 #{range_id} (no approved range #{range_id} in force)")
    row.revoked_by, row.revoked_at = revoked_by, stored(now)
    return row


def approved(session: Session, unit: str | None = None) -> list[ApprovedRange]:
    """The approvals in force, of one unit or of all."""
    query = select(ApprovedRange).where(ApprovedRange.revoked_at.is_(None))
    if unit is not None:
        query = query.where(ApprovedRange.unit == unit)
    return list(session.scalars(query.order_by(ApprovedRange.unit, ApprovedRange.id)))


def _covered(target: Target, allowed: list[Target]) -> bool:
    if not target.networks:
        return any(not a.networks and a.text == target.text for a in allowed)
    return all(any(network.version == net.version and network.subnet_of(net)  # type: ignore[arg-type]
                   for a in allowed for net in a.networks)
               for network in target.networks)


def unapproved(session: Session, unit: str, specs: Iterable[str]) -> list[str]:
    """The targets of ``specs`` not wholly inside a range approved for ``unit``."""
    allowed = [parse_target(row.spec) for row in approved(session, unit)]
    return [spec for spec in specs if not _covered(parse_target(spec), allowed)]


def require_approved(session: Session, unit: str, specs: Iterable[str]) -> None:
    outside = unapproved(session, unit, specs)
    if outside:
        raise RangeError(
            f"扫描范围未经批准 (not approved for scanning) for {unit}: {', '.join(outside)}; "
            "请安全管理员先批准 (a security administrator approves ranges: "
            "secsuite monitor ranges approve RANGE --unit UNIT --by NAME --reason …)")
