"""web_pages: the catalogue's share and open attributes of each scanned dataset, for the web's datasets page

Revision ID: web_pages_0001
Revises: 0001
Create Date: 2026-12-07 08:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "web_pages_0001"
down_revision = "0001"
branch_labels = ("web_pages",)
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("datasets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("share_attr", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("open_attr", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("datasets", schema=None) as batch_op:
        batch_op.drop_column("open_attr")
        batch_op.drop_column("share_attr")
