"""Where a rubric scores a method by 日常监测 (包头), the evaluation cites what monitoring recorded
for the unit in each half, from the store's daily snapshots, in JSON and on the terminal; it
changes no score, and a rubric without such a method (宿迁) cites nothing."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import yaml
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from secsuite.app.run import open_store
from secsuite.cli import app
from secsuite.evaluate.monitoring import Snapshot, evidence_for
from secsuite.monitor.models import UnitDay

UNIT = "昆都仑区"


def snapshot(day: dt.date, open_: int, *, new: int = 0, fixed: int = 0, breaches: int = 0, covered: bool = True):
    return Snapshot(day, open_, new, fixed, breaches, 2, 2 if covered else 1)


JUNE_1, JUNE_30, JULY_1, AUG_1 = (dt.date(2025, 6, 1), dt.date(2025, 6, 30), dt.date(2025, 7, 1),
                                  dt.date(2025, 8, 1))


@pytest.mark.parametrize(("snapshots", "as_of", "expected"), [
    # (half, days, recorded, covered, open_first, open_last, new, fixed, breach_days) per half
    ((), dt.date(2025, 12, 31), [("H1", 181, 0, 0, None, None, 0, 0, 0), ("H2", 184, 0, 0, None, None, 0, 0, 0)]),
    ((snapshot(JUNE_1, 5, new=5), snapshot(JUNE_30, 2, fixed=3, breaches=1, covered=False),
      snapshot(JULY_1, 2), snapshot(AUG_1, 4, new=2, breaches=2)),
     dt.date(2025, 12, 31), [("H1", 181, 2, 1, 5, 2, 5, 3, 1), ("H2", 184, 2, 2, 2, 4, 2, 0, 1)]),
    ((snapshot(JUNE_1, 5), snapshot(AUG_1, 4)), dt.date(2025, 7, 15),   # as of mid-July: August is not yet
     [("H1", 181, 1, 1, 5, 5, 0, 0, 0), ("H2", 15, 0, 0, None, None, 0, 0, 0)]),
    ((snapshot(JUNE_1, 5),), dt.date(2025, 3, 31), [("H1", 90, 0, 0, None, None, 0, 0, 0)]),
])
def test_evidence_per_half(snapshots, as_of, expected):
    evidence = evidence_for("日常监测", snapshots, 2025, as_of)
    assert [(h.half, h.days, h.recorded, h.covered, h.open_first, h.open_last, h.new, h.fixed, h.breach_days)
            for h in evidence.halves] == expected


def test_the_evaluation_cites_the_stored_series(tmp_path):
    store = tmp_path / "store.db"
    engine = open_store(f"sqlite:///{store}")
    with Session(engine) as session, session.begin():
        for day, high, new, fixed in ((dt.date(2025, 3, 1), 6, 6, 0), (dt.date(2025, 3, 2), 4, 0, 2),
                                      (dt.date(2025, 9, 1), 1, 0, 3)):
            session.add(UnitDay(unit=UNIT, day=day, open_high=high, new=new, fixed=fixed, targets=1, targets_covered=1))
        session.add(UnitDay(unit="另一单位", day=dt.date(2025, 3, 1), open_high=50))
        session.add(UnitDay(unit=UNIT, day=dt.date(2024, 12, 31), open_high=99))  # another year
    engine.dispose()
    units, scores = tmp_path / "units.yaml", tmp_path / "scores.yaml"
    units.write_text(yaml.safe_dump([{"单位名称": UNIT, "单位类型": "county"}], allow_unicode=True), encoding="utf-8")
    scores.write_text(yaml.safe_dump([{"单位名称": UNIT, "指标": "完善信用监管", "得分": 4, "考评期": "上半年",
                                       "考评方式": "日常监测"}], allow_unicode=True), encoding="utf-8")
    args = ["evaluate", "--year", "2025", "--as-of", "2025-12-31", "--units", str(units), "--scores", str(scores),
            "--rubric", "baotou-digital-government", "--db", f"sqlite:///{store}", "--no-store"]
    result = CliRunner().invoke(app, [*args, "--format", "json", "-q"])
    assert result.exit_code == 0, result.output
    (unit,) = json.loads(result.stdout)["units"]
    assert unit["final_score"] == 1.2  # the evidence changes no score
    evidence = unit["monitoring_evidence"]
    assert evidence["method"] == "日常监测"
    assert [(h["half"], h["recorded"], h["covered"], h["open_first"], h["open_last"], h["new"], h["fixed"])
            for h in evidence["halves"]] == [("H1", 2, 2, 6, 4, 6, 2), ("H2", 1, 1, 1, 1, 0, 3)]
    shown = CliRunner().invoke(app, args, env={"COLUMNS": "220"})
    assert "日常监测的依据" in shown.stdout and "181 天中 2 天有监测记录" in shown.stdout


def test_a_rubric_without_a_monitoring_method_cites_nothing(tmp_path):
    units, scores = tmp_path / "units.yaml", tmp_path / "scores.yaml"
    units.write_text(yaml.safe_dump([{"单位名称": "宿城区", "单位类型": "county", "档次": "第一档"}], allow_unicode=True),
                     encoding="utf-8")
    scores.write_text("[]\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["evaluate", "--year", "2025", "--units", str(units), "--scores", str(scores),
                                      "--format", "json", "--no-store", "-q", "--db", str(tmp_path / "s.db")])
    assert result.exit_code in (0, 1), result.output
    assert all(unit["monitoring_evidence"] is None for unit in json.loads(result.stdout)["units"])
