"""netscan: the assets a network scan found, with their TLS and TLCP details

Revision ID: 0004
Revises: 0001
Create Date: 2026-11-24 23:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0001"
branch_labels = ("netscan",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "assets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("asset_id", sa.String(length=300), nullable=False),
        sa.Column("host", sa.String(length=255), nullable=False),
        sa.Column("port", sa.Integer(), nullable=True),
        sa.Column("protocol", sa.String(length=8), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("service", sa.Text(), nullable=True),
        sa.Column("product", sa.Text(), nullable=True),
        sa.Column("version", sa.Text(), nullable=True),
        sa.Column("tunnel", sa.String(length=16), nullable=True),
        sa.Column("unit", sa.Text(), nullable=True),
        sa.Column("systems", sa.JSON(), nullable=False),
        sa.Column("tls", sa.JSON(), nullable=True),
        sa.Column("tlcp", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("assets", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assets_run_id"), ["run_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_assets_asset_id"), ["asset_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_assets_host"), ["host"], unique=False)
        batch_op.create_index(batch_op.f("ix_assets_unit"), ["unit"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("assets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assets_unit"))
        batch_op.drop_index(batch_op.f("ix_assets_host"))
        batch_op.drop_index(batch_op.f("ix_assets_asset_id"))
        batch_op.drop_index(batch_op.f("ix_assets_run_id"))
    op.drop_table("assets")
