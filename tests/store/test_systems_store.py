"""The systems table (branch "systems" of the migrations) on real SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select

from secsuite.inventory.systems import SystemEntry
from secsuite.store.db import open_engine, session_factory
from secsuite.store.models import Base, Run, SystemRecord
from secsuite.store.recorder import RunRecorder

AS_OF = dt.date(2025, 12, 31)


def system(name: str, **fields) -> SystemEntry:
    return SystemEntry.model_validate({"unit": "市公安局", "unit_type": "市级部门", "system": name, "source": "s.xlsx",
                                       "row": 2} | fields)


def test_systems_are_stored_with_their_run(store_url):
    recorder = RunRecorder(open_engine(store_url), "check", AS_OF, {"paths": ["s.xlsx"]})
    recorder.systems([
        system("警务综合平台", mlps_level="第三级", graded_on="2023-03-10", evaluation_score="86.5", cii="是",
               algorithms="SM2、SM3", crypto_service="否", data_level="L4", hosts="127.0.0.1, 10.0.0.0/24"),
        system("婚姻登记预约系统"),
    ])
    recorder.finish()
    with session_factory(open_engine(store_url))() as session:
        rows = session.scalars(select(SystemRecord).where(SystemRecord.run_id == recorder.run_id)
                               .order_by(SystemRecord.id)).all()
        assert [(r.system, r.mlps_level, r.graded_on, r.evaluation_score, r.cii, r.crypto_service) for r in rows] == [
            ("警务综合平台", 3, dt.date(2023, 3, 10), 86.5, True, False),
            ("婚姻登记预约系统", None, None, None, None, None),
        ]
        assert rows[0].algorithms == ["SM2", "SM3"] and rows[0].hosts == ["127.0.0.1", "10.0.0.0/24"]
        assert rows[1].algorithms == [] and rows[0].unit_type == "department"
        session.delete(session.get(Run, recorder.run_id))
        session.commit()
        mine = select(SystemRecord).where(SystemRecord.run_id == recorder.run_id)
        assert session.scalars(mine).all() == []  # deleting a run deletes its systems


def test_migration_matches_the_model(store_url):
    engine = open_engine(store_url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    mine = [d for d in differences if "systems" in repr(d)]
    assert mine == []
