"""The units table, filled from the unit names the store's results already carry and from units
lists (单位名单), so grants can name a unit before or after its first scan."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from secsuite.inventory.units import Unit
from secsuite.store.access import UnitRecord
from secsuite.store.models import Asset, Dataset, EvaluationRecord, FindingRecord, IncidentRecord, SystemRecord

CODE_LENGTH = 64


def code_for(name: str) -> str:
    """The unit's name is its code unless too long for one."""
    return name if len(name) <= CODE_LENGTH else "u-" + hashlib.sha256(name.encode()).hexdigest()[:20]


def _seen_in_results(session: Session) -> dict[str, tuple[str | None, str | None]]:
    """Every unit name of the results, with the type and tier the latest evaluation or inventory gives."""
    found: dict[str, tuple[str | None, str | None]] = {}
    for model in (FindingRecord, Dataset, Asset):
        for name in session.scalars(select(model.unit).distinct()):
            if name:
                found.setdefault(name, (None, None))
    for model in (SystemRecord, IncidentRecord):
        for name, unit_type in session.execute(select(model.unit, model.unit_type).distinct()):
            if name and (unit_type or name not in found):
                found[name] = (unit_type, found.get(name, (None, None))[1])
    for name, unit_type, tier in session.execute(
            select(EvaluationRecord.unit, EvaluationRecord.unit_type, EvaluationRecord.tier)
            .order_by(EvaluationRecord.id)):
        found[name] = (unit_type, tier)
    return found


def sync_units(session: Session, listed: Iterable[Unit] = (), names: Iterable[str] = ()) -> list[str]:
    """Add the units not known yet (from the results, a units list, or bare ``names``) and fill in
    missing types and tiers; the names added, sorted. A units list's type and tier win over what
    the results say."""
    found = _seen_in_results(session)
    for name in names:
        found.setdefault(name, (None, None))
    for unit in listed:
        found[unit.unit] = (unit.unit_type, unit.tier)
    known = {record.name: record for record in session.scalars(select(UnitRecord))}
    added = []
    for name, (unit_type, tier) in sorted(found.items()):
        record = known.get(name)
        if record is None:
            session.add(UnitRecord(code=code_for(name), name=name, unit_type=unit_type, tier=tier, active=True))
            added.append(name)
        else:
            record.unit_type = unit_type or record.unit_type
            record.tier = tier or record.tier
    session.flush()
    return added


def find_unit(session: Session, name_or_code: str) -> UnitRecord | None:
    return session.scalars(select(UnitRecord).where(
        (UnitRecord.code == name_or_code) | (UnitRecord.name == name_or_code))).first()
