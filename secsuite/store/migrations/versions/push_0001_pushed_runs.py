"""push: runs pushed by another secsuite (``--push URL``), keyed by the document's SHA-256

Revision ID: push_0001
Revises: web_0001
Create Date: 2026-12-07 08:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "push_0001"
down_revision = "web_0001"
branch_labels = ("push",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pushed_runs",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("run_id", sa.Integer(), sa.ForeignKey("runs.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("pushed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("host", sa.String(length=255), nullable=True),
        sa.Column("ip", sa.String(length=64), nullable=True),
        sa.Column("tool_version", sa.String(length=32), nullable=False),
        sa.Column("local_run_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=64), nullable=True),
        sa.Column("token_id", sa.Integer(), sa.ForeignKey("api_tokens.id", ondelete="SET NULL"), nullable=True),
        sa.UniqueConstraint("sha256"),
        sa.UniqueConstraint("run_id"),
    )


def downgrade() -> None:
    op.drop_table("pushed_runs")
