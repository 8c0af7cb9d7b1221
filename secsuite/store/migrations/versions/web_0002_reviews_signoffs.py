"""web: four-eyes reviews of findings and labels, and the append-only evaluation sign-offs

Revision ID: web_0002
Revises: web_0001
Create Date: 2026-12-07 06:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from secsuite.store.append_only import drop_table, refuse_changes

revision = "web_0002"
down_revision = "web_0001"
branch_labels = None
depends_on = None


def _timestamp(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject_kind", sa.String(length=32), nullable=False),
        sa.Column("subject_key", sa.String(length=300), nullable=False),
        sa.Column("unit", sa.String(length=255), nullable=True),
        sa.Column("decision", sa.String(length=32), nullable=False),
        sa.Column("proposed", sa.JSON(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        _timestamp("expires_at", nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("requested_by", sa.String(length=64), nullable=False),
        _timestamp("requested_at"),
        sa.Column("reviewed_by", sa.String(length=64), nullable=True),
        _timestamp("reviewed_at", nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_reviews_subject_key", "reviews", ["subject_key"])
    op.create_index("ix_reviews_unit", "reviews", ["unit"])
    op.create_table(
        "signoffs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(length=255), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("signed_by", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        _timestamp("signed_at"),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("unit", "year", "version", "stage", name="uq_signoffs_step"),
    )
    op.create_index("ix_signoffs_unit", "signoffs", ["unit"])
    refuse_changes("signoffs")


def downgrade() -> None:
    drop_table("signoffs")
    op.drop_table("reviews")
