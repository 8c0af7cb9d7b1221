"""The run pages over a store the use cases filled: the history as stored, one run, the difference
between two scans of the same scope (new, resolved, unchanged as ``secsuite diff`` computes them),
each unit's staff seeing only their part, and pagination."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from secsuite import __version__
from secsuite.store.models import Run
from secsuite.web import paging
from tests.web.real_runs import GA, MZ


def _rules(body: str) -> list[str]:
    return re.findall(r"<code>([A-Z]+-[A-Z0-9-]+)</code>", body)


def test_the_list_holds_every_run_the_store_holds(real, real_clients):
    body = real_clients["auditor"].get("/runs").text
    with real.site.sessions()() as session:
        runs = list(session.scalars(select(Run).order_by(Run.id.desc())))
    assert [int(n) for n in re.findall(r'<a href="/runs/(\d+)">', body)] == [run.id for run in runs]
    assert "数据扫描" in body and "应急事件核查" in body and "计划任务" in body and "monitor:files" in body
    assert f"secsuite {__version__}" in body and "已完成" in body and "共 4 条" in body


def test_unit_staff_see_the_runs_holding_their_unit_and_404_for_others(real, real_clients):
    listed = re.findall(r'<a href="/runs/(\d+)">', real_clients["mz"].get("/runs").text)
    assert [int(n) for n in listed] == [real.incidents, real.second_scan, real.first_scan]
    assert real_clients["mz"].get(f"/runs/{real.ga_incidents}").status_code == 404
    assert real_clients["ga"].get(f"/runs/{real.ga_incidents}").status_code == 200
    assert real_clients["mz"].get(f"/runs/{real.ga_incidents}/diff").status_code == 404
    assert real_clients["mz"].get(f"/runs/{real.second_scan}/diff?baseline={real.ga_incidents}").status_code == 404
    assert real_clients["auditor"].get("/runs/999999").status_code == 404
    assert real_clients["mz"].get("/runs?unit=" + GA).status_code == 404
    narrowed = re.findall(r'<a href="/runs/(\d+)">', real_clients["auditor"].get("/runs?unit=" + GA).text)
    assert [int(n) for n in narrowed] == [real.incidents, real.ga_incidents, real.second_scan, real.first_scan]
    mz_only = re.findall(r'<a href="/runs/(\d+)">', real_clients["auditor"].get("/runs?unit=" + MZ).text)
    assert real.ga_incidents not in [int(n) for n in mz_only]


def test_one_run_counts_the_findings_of_the_units_seen(real, real_clients):
    everything = real_clients["auditor"].get(f"/runs/{real.first_scan}").text
    assert "auditor（网页）" in everything and "2026-03-01" in everything
    assert "高危 2" in everything and "中危 1" in everything  # over-shared, opened; under-declared
    assert "高危 1" in real_clients["mz"].get(f"/runs/{real.first_scan}").text


SECTIONS = {  # section → (unit, rule) the diff of the second scan against the first names
    "new": {(MZ, "DATA-LEVEL-UNDERDECLARED")},
    "fixed": {(GA, "DATA-SHARE-OVER-LEVEL"), (GA, "DATA-LEVEL-UNDERDECLARED")},
    "unchanged": {(MZ, "DATA-OPEN-OVER-LEVEL")},
    "reopened": set(), "changed": set(),
}


@pytest.mark.parametrize("user", ["auditor", "mz", "ga"])
@pytest.mark.parametrize("section", sorted(SECTIONS))
def test_the_diff_shows_new_resolved_and_unchanged_findings(real, real_clients, user, section):
    seen = {"auditor": {MZ, GA}, "mz": {MZ}, "ga": {GA}}[user]
    expected = {item for item in SECTIONS[section] if item[0] in seen}
    body = real_clients[user].get(f"/runs/{real.second_scan}/diff?change={section}").text
    assert f"对比基准：第 {real.first_scan} 次运行" in body  # the last comparable run, found by itself
    table = body[body.index('id="diff-items"'):]
    assert sorted(_rules(table)) == sorted(rule for _, rule in expected)
    assert all(unit in table for unit, _ in expected) and not any(u in table for u in {MZ, GA} - seen)


def test_the_diff_is_the_one_the_command_line_computes(real, real_clients):
    from secsuite.app.runs import diff

    with real.site.sessions()() as session:
        delta = diff(session, session.get(Run, real.first_scan), session.get(Run, real.second_scan)).to_json()
    body = real_clients["auditor"].get(f"/runs/{real.second_scan}/diff").text
    for change in ("new", "fixed", "reopened", "changed"):
        assert re.search(rf'change={change}"[^>]*>[^<]+<span class="count">{len(delta[change])}</span>', body), change


def test_runs_of_another_scope_are_not_compared(real, real_clients):
    response = real_clients["auditor"].get(f"/runs/{real.second_scan}/diff?baseline={real.incidents}")
    assert response.status_code == 400 and "cannot be compared" in response.text
    first = real_clients["auditor"].get(f"/runs/{real.first_scan}/diff").text
    assert "没有可比较的早先运行" in first


def test_the_list_pages(real, real_clients, monkeypatch):
    monkeypatch.setattr(paging, "PAGE_SIZE", 3)
    client = real_clients["auditor"]
    first, second = client.get("/runs").text, client.get("/runs?page=2").text
    assert len(re.findall(r'<a href="/runs/\d+">', first)) == 3 and 'href="/runs?page=2"' in first
    assert len(re.findall(r'<a href="/runs/\d+">', second)) == 1 and 'href="/runs?page=1"' in second
    assert "第 2/2 页" in second
    kind = client.get("/runs?kind=scan&page=1").text
    assert len(re.findall(r'<a href="/runs/\d+">', kind)) == 2
    assert client.get("/runs?page=x").status_code == 400
