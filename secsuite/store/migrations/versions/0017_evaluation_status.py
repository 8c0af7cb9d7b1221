"""evaluation status: each indicator's status (scored, not_assessed, manual, not_applicable) and
each unit's completeness, reasons, warnings and the readings of its rubric that were used

Revision ID: 0017
Revises: 0003
Create Date: 2026-12-07 06:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0003"
branch_labels = ("evaluation_status",)
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("evaluations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("complete", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("incomplete_reasons", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("warnings", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("readings", sa.JSON(), nullable=True))
    with op.batch_alter_table("evaluation_indicators", schema=None) as batch_op:
        batch_op.add_column(sa.Column("status", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("not_assessed", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("warnings", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("evaluation_indicators", schema=None) as batch_op:
        for column in ("warnings", "not_assessed", "status"):
            batch_op.drop_column(column)
    with op.batch_alter_table("evaluations", schema=None) as batch_op:
        for column in ("readings", "warnings", "incomplete_reasons", "complete"):
            batch_op.drop_column(column)
