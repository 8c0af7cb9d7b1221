"""approved ranges: the network ranges monitoring may scan per unit, with who approved them

Revision ID: ranges_0001
Revises: 0019_monitoring
Create Date: 2026-12-07 08:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "ranges_0001"
down_revision = "0019_monitoring"
branch_labels = ("approved_ranges",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "monitor_approved_ranges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit", sa.Text(), nullable=False),
        sa.Column("spec", sa.String(length=200), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("approved_by", sa.String(length=200), nullable=False),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_by", sa.String(length=200), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("monitor_approved_ranges") as batch:
        batch.create_index(batch.f("ix_monitor_approved_ranges_unit"), ["unit"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("monitor_approved_ranges") as batch:
        batch.drop_index(batch.f("ix_monitor_approved_ranges_unit"))
    op.drop_table("monitor_approved_ranges")
