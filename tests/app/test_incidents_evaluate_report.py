"""The incidents and evaluate use cases on the example's 2025 inputs, and the report's data loaded
from the store they wrote."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import yaml

from secsuite.app.evaluate import EvaluateJob, evaluate
from secsuite.app.incidents import IncidentsJob, assess_incidents
from secsuite.app.report import ReportJob, report_data
from secsuite.app.run import Provenance
from secsuite.errors import InputErrors, StoreError
from secsuite.store.models import EvaluationRecord, FindingRecord, IncidentRecord, Run, RunError
from tests.conftest import EXAMPLES

AS_OF = dt.date(2025, 12, 31)
UNITS, SCORES, INCIDENTS = EXAMPLES / "units.xlsx", EXAMPLES / "scores.xlsx", EXAMPLES / "incidents.xlsx"


def test_incidents_then_evaluation_then_report(store_url, rows):
    incidents = assess_incidents(
        IncidentsJob(path=INCIDENTS, as_of=AS_OF, year=2025, units=UNITS, store_url=store_url,
                     provenance=Provenance("api", "token:ci")))
    assert incidents.complete and len(incidents.result.cases) == 44  # 45 rows, one discovered in 2024
    (run,) = rows(Run, incidents.run_id)
    assert (run.kind, run.complete, run.trigger, run.actor) == ("incidents", True, "api", "token:ci")
    assert len(rows(IncidentRecord, run.id)) == 44
    assert len(rows(FindingRecord, run.id)) == len(incidents.result.findings) > 0

    evaluation = evaluate(EvaluateJob(year=2025, units=UNITS, scores=SCORES, as_of=AS_OF, store_url=store_url))
    assert evaluation.complete and len(evaluation.result.units) == 14
    assert evaluation.findings >= len(incidents.result.findings)  # the stored incident findings count
    stored = rows(EvaluationRecord, evaluation.run_id)
    assert {(e.unit, e.vetoed) for e in stored} == {(u.unit.unit, u.vetoed) for u in evaluation.result.units}
    assert any(e.vetoed for e in stored)  # the severe data leak of the year

    data = report_data(ReportJob(year=2025, as_of=AS_OF, store_url=store_url))
    assert not data.empty and {f.id for f in incidents.result.findings} <= {f.id for f in data.findings}
    assert data.vetoed()


def test_the_same_register_has_one_scope_and_another_year_another(store_url, rows):
    runs = [assess_incidents(IncidentsJob(path=INCIDENTS, as_of=AS_OF, year=year, store_url=store_url)).run_id
            for year in (2025, 2025, 2024)]
    keys = [rows(Run, run_id)[0].scope_key for run_id in runs]
    assert keys[0] == keys[1] != keys[2]


def test_the_report_draws_the_limits_the_incidents_run_was_assessed_with(store_url, rows):
    """The run records its SLA limits; the report's charts take them whatever the report command's
    config says, and a run recorded before runs kept their limits takes that config instead."""
    from secsuite.app.run import open_store
    from secsuite.incidents.pipeline import recorded_sla_limits
    from secsuite.report.html import render_html
    from secsuite.report.store_view import load_run
    from secsuite.suppress import Suppressions

    stricter = {"IR-RESPONSE-SLA-BREACH": {"minutes": 3}, "IR-HANDLING-SLA-BREACH": {"minutes": 20}}
    outcome = assess_incidents(IncidentsJob(path=INCIDENTS, as_of=AS_OF, year=2025, units=UNITS, store_url=store_url,
                                            rule_params=stricter))
    (run,) = rows(Run, outcome.run_id)
    assert run.arguments["sla"]["IR-RESPONSE-SLA-BREACH"]["minutes"] == "3"
    data = load_run(open_store(store_url), outcome.run_id, Suppressions(), "zh")
    page = render_html(data, "zh", {"IR-RESPONSE-SLA-BREACH": {"minutes": 60}})  # the report command's config
    assert "时限 3 分钟" in page and "时限 20 分钟" in page and "时限 60 分钟" not in page
    before = recorded_sla_limits({"path": "incidents.xlsx"}, {"IR-RESPONSE-SLA-BREACH": {"minutes": 60}})
    assert before.response.limit(None).total_seconds() == 3600 and before.handling.limit(None).total_seconds() == 1800


def test_an_unreadable_units_file_is_recorded_and_the_run_is_not_complete(store_url, rows, tmp_path):
    units = tmp_path / "units.csv"
    units.write_text("单位名称,单位类型,档次\n宿城区,不是类型,1\n", encoding="utf-8")
    outcome = assess_incidents(IncidentsJob(path=INCIDENTS, as_of=AS_OF, year=2025, units=units, store_url=store_url))
    assert not outcome.complete and outcome.result.errors
    assert [(e.source, e.row) for e in rows(RunError, outcome.run_id)] == [(str(units), 2)]
    assert rows(Run, outcome.run_id)[0].complete is False


def test_an_evaluation_with_input_errors_raises_them_all_and_records_nothing(store_url, rows, tmp_path):
    scores = tmp_path / "scores.yaml"
    scores.write_text(yaml.safe_dump([{"单位名称": "不存在的单位", "指标": "X-1", "得分": 1}], allow_unicode=True),
                      encoding="utf-8")
    before = len(rows(Run))
    with pytest.raises(InputErrors) as raised:
        evaluate(EvaluateJob(year=2025, units=UNITS, scores=scores, as_of=AS_OF, store_url=store_url))
    assert raised.value.errors and str(raised.value).count("\n") == len(raised.value.errors) - 1
    assert all(error.source == str(scores) for error in raised.value.errors)
    assert len(rows(Run)) == before


def test_evaluate_without_recording_reads_the_store_but_writes_no_run(tmp_path):
    url = f"sqlite:///{tmp_path / 'none.db'}"
    outcome = evaluate(EvaluateJob(year=2025, units=UNITS, scores=SCORES, as_of=AS_OF, store_url=url, record=False))
    assert outcome.run_id is None and len(outcome.result.units) == 14
    assert not (tmp_path / "none.db").exists()  # a store that is not there is not created to be read


@pytest.mark.parametrize(
    ("job", "error", "message"),
    [
        (ReportJob(year=2025, as_of=dt.date(2024, 12, 31), store_url="sqlite:///x.db"), ValueError, "before 2025"),
        (ReportJob(year=2025, as_of=AS_OF, store_url="sqlite:///nowhere/x.db"), StoreError, "result store not found"),
        (ReportJob(year=2025, as_of=AS_OF, store_url="postgresql+psycopg://u:pw@127.0.0.1:1/x"), StoreError,
         "cannot open the result store postgresql+psycopg://u@127.0.0.1:1/x"),
    ],
)
def test_report_data_that_cannot_be_loaded_raises_typed_errors(job, error, message):
    with pytest.raises(error, match=re.escape(message)):
        report_data(job)
