"""auth: an optional TOTP second factor per user (its secret sealed with SM4) and the failed sign-in
and API token attempts that rate limiting counts

Revision ID: auth_0001
Revises: web_0001
Create Date: 2026-12-07 08:25:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "auth_0001"
down_revision = "web_0001"
branch_labels = ("auth",)
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("mfa_secret", sa.LargeBinary(), nullable=True))
        batch.add_column(sa.Column("mfa_enabled", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("mfa_step", sa.BigInteger(), nullable=True))
    op.create_table(
        "auth_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("account", sa.String(length=64), nullable=True),
        sa.Column("address", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_auth_attempts_account", "auth_attempts", ["kind", "account", "at"])
    op.create_index("ix_auth_attempts_address", "auth_attempts", ["kind", "address", "at"])


def downgrade() -> None:
    op.drop_index("ix_auth_attempts_address", table_name="auth_attempts")
    op.drop_index("ix_auth_attempts_account", table_name="auth_attempts")
    op.drop_table("auth_attempts")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("mfa_step")
        batch.drop_column("mfa_enabled")
        batch.drop_column("mfa_secret")
