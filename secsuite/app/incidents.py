"""Time, grade and check an incident register for a year, and record the run."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from secsuite.app.run import RunJob, RunOutcome, RunStart, finish_run, scope_key, start_run
from secsuite.incidents.clock import ClockState, state
from secsuite.incidents.pipeline import IncidentsResult, SlaLimits, assess_register, sla_limits
from secsuite.incidents.reporting import ReportState, report_state
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
    arguments = {"path": job.input_name(job.path), "year": job.year, "units": str(job.units) if job.units else None,
                 "sla": sla_limits(job.rule_params).recorded()}
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


@dataclass(frozen=True)
class IncidentClocks:
    """A stored incident's two SLA clocks and its statutory report as they stand at one moment,
    with the time left on each that still runs (the web's incidents page)."""

    incident: Any  # secsuite.store.models.IncidentRecord
    response: ClockState
    response_left: dt.timedelta | None
    handling: ClockState
    handling_left: dt.timedelta | None
    report: ReportState
    report_left: dt.timedelta | None


def clocks_at(records: Iterable[Any], at: dt.datetime, limits: Mapping[int, SlaLimits]) -> list[IncidentClocks]:
    """The clocks of stored incidents at ``at``, each by the limits of the run that recorded it
    (``limits`` by run id, see ``recorded_sla_limits``) for its unit's type."""
    from secsuite.report.store_view import china_time  # the store's models load on use: start-up time

    shown = []
    for record in records:
        run_limits = limits[record.run_id]
        detected, limit = china_time(record.detected_at), run_limits.response.limit(record.unit_type)
        response_state, response_left = state(detected, china_time(record.responded_at), limit, at)
        limit = run_limits.handling.limit(record.unit_type)
        handling_state, handling_left = state(detected, china_time(record.coordinated_at), limit, at)
        report, report_left = report_state(record.report_required, china_time(record.report_deadline),
                                           china_time(record.reported_at), at)
        shown.append(IncidentClocks(record, response_state, response_left, handling_state, handling_left,
                                    report, report_left))
    return shown
