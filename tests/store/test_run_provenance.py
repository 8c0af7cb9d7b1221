"""Runs record who started them, what they covered and whether they read every input, on real
SQLite and PostgreSQL; a store made before these columns is upgraded in place."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, inspect, select, text

from secsuite.errors import InputError
from secsuite.store.db import MIGRATIONS, open_engine, session_factory
from secsuite.store.models import Run
from secsuite.store.recorder import RunRecorder

AS_OF = dt.date(2025, 12, 31)


def stored(url: str, run_id: int) -> Run:
    with session_factory(open_engine(url))() as session:
        run = session.get(Run, run_id)
        assert run is not None
        return run


@pytest.mark.parametrize(
    ("trigger", "actor", "errors", "status", "complete"),
    [
        ("cli", None, 0, "finished", True),
        ("scheduled", "schedule:7", 1, "finished", False),  # an input error: not every input was read
        ("web", "auditor01", 0, "failed", False),  # a failed run covered less than its scope
        ("api", "token:ci", 2, "failed", False),
    ],
)
def test_a_run_records_its_provenance_scope_and_completeness(store_url, trigger, actor, errors, status, complete):
    recorder = RunRecorder(open_engine(store_url), "check", AS_OF, {}, trigger=trigger, actor=actor, scope_key="k" * 64)
    for number in range(errors):
        recorder.error(InputError("systems.xlsx", "日期无效 (invalid date)", row=number + 2, field="备案日期"))
    assert stored(store_url, recorder.run_id).complete is False  # a running run is not complete yet
    recorder.finish(status)
    run = stored(store_url, recorder.run_id)
    assert (run.trigger, run.actor, run.scope_key, run.status, run.complete) == (
        trigger, actor, "k" * 64, status, complete)


def test_a_store_made_before_the_provenance_columns_is_upgraded_in_place(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    old = create_engine(url)
    with old.begin() as connection:
        config.attributes["connection"] = connection
        for head in ("0002", "0003", "0004"):  # the heads before this branch
            command.upgrade(config, head)
        connection.execute(text(
            "INSERT INTO runs (kind, status, started_at, as_of, arguments, tool_version) "
            "VALUES ('scan', 'finished', '2025-12-31 10:00:00', '2025-12-31', '{}', '0.1')"))
    assert "scope_key" not in {column["name"] for column in inspect(old).get_columns("runs")}
    old.dispose()
    engine = open_engine(url)
    with session_factory(engine)() as session:
        run = session.scalars(select(Run)).one()
    assert (run.kind, run.trigger, run.actor, run.scope_key, run.complete) == ("scan", "cli", None, None, False)
