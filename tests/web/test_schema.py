"""The web branch of the migrations (web_0001–web_0003, speed_0001) creates exactly what the models describe, on
SQLite and PostgreSQL, and stands beside the other branches at their heads."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

import secsuite.store.access  # noqa: F401  (the web tables join the metadata)
from secsuite.store.db import open_engine
from secsuite.store.models import Base

TABLES = ("units", "users", "role_grants", "web_sessions", "api_tokens", "audit_events", "reviews", "signoffs",
          "auth_attempts")
INDEXES = ("ix_findings_run_severity_id", "ix_findings_run_rule_severity_id", "ix_findings_run_unit_severity_muted")


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    return f"sqlite:///{tmp_path / 'store.db'}" if request.param == "sqlite" else request.getfixturevalue("postgres_url")


def test_migrations_match_the_models(store_url):
    engine = open_engine(store_url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        heads = set(connection.execute(text("select version_num from alembic_version")).scalars())
    ours = [d for d in differences if any(f"'{name}'" in repr(d) for name in TABLES + INDEXES)]
    assert ours == []
    # users.email comes from the recipients branch (alert recipients by role and unit), off web_0001
    assert {"speed_0001", "recipients_0001"} <= heads and "ranges_0001" in heads  # monitoring, with its approved ranges
    assert {"auth_0001", "labels_0001"} <= heads  # TOTP and rate limits; labels locked by review
