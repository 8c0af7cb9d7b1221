"""evaluation method scores: the unit-level method scores of a half-yearly rubric (包头's 民意调查,
第三方评估) per evaluation, each half's score and what it adds to the year

Revision ID: 0022
Revises: 0003
Create Date: 2026-12-07 07:05:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0003"
branch_labels = ("rule_fidelity",)
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("evaluations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("methods", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("evaluations", schema=None) as batch_op:
        batch_op.drop_column("methods")
