"""run units: the units each run covered, so the current picture is kept per unit and kind

Revision ID: current_0001
Revises: 0001
Depends on: 0002 (systems), 0003 (incidents, evaluations)
Create Date: 2026-12-07 09:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "current_0001"
down_revision = "0001"
branch_labels = ("current_picture",)
depends_on = ("0002", "0003")

COVERING = ("findings", "datasets", "systems", "incidents", "evaluations")


def upgrade() -> None:
    op.create_table(
        "run_units",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("unit", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("run_units") as batch:
        batch.create_index(batch.f("ix_run_units_run_id"), ["run_id"], unique=False)
        batch.create_index(batch.f("ix_run_units_unit"), ["unit"], unique=False)
    covered = " UNION ".join(f"SELECT run_id, unit FROM {table}" for table in COVERING)
    op.execute(f"INSERT INTO run_units (run_id, unit) SELECT run_id, unit FROM ({covered}) AS covered")


def downgrade() -> None:
    with op.batch_alter_table("run_units") as batch:
        batch.drop_index(batch.f("ix_run_units_unit"))
        batch.drop_index(batch.f("ix_run_units_run_id"))
    op.drop_table("run_units")
