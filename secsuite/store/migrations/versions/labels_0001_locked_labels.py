"""labels: a reviewed label locked against re-scans, stored beside what the scan detected

Revision ID: labels_0001
Revises: 0001
Create Date: 2026-12-07 08:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "labels_0001"
down_revision = "0001"
branch_labels = ("labels",)
depends_on = None


def upgrade() -> None:
    for table in ("datasets", "fields"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("label", sa.JSON(), nullable=True))


def downgrade() -> None:
    for table in ("datasets", "fields"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("label")
