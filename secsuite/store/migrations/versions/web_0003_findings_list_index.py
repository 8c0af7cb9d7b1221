"""web: indexes for the findings list (one severity of the current runs at a time) and the dashboard's
counts per unit and severity (an index-only scan)

Revision ID: web_0003
Revises: web_0002
Create Date: 2026-12-07 06:15:00
"""

from __future__ import annotations

from alembic import op

revision = "web_0003"
down_revision = "web_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_findings_run_severity_id", "findings", ["run_id", "severity", "id"])
    op.create_index("ix_findings_run_unit_severity_muted", "findings", ["run_id", "unit", "severity", "muted",
                                                                         "rule_id"])


def downgrade() -> None:
    op.drop_index("ix_findings_run_unit_severity_muted", table_name="findings")
    op.drop_index("ix_findings_run_severity_id", table_name="findings")
