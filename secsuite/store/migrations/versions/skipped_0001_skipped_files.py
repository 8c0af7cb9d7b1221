"""skipped files: each file of a scanned folder that holds no table, named per run

Revision ID: skipped_0001
Revises: 0001
Create Date: 2026-12-07 08:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "skipped_0001"
down_revision = "0001"
branch_labels = ("skipped_files",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "run_skipped_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("run_skipped_files") as batch:
        batch.create_index(batch.f("ix_run_skipped_files_run_id"), ["run_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("run_skipped_files") as batch:
        batch.drop_index(batch.f("ix_run_skipped_files_run_id"))
    op.drop_table("run_skipped_files")
