"""Users, role grants, passwords and API tokens: what ``secsuite users``, ``secsuite web init`` and
the security administrator's pages do, each step audited.

No default password exists: every new or reset account gets a one-time password (or one the caller
chose, checked against the policy) and must change it at first login.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from secsuite.monitor.recipients import is_address
from secsuite.report.store_view import china_time
from secsuite.store.access import ApiToken, RoleGrant, UnitRecord, User, WebSession
from secsuite.web import mfa, passwords
from secsuite.web.audit import Actor, AuditLog
from secsuite.web.roles import ADMIN_ROLES, Grant, GrantError, check_grant, is_admin
from secsuite.web.tokens import API_PREFIX, digest, new_token
from secsuite.web.units import find_unit

ADMIN_NAMES = {"sys_admin": "sysadmin", "sec_admin": "secadmin", "audit_admin": "auditadmin"}
TOKEN_DAYS = 90
USERNAME_MAX = 64


class AccountError(ValueError):
    """A request on accounts that cannot be done: unknown user or unit, a grant the rules refuse, a
    password the policy refuses. The message says which, Chinese first."""


@dataclass(frozen=True)
class Issued:
    """A user name with the password just set for it (shown once, never stored)."""

    username: str
    password: str
    role: str


def grants_of(user: User) -> list[Grant]:
    return [Grant(g.role, g.unit.name if g.unit else None) for g in user.grants]


def get_user(session: Session, username: str) -> User:
    user = session.scalars(select(User).where(User.username == username)).first()
    if user is None:
        raise AccountError(f"用户不存在 (no such user): {username}")
    return user


def _unit(session: Session, name: str | None) -> UnitRecord | None:
    if name is None:
        return None
    unit = find_unit(session, name)
    if unit is None:
        known = ", ".join(session.scalars(select(UnitRecord.name).order_by(UnitRecord.name))) or "none"
        raise AccountError(f"单位不存在 (no such unit): {name}; known units: {known}. "
                           "Add it with `secsuite web units --from UNITS.xlsx` or `--add NAME`.")
    return unit


def _checked_email(email: str | None) -> str | None:
    if email is None or not email.strip():
        return None
    if not is_address(email.strip()):
        raise AccountError(f"邮箱地址无效 (not an e-mail address): {email!r}; expected name@domain.example")
    return email.strip()


class Accounts:
    def __init__(self, session: Session, audit: AuditLog, actor: Actor, now: dt.datetime):
        self.session, self.audit, self.actor, self.now = session, audit, actor, now

    def _record(self, action: str, **kwargs: object) -> None:
        self.audit.record(self.session, self.actor, action, at=self.now, **kwargs)  # type: ignore[arg-type]

    def add(self, username: str, role: str, unit: str | None, password: str | None = None,
            display_name: str | None = None, email: str | None = None) -> Issued:
        """A new user holding ``role``: with a one-time password to change at first login, or the
        ``password`` its operator chose (scripted accounts), which the policy checks."""
        username = username.strip()
        if not username or len(username) > USERNAME_MAX or any(c.isspace() for c in username):
            raise AccountError(f"用户名须为 1–{USERNAME_MAX} 个非空白字符 (user names are 1-{USERNAME_MAX} "
                               "characters without spaces)")
        if self.session.scalars(select(User.id).where(User.username == username)).first() is not None:
            raise AccountError(f"用户已存在 (the user exists already): {username}")
        try:
            check_grant([], Grant(role, unit))
        except GrantError as error:
            raise AccountError(str(error)) from None
        unit_record = _unit(self.session, unit)
        email = _checked_email(email)
        chosen = password if password is not None else passwords.one_time_password()
        self._check_policy(chosen, username, [])
        user = User(username=username, display_name=display_name, email=email, pw_hash=passwords.hash_password(chosen),
                    pw_history=[], pw_changed_at=self.now, must_change_pw=password is None, failed_logins=0,
                    status="active", source="local", created_at=self.now)
        user.grants.append(RoleGrant(role=role, unit=unit_record, granted_by=self.actor.name, granted_at=self.now))
        self.session.add(user)
        self.session.flush()
        self._record("user.add", object=username, unit=unit, detail={"role": role})
        return Issued(username, chosen, role)

    def set_email(self, username: str, email: str | None) -> None:
        """Where alerts naming the user's roles (``role@unit``) are sent; None removes it."""
        user = get_user(self.session, username)
        user.email = _checked_email(email)
        self.session.flush()
        self._record("user.email", object=username)

    def grant(self, username: str, role: str, unit: str | None) -> None:
        user = get_user(self.session, username)
        try:
            check_grant(grants_of(user), Grant(role, unit))
        except GrantError as error:
            self._record("grant", outcome="refused", object=username, unit=unit, detail={"role": role})
            raise AccountError(str(error)) from None
        user.grants.append(RoleGrant(role=role, unit=_unit(self.session, unit), granted_by=self.actor.name,
                                     granted_at=self.now))
        self.session.flush()
        self._record("grant", object=username, unit=unit, detail={"role": role})

    def revoke(self, username: str, role: str, unit: str | None) -> None:
        user = get_user(self.session, username)
        held = [g for g in user.grants if g.role == role and (g.unit.name if g.unit else None) == unit]
        if not held:
            raise AccountError(f"{username} 未持有该角色 (does not hold) {role}" + (f" on {unit}" if unit else ""))
        for grant in held:
            user.grants.remove(grant)
        self.session.flush()
        self._end_sessions(user)
        self._record("revoke", object=username, unit=unit, detail={"role": role})

    def reset(self, username: str, password: str | None = None) -> Issued:
        """A new one-time password (or the chosen one), unlocking the account and ending its sessions."""
        user = get_user(self.session, username)
        chosen = password if password is not None else passwords.one_time_password()
        self._check_policy(chosen, username, [user.pw_hash, *user.pw_history])
        self._set_password(user, chosen, must_change=password is None)
        user.failed_logins, user.locked_until, user.status = 0, None, "active"
        self._end_sessions(user)
        self._record("password.reset", object=username)
        return Issued(username, chosen, ", ".join(g.role for g in user.grants))

    def change_password(self, user: User, current: str, new: str) -> None:
        """The user's own change, as at first login; the current password must be right."""
        if not passwords.verify(user.pw_hash, current):
            self._record("password.change", outcome="failure", object=user.username)
            raise AccountError("当前密码不正确 (the current password is wrong)")
        self._check_policy(new, user.username, [user.pw_hash, *user.pw_history])
        self._set_password(user, new, must_change=False)
        self._record("password.change", object=user.username)

    def reset_mfa(self, username: str) -> None:
        """A lost authenticator: the second factor is removed (the user enrols again, from their own
        page) and the user's sessions end."""
        user = get_user(self.session, username)
        if user.mfa_secret is None:
            raise AccountError(f"{username} 未启用动态口令 (has no second factor)")
        mfa.reset(user)
        self._end_sessions(user)
        self._record("mfa.reset", object=username)

    def disable(self, username: str) -> None:
        user = get_user(self.session, username)
        user.status = "disabled"
        self._end_sessions(user)
        self._record("user.disable", object=username)

    def token(self, username: str, unit: str | None, days: int = TOKEN_DAYS, name: str | None = None,
              push: bool = False) -> str:
        """A new API token of ``username`` (shown once), narrowed to ``unit`` when given; ``push``
        lets it send runs (``--push``), which a token that only reads cannot."""
        user = get_user(self.session, username)
        roles = {g.role for g in user.grants}
        if is_admin(roles) or not roles:
            raise AccountError(f"{username} 无业务角色，API 令牌无可访问数据 "
                               "(holds no business role: a token would see nothing)")
        unit_record = _unit(self.session, unit)
        visible = {g.unit.name if g.unit else None for g in user.grants}
        if unit is not None and None not in visible and unit_record.name not in visible:  # type: ignore[union-attr]
            raise AccountError(f"{username} 无权访问该单位 (may not see) {unit}")
        token = new_token(API_PREFIX)
        self.session.add(ApiToken(token_hash=digest(token), name=name or f"{username}-{self.now:%Y%m%d%H%M%S}",
                                  owner_user_id=user.id, unit_id=unit_record.id if unit_record else None,
                                  permissions=["read", "push"] if push else ["read"], created_at=self.now,
                                  expires_at=self.now + dt.timedelta(days=days)))
        self.session.flush()
        self._record("token.create", object=username, unit=unit, detail={"days": days} | ({"push": True} if push else {}))
        return token

    def init_admins(self) -> list[Issued]:
        """The three administrators (三员), each with a one-time password; refused when any exists."""
        existing = self.session.scalars(select(RoleGrant).where(RoleGrant.role.in_(ADMIN_ROLES))).first()
        if existing is not None:
            raise AccountError("管理员已初始化 (the administrators exist already); "
                               "use `secsuite users reset NAME` for a new one-time password")
        issued = [self.add(name, role, None) for role, name in ADMIN_NAMES.items()]
        self._record("web.init", detail={"admins": [i.username for i in issued]})
        return issued

    def _check_policy(self, password: str, username: str, previous: list[str]) -> None:
        try:
            passwords.check_policy(password, username, previous)
        except passwords.PolicyError as error:
            raise AccountError(str(error)) from None

    def _set_password(self, user: User, password: str, must_change: bool) -> None:
        user.pw_history = [user.pw_hash, *user.pw_history][:passwords.HISTORY - 1]
        user.pw_hash = passwords.hash_password(password)
        user.pw_changed_at, user.must_change_pw = self.now, must_change

    def _end_sessions(self, user: User) -> None:
        for web_session in self.session.scalars(select(WebSession).where(WebSession.user_id == user.id,
                                                                          WebSession.revoked_at.is_(None))):
            web_session.revoked_at = self.now


def describe(user: User) -> dict[str, object]:
    """One user as ``users list`` and the users page show it (never the hash)."""
    return {"username": user.username, "status": user.status, "must_change_pw": user.must_change_pw,
            "locked_until": china_time(user.locked_until), "created_at": china_time(user.created_at),
            "email": user.email, "mfa": user.mfa_enabled,
            "grants": [f"{g.role}@{g.unit.name}" if g.unit else g.role for g in user.grants]}
