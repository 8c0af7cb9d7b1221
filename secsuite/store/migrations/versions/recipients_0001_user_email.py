"""recipients: a nullable e-mail address per user, where alerts naming a role and unit are sent

Revision ID: recipients_0001
Revises: web_0001
Create Date: 2026-12-07 07:05:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "recipients_0001"
down_revision = "web_0001"
branch_labels = ("recipients",)
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("email", sa.String(length=254), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("email")
