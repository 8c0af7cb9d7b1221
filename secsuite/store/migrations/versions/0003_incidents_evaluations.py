"""incidents and evaluations: assessed incident registers and annual evaluations of units

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-25 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0001"
branch_labels = ("incidents",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "incidents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.String(length=64), nullable=False),
        sa.Column("unit", sa.Text(), nullable=False),
        sa.Column("unit_type", sa.String(length=32), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("category", sa.Text(), nullable=True),
        sa.Column("detected_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("responded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("coordinated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("response_seconds", sa.Integer(), nullable=True),
        sa.Column("handling_seconds", sa.Integer(), nullable=True),
        sa.Column("grade", sa.String(length=16), nullable=False),
        sa.Column("operator_type", sa.String(length=16), nullable=False),
        sa.Column("report_required", sa.Boolean(), nullable=False),
        sa.Column("report_deadline", sa.DateTime(timezone=True), nullable=True),
        sa.Column("pi_people_affected", sa.Integer(), nullable=True),
        sa.Column("data_level", sa.String(length=16), nullable=True),
        sa.Column("economic_loss_cny", sa.Double(), nullable=True),
        sa.Column("downtime_hours", sa.Double(), nullable=True),
        sa.Column("severe", sa.Boolean(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("row", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incidents_run_id"), ["run_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_incidents_incident_id"), ["incident_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_incidents_unit"), ["unit"], unique=False)

    op.create_table(
        "evaluations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("rubric_id", sa.String(length=64), nullable=False),
        sa.Column("rubric_version", sa.String(length=32), nullable=False),
        sa.Column("unit", sa.Text(), nullable=False),
        sa.Column("unit_type", sa.String(length=32), nullable=False),
        sa.Column("tier", sa.Text(), nullable=True),
        sa.Column("vetoed", sa.Boolean(), nullable=False),
        sa.Column("veto_reason", sa.Text(), nullable=True),
        sa.Column("veto_finding_ids", sa.JSON(), nullable=False),
        sa.Column("base_score", sa.Double(), nullable=True),
        sa.Column("bonus_score", sa.Double(), nullable=True),
        sa.Column("final_score", sa.Double(), nullable=True),
        sa.Column("rank", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("evaluations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_evaluations_run_id"), ["run_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_evaluations_year"), ["year"], unique=False)
        batch_op.create_index(batch_op.f("ix_evaluations_unit"), ["unit"], unique=False)

    op.create_table(
        "evaluation_indicators",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("evaluation_id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("group_name", sa.Text(), nullable=False),
        sa.Column("points", sa.Double(), nullable=False),
        sa.Column("score", sa.Double(), nullable=True),
        sa.Column("deductions", sa.JSON(), nullable=False),
        sa.Column("missing", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["evaluation_id"], ["evaluations.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("evaluation_indicators", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_evaluation_indicators_evaluation_id"), ["evaluation_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("evaluation_indicators", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evaluation_indicators_evaluation_id"))
    op.drop_table("evaluation_indicators")
    with op.batch_alter_table("evaluations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evaluations_unit"))
        batch_op.drop_index(batch_op.f("ix_evaluations_year"))
        batch_op.drop_index(batch_op.f("ix_evaluations_run_id"))
    op.drop_table("evaluations")
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incidents_unit"))
        batch_op.drop_index(batch_op.f("ix_incidents_incident_id"))
        batch_op.drop_index(batch_op.f("ix_incidents_run_id"))
    op.drop_table("incidents")
