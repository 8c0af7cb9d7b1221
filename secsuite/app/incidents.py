"""Time, grade and check an incident register for a year, and record the run."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from secsuite.app.run import RunJob, RunOutcome, RunStart, finish_run, scope_key, start_run
from secsuite.incidents.pipeline import IncidentsResult, assess_register
from secsuite.inventory.incidents import load_incidents
from secsuite.inventory.units import UnitType, load_units


@dataclass(kw_only=True)
class IncidentsJob(RunJob):
    """An incident register; ``year`` None assesses every incident; ``units`` (unit, unit_type, tier)
    gives the per-type limits; ``store_url`` None records nothing."""

    path: Path
    as_of: dt.date
    year: int | None = None
    units: Path | None = None


IncidentsOutcome = RunOutcome[IncidentsResult]


def assess_incidents(job: IncidentsJob) -> IncidentsOutcome:
    """Read the register (and units), assess every incident, record incidents, findings and errors.

    Raises ConfigError/ValueError/InputError for unusable inputs, StoreError when the store cannot be opened.
    """
    register, errors = load_incidents(job.path)
    register = job.named_sources(register)
    unit_types: dict[str, UnitType] = {}
    if job.units:
        unit_list, unit_errors = load_units(job.units)
        errors += unit_errors
        unit_types = {unit.unit: unit.unit_type for unit in unit_list}
    result = assess_register(
        register, year=job.year, as_of=job.as_of, unit_types=unit_types, lang=job.lang, overrides=job.rule_params
    )
    result.errors = errors
    arguments = {"path": job.input_name(job.path), "year": job.year, "units": str(job.units) if job.units else None}
    scope = scope_key("incidents", [job.input_name(job.path)], {"year": job.year, "units": job.units})
    recorder = start_run(job.store_url, RunStart("incidents", job.as_of, arguments, scope, job.provenance), job.engine)
    if recorder:
        recorder.incidents(result.cases)
        recorder.findings(result.findings)
        for error in errors:
            recorder.error(error)
    outcome = finish_run(recorder, result, len(errors))
    result.run_id = outcome.run_id
    return outcome
