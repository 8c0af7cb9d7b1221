"""Tables of the result store. Every run is kept, so history and trends survive re-runs.

Only masked evidence is stored: field examples and finding evidence come from the detection
engine already masked, and database URLs are stored without their password.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, Text
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
    tool_version: Mapped[str] = mapped_column(String(32))

    datasets: Mapped[list[Dataset]] = relationship(back_populates="run", cascade="all, delete-orphan")
    findings: Mapped[list[FindingRecord]] = relationship(back_populates="run", cascade="all, delete-orphan")
    errors: Mapped[list[RunError]] = relationship(back_populates="run", cascade="all, delete-orphan")


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

    dataset: Mapped[Dataset] = relationship(back_populates="fields")


class FindingRecord(Base):
    __tablename__ = "findings"

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
