"""A store filled by the use cases themselves, for the pages of runs, datasets, incidents and
monitoring: two comparable scans of three example datasets whose catalogue changed in between
(findings resolved, new and unchanged), an incident register assessed with clocks still running,
and monitoring targets of two units with a job enqueued by the scheduler."""

from __future__ import annotations

import csv
import datetime as dt
import os
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path

from secsuite.app.incidents import IncidentsJob, assess_incidents
from secsuite.app.run import Provenance
from secsuite.app.scan import ScanJob, scan
from secsuite.monitor import ranges
from secsuite.monitor.schedule import enqueue_due
from secsuite.monitor.targets import TargetSpec, add_target
from secsuite.web.units import sync_units
from tests.conftest import EXAMPLES
from tests.web.conftest import PASSWORD, Clock, Site

AS_OF = dt.date(2026, 3, 1)
MZ, GA = "市民政局", "市公安局"
FILES = {GA: "data/公安/人口基本信息.csv", MZ: "data/民政/低保救助.csv"}
# Catalogue rows (share, open, declared level) before and after the units corrected them: 公安 shares
# its L4 data without condition and declares it L2 (over-sharing and under-declared: both resolved
# in the second run); 民政 opens its L4 data on conditions in both runs (unchanged) and then
# declares it L2 (under-declared: new).
BEFORE = {GA: ("无条件共享", "不予开放", "L2"), MZ: ("有条件共享", "有条件开放", "L4")}
AFTER = {GA: ("有条件共享", "不予开放", "L4"), MZ: ("有条件共享", "有条件开放", "L2")}
# Server clock of the tests (conftest.Clock): 2026-03-02 09:00 China time.
INCIDENTS = [
    # id, unit, detected, responded, coordinated, reported, people affected
    ("INC-MZ-1", MZ, "2026-03-02 08:58", "", "", "", ""),             # both clocks still running at 09:00
    ("INC-GA-1", GA, "2026-03-01 10:00", "2026-03-01 10:04", "2026-03-01 10:40", "", ""),  # met, breached
    ("INC-GA-2", GA, "2026-03-02 07:30", "2026-03-02 07:33", "2026-03-02 07:50", "", "2000000"),  # report due 11:30
]
USERS = {"auditor": ("auditor", None), "mz": ("unit_user", MZ), "ga": ("unit_admin", GA),
         "evaluator": ("evaluator", MZ), "operator": ("operator", None), "secadmin": ("sec_admin", None)}


@dataclass
class Seeded:
    site: Site
    first_scan: int
    second_scan: int
    ga_incidents: int  # a run holding 市公安局's incidents only
    incidents: int


def _catalogue(path: Path, rows: dict[str, tuple[str, str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["dataset", "unit", "share_attr", "open_attr", "declared_level", "deidentification"])
        for unit, (share, opened, level) in rows.items():
            writer.writerow([FILES[unit], unit, share, opened, level, ""])


def _register(path: Path, units: tuple[str, ...]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["事件编号", "单位名称", "单位类型", "事件名称", "事件类别", "发现时间", "响应时间", "联动处置时间",
                         "上报时间", "泄露个人信息人数"])
        for incident_id, unit, detected, responded, coordinated, reported, people in INCIDENTS:
            if unit in units:
                    writer.writerow([incident_id, unit, "市级部门", f"{incident_id} 事件", "数据安全事件", detected,
                                 responded, coordinated, reported, people])


def _scans(url: str, folder: Path) -> tuple[int, int]:
    for relative in FILES.values():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(EXAMPLES / relative, folder / relative)
    catalogue = folder / "catalogue.csv"
    here = Path.cwd()
    os.chdir(folder)  # the catalogue names datasets relative to the folder scanned
    try:
        ids = []
        for rows, actor in ((BEFORE, "auditor"), (AFTER, "monitor:files")):
            _catalogue(catalogue, rows)
            outcome = scan(ScanJob(paths=["data"], as_of=AS_OF, catalogue=catalogue, store_url=url,
                                   provenance=Provenance("scheduled" if actor.startswith("monitor") else "web", actor)))
            assert outcome.complete and outcome.run_id is not None, outcome.result.errors
            ids.append(outcome.run_id)
    finally:
        os.chdir(here)
    return ids[0], ids[1]


def build(url: str, folder: Path) -> Seeded:
    from secsuite.store.db import open_engine, session_factory

    site = Site(url, secrets.token_bytes(32), Clock())
    first, second = _scans(url, folder)
    runs = []
    for name, units in (("公安事件.csv", (GA,)), ("incidents.csv", (GA, MZ))):
        _register(folder / name, units)
        outcome = assess_incidents(IncidentsJob(path=folder / name, as_of=AS_OF, store_url=url))
        assert outcome.complete and outcome.run_id is not None, outcome.result.errors
        runs.append(outcome.run_id)
    now = site.clock()
    with session_factory(open_engine(url)).begin() as session:
        sync_units(session)
        ranges.approve(session, "127.0.0.1/32", GA, "secadmin", "授权书 2026-01", now - dt.timedelta(days=3))
        for name, unit in (("民政-文件", MZ), ("公安-网络", GA)):
            spec = TargetSpec(name=name, unit=unit, kind="files" if unit == MZ else "network", cron="0 2 * * *",
                              paths=[str(folder / FILES[unit])] if unit == MZ else [],
                              ranges=["127.0.0.1/32"] if unit == GA else [])
            add_target(session, spec, now - dt.timedelta(days=2))
        enqueue_due(session, now, locked=False)
        accounts = site.accounts(session)
        for username, (role, unit) in USERS.items():
            accounts.add(username, role, unit, password=PASSWORD)
    return Seeded(site, first, second, runs[0], runs[1])

