"""runs: the rule content that judged the run (hash and counts of detectors, guides, rubrics, rule packs)

Revision ID: 0006_run_content
Revises: 0001
Create Date: 2026-12-07 05:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_run_content"
down_revision = "0001"
branch_labels = ("run_content",)
depends_on = None


def upgrade() -> None:
    op.add_column("runs", sa.Column("content_sha256", sa.String(length=64), nullable=True))
    op.add_column("runs", sa.Column("content", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("runs", schema=None) as batch_op:
        batch_op.drop_column("content")
        batch_op.drop_column("content_sha256")
