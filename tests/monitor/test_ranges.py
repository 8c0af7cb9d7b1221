"""Monitoring scans approved ranges only: a network target outside every range approved for its
unit cannot be added, and a revoked approval stops the target's next run before nmap starts."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from secsuite.app.run import open_store
from secsuite.monitor.models import Job
from secsuite.monitor.ranges import RangeError, approve, revoke, unapproved
from tests.monitor.test_monitor_flow import secsuite

NOW = dt.datetime(2026, 12, 7, 1, 0, tzinfo=dt.timezone.utc)
UNIT, OTHER = "市大数据局", "宿城区"


@pytest.fixture
def session(tmp_path):
    engine = open_store(f"sqlite:///{tmp_path / 'store.db'}")
    with Session(engine) as db:
        approve(db, "10.20.0.0/24", UNIT, "李安全", "授权书 2026-17", NOW)
        approve(db, "192.168.1.10-20", UNIT, "李安全", "授权书 2026-17", NOW)
        approve(db, "gis.example.gov.cn", UNIT, "李安全", "授权书 2026-18", NOW)
        approve(db, "2001:db8::/64", UNIT, "李安全", "授权书 2026-19", NOW)
        gone = approve(db, "172.16.0.0/16", UNIT, "李安全", "授权书 2025-01", NOW)
        revoke(db, gone.id, "王审计", NOW)
        approve(db, "10.30.0.0/24", OTHER, "李安全", "授权书 2026-20", NOW)
        yield db
    engine.dispose()


@pytest.mark.parametrize(("spec", "approved"), [
    ("10.20.0.7", True),
    ("10.20.0.0/25", True),
    ("10.20.0.1-200", True),
    ("10.20.0.0/24", True),
    ("10.20.0.0/23", False),            # wider than the approval
    ("10.20.1.1", False),
    ("192.168.1.12-15", True),
    ("192.168.1.9-12", False),          # starts one address before the approved range
    ("gis.example.gov.cn", True),
    ("GIS.example.gov.cn.", True),      # host names compare as nmap resolves them
    ("www.example.gov.cn", False),
    ("2001:db8::1", True),
    ("2001:db8:1::1", False),
    ("172.16.5.5", False),              # revoked
    ("10.30.0.5", False),               # another unit's range
])
def test_a_target_is_approved_only_inside_its_units_ranges(session, spec, approved):
    assert (unapproved(session, UNIT, [spec]) == []) is approved


@pytest.mark.parametrize(("spec", "unit", "by", "reason", "expected"), [
    ("--script=evil", UNIT, "李安全", "x", "invalid target"),
    ("10.0.0.0/8", "", "李安全", "x", "unit"),
    ("10.0.0.0/8", UNIT, " ", "x", "approves"),
    ("10.0.0.0/8", UNIT, "李安全", "", "reason"),
])
def test_an_approval_names_a_valid_range_a_unit_a_person_and_a_reason(session, spec, unit, by, reason, expected):
    with pytest.raises(ValueError, match=expected):
        approve(session, spec, unit, by, reason, NOW)


def test_revoking_twice_is_refused(session):
    with pytest.raises(RangeError, match="no approved range"):
        revoke(session, 5, "王审计", NOW)


def test_the_cli_refuses_an_unapproved_target_and_a_revoked_approval_stops_the_next_run(store_url, tmp_path):
    common = ["--db", store_url]
    add = ["monitor", "add", "机房网段", "--unit", UNIT, "--kind", "network", "--range", "127.0.0.1",
           "--cron", "0 2 * * *", "--now", "2026-12-07T01:00", *common]
    refused = secsuite(*add, cwd=tmp_path)
    assert refused.returncode != 0 and "扫描范围未经批准" in refused.stderr and "127.0.0.1" in refused.stderr
    approved = secsuite("monitor", "ranges", "approve", "127.0.0.0/30", "--unit", UNIT, "--by", "李安全",
                        "--reason", "授权书 2026-17", *common, cwd=tmp_path)
    assert approved.returncode == 0, approved.stderr
    assert secsuite(*add, cwd=tmp_path).returncode == 0
    listed = secsuite("monitor", "ranges", "list", "--format", "json", *common, cwd=tmp_path)
    [row] = json.loads(listed.stdout)
    assert (row["unit"], row["range"], row["approved_by"]) == (UNIT, "127.0.0.0/30", "李安全")
    assert secsuite("monitor", "ranges", "revoke", str(row["id"]), "--by", "王审计", *common, cwd=tmp_path).returncode == 0
    secsuite("monitor", "run-due", "--now", "2026-12-07T02:00", *common, cwd=tmp_path)
    engine = create_engine(store_url)
    with Session(engine) as db:
        [job] = db.scalars(select(Job))
        assert job.status in ("failed", "pending") and job.run_id is None
        assert "扫描范围未经批准" in (job.error or "") and "127.0.0.1" in job.error
    engine.dispose()
    assert json.loads(secsuite("monitor", "ranges", "list", "--format", "json", *common, cwd=tmp_path).stdout) == []
