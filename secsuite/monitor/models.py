"""Monitoring's tables: targets and their schedules, the jobs that run them, the issue register
(问题台账), the deltas between comparable runs, alerts and their rules, daily metrics per unit, and
the cache that lets a re-scan of unchanged files reuse their last result.

Units are the ``unit`` name string, as in findings and datasets. A target's database password is
never stored in clear: ``secret_ref`` names an environment variable, ``secret_sealed`` holds it
SM4-GCM encrypted under a key kept outside the store.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from secsuite.store.models import Base


class Target(Base):
    """What to look at: ``kind`` files (``locator.paths``), db (``locator.url`` without password),
    network (``locator.ranges``), inventory (``locator.inventory``) or incidents (``locator.register``)."""

    __tablename__ = "monitor_targets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    unit: Mapped[str] = mapped_column(Text, index=True)
    kind: Mapped[str] = mapped_column(String(16))
    locator: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    options: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    secret_ref: Mapped[str | None] = mapped_column(String(200))
    secret_sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    schedules: Mapped[list[Schedule]] = relationship(back_populates="target", cascade="all, delete-orphan")


class ApprovedRange(Base):
    """A network range a unit may have scanned by monitoring, approved by a named person: network
    targets outside every approved range are refused, so the server is no scan cannon for whoever
    can add a target. Revoked ranges stay, with who revoked them and when."""

    __tablename__ = "monitor_approved_ranges"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit: Mapped[str] = mapped_column(Text, index=True)
    spec: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text)
    approved_by: Mapped[str] = mapped_column(String(200))
    approved_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    revoked_by: Mapped[str | None] = mapped_column(String(200))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class Schedule(Base):
    """A cron expression read in ``tz``; ``next_run_at`` is the next firing not yet turned into a job."""

    __tablename__ = "monitor_schedules"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("monitor_targets.id", ondelete="CASCADE"), index=True)
    command: Mapped[str] = mapped_column(String(16))
    cron: Mapped[str] = mapped_column(String(120))
    tz: Mapped[str] = mapped_column(String(64), default="Asia/Shanghai")
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    timeout_seconds: Mapped[int] = mapped_column(Integer, default=3600)
    max_attempts: Mapped[int] = mapped_column(Integer, default=3)
    next_run_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    last_run_id: Mapped[int | None] = mapped_column(Integer)

    target: Mapped[Target] = relationship(back_populates="schedules")


class Job(Base):
    """One firing of a schedule. Unique per (schedule, due time), so a firing becomes one job however
    many workers see it; ``missed`` counts the firings it stands for when the machine was off."""

    __tablename__ = "monitor_jobs"
    __table_args__ = (UniqueConstraint("schedule_id", "due_at", name="uq_monitor_jobs_schedule_due"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    schedule_id: Mapped[int] = mapped_column(ForeignKey("monitor_schedules.id", ondelete="CASCADE"), index=True)
    due_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    missed: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    not_before: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    claimed_by: Mapped[str | None] = mapped_column(String(200))
    deadline_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    run_id: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)


class Issue(Base):
    """The register's row for one finding fingerprint across every run that saw it."""

    __tablename__ = "monitor_issues"

    fingerprint: Mapped[str] = mapped_column(String(32), primary_key=True)
    unit: Mapped[str | None] = mapped_column(Text, index=True)
    rule_id: Mapped[str] = mapped_column(String(64))
    object_kind: Mapped[str] = mapped_column(String(16))
    object_id: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text)
    severity: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), index=True)
    scope_key: Mapped[str | None] = mapped_column(String(64))
    first_seen_on: Mapped[dt.date] = mapped_column(Date)
    first_seen_run: Mapped[int] = mapped_column(Integer)
    last_seen_on: Mapped[dt.date] = mapped_column(Date)
    last_seen_run: Mapped[int] = mapped_column(Integer)
    sla_due_on: Mapped[dt.date | None] = mapped_column(Date)
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    accepted_until: Mapped[dt.date | None] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(Text)
    assignee: Mapped[str | None] = mapped_column(String(200))


