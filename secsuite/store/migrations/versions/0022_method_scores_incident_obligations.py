"""evaluation method scores and incident obligations: the unit-level method scores of a half-yearly
rubric (包头's 民意调查, 第三方评估) per evaluation, and per incident the summary report time
(《网络安全事件报告管理办法》第八条) and whether and when the affected people were notified
(《个人信息保护法》第五十七条)

Revision ID: 0022_rule_fidelity
Revises: 0003
Create Date: 2026-12-07 07:05:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0022_rule_fidelity"
down_revision = "0003"
branch_labels = ("rule_fidelity",)
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("evaluations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("methods", sa.JSON(), nullable=True))
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("summary_reported_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("pi_notified", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("pi_notified_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        for column in ("pi_notified_at", "pi_notified", "summary_reported_at"):
            batch_op.drop_column(column)
    with op.batch_alter_table("evaluations", schema=None) as batch_op:
        batch_op.drop_column("methods")
