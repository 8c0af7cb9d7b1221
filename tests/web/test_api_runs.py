"""``POST /api/v1/runs/KIND`` over ASGI on SQLite and PostgreSQL: who may push what (the role, every
unit named), one run per document, raw identifiers refused without being echoed, stored or
audited, the size limit, and the OpenAPI document listing the endpoints."""

from __future__ import annotations

import json

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Text, func, select, text

from secsuite.results import ScanResult
from secsuite.store.access import AuditEvent, UnitRecord
from secsuite.store.db import open_engine
from secsuite.store.models import Base, FindingRecord, Run
from secsuite.store.pushes import PushedRun
from tests.web.conftest import AS_OF, FINDINGS, UNIT_A, UNIT_B

RAW_ID = "11010519491231002X"
KINDS = ("scan", "check", "netscan", "incidents")


def document(unit: str | None, **changes: object) -> dict:
    """A ``secsuite scan --format json`` document of one unit's findings (all units': None)."""
    findings = [f for f in FINDINGS if unit is None or f.unit == unit]
    return ScanResult(guide={"id": "gb-t-43697-2024", "version": "1"}, as_of=AS_OF.isoformat(),
                      findings=findings).to_json() | changes


@pytest.fixture(scope="module")
def tokens(site):
    with site.sessions().begin() as session:
        accounts = site.accounts(session)
        made = {name: accounts.token(name, None, push=True) for name in ("unit_a", "unit_b", "auditor", "evaluator_c")}
        return made | {"reader_b": accounts.token("unit_b", None)}


@pytest.fixture(scope="module")
def api(site):
    return site.client()


def post(api, token: str | None, body: dict | bytes, kind: str = "scan", **headers: str):
    content = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode("utf-8")
    return api.post(f"/api/v1/runs/{kind}", content=content, headers={"content-type": "application/json"} | headers
                    | ({"authorization": f"Bearer {token}"} if token else {}))


def last_push(site) -> AuditEvent:
    with site.sessions()() as session:
        return session.scalars(select(AuditEvent).where(AuditEvent.action == "api.push")
                               .order_by(AuditEvent.seq.desc())).first()


def test_a_push_is_recorded_once_with_its_origin(site, api, tokens):
    body = document(UNIT_B, run_id=7)
    first = post(api, tokens["unit_b"], body, **{"x-secsuite-host": "dc-1"})
    again = post(api, tokens["unit_b"], body)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() | {"created": False} == again.json()
    assert first.json()["units"] == [UNIT_B] and first.json()["findings"] == 2
    with site.sessions()() as session:
        run = session.get(Run, first.json()["run_id"])
        assert (run.trigger, run.actor, run.status, run.complete) == ("push", "unit_b", "finished", True)
        assert run.arguments["pushed_from"] == "dc-1" and run.arguments["local_run_id"] == 7
        assert session.scalar(select(func.count()).select_from(PushedRun).where(PushedRun.run_id == run.id)) == 1
        assert session.scalar(select(func.count()).where(FindingRecord.run_id == run.id)) == 2
    assert last_push(site).detail["created"] is False


@pytest.mark.parametrize(("who", "body", "status"), [
    ("unit_a", document(UNIT_B), 404),                   # another unit
    ("unit_a", document(None), 404),                     # its own unit and others
    ("unit_a", document(UNIT_A, schema="secsuite.findings/1"), 422),  # not a scan document
    ("evaluator_c", document("宿城区"), 403),             # an evaluator reads only
    ("reader_b", document(UNIT_B), 403),                 # a token made to read only
    (None, document(UNIT_A), 401),
])
def test_who_may_push_what(site, api, tokens, who, body, status):
    before = len(_pushed(site))
    response = post(api, tokens.get(who), body)
    assert response.status_code == status
    assert len(_pushed(site)) == before
    if status in (403, 404):
        assert (last_push(site).actor, last_push(site).outcome) == ({"reader_b": "unit_b"}.get(who, who), "failure")


