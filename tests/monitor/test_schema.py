"""Migrations 0019 (branch "monitoring") and ranges_0001 (branch "approved_ranges", on top of it)
create exactly the tables monitoring's models describe, on SQLite and PostgreSQL, beside every
other branch's head."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

import secsuite.monitor.models  # noqa: F401 (registers monitoring's tables on the shared metadata)
from secsuite.store.db import open_engine
from secsuite.store.models import Base

TABLES = {"monitor_targets", "monitor_schedules", "monitor_jobs", "monitor_issues", "monitor_deltas",
          "monitor_notify_rules", "monitor_alerts", "monitor_unit_days", "scan_cache", "monitor_approved_ranges"}


def test_migration_matches_the_models(store_url):
    engine = open_engine(store_url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        heads = set(connection.execute(text("select version_num from alembic_version")).scalars())
    assert set(Base.metadata.tables) >= TABLES
    assert [d for d in differences if any(table in repr(d) for table in TABLES)] == []
    assert "ranges_0001" in heads and "0019_monitoring" not in heads  # the range approvals build on monitoring