class DeltaItem(Base):
    """One change between a run and its baseline: the last complete run of the same scope."""

    __tablename__ = "monitor_deltas"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    baseline_run_id: Mapped[int] = mapped_column(Integer)
    change: Mapped[str] = mapped_column(String(16))
    detail: Mapped[str] = mapped_column(String(16), default="")
    aspect: Mapped[str] = mapped_column(String(16))
    fingerprint: Mapped[str] = mapped_column(String(32))
    rule_id: Mapped[str | None] = mapped_column(String(64))
    object_kind: Mapped[str] = mapped_column(String(16))
    object_id: Mapped[str] = mapped_column(Text)
    unit: Mapped[str | None] = mapped_column(Text, index=True)
    severity: Mapped[str | None] = mapped_column(String(16))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    rule_change: Mapped[bool] = mapped_column(Boolean, default=False)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class NotifyRule(Base):
    """Who hears about what: ``kind`` of alert, ``min_severity``, ``thresholds`` (days, for
    certificates), a channel (smtp/webhook) with its recipients, one unit or all (NULL), and
    ``digest`` to collect alerts into one daily message instead of sending each at once."""

    __tablename__ = "monitor_notify_rules"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    min_severity: Mapped[str] = mapped_column(String(16), default="high")
    thresholds: Mapped[list[Any]] = mapped_column(JSON, default=list)
    channel: Mapped[str] = mapped_column(String(16))
    recipients: Mapped[list[Any]] = mapped_column(JSON, default=list)
    unit: Mapped[str | None] = mapped_column(Text)
    digest: Mapped[bool] = mapped_column(Boolean, default=False)
    secret_ref: Mapped[str | None] = mapped_column(String(200))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)


class Alert(Base):
    """One alert, once per ``dedupe_key`` (a certificate's key names its threshold)."""

    __tablename__ = "monitor_alerts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dedupe_key: Mapped[str] = mapped_column(String(300), unique=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    unit: Mapped[str | None] = mapped_column(Text, index=True)
    severity: Mapped[str] = mapped_column(String(16))
    ref: Mapped[str] = mapped_column(Text)
    threshold: Mapped[int | None] = mapped_column(Integer)
    subject: Mapped[str] = mapped_column(Text)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    delivered_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    delivery_error: Mapped[str | None] = mapped_column(Text)
    handled_by: Mapped[str | None] = mapped_column(String(200))
    handling: Mapped[str | None] = mapped_column(Text)


class UnitDay(Base):
    """Absolute counts per unit and day (snapshots, not deltas), so a missed event cannot corrupt
    the series; the evidence of 日常监测."""

    __tablename__ = "monitor_unit_days"

    unit: Mapped[str] = mapped_column(String(255), primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    open_critical: Mapped[int] = mapped_column(Integer, default=0)
    open_high: Mapped[int] = mapped_column(Integer, default=0)
    open_medium: Mapped[int] = mapped_column(Integer, default=0)
    open_low: Mapped[int] = mapped_column(Integer, default=0)
    open_info: Mapped[int] = mapped_column(Integer, default=0)
    new: Mapped[int] = mapped_column(Integer, default=0)
    fixed: Mapped[int] = mapped_column(Integer, default=0)
    sla_breaches: Mapped[int] = mapped_column(Integer, default=0)
    certs_expiring: Mapped[int] = mapped_column(Integer, default=0)
    targets: Mapped[int] = mapped_column(Integer, default=0)
    targets_covered: Mapped[int] = mapped_column(Integer, default=0)

    @property
    def open_findings(self) -> int:
        """Open findings of every severity on the day."""
        return sum(count or 0 for count in (self.open_critical, self.open_high, self.open_medium, self.open_low,
                                            self.open_info))


class CachedSource(Base):
    """A scanned file's last result, reused while its size, mtime and sampled-content hash stay the
    same under the same scan settings; ``reuses`` counts down to the forced full re-read."""

    __tablename__ = "scan_cache"

    settings_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    source: Mapped[str] = mapped_column(String(1000), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    mtime_ns: Mapped[int] = mapped_column(BigInteger)
    content_hash: Mapped[str] = mapped_column(String(64))
    reuses: Mapped[int] = mapped_column(Integer, default=0)
    datasets: Mapped[list[Any]] = mapped_column(JSON, default=list)
    errors: Mapped[list[Any]] = mapped_column(JSON, default=list)