def _pushed(site) -> list[int]:
    with site.sessions()() as session:
        return list(session.scalars(select(PushedRun.run_id)))


def test_an_auditor_pushes_every_units_results_and_they_are_listed(site, api, tokens):
    response = post(api, tokens["auditor"], document(None, as_of="2026-01-05"))
    assert response.status_code == 201 and response.json()["units"] == sorted({f.unit for f in FINDINGS})
    listed = api.get(f"/api/v1/findings?unit={UNIT_A}", headers={"authorization": f"Bearer {tokens['unit_a']}"})
    assert {item["object"]["id"] for item in listed.json()["items"]} == {f.object.id for f in FINDINGS if f.unit == UNIT_A}


def test_a_raw_identifier_in_the_host_header_is_kept_masked(site, api, tokens):
    response = post(api, tokens["unit_b"], document(UNIT_B, as_of="2026-02-01"), **{"x-secsuite-host": "dc-13812345678"})
    assert response.status_code == 201
    with site.sessions()() as session:
        host = session.get(Run, response.json()["run_id"]).arguments["pushed_from"]
        assert host.startswith("dc-138") and "13812345678" not in host
        assert "13812345678" not in json.dumps([event.detail for event in session.scalars(select(AuditEvent))])


def test_a_unit_named_by_its_code_is_no_unit_of_the_results(site, api, tokens):
    """Findings are kept under the unit's name, which is what every query scopes by."""
    with site.sessions().begin() as session:
        session.add(UnitRecord(code="sq-test", name="宿迁市测试局", active=True))
    body = document(UNIT_B)
    for finding in body["findings"]:
        finding["unit"] = "sq-test"
    response = post(api, tokens["auditor"], body)
    assert response.status_code == 404 and response.json()["detail"] == "no such unit: sq-test"


def test_a_raw_identifier_is_refused_by_where_it_is_never_echoed_or_kept(site, api, tokens):
    body = document(UNIT_B)
    body["findings"][1]["evidence"]["examples"] = ["138****5678", f"证件 {RAW_ID}"]
    response = post(api, tokens["unit_b"], body)
    assert response.status_code == 400 and "findings[1].evidence.examples[1]" in response.json()["detail"]
    assert RAW_ID not in response.text
    with site.sessions()() as session:
        assert RAW_ID not in json.dumps([event.detail for event in session.scalars(select(AuditEvent))],
                                        ensure_ascii=False)
        assert not session.scalar(select(func.count()).where(FindingRecord.evidence.cast(Text).contains(RAW_ID)))


def test_a_document_over_the_limit_is_413_before_it_is_read(site, api, tokens, monkeypatch):
    monkeypatch.setenv("SECSUITE_PUSH_MAX_BYTES", "1000")
    body = json.dumps(document(UNIT_B), ensure_ascii=False).encode("utf-8")
    assert post(api, tokens["unit_b"], body).status_code == 413

    def chunks():  # no Content-Length: counted as it arrives
        yield body[:900]
        yield body[900:]

    response = api.post("/api/v1/runs/scan", content=chunks(), headers={"content-type": "application/json",
                                                                         "authorization": f"Bearer {tokens['unit_b']}"})
    assert response.status_code == 413


def test_the_openapi_document_lists_the_push_endpoints(api):
    paths = api.get("/api/v1/openapi.json").json()["paths"]
    for kind in KINDS:
        assert {"200", "201", "400", "403", "404", "413"} <= set(paths[f"/api/v1/runs/{kind}"]["post"]["responses"])
    assert "/api/v1/runs/scan" in api.get("/api/v1/docs").text


def test_the_push_migration_matches_the_model(site):
    with open_engine(site.url).connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        heads = set(connection.execute(text("select version_num from alembic_version")).scalars())
    assert [d for d in differences if "pushed_runs" in repr(d)] == [] and "push_0001" in heads
