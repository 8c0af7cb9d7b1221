"""Migration 0003 (branch "incidents") creates exactly the incidents and evaluation tables the models
describe, on SQLite and PostgreSQL, and the recorder writes and reads them back."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select, text

from secsuite.evaluate.engine import evaluate, rubrics_for
from secsuite.evaluate.facts import from_finding
from secsuite.evaluate.sheet import Sheet
from secsuite.incidents.pipeline import assess_register
from secsuite.inventory.incidents import Incident
from secsuite.inventory.units import Unit
from secsuite.store.db import open_engine, session_factory
from secsuite.store.models import Base, EvaluationRecord, IncidentRecord, Run
from secsuite.store.recorder import RunRecorder
from secsuite.timeutil import DEFAULT_TZ

TABLES = {"incidents", "evaluations", "evaluation_indicators"}
AS_OF = dt.date(2025, 12, 31)


def test_migration_matches_the_models(store_url):
    engine = open_engine(store_url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        heads = set(connection.execute(text("select version_num from alembic_version")).scalars())
    ours = [d for d in differences if any(table in repr(d) for table in TABLES)]
    assert ours == []
    assert "0017" in heads  # evaluation statuses, on top of 0003


def test_recorder_round_trip(store_url):
    detected = dt.datetime(2025, 6, 17, 11, 25, tzinfo=DEFAULT_TZ)
    leak = Incident(incident_id="INC-1", unit="市民政局", category="数据安全事件", detected_at=detected,
                    responded_at=detected + dt.timedelta(minutes=6), coordinated_at=detected + dt.timedelta(minutes=20),
                    data_level="important", pi_people_affected=3200, economic_loss_cny=Decimal("1.5"),
                    source="i.yaml", row=1)
    assessed = assess_register([leak], year=2025, as_of=AS_OF)
    units = [Unit(unit="市民政局", unit_type="department", tier="第一档", source="u", row=1),
             Unit(unit="市公安局", unit_type="department", tier="第一档", source="u", row=2)]
    evaluation = evaluate(2025, AS_OF, units, rubrics_for(units, []), Sheet(),
                          [from_finding(f) for f in assessed.findings])
    recorder = RunRecorder(open_engine(store_url), "evaluate", AS_OF, {})
    try:
        recorder.incidents(assessed.cases)
        recorder.evaluation(evaluation)
        recorder.finish()
        check_stored(store_url)
    finally:  # the PostgreSQL database is shared by the session's tests: leave it as found
        with session_factory(open_engine(store_url)).begin() as session:
            session.delete(session.get(Run, recorder.run_id))


def check_stored(store_url: str) -> None:
    with session_factory(open_engine(store_url))() as session:
        incident = session.scalars(select(IncidentRecord)).one()
        assert (incident.response_seconds, incident.grade, incident.report_required) == (360, "较大", True)
        assert incident.economic_loss_cny == 1.5 and incident.pi_people_affected == 3200
        rows = {row.unit: row for row in session.scalars(select(EvaluationRecord))}
        assert rows["市民政局"].vetoed and rows["市民政局"].final_score is None and rows["市民政局"].rank == 2
        police = rows["市公安局"]
        # nothing scored: 项目管理 10 and 集约化建设 5 start full, and 信息安全 is not assessed (no check of the
        # unit's systems this year), so 15 × 0.8
        assert (police.final_score, police.rank, police.tier) == (12.0, 1, "第一档")
        assert len(police.indicators) == 10 and police.indicators[0].name == "人员配置"
        assert police.complete is False and police.incomplete_reasons[0].startswith("信息安全：")
        assert {i.name: i.status for i in police.indicators}["信息安全"] == "not_assessed"
        assert police.readings[0]["id"] == "security_deduction"
