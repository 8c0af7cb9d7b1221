"""Check systems inventories against the 等保 and 商密 rules and record the run."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from secsuite.app.run import RunJob, RunOutcome, RunStart, finish_run, scope_key, start_run
from secsuite.checks.systems import SystemsCheck, check_systems
from secsuite.classify.guide import load_guide
from secsuite.inventory.systems import load_systems

if TYPE_CHECKING:
    from secsuite.inventory.systems import SystemEntry


@dataclass(kw_only=True)
class CheckJob(RunJob):
    """Inventories to check; ``guide`` (id or YAML file, None: the default) gives the levels of
    存储数据最高级别; ``sheet`` the worksheet of each workbook (None: the one whose header matches
    best); ``store_url`` None records nothing."""

    paths: list[Path]
    as_of: dt.date
    guide: str | None = None
    sheet: str | None = None


@dataclass
class CheckOutcome(RunOutcome[SystemsCheck]):
    """The check's outcome and the systems it read (the rows without errors)."""

    systems: list[SystemEntry]


def check(job: CheckJob) -> CheckOutcome:
    """Read the inventories, run the rules, record systems, inventory errors and findings.

    Raises ConfigError/ValueError for a bad guide or rule setting, StoreError when the store cannot be opened.
    """
    guide = load_guide(job.guide)
    inventory = load_systems(job.paths, guide, job.sheet)
    inventory.systems = job.named_sources(inventory.systems)
    result = check_systems(inventory.systems, guide, job.as_of, job.lang, job.rule_params)
    for error in inventory.errors:
        result.add_error(error)
    start = RunStart(
        "check",
        result.as_of,
        {"paths": [job.input_name(path) for path in job.paths]} | ({"sheet": job.sheet} if job.sheet else {}),
        scope_key("check", [job.input_name(path) for path in job.paths], {"sheet": job.sheet} if job.sheet else {}),
        job.provenance,
        (result.guide["id"], result.guide["version"]),
    )
    recorder = start_run(job.store_url, start, job.engine)
    if recorder:
        recorder.systems(inventory.systems)
        for error in inventory.errors:
            recorder.error(error)
        recorder.findings(result.findings)
    outcome = finish_run(recorder, result, len(inventory.errors))
    result.run_id = outcome.run_id
    return CheckOutcome(result, outcome.run_id, outcome.complete, inventory.systems)
