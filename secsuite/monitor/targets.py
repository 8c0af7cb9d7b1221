"""Targets and their schedules: added from the command line or a YAML file, listed, removed.

A target is what to look at, owned by a unit; the command its schedule runs follows from its kind.
A database URL is stored without its password: the password is sealed (SM4) or referenced by an
environment variable, and put back into the URL only in the process that runs the job.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from secsuite.monitor import secrets
from secsuite.monitor.listfile import load_items
from secsuite.monitor.models import Schedule, Target
from secsuite.monitor.ranges import require_approved
from secsuite.monitor.schedule import check_cron, next_after
from secsuite.monitor.times import stored
from secsuite.urls import display_url

Kind = Literal["files", "db", "network", "inventory", "incidents"]
COMMAND_OF: dict[str, str] = {"files": "scan", "db": "scan", "network": "netscan", "inventory": "check",
                              "incidents": "incidents"}
LOCATOR_FIELD = {"files": "paths", "db": "url", "network": "ranges", "inventory": "inventory",
                 "incidents": "incident_register"}


class TargetSpec(BaseModel):
    """One target with its schedule, as the CLI options or one item of a targets YAML file give it."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    unit: str = Field(min_length=1)
    kind: Kind
    cron: str
    paths: list[str] = Field(default_factory=list)
    url: str | None = None
    password_env: str | None = None
    ranges: list[str] = Field(default_factory=list)
    inventory: str | None = None
    incident_register: str | None = None
    catalogue: str | None = None
    timeout_seconds: int = Field(3600, gt=0)
    max_attempts: int = Field(3, ge=1, le=10)

    @model_validator(mode="after")
    def _locator_present(self) -> TargetSpec:
        field = LOCATOR_FIELD[self.kind]
        if not getattr(self, field):
            raise ValueError(f"a {self.kind} target needs {field}")
        check_cron(self.cron)
        return self

    def locator(self) -> dict[str, object]:
        return {key: value for key, value in {
            "paths": self.paths, "url": display_url(self.url) if self.url else None, "ranges": self.ranges,
            "inventory": self.inventory, "register": self.incident_register, "catalogue": self.catalogue,
        }.items() if value}


def _password(spec: TargetSpec) -> tuple[str | None, bytes | None]:
    """Where the password lives: an environment variable, or sealed when the URL carried one."""
    if spec.password_env:
        return f"env:{spec.password_env}", None
    if spec.url:
        from sqlalchemy.engine import make_url

        password = make_url(spec.url).password
        if password:
            return None, secrets.seal(str(password), spec.name)
    return None, None


def add_target(session: Session, spec: TargetSpec, now: dt.datetime) -> Target:
    if session.scalar(select(Target).where(Target.name == spec.name)) is not None:
        raise ValueError(f"target {spec.name!r} already exists (remove it first)")
    if spec.kind == "network":
        require_approved(session, spec.unit, spec.ranges)
    secret_ref, sealed = _password(spec)
    target = Target(name=spec.name, unit=spec.unit, kind=spec.kind, locator=spec.locator(), options={},
                    secret_ref=secret_ref, secret_sealed=sealed, created_at=stored(now))
    target.schedules.append(Schedule(command=COMMAND_OF[spec.kind], cron=spec.cron, enabled=True,
                                     timeout_seconds=spec.timeout_seconds, max_attempts=spec.max_attempts,
                                     next_run_at=stored(next_after(spec.cron, now))))
    session.add(target)
    session.flush()
    return target


def remove_target(session: Session, name: str) -> bool:
    target = session.scalar(select(Target).where(Target.name == name))
    if target is None:
        return False
    session.delete(target)
    return True


def load_specs(path: Path) -> list[TargetSpec]:
    """A YAML list of targets (or ``{targets: [...]}``)."""
    return load_items(path, "targets", TargetSpec, "[{name, unit, kind, cron, paths|url|ranges|…}]")


def password_url(target: Target) -> str:
    """The target's database URL with its password put back, for the job's own process only."""
    from sqlalchemy.engine import make_url

    url = make_url(target.locator["url"])
    if target.secret_ref:
        return url.set(password=secrets.from_env(target.secret_ref, target.name)).render_as_string(hide_password=False)
    if target.secret_sealed:
        return url.set(password=secrets.unseal(target.secret_sealed, target.name)).render_as_string(
            hide_password=False)
    return url.render_as_string(hide_password=False)
