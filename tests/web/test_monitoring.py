"""The monitoring page over a store whose targets were added and whose due jobs were enqueued by
secsuite.monitor: each target with its schedule, next run and last job, scoped by unit; evaluators
and administrators are refused."""

from __future__ import annotations

from tests.web.real_runs import GA, MZ


def test_targets_schedules_and_jobs_as_stored(real_clients):
    body = real_clients["auditor"].get("/monitoring").text
    table = body[body.index('id="targets"'):]
    for name in ("民政-文件", "公安-网络"):
        assert name in table
    assert table.count("<code>0 2 * * *</code>") == 2 and table.count("2026-03-03 02:00:00") == 2
    assert table.count("等待中") == 2 and "127.0.0.1/32" in table  # the job the scheduler enqueued


def test_each_unit_sees_its_own_targets(real_clients):
    mine = real_clients["mz"].get("/monitoring").text
    assert "民政-文件" in mine and "公安-网络" not in mine
    assert real_clients["mz"].get("/monitoring?unit=" + GA).status_code == 404
    assert "民政-文件" in real_clients["operator"].get("/monitoring?unit=" + MZ).text


def test_evaluators_and_administrators_are_refused(real_clients):
    assert real_clients["evaluator"].get("/monitoring").status_code == 403
    assert real_clients["secadmin"].get("/monitoring").status_code == 403
    assert real_clients["anonymous"].get("/monitoring").status_code == 303
    assert "/monitoring" not in real_clients["evaluator"].get("/").text
