"""systems: the information systems of each checked inventory

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 23:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = ("systems",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "systems",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("row", sa.Integer(), nullable=False),
        sa.Column("unit", sa.Text(), nullable=False),
        sa.Column("unit_type", sa.String(length=32), nullable=True),
        sa.Column("system", sa.Text(), nullable=False),
        sa.Column("mlps_level", sa.Integer(), nullable=True),
        sa.Column("graded_on", sa.Date(), nullable=True),
        sa.Column("online_on", sa.Date(), nullable=True),
        sa.Column("filing_no", sa.Text(), nullable=True),
        sa.Column("filed_on", sa.Date(), nullable=True),
        sa.Column("last_evaluated_on", sa.Date(), nullable=True),
        sa.Column("evaluation_conclusion", sa.String(length=16), nullable=True),
        sa.Column("evaluation_score", sa.Double(), nullable=True),
        sa.Column("cii", sa.Boolean(), nullable=True),
        sa.Column("crypto_level", sa.Integer(), nullable=True),
        sa.Column("crypto_assessed_on", sa.Date(), nullable=True),
        sa.Column("crypto_conclusion", sa.String(length=16), nullable=True),
        sa.Column("crypto_score", sa.Double(), nullable=True),
        sa.Column("algorithms", sa.JSON(), nullable=False),
        sa.Column("crypto_service", sa.Boolean(), nullable=True),
        sa.Column("crypto_products", sa.Text(), nullable=True),
        sa.Column("data_level", sa.String(length=32), nullable=True),
        sa.Column("hosts", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("systems", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_systems_run_id"), ["run_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_systems_unit"), ["unit"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("systems", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_systems_unit"))
        batch_op.drop_index(batch_op.f("ix_systems_run_id"))
    op.drop_table("systems")
