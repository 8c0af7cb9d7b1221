"""Alert recipients by role and unit: an e-mail rule may name ``role@unit`` (``unit_admin@市民政局``)
or ``role@*`` (the alert's own unit) beside plain addresses. They are resolved when the alert is
sent, so a grant given or revoked since the rule was installed counts, to the addresses of the
active users holding that role on that unit or on every unit; a role nobody holds is reported."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from secsuite.report.store_view import china_time
from secsuite.store.access import RoleGrant, UnitRecord, User
from secsuite.web.roles import ROLES

ANY_UNIT = "*"
ADDRESS = re.compile(r"^[^@\s]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$")


@dataclass(frozen=True)
class RoleRecipient:
    role: str
    unit: str  # a unit's name or code, or ``*`` for the alert's unit

    def __str__(self) -> str:
        return f"{self.role}@{self.unit}"


@dataclass
class Resolved:
    addresses: list[str] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)  # "role@unit: why", for the delivery record


def is_address(text: str) -> bool:
    return len(text) <= 254 and ADDRESS.match(text) is not None


def parse(recipient: str) -> RoleRecipient | str:
    """``role@unit`` when the part before ``@`` is a role and the part after is ``*`` or not a mail
    domain (unit names are Chinese, codes hold no dot); else an e-mail address, checked."""
    local, at, rest = recipient.strip().partition("@")
    if at and local in ROLES and (rest == ANY_UNIT or (rest and not is_address(recipient.strip()))):
        return RoleRecipient(local, rest)
    if not is_address(recipient.strip()):
        raise ValueError(f"{recipient!r} is neither an e-mail address nor role@unit (roles: {', '.join(ROLES)})")
    return recipient.strip()


def _current(expires_at: dt.datetime | None, moment: dt.datetime) -> bool:
    return expires_at is None or china_time(expires_at) > moment  # type: ignore[operator]


def _holders(session: Session, wanted: RoleRecipient, unit: str | None, moment: dt.datetime) -> tuple[list[str], str | None]:
    """Addresses of the active users holding ``wanted.role`` on ``unit`` or on every unit, and why
    some or all are missing (no such unit, nobody holds the role, holders without an address)."""
    grants = select(User.email, User.username, User.expires_at, RoleGrant.expires_at).join(
        RoleGrant, RoleGrant.user_id == User.id).where(RoleGrant.role == wanted.role, User.status == "active")
    if unit is None:
        grants = grants.where(RoleGrant.unit_id.is_(None))
    else:
        record = session.scalars(select(UnitRecord).where(
            (UnitRecord.name == unit) | (UnitRecord.code == unit))).first()
        if record is None:
            return [], f"单位不存在 (no such unit) {unit}"
        grants = grants.where(or_(RoleGrant.unit_id == record.id, RoleGrant.unit_id.is_(None)))
    holders = [(email, username) for email, username, user_expiry, grant_expiry
               in session.execute(grants.order_by(User.username))
               if _current(user_expiry, moment) and _current(grant_expiry, moment)]
    if not holders:
        return [], "无在用账户持有该角色 (no active user holds this role)"
    addresses = [email for email, _ in holders if email]
    without = ", ".join(username for email, username in holders if not email)
    return addresses, (f"持有者无邮箱 (holders without an e-mail: {without}; set one with `secsuite users email`)"
                       if without else None)


def resolve(session: Session, recipients: list[str], alert_unit: str | None, moment: dt.datetime) -> Resolved:
    """Plain addresses as they are, roles expanded; each address once, in the rule's order."""
    resolved = Resolved()
    for recipient in recipients:
        wanted = parse(recipient)
        if isinstance(wanted, str):
            found, why = [wanted], None
        else:
            found, why = _holders(session, wanted, alert_unit if wanted.unit == ANY_UNIT else wanted.unit, moment)
        if why:
            resolved.unresolved.append(f"{wanted}: {why}")
        resolved.addresses.extend(address for address in found if address not in resolved.addresses)
    return resolved
