"""Logging in and the server-side session (GB/T 22239-2019 8.1.4.1 b).

A session is an opaque 256-bit cookie whose SHA-256 is the row's key, so it can be revoked at any
time (a JWT could not). It ends after 15 minutes idle for an administrator, 30 for anyone else, and
8 hours after login whatever happens; five wrong passwords lock the account for 30 minutes, and
failures are rate-limited per account and per client address (``ratelimit``). A user who enrolled
a TOTP second factor (``mfa``) also gives its code, checked after the password. Every answer to a
failed login is the same, so it tells no one which accounts exist, are locked or use a second factor.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from secsuite.report.store_view import china_time
from secsuite.store.access import ApiToken, UnitRecord, User, WebSession
from secsuite.web import mfa, passwords, ratelimit
from secsuite.web.audit import Actor, AuditLog
from secsuite.web.roles import ADMIN_ROLES, is_admin
from secsuite.web.tokens import digest, new_token

MAX_FAILURES = 5
LOCK_FOR = dt.timedelta(minutes=30)
IDLE_ADMIN = dt.timedelta(minutes=15)
IDLE = dt.timedelta(minutes=30)
ABSOLUTE = dt.timedelta(hours=8)


@dataclass(frozen=True)
class Principal:
    """Who is asking, with what they may see: ``units`` None means every unit, an empty set none."""

    user_id: int
    username: str
    roles: frozenset[str]
    units: frozenset[str] | None
    via: str = "web"
    csrf: str | None = None
    must_change_pw: bool = False
    ip: str | None = None
    user_agent: str | None = None

    @property
    def admin(self) -> bool:
        return is_admin(self.roles)

    @property
    def business(self) -> bool:
        return bool(self.roles) and not self.admin

    def sees(self, unit: str | None) -> bool:
        if not self.business:
            return False
        return self.units is None or unit in self.units

    @property
    def actor(self) -> Actor:
        return Actor(self.username, ",".join(sorted(self.roles)), self.via, self.ip, self.user_agent)


def _live_grants(user: User, now: dt.datetime) -> list[tuple[str, str | None]]:
    return [(g.role, g.unit.name if g.unit else None) for g in user.grants
            if g.expires_at is None or china_time(g.expires_at) > now]  # type: ignore[operator]


def principal_of(user: User, now: dt.datetime, via: str = "web", narrow_to: str | None = None,
                 **extra: object) -> Principal:
    grants = _live_grants(user, now)
    roles = frozenset(role for role, _ in grants)
    if is_admin(roles):
        units: frozenset[str] | None = frozenset()
    elif any(unit is None for _, unit in grants):
        units = None
    else:
        units = frozenset(unit for _, unit in grants if unit is not None)
    if narrow_to is not None:
        units = frozenset({narrow_to}) if units is None or narrow_to in units else frozenset()
    return Principal(user.id, user.username, roles, units, via=via, **extra)  # type: ignore[arg-type]


@dataclass(frozen=True)
class LoginResult:
    token: str | None
    user: User | None
    retry_after: int | None = None  # rate-limited: no attempt was made


def usable(user: User, now: dt.datetime) -> bool:
    expires = china_time(user.expires_at)
    return user.status == "active" and (expires is None or expires > now)


def login(db: Session, audit: AuditLog, username: str, password: str, now: dt.datetime,
          ip: str | None, user_agent: str | None, code: str = "") -> LoginResult:
    """A new session for the right password (and second-factor ``code``, when enrolled) of a usable,
    unlocked account, unless the account or address is rate-limited; the caller commits."""
    actor = Actor(username[:64] or None, None, "web", ip, user_agent)
    wait = ratelimit.retry_after(db, ratelimit.LOGIN, username, ip, now)
    if wait is not None:
        audit.record(db, actor, "login", outcome="refused", object=username[:64],
                     detail={"reason": "rate limited", "retry_after": wait}, at=now)
        return LoginResult(None, None, wait)
    user = db.scalars(select(User).where(User.username == username)).first()
    locked = user is not None and user.locked_until is not None and china_time(user.locked_until) > now  # type: ignore[operator]
    right = passwords.verify(user.pw_hash if user else None, password)
    second = right and user is not None and (not user.mfa_enabled or mfa.verify(user, code, audit, now))
    if user is None or locked or not usable(user, now) or not second:
        reason = "unknown user" if user is None else "locked" if locked else "not active" if not usable(user, now) \
            else "wrong password" if not right else "wrong second factor"
        detail: dict[str, object] = {"reason": reason}
        if user is not None and not locked and reason.startswith("wrong"):
            user.failed_logins += 1
            if user.failed_logins >= MAX_FAILURES:
                user.locked_until, user.failed_logins = now + LOCK_FOR, 0
                detail["locked_until"] = user.locked_until.isoformat()
        ratelimit.failed(db, ratelimit.LOGIN, username, ip, now)
        audit.record(db, actor, "login", outcome="failure", object=username[:64], detail=detail, at=now)
        return LoginResult(None, None)
    user.failed_logins, user.locked_until = 0, None
    if passwords.needs_rehash(user.pw_hash):
        user.pw_hash = passwords.hash_password(password)
    token = new_token()
    db.add(WebSession(token_hash=digest(token), csrf_token=new_token(), user_id=user.id, created_at=now,
                      last_seen_at=now, expires_at=now + ABSOLUTE, ip=ip, user_agent=(user_agent or "")[:300]))
    actor = Actor(user.username, ",".join(sorted(g.role for g in user.grants)), "web", ip, user_agent)
    audit.record(db, actor, "login", object=user.username, at=now)
    return LoginResult(token, user)


def idle_limit(roles: frozenset[str] | set[str]) -> dt.timedelta:
    return IDLE_ADMIN if roles & set(ADMIN_ROLES) else IDLE


def resume(db: Session, audit: AuditLog, token: str | None, now: dt.datetime, ip: str | None,
           user_agent: str | None) -> Principal | None:
    """The principal of a live session (its idle clock restarted), or None: no, ended or timed-out
    session, or an account no longer usable. A timeout is revoked and audited; the caller commits."""
    if not token:
        return None
    row = db.scalars(select(WebSession).where(WebSession.token_hash == digest(token),
                                              WebSession.revoked_at.is_(None))).first()
    if row is None:
        return None
    user = db.get(User, row.user_id)
    if user is None:
        return None
    principal = principal_of(user, now, csrf=row.csrf_token, must_change_pw=user.must_change_pw, ip=ip,
                             user_agent=user_agent)
    idle = now - china_time(row.last_seen_at)  # type: ignore[operator]
    ended = "absolute timeout" if now >= china_time(row.expires_at) else (  # type: ignore[operator]
        "idle timeout" if idle >= idle_limit(principal.roles) else None)
    if ended is None and not usable(user, now):
        ended = "account not active"
    if ended is not None:
        row.revoked_at = now
        audit.record(db, principal.actor, "session.end", object=user.username, detail={"reason": ended}, at=now)
        return None
    row.last_seen_at = now
    return principal


def logout(db: Session, audit: AuditLog, token: str | None, principal: Principal, now: dt.datetime) -> None:
    if token:
        for row in db.scalars(select(WebSession).where(WebSession.token_hash == digest(token))):
            row.revoked_at = now
    audit.record(db, principal.actor, "logout", object=principal.username, at=now)


def api_principal(db: Session, token: str | None, now: dt.datetime, ip: str | None) -> Principal | None:
    """The principal of a live API token: its owner's grants, narrowed to the token's unit. Raises
    RateLimited when the client address (or the owner of a known token) failed too often; each
    failure is counted, and the caller commits it."""
    if not token:
        return None
    ratelimit.check(db, ratelimit.TOKEN, None, ip, now)
    row = db.scalars(select(ApiToken).where(ApiToken.token_hash == digest(token))).first()
    user = db.get(User, row.owner_user_id) if row is not None else None
    if user is not None:
        ratelimit.check(db, ratelimit.TOKEN, user.username, ip, now)
    if row is None or row.revoked_at is not None or china_time(row.expires_at) <= now or user is None \
            or not usable(user, now):  # type: ignore[operator]
        ratelimit.failed(db, ratelimit.TOKEN, user.username if user else None, ip, now)
        return None
    row.last_used_at = now
    narrow = None
    if row.unit_id is not None:
        unit = db.get(UnitRecord, row.unit_id)
        narrow = unit.name if unit else ""
    return principal_of(user, now, via="api", narrow_to=narrow, ip=ip)
