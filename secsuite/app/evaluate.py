"""The annual evaluation of units by rubric, with the veto and the ranking, recorded as a run.

Every input is checked before anything is scored: a ranking built on a mistyped unit or an
out-of-range score would be wrong, so any input error stops the evaluation with all of them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from secsuite.app.run import (
    RunJob,
    RunOutcome,
    RunStart,
    finish_run,
    open_store,
    scope_key,
    start_run,
    store_missing,
)
from secsuite.errors import InputError, InputErrors, StoreError
from secsuite.evaluate.engine import chosen_readings, rubrics_for
from secsuite.evaluate.engine import evaluate as run_evaluation
from secsuite.evaluate.facts import Evidence, Fact, from_finding, merge_facts, stored_evidence, stored_facts
from secsuite.evaluate.result import Evaluation
from secsuite.evaluate.sheet import build_sheet
from secsuite.i18n import Lang
from secsuite.incidents.pipeline import assess_register
from secsuite.inventory.incidents import load_incidents
from secsuite.inventory.scores import load_scores
from secsuite.inventory.units import Unit, load_units
from secsuite.urls import display_url


@dataclass(kw_only=True)
class EvaluateJob(RunJob):
    """The year's units and scores, optionally its incident register (for the veto); ``rubrics``
    ids or YAML files (empty: by unit type), ``readings`` the rubric readings chosen (``ID=OPTION``);
    findings, and which checks ran, are read from ``store_url`` when it exists, and the evaluation
    recorded there when ``record``."""

    year: int
    units: Path
    scores: Path
    as_of: dt.date
    incidents: Path | None = None
    rubrics: list[str] = field(default_factory=list)
    readings: list[str] = field(default_factory=list)
    record: bool = True


@dataclass
class EvaluateOutcome(RunOutcome[Evaluation]):
    """The evaluation and the number of findings (stored and from the register) it was built on."""

    findings: int


def _incident_facts(
    path: Path, year: int, units: list[Unit], as_of: dt.date, lang: Lang, overrides: Mapping[str, Mapping[str, Any]]
) -> tuple[list[Fact], list[InputError]]:
    """The findings of the given incident register; an incident of a unit not on the units list is
    an error, since it could hide a veto."""
    register, errors = load_incidents(path)
    names = {unit.unit for unit in units}
    errors += [
        InputError(
            incident.source,
            "单位不在单位名单中 (unit not in the units file)",
            row=incident.row,
            field="单位名称 (unit)",
            expected="a unit of the units file",
        )
        for incident in register
        if incident.unit not in names
    ]
    result = assess_register(
        register,
        year=year,
        as_of=as_of,
        unit_types={u.unit: u.unit_type for u in units},
        lang=lang,
        overrides=overrides,
    )
    return [from_finding(finding) for finding in result.findings], errors


def evaluate(job: EvaluateJob) -> EvaluateOutcome:
    """Check every input, score each unit with the stored and given findings, record the result.

    Raises InputErrors (every input error, nothing evaluated), ConfigError/ValueError/InputError for
    an unusable file or rubric, StoreError when the store cannot be opened or read.
    """
    unit_list, errors = load_units(job.units)
    rubrics = chosen_readings(rubrics_for(unit_list, job.rubrics), job.readings)
    rows, score_errors = load_scores(job.scores)
    sheet, sheet_errors = build_sheet(rows, {u.unit: u for u in unit_list}, rubrics, str(job.units))
    errors += score_errors + sheet_errors
    fresh: list[Fact] = []
    if job.incidents:
        fresh, incident_errors = _incident_facts(
            job.incidents, job.year, unit_list, job.as_of, job.lang, job.rule_params
        )
        errors += incident_errors
    if errors:
        raise InputErrors(errors)
    url = job.store_url
    engine = job.engine or (open_store(url) if url is not None and (job.record or not store_missing(url)) else None)
    try:
        stored = stored_facts(engine, job.year) if engine is not None else []
        monitoring = any(rubric.monitoring_method for rubric in rubrics.values())
        evidence = (stored_evidence(engine, job.year, monitoring) if engine is not None else Evidence()).merged(
            Evidence(incident_register=job.incidents is not None))
    except Exception as exc:  # any driver error: report without the URL's password
        raise StoreError(f"cannot read the result store {display_url(url or '')}: {type(exc).__name__}") from None
    facts = merge_facts(stored, fresh)
    result = run_evaluation(job.year, job.as_of, unit_list, rubrics, sheet, facts, job.lang, evidence,
                            job.rule_params)
    rubric_ids = sorted({r.id for r in rubrics.values()})
    arguments = {
        "year": job.year,
        "units": job.input_name(job.units),
        "scores": job.input_name(job.scores),
        "incidents": job.input_name(job.incidents) if job.incidents else None,
        "rubrics": rubric_ids,
        "readings": sorted(job.readings),
    }
    scope = scope_key(
        "evaluate", [job.input_name(path) for path in (job.units, job.scores, job.incidents) if path],
        {"year": job.year, "rubrics": rubric_ids, "readings": sorted(job.readings)},
    )
    start = RunStart("evaluate", job.as_of, arguments, scope, job.provenance)
    recorder = start_run(url, start, engine) if engine is not None and job.record else None
    if recorder:
        recorder.evaluation(result)
    outcome = finish_run(recorder, result, 0)
    result.run_id = outcome.run_id
    return EvaluateOutcome(result, outcome.run_id, outcome.complete, len(facts))
