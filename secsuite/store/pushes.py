"""Runs another secsuite sent to this one (``secsuite scan … --push URL``), one row each (migration
branch ``push``): the document's SHA-256 makes a second push of the same document find the run the
first one recorded instead of recording it twice; the rest says where the run came from."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from secsuite.store.models import Base


class PushedRun(Base):
    """A pushed run: the document's hash, the run it was recorded as, and who sent it from where
    with which secsuite (the rule content it was judged by is the run's own ``content``)."""

    __tablename__ = "pushed_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    pushed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    host: Mapped[str | None] = mapped_column(String(255))
    ip: Mapped[str | None] = mapped_column(String(64))
    tool_version: Mapped[str] = mapped_column(String(32))
    local_run_id: Mapped[int | None] = mapped_column(Integer)
    actor: Mapped[str | None] = mapped_column(String(64))
    token_id: Mapped[int | None] = mapped_column(ForeignKey("api_tokens.id", ondelete="SET NULL"))
