"""The current picture of a store with many units: per unit and kind, the latest finished run that
covered the unit (``run_units``). A data centre that pushes its scan, or a unit that uploads its
inventory, replaces what the store says of that unit only; what other runs say of other units stays
current. Entries of no unit (a scan without a catalogue) follow the latest run that had some.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, and_, false, func, or_, select
from sqlalchemy.orm import Session

from secsuite.store.models import Run, RunUnit


@dataclass(frozen=True)
class CurrentRuns:
    """``by_kind[kind][unit]`` is the run current for ``unit`` (None: entries of no unit)."""

    by_kind: dict[str, dict[str | None, int]] = field(default_factory=dict)
    covers: dict[int, frozenset[str | None]] = field(default_factory=dict)  # every unit each current run covered

    def runs(self, kinds: Iterable[str]) -> list[int]:
        """The runs current for at least one unit, of ``kinds``."""
        return sorted({run for kind in kinds for run in self.by_kind.get(kind, {}).values()})

    def latest(self, kind: str) -> int | None:
        """The newest run of ``kind`` current for some unit (the one a page names as "latest")."""
        runs = self.by_kind.get(kind)
        return max(runs.values()) if runs else None

    def units_of(self, run_id: int, kinds: Iterable[str]) -> frozenset[str | None]:
        """The units for which ``run_id`` is current."""
        return frozenset(unit for kind in kinds for unit, run in self.by_kind.get(kind, {}).items() if run == run_id)

    def whole(self, run_id: int, kinds: Iterable[str]) -> bool:
        """Whether ``run_id`` is current for every unit it covered (then its rows need no unit test)."""
        return self.units_of(run_id, kinds) == self.covers.get(run_id, frozenset())

    def clause(self, run_column: Any, unit_column: Any, kinds: Iterable[str]) -> ColumnElement[bool]:
        """SQL that keeps the rows (findings, datasets, incidents, evaluations) of the current
        picture: a run current for all its units by its id alone (index-friendly), a run another
        run superseded for some units only for the units it is still current for."""
        kinds = tuple(kinds)
        runs = self.runs(kinds)
        whole = [run for run in runs if self.whole(run, kinds)]
        terms: list[ColumnElement[bool]] = [run_column.in_(whole)] if whole else []
        for run in (run for run in runs if run not in whole):
            units = self.units_of(run, kinds)
            named = sorted(unit for unit in units if unit is not None)
            unit_test = [unit_column.in_(named)] if named else []
            if None in units:
                unit_test.append(unit_column.is_(None))
            terms.append(and_(run_column == run, or_(*unit_test)))
        return or_(*terms) if terms else false()


_KEY = "secsuite.current_runs"


def current_runs(session: Session) -> CurrentRuns:
    """Per kind and unit, the latest finished run that covered the unit; read once per transaction
    of ``session`` (a web page asks for it up to four times: its findings, units, evaluations,
    datasets), so one page also shows one consistent picture. A commit starts a new transaction,
    and the next call reads again."""
    cached = session.info.get(_KEY)
    if cached is not None and cached[0] is session.get_transaction():
        return cached[1]
    current = _read(session)
    session.info[_KEY] = (session.get_transaction(), current)
    return current


def _read(session: Session) -> CurrentRuns:
    latest = (select(Run.kind, RunUnit.unit, func.max(Run.id))
              .join(RunUnit, RunUnit.run_id == Run.id)
              .where(Run.status == "finished")
              .group_by(Run.kind, RunUnit.unit))
    by_kind: dict[str, dict[str | None, int]] = {}
    for kind, unit, run_id in session.execute(latest):
        by_kind.setdefault(kind, {})[unit] = run_id
    current = sorted({run for units in by_kind.values() for run in units.values()})
    covers: dict[int, set[str | None]] = {}
    if current:
        for run_id, unit in session.execute(select(RunUnit.run_id, RunUnit.unit).where(RunUnit.run_id.in_(current))):
            covers.setdefault(run_id, set()).add(unit)
    return CurrentRuns(by_kind, {run: frozenset(units) for run, units in covers.items()})
