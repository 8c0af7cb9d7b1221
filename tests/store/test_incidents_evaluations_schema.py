"""Migrations 0003 (branch "incidents"), 0017 and 0022 create exactly the incidents and evaluation
tables the models describe, on SQLite and PostgreSQL, and the recorder writes and reads them back."""

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
from secsuite.report.store_view import china_time
from secsuite.store.db import open_engine, session_factory
from secsuite.store.models import Base, EvaluationRecord, IncidentRecord, Run
from secsuite.store.recorder import RunRecorder
from secsuite.timeutil import DEFAULT_TZ

TABLES = {"incidents", "evaluations", "evaluation_indicators"}
AS_OF = dt.date(2025, 12, 31)
RESOLVED = dt.datetime(2025, 6, 18, 9, 0, tzinfo=DEFAULT_TZ)
SUMMARY = dt.datetime(2025, 7, 10, 16, 30, tzinfo=DEFAULT_TZ)  # 《网络安全事件报告管理办法》第八条
NOTIFIED = dt.datetime(2025, 6, 17, 15, 0, tzinfo=DEFAULT_TZ)  # 《个人信息保护法》第五十七条


def test_migration_matches_the_models(store_url):
    engine = open_engine(store_url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        heads = set(connection.execute(text("select version_num from alembic_version")).scalars())
    ours = [d for d in differences if any(table in repr(d) for table in TABLES)]
    assert ours == []
    assert {"0017", "0022_rule_fidelity"} <= heads  # evaluation statuses and method scores, each on top of 0003


def test_recorder_round_trip(store_url):
    detected = dt.datetime(2025, 6, 17, 11, 25, tzinfo=DEFAULT_TZ)
    leak = Incident(incident_id="INC-1", unit="市民政局", category="数据安全事件", detected_at=detected,
                    responded_at=detected + dt.timedelta(minutes=6), coordinated_at=detected + dt.timedelta(minutes=20),
                    data_level="important", pi_people_affected=3200, economic_loss_cny=Decimal("1.5"),
                    resolved_at=RESOLVED, summary_reported_at=SUMMARY, pi_notified=True, pi_notified_at=NOTIFIED,
                    source="i.yaml", row=1)
    unrecorded = Incident(incident_id="INC-2", unit="市公安局", category="网络攻击事件", detected_at=detected,
                          source="i.yaml", row=2)  # no summary report, notification not recorded either way
    assessed = assess_register([leak, unrecorded], year=2025, as_of=AS_OF)
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
        incidents = {record.incident_id: record for record in session.scalars(select(IncidentRecord))}
        obligations = {key: (china_time(r.summary_reported_at), r.pi_notified, china_time(r.pi_notified_at))
                       for key, r in incidents.items()}
        assert obligations == {"INC-1": (SUMMARY, True, NOTIFIED), "INC-2": (None, None, None)}
        incident = incidents["INC-1"]
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


def test_unit_level_method_scores_round_trip(store_url):
    """包头's 民意调查 and 第三方评估 score the unit as a whole, per half: stored with the evaluation."""
    units = [Unit(unit="昆都仑区", unit_type="county", tier="", source="u", row=1)]
    rubrics = rubrics_for(units, ["baotou-digital-government"])
    sheet = Sheet(unit_methods={"昆都仑区": {("H1", "opinion_survey"): Decimal(80), ("H2", "opinion_survey"): Decimal(90),
                                           ("H1", "third_party"): Decimal(70)}})
    evaluation = evaluate(2025, AS_OF, units, rubrics, sheet, [])
    recorder = RunRecorder(open_engine(store_url), "evaluate", AS_OF, {})
    try:
        recorder.evaluation(evaluation)
        recorder.finish()
        with session_factory(open_engine(store_url))() as session:
            methods = session.scalars(select(EvaluationRecord.methods).where(EvaluationRecord.run_id == recorder.run_id)).one()
        assert methods == [
            {"id": "opinion_survey", "name": "民意调查", "weight": 0.1, "scores": {"H1": 80, "H2": 90},
             "contribution": 8.5, "missing": []},
            {"id": "third_party", "name": "第三方评估", "weight": 0.1, "scores": {"H1": 70, "H2": None},
             "contribution": 3.5, "missing": ["H2"]},
        ]
    finally:
        with session_factory(open_engine(store_url)).begin() as session:
            session.delete(session.get(Run, recorder.run_id))
