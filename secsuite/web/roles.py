"""The roles of the web application and the rules that combine them (三员分立).

The three administrators (system, security, audit) hold their role alone, on no unit, and see no
business data; business roles are granted on one unit, or on every unit for the auditor and the
operator of a data centre. GB/T 22239-2019 8.1.5 asks for the separation; the matrix is in the
docs of ``secsuite serve``.
"""

from __future__ import annotations

from dataclasses import dataclass

ADMIN_ROLES = ("sys_admin", "sec_admin", "audit_admin")
BUSINESS_ROLES = ("auditor", "unit_admin", "unit_user", "evaluator", "operator")
ROLES = ADMIN_ROLES + BUSINESS_ROLES
# Roles that may be granted without a unit, meaning every unit.
ALL_UNITS_ALLOWED = ("auditor", "operator")


class GrantError(ValueError):
    """A grant that breaks the separation of duties or names no unit where one is needed."""


@dataclass(frozen=True)
class Grant:
    role: str
    unit: str | None


def check_grant(existing: list[Grant], new: Grant) -> None:
    """Raise GrantError when ``new`` cannot be added beside ``existing``."""
    if new.role not in ROLES:
        raise GrantError(f"unknown role {new.role!r}; expected one of {', '.join(ROLES)}")
    if new in existing:
        raise GrantError(f"the user already holds {new.role}" + (f" on {new.unit}" if new.unit else ""))
    if new.role in ADMIN_ROLES:
        if new.unit is not None:
            raise GrantError(f"{new.role} is an administrator role and is granted on no unit")
        if existing:
            held = ", ".join(sorted({g.role for g in existing}))
            raise GrantError(f"{new.role} must be held alone (三员分立); the user already holds {held}")
        return
    if any(g.role in ADMIN_ROLES for g in existing):
        raise GrantError(f"an administrator cannot also hold the business role {new.role} (三员分立)")
    if new.unit is None and new.role not in ALL_UNITS_ALLOWED:
        raise GrantError(f"{new.role} needs --unit: it is granted on one unit")


def is_admin(roles: set[str] | frozenset[str]) -> bool:
    return bool(roles & set(ADMIN_ROLES))
