"""speed: the findings list's filters answered from the indexes alone — the rule filter by its own
index (run_id, rule_id, severity, id), and on PostgreSQL both per-severity indexes carry the columns
the other filters and the review status test (unit, rule, muted, finding id), so a count of the
current findings is an index-only scan whatever the filter

Revision ID: speed_0001
Revises: web_0003
Create Date: 2026-12-07 08:50:00
"""

from __future__ import annotations

from alembic import op

revision = "speed_0001"
down_revision = "web_0003"
branch_labels = ("speed",)
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_findings_run_severity_id", table_name="findings")
    op.create_index("ix_findings_run_severity_id", "findings", ["run_id", "severity", "id"],
                    postgresql_include=["unit", "rule_id", "muted", "finding_id"])
    op.create_index("ix_findings_run_rule_severity_id", "findings", ["run_id", "rule_id", "severity", "id"],
                    postgresql_include=["unit", "muted", "finding_id"])


def downgrade() -> None:
    op.drop_index("ix_findings_run_rule_severity_id", table_name="findings")
    op.drop_index("ix_findings_run_severity_id", table_name="findings")
    op.create_index("ix_findings_run_severity_id", "findings", ["run_id", "severity", "id"])
