"""Tables of the result store. Every run is kept, so history and trends survive re-runs.

Only masked evidence is stored: field examples and finding evidence come from the detection
engine already masked, and database URLs are stored without their password.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, false
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Run(Base):
    __tablename__ = "runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="running")
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    as_of: Mapped[dt.date] = mapped_column(Date)
    guide_id: Mapped[str | None] = mapped_column(String(64))
    guide_version: Mapped[str | None] = mapped_column(String(32))
    arguments: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # The rule content in effect (secsuite.provenance): its hash, and the counts and local files.
    content_sha256: Mapped[str | None] = mapped_column(String(64))
    content: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    tool_version: Mapped[str] = mapped_column(String(32))
    trigger: Mapped[str] = mapped_column(String(16), default="cli", server_default="cli")
    actor: Mapped[str | None] = mapped_column(String(255))
    scope_key: Mapped[str | None] = mapped_column(String(64), index=True)
    complete: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    host: Mapped[str | None] = mapped_column(String(255))
    pid: Mapped[int | None] = mapped_column(Integer)
    heartbeat_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    datasets: Mapped[list[Dataset]] = relationship(back_populates="run", cascade="all, delete-orphan")
    findings: Mapped[list[FindingRecord]] = relationship(back_populates="run", cascade="all, delete-orphan")
    errors: Mapped[list[RunError]] = relationship(back_populates="run", cascade="all, delete-orphan")
    skipped_files: Mapped[list[SkippedFile]] = relationship(back_populates="run", cascade="all, delete-orphan")


class Dataset(Base):
    __tablename__ = "datasets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(Text)
    name: Mapped[str] = mapped_column(Text)
    format: Mapped[str] = mapped_column(String(16))
    unit: Mapped[str | None] = mapped_column(Text)
    rows_scanned: Mapped[int] = mapped_column(Integer)
    rows_total: Mapped[int] = mapped_column(Integer)
    sampled: Mapped[bool] = mapped_column(Boolean)
    partial: Mapped[bool] = mapped_column(Boolean, default=False)
    level: Mapped[str] = mapped_column(String(16))
    level_reasons: Mapped[list[Any]] = mapped_column(JSON, default=list)
    reidentification: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    share_attr: Mapped[str | None] = mapped_column(Text, nullable=True)
    open_attr: Mapped[str | None] = mapped_column(Text, nullable=True)
    # A reviewed label locked against re-scans, beside what was detected (migration labels_0001).
    label: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)

    run: Mapped[Run] = relationship(back_populates="datasets")
    fields: Mapped[list[Field]] = relationship(back_populates="dataset", cascade="all, delete-orphan")


class Field(Base):
    __tablename__ = "fields"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dataset_id: Mapped[int] = mapped_column(ForeignKey("datasets.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(Text)
    category: Mapped[str | None] = mapped_column(Text)
    level: Mapped[str] = mapped_column(String(16))
    entities: Mapped[list[Any]] = mapped_column(JSON, default=list)
    label: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)

    dataset: Mapped[Dataset] = relationship(back_populates="fields")


class FindingRecord(Base):
    __tablename__ = "findings"
    # The web application's findings list and dashboard (migrations web_0003, speed_0001): on
    # PostgreSQL the list's counts under any filter are index-only scans. The covering columns
    # (INCLUDE) live in migration speed_0001 alone: declared here as ``postgresql_include`` they make
    # SQLAlchemy import its PostgreSQL dialect to check them, 70 ms of every SQLite scan's start-up,
    # and autogenerate does not compare them.
    __table_args__ = (Index("ix_findings_run_severity_id", "run_id", "severity", "id"),
                      Index("ix_findings_run_rule_severity_id", "run_id", "rule_id", "severity", "id"),
                      Index("ix_findings_run_unit_severity_muted", "run_id", "unit", "severity", "muted", "rule_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    finding_id: Mapped[str] = mapped_column(String(32), index=True)
    rule_id: Mapped[str] = mapped_column(String(64), index=True)
    severity: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(Text)
    message: Mapped[str] = mapped_column(Text)
    unit: Mapped[str | None] = mapped_column(Text, index=True)
    object_kind: Mapped[str] = mapped_column(String(16))
    object_id: Mapped[str] = mapped_column(Text)
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    citation: Mapped[str] = mapped_column(Text)
    remediation: Mapped[str] = mapped_column(Text, default="")
    as_of: Mapped[dt.date] = mapped_column(Date)
    muted: Mapped[bool] = mapped_column(Boolean, default=False)
    mute_reason: Mapped[str | None] = mapped_column(Text)

    run: Mapped[Run] = relationship(back_populates="findings")


class RunError(Base):
    __tablename__ = "run_errors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(Text)
    sheet: Mapped[str | None] = mapped_column(Text)
    row: Mapped[int | None] = mapped_column(Integer)
    field: Mapped[str | None] = mapped_column(Text)
    message: Mapped[str] = mapped_column(Text)
    expected: Mapped[str | None] = mapped_column(Text)

    run: Mapped[Run] = relationship(back_populates="errors")


class RunUnit(Base):
    """A unit a run said something about (a finding, dataset, system, incident or evaluation of it;
    NULL for entries of no unit), written when the run finishes. The current picture is, per unit
    and kind, the latest finished run that covered the unit: a push or an upload for one unit does
    not hide what other runs say about the others."""

    __tablename__ = "run_units"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    unit: Mapped[str | None] = mapped_column(Text, index=True)


class SkippedFile(Base):
    """A file of a scanned folder that holds no table (README, PDF): not an input error, but named."""

    __tablename__ = "run_skipped_files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)

    run: Mapped[Run] = relationship(back_populates="skipped_files")


class Asset(Base):
    """A host or service a network scan found, linked to the inventory's systems by name (the
    systems table belongs to another branch of the migrations, so no foreign key)."""

    __tablename__ = "assets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    asset_id: Mapped[str] = mapped_column(String(300), index=True)
    host: Mapped[str] = mapped_column(String(255), index=True)
    port: Mapped[int | None] = mapped_column(Integer)
    protocol: Mapped[str | None] = mapped_column(String(8))
    state: Mapped[str] = mapped_column(String(16))
    service: Mapped[str | None] = mapped_column(Text)
    product: Mapped[str | None] = mapped_column(Text)
    version: Mapped[str | None] = mapped_column(Text)
    tunnel: Mapped[str | None] = mapped_column(String(16))
    unit: Mapped[str | None] = mapped_column(Text, index=True)
    systems: Mapped[list[Any]] = mapped_column(JSON, default=list)
    tls: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    tlcp: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class SystemRecord(Base):
    """One system of a checked inventory, as its facts stood when checked (no credentials are
    part of an inventory). Findings link to it by run, unit and system name."""

    __tablename__ = "systems"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(Text)
    row: Mapped[int] = mapped_column(Integer)
    unit: Mapped[str] = mapped_column(Text, index=True)
    unit_type: Mapped[str | None] = mapped_column(String(32))
    system: Mapped[str] = mapped_column(Text)
    mlps_level: Mapped[int | None] = mapped_column(Integer)
    graded_on: Mapped[dt.date | None] = mapped_column(Date)
    online_on: Mapped[dt.date | None] = mapped_column(Date)
    filing_no: Mapped[str | None] = mapped_column(Text)
    filed_on: Mapped[dt.date | None] = mapped_column(Date)
    last_evaluated_on: Mapped[dt.date | None] = mapped_column(Date)
    evaluation_conclusion: Mapped[str | None] = mapped_column(String(16))
    evaluation_score: Mapped[float | None] = mapped_column()
    cii: Mapped[bool | None] = mapped_column(Boolean)
    crypto_level: Mapped[int | None] = mapped_column(Integer)
    crypto_assessed_on: Mapped[dt.date | None] = mapped_column(Date)
    crypto_conclusion: Mapped[str | None] = mapped_column(String(16))
    crypto_score: Mapped[float | None] = mapped_column()
    algorithms: Mapped[list[Any]] = mapped_column(JSON, default=list)
    crypto_service: Mapped[bool | None] = mapped_column(Boolean)
    crypto_products: Mapped[str | None] = mapped_column(Text)
    data_level: Mapped[str | None] = mapped_column(String(32))
    hosts: Mapped[list[Any]] = mapped_column(JSON, default=list)


class IncidentRecord(Base):
    """One incident of an assessed register, with its clock times, grade and reporting deadline as
    the run computed them (times in China time)."""

    __tablename__ = "incidents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    incident_id: Mapped[str] = mapped_column(String(64), index=True)
    unit: Mapped[str] = mapped_column(Text, index=True)
    unit_type: Mapped[str | None] = mapped_column(String(32))
    title: Mapped[str | None] = mapped_column(Text)
    category: Mapped[str | None] = mapped_column(Text)
    detected_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    responded_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    coordinated_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    resolved_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    reported_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    response_seconds: Mapped[int | None] = mapped_column(Integer)
    handling_seconds: Mapped[int | None] = mapped_column(Integer)
    grade: Mapped[str] = mapped_column(String(16))
    operator_type: Mapped[str] = mapped_column(String(16))
    report_required: Mapped[bool] = mapped_column(Boolean)
    report_deadline: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    pi_people_affected: Mapped[int | None] = mapped_column(Integer)
    data_level: Mapped[str | None] = mapped_column(String(16))
    economic_loss_cny: Mapped[float | None] = mapped_column()
    downtime_hours: Mapped[float | None] = mapped_column()
    severe: Mapped[bool] = mapped_column(Boolean, default=False)
    # 《网络安全事件报告管理办法》第八条: the summary report after handling ends
    summary_reported_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # 《个人信息保护法》第五十七条: whether (None: not recorded) and when the affected people were notified
    pi_notified: Mapped[bool | None] = mapped_column(Boolean)
    pi_notified_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    source: Mapped[str] = mapped_column(Text)
    row: Mapped[int] = mapped_column(Integer)


class EvaluationRecord(Base):
    """One unit's result of an annual evaluation: the veto, the scores and the rank in its group."""

    __tablename__ = "evaluations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    rubric_id: Mapped[str] = mapped_column(String(64))
    rubric_version: Mapped[str] = mapped_column(String(32))
    unit: Mapped[str] = mapped_column(Text, index=True)
    unit_type: Mapped[str] = mapped_column(String(32))
    tier: Mapped[str | None] = mapped_column(Text)
    vetoed: Mapped[bool] = mapped_column(Boolean)
    veto_reason: Mapped[str | None] = mapped_column(Text)
    veto_finding_ids: Mapped[list[Any]] = mapped_column(JSON, default=list)
    base_score: Mapped[float | None] = mapped_column()
    bonus_score: Mapped[float | None] = mapped_column()
    final_score: Mapped[float | None] = mapped_column()
    rank: Mapped[int | None] = mapped_column(Integer)
    complete: Mapped[bool | None] = mapped_column(Boolean)  # None: stored before statuses existed
    incomplete_reasons: Mapped[list[Any] | None] = mapped_column(JSON, default=list)
    warnings: Mapped[list[Any] | None] = mapped_column(JSON, default=list)
    readings: Mapped[list[Any] | None] = mapped_column(JSON, default=list)
    # unit-level methods of a half-yearly rubric (包头's 民意调查): id, name, weight, scores per half,
    # contribution, missing halves
    methods: Mapped[list[Any] | None] = mapped_column(JSON, default=list)

    indicators: Mapped[list[EvaluationIndicator]] = relationship(back_populates="evaluation",
                                                                 cascade="all, delete-orphan")


class EvaluationIndicator(Base):
    """One indicator of a unit's evaluation, with every deduction and the finding behind it."""

    __tablename__ = "evaluation_indicators"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluations.id", ondelete="CASCADE"), index=True)
    indicator_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(Text)
    group_name: Mapped[str] = mapped_column(Text)
    points: Mapped[float] = mapped_column()
    score: Mapped[float | None] = mapped_column()
    deductions: Mapped[list[Any]] = mapped_column(JSON, default=list)
    missing: Mapped[list[Any]] = mapped_column(JSON, default=list)
    status: Mapped[str | None] = mapped_column(String(16))  # scored|not_assessed|manual|not_applicable
    not_assessed: Mapped[list[Any] | None] = mapped_column(JSON, default=list)
    warnings: Mapped[list[Any] | None] = mapped_column(JSON, default=list)

    evaluation: Mapped[EvaluationRecord] = relationship(back_populates="indicators")
