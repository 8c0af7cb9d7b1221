"""The check use case on the example inventory: what it returns is what the store holds."""

from __future__ import annotations

import datetime as dt
import getpass

import pytest

from secsuite.app.check import CheckJob, check
from secsuite.app.run import Provenance
from secsuite.errors import ConfigError, StoreError
from secsuite.store.models import FindingRecord, Run, RunError, SystemRecord
from tests.conftest import EXAMPLES

AS_OF = dt.date(2025, 12, 31)
INVENTORY = EXAMPLES / "systems.xlsx"


def test_the_example_inventory_is_checked_and_recorded(store_url, rows):
    job = CheckJob(paths=[INVENTORY], as_of=AS_OF, store_url=store_url,
                   provenance=Provenance("scheduled", "schedule:3"))
    outcome = check(job)
    assert outcome.complete and outcome.result.errors == []
    assert len(outcome.systems) == 21 and len(outcome.result.findings) == 24  # 19 等保/密评 + 5 yearly obligations (#17)
    assert outcome.result.run_id == outcome.run_id is not None
    (run,) = rows(Run, outcome.run_id)
    assert (run.kind, run.status, run.complete, run.trigger, run.actor) == (
        "check", "finished", True, "scheduled", "schedule:3")
    assert {f.finding_id for f in rows(FindingRecord, run.id)} == {f.id for f in outcome.result.findings}
    assert len(rows(SystemRecord, run.id)) == 21


def test_a_broken_row_is_recorded_and_the_run_is_not_complete(store_url, rows, tmp_path):
    broken = tmp_path / "systems.csv"
    broken.write_text(
        "单位名称,系统名称,安全保护等级,备案日期\n市公安局,警务综合平台,3,不是日期\n市民政局,救助系统,2,2025-01-02\n",
        encoding="utf-8")
    first = check(CheckJob(paths=[INVENTORY, broken], as_of=AS_OF, store_url=store_url))
    again = check(CheckJob(paths=[broken, INVENTORY], as_of=AS_OF, store_url=store_url))
    narrower = check(CheckJob(paths=[INVENTORY], as_of=AS_OF, store_url=store_url))
    assert not first.complete and narrower.complete
    errors = rows(RunError, first.run_id)
    assert [(e.source, e.row) for e in errors] == [(str(broken), 2)]
    (run,), (rerun,), (narrow,) = rows(Run, first.run_id), rows(Run, again.run_id), rows(Run, narrower.run_id)
    assert (run.complete, run.trigger, run.actor) == (False, "cli", getpass.getuser())  # who ran the command
    assert run.scope_key == rerun.scope_key != narrow.scope_key


def test_without_a_store_nothing_is_recorded():
    outcome = check(CheckJob(paths=[INVENTORY], as_of=AS_OF))
    assert (outcome.run_id, outcome.result.run_id, outcome.complete) == (None, None, True)


@pytest.mark.parametrize(
    ("job", "error"),
    [
        (CheckJob(paths=[INVENTORY], as_of=AS_OF, guide="no-such-guide"), ConfigError),
        (CheckJob(paths=[INVENTORY], as_of=AS_OF, rule_params={"MLPS-FILED-LATE": {"no_such": 1}}), ConfigError),
        (CheckJob(paths=[INVENTORY], as_of=AS_OF, store_url="postgresql+psycopg://u:pw@127.0.0.1:1/none"), StoreError),
    ],
)
def test_unusable_requests_raise_typed_errors(job, error):
    with pytest.raises(error) as raised:
        check(job)
    assert "pw" not in str(raised.value)
