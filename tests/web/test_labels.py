"""Labels locked by review, on SQLite and PostgreSQL: a real scan into the site's store, an auditor
corrects a field's label, a second auditor approves, and the next scan of the same data grades and
checks over-sharing by the locked label while reporting what it detected beside it."""

from __future__ import annotations

import json
import random

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from secsuite.app.scan import ScanJob, scan
from secsuite.cli import app
from secsuite.report.html import render_html
from secsuite.report.store_view import load_run
from secsuite.store.access import AuditEvent, Review
from secsuite.store.db import open_engine
from secsuite.store.models import Dataset
from secsuite.suppress import Suppressions
from tests.web.conftest import AS_OF, ORIGIN, PASSWORD, UNIT_A, csrf_of, login

CATALOGUE = ("dataset,unit,share_attr,open_attr,declared_level,deidentification\n"
             f"data/人员.csv,{UNIT_A},无条件共享,不予开放,L1,\n")
OVER_LEVEL = {"DATA-SHARE-OVER-LEVEL", "DATA-LEVEL-UNDERDECLARED"}


def post(client, path, **data):
    return client.post(path, data=data | {"csrf_token": csrf_of(client)}, headers={"origin": ORIGIN})


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """Made-up mobile numbers (never real people's) and a catalogue sharing them freely as L1."""
    root = tmp_path_factory.mktemp("labels")
    (root / "data").mkdir()
    pick = random.Random(7)
    rows = [f"张{i},1{pick.choice('3589')}{pick.randint(100000000, 999999999)},无" for i in range(60)]
    (root / "data" / "人员.csv").write_text("姓名,手机号,备注\n" + "\n".join(rows) + "\n", encoding="utf-8")
    (root / "catalogue.csv").write_text(CATALOGUE, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def second_auditor(site, clients):
    with site.sessions().begin() as session:
        site.accounts(session).add("auditor2", "auditor", None, password=PASSWORD)
    client = site.client()
    assert login(client, "auditor2") == 303
    return client


def run_scan(site, folder, monkeypatch):
    monkeypatch.chdir(folder)
    return scan(ScanJob(paths=["data"], as_of=AS_OF, catalogue=folder / "catalogue.csv", store_url=site.url))


def stored(site, run_id) -> Dataset:
    with site.sessions()() as session:
        dataset = session.scalars(select(Dataset).where(Dataset.run_id == run_id)).one()
        dataset.fields  # noqa: B018  (loaded while the session is open)
        return dataset


def test_an_approved_label_is_locked_against_the_next_scan(site, clients, second_auditor, folder, monkeypatch):
    first = run_scan(site, folder, monkeypatch)
    (detected,) = first.result.datasets
    mobile = next(f for f in detected.fields if f.name == "手机号")
    assert (mobile.level, detected.level) == ("L3", "L3") and mobile.label is None
    assert {f.rule_id for f in first.result.findings} >= OVER_LEVEL
    dataset = stored(site, first.run_id)
    auditor = clients["auditor"]

    assert auditor.get(f"/labels/{dataset.id}").status_code == 200
    proposed = post(auditor, f"/labels/{dataset.id}", target="手机号", decision="override", entity="",
                    level="L1", reason="测试号段，非真实个人联系方式")
    assert proposed.status_code == 303
    with site.sessions()() as session:
        review = session.scalars(select(Review).where(Review.subject_kind == "field_label")).one()
    assert review.status == "pending" and review.proposed["detected"] == {"entity": "CN_MOBILE", "level": "L3"}
    refused = post(auditor, f"/labels/reviews/{review.id}", approve="1")
    assert refused.status_code == 403 and "另一人" in refused.text
    again = post(auditor, f"/labels/{dataset.id}", target="手机号", decision="confirm", reason="再次提交")
    assert again.status_code == 400 and "已有待审核" in again.text
    assert run_scan(site, folder, monkeypatch).result.datasets[0].fields[1].label is None, "pending: not locked"
    assert post(second_auditor, f"/labels/reviews/{review.id}", approve="1").status_code == 303

    second = run_scan(site, folder, monkeypatch)
    (graded,) = second.result.datasets
    mobile = next(f for f in graded.fields if f.name == "手机号")
    assert (mobile.level, mobile.category) == ("L1", None)
    assert [e.type for e in mobile.entities] == ["CN_MOBILE"], "what the scan sees is still reported"
    label = second.result.to_json()["datasets"][0]["fields"][1]["label"]
    assert label["locked"] | {"review": 0} == {"entity": None, "category": None, "level": "L1", "review": 0,
                                              "approved_by": "auditor2"}
    assert label["detected"] == {"entity": "CN_MOBILE", "category": "个人信息/联系信息", "level": "L3"}
    assert label["differs"] is True
    assert graded.level == "L1" and graded.label.detected.level == "L3" and graded.label.locked is None
    assert not OVER_LEVEL & {f.rule_id for f in second.result.findings}, "over-sharing is judged by the lock"

    again_stored = stored(site, second.run_id)
    (field,) = [f for f in again_stored.fields if f.name == "手机号"]
    assert field.level == "L1" and field.label["detected"]["level"] == "L3"
    page = auditor.get(f"/labels/{again_stored.id}").text
    assert "扫描检出：CN_MOBILE → L3" in page and "与锁定标签不一致" in page
    assert "与锁定标签不一致" in clients["unit_a"].get(f"/units/{UNIT_A}").text
    assert post(auditor, f"/labels/{again_stored.id}", target="手机号", decision="confirm",
                reason="复核后维持").status_code == 303
    with site.sessions()() as session:
        confirm = session.scalars(select(Review).where(Review.decision == "confirm")).one()
    assert confirm.proposed["detected"] == {"entity": "CN_MOBILE", "level": "L3"}, "what was detected, not the lock"
    assert (confirm.proposed["entity"], confirm.proposed["level"]) == (None, "L1"), "confirms what is shown"
    report = render_html(load_run(open_engine(site.url), second.run_id, Suppressions(), "zh"), "zh")
    assert "扫描检出：CN_MOBILE → L3" in report
    with site.sessions()() as session:
        actions = set(session.scalars(select(AuditEvent.action).where(AuditEvent.object.like("data/人员.csv#%"))))
    assert {"label.propose", "review.approve"} <= actions
    cli = CliRunner().invoke(app, ["scan", "data", "--catalogue", "catalogue.csv", "--db", site.url, "--as-of",
                                   AS_OF.isoformat(), "--format", "json"], env={"SECSUITE_LANG": "zh"})
    document = json.loads(cli.stdout)
    assert document["datasets"][0]["fields"][1]["label"]["locked"]["level"] == "L1", "the command line alike"


def test_a_dataset_level_lock_and_its_unlock(site, clients, second_auditor, folder, monkeypatch):
    dataset = stored(site, run_scan(site, folder, monkeypatch).run_id)
    auditor = clients["auditor"]
    assert post(auditor, f"/labels/{dataset.id}", target="", decision="override", level="L2",
                reason="按业务口径定为二级").status_code == 303
    with site.sessions()() as session:
        review = session.scalars(select(Review.id).where(Review.subject_kind == "dataset_level")).one()
    assert post(second_auditor, f"/labels/reviews/{review}", approve="1").status_code == 303
    (graded,) = run_scan(site, folder, monkeypatch).result.datasets
    assert graded.level == "L2" and graded.label.locked.level == "L2" and graded.label.detected.level == "L3"
    assert post(auditor, f"/labels/{dataset.id}", target="", decision="unlock", reason="撤销").status_code == 303
    with site.sessions()() as session:
        unlock = session.scalars(select(Review.id).where(Review.decision == "unlock")).one()
    assert post(second_auditor, f"/labels/reviews/{unlock}", approve="1").status_code == 303
    (graded,) = run_scan(site, folder, monkeypatch).result.datasets
    assert graded.level == "L1" and graded.label.locked is None, "back to the field locks alone"


@pytest.mark.parametrize(("role", "status"), [("unit_b", 404), ("evaluator_c", 404), ("secadmin", 403),
                                              ("anonymous", 303)])
def test_other_units_and_roles_cannot_see_or_label_the_dataset(site, clients, folder, monkeypatch, role, status):
    dataset = stored(site, run_scan(site, folder, monkeypatch).run_id)
    client = clients[role]
    assert client.get(f"/labels/{dataset.id}").status_code == status
    if role != "anonymous":
        response = post(client, f"/labels/{dataset.id}", target="手机号", decision="confirm", reason="r")
        assert response.status_code == status


@pytest.mark.parametrize(("data", "message"), [
    ({"decision": "override", "level": "L9", "reason": "r"}, "级别须为"),
    ({"decision": "override", "entity": "NO_SUCH", "reason": "r"}, "没有该实体"),
    ({"decision": "delete", "reason": "r"}, "处理方式"),
    ({"decision": "confirm", "reason": " "}, "须填写理由"),
])
def test_proposals_are_checked(site, clients, folder, monkeypatch, data, message):
    dataset = stored(site, run_scan(site, folder, monkeypatch).run_id)
    response = post(clients["unit_a"], f"/labels/{dataset.id}", target="备注", **data)
    assert response.status_code == 400 and message in response.text


def test_unit_staff_may_propose_but_not_approve(site, clients, folder, monkeypatch):
    dataset = stored(site, run_scan(site, folder, monkeypatch).run_id)
    assert post(clients["unit_a"], f"/labels/{dataset.id}", target="姓名", decision="confirm",
                reason="确认").status_code == 303
    with site.sessions()() as session:
        review = session.scalars(select(Review.id).where(Review.subject_key.like("%#姓名"))).one()
    assert post(clients["unit_a"], f"/labels/reviews/{review}", approve="1").status_code == 403
    assert post(clients["unit_b"], f"/labels/reviews/{review}", approve="1").status_code == 404

