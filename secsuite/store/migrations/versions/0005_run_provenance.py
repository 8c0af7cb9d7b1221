"""runs: who or what started a run, what it covered, and whether it read every input

Two runs are comparable (monitoring's deltas) only when both are complete and share a scope key.

Revision ID: 0005_run_provenance
Revises: 0001
Create Date: 2026-12-07 05:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_run_provenance"
down_revision = "0001"
branch_labels = ("run_provenance",)
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("runs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("trigger", sa.String(length=16), nullable=False, server_default="cli"))
        batch_op.add_column(sa.Column("actor", sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column("scope_key", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("complete", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.create_index(batch_op.f("ix_runs_scope_key"), ["scope_key"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("runs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_runs_scope_key"))
        batch_op.drop_column("complete")
        batch_op.drop_column("scope_key")
        batch_op.drop_column("actor")
        batch_op.drop_column("trigger")
