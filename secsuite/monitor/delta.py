"""What changed between a run and its baseline, the last complete run of the same scope (never a
partial or narrower one, which would close findings it did not look at).

Findings are matched by fingerprint: new, fixed, reopened (new here but fixed before, as the issue
register knows) and changed (another severity). Datasets and fields that appeared, disappeared or
changed level or entities; services that appeared, disappeared or changed product; certificates
renewed or past an expiry threshold. When the guide or tool version differs, every item is marked
``rule_change``: a change of rules, not of posture.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from secsuite.findings import Finding, ObjectRef
from secsuite.monitor.models import DeltaItem
from secsuite.store.models import Asset, Dataset, FindingRecord, Run

CHANGES = ("new", "fixed", "reopened", "changed")
CERT_THRESHOLDS = (30, 14, 7, 1, 0)


@dataclass(frozen=True)
class Item:
    change: str  # new, fixed, reopened or changed (JSON list); ``detail`` says appeared/disappeared…
    aspect: str  # finding, dataset, field, service, certificate
    fingerprint: str
    rule_id: str | None
    object_kind: str
    object_id: str
    unit: str | None
    severity: str | None = None
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    detail: str = ""

    def to_json(self, rule_change: bool) -> dict[str, Any]:
        return {"fingerprint": self.fingerprint, "rule_id": self.rule_id, "aspect": self.aspect,
                "change": self.detail or self.change,
                "object": {"kind": self.object_kind, "id": self.object_id}, "unit": self.unit,
                "severity": self.severity, "before": self.before, "after": self.after, "rule_change": rule_change}


@dataclass
class Delta:
    baseline: Run
    run: Run
    items: list[Item] = field(default_factory=list)

    @property
    def rule_change(self) -> dict[str, Any] | None:
        """The guide or tool versions when they differ between the two runs, else None."""
        before = {"guide": self.baseline.guide_id, "guide_version": self.baseline.guide_version,
                  "tool_version": self.baseline.tool_version}
        after = {"guide": self.run.guide_id, "guide_version": self.run.guide_version,
                 "tool_version": self.run.tool_version}
        return None if before == after else {"before": before, "after": after}

    def to_json(self) -> dict[str, Any]:
        flagged = self.rule_change is not None
        body: dict[str, Any] = {"baseline_run": self.baseline.id, "run": self.run.id, "rule_change": self.rule_change}
        for change in CHANGES:
            body[change] = [item.to_json(flagged) for item in self.items if item.change == change]
        return body


class NotComparable(ValueError):
    """Two runs that must not be compared: another kind or scope, or one of them incomplete."""


def check_comparable(baseline: Run, run: Run) -> None:
    problems = []
    if baseline.kind != run.kind:
        problems.append(f"kinds differ ({baseline.kind} / {run.kind})")
    if not baseline.scope_key or baseline.scope_key != run.scope_key:
        problems.append("scopes differ (other inputs or options)")
    problems += [f"run {r.id} is not complete" for r in (baseline, run) if not r.complete]
    if problems:
        raise NotComparable(f"runs {baseline.id} and {run.id} cannot be compared: " + "; ".join(problems))


def last_comparable(session: Session, run: Run) -> Run | None:
    """The baseline of ``run``: the latest earlier complete run of the same kind and scope."""
    if not run.scope_key:
        return None
    return session.scalar(
        select(Run).where(Run.kind == run.kind, Run.scope_key == run.scope_key, Run.complete.is_(True),
                          Run.id < run.id).order_by(Run.id.desc()).limit(1))


def _fp(aspect: str, kind: str, object_id: str, unit: str | None) -> str:
    return Finding.fingerprint(f"@{aspect}", ObjectRef(kind=kind, id=object_id), unit)  # type: ignore[arg-type]


def _paired(before: dict[Any, Any], after: dict[Any, Any]) -> Iterable[tuple[Any, Any, Any]]:
    for key in sorted(before.keys() | after.keys(), key=str):
        yield key, before.get(key), after.get(key)


def _findings(session: Session, run_id: int) -> dict[str, FindingRecord]:
    records = session.scalars(select(FindingRecord).where(FindingRecord.run_id == run_id,
                                                          FindingRecord.muted.is_(False)))
    return {record.finding_id: record for record in records}


def _finding_items(session: Session, baseline: Run, run: Run, previously_fixed: set[str]) -> list[Item]:
    items = []
    for fingerprint, old, new in _paired(_findings(session, baseline.id), _findings(session, run.id)):
        record = new or old
        if old is None:
            change = "reopened" if fingerprint in previously_fixed else "new"
        elif new is None:
            change = "fixed"
        elif old.severity != new.severity:
            change = "changed"
        else:
            continue
        items.append(Item(change, "finding", fingerprint, record.rule_id, record.object_kind, record.object_id,
                          record.unit, record.severity, {"severity": old.severity} if old else None,
                          {"severity": new.severity} if new else None))
    return items


def _datasets(session: Session, run_id: int) -> dict[str, Dataset]:
    """By source, the id data findings use: unique per table (a sheet, a database table)."""
    query = select(Dataset).where(Dataset.run_id == run_id).options(selectinload(Dataset.fields))
    return {dataset.source: dataset for dataset in session.scalars(query)}


def _appearance(aspect: str, kind: str, object_id: str, unit: str | None, old: Any, new: Any,
                before: dict[str, Any] | None, after: dict[str, Any] | None) -> Item | None:
    """An object that appeared (new), disappeared (fixed) or changed between the runs, or None."""
    if old is None:
        return Item("new", aspect, _fp(aspect, kind, object_id, unit), None, kind, object_id, unit, None,
                    None, after, "appeared")
    if new is None:
        return Item("fixed", aspect, _fp(aspect, kind, object_id, unit), None, kind, object_id, unit, None,
                    before, None, "disappeared")
    if before != after:
        return Item("changed", aspect, _fp(aspect, kind, object_id, unit), None, kind, object_id, unit, None,
                    before, after)
    return None


def _field_facts(fields: Iterable[Any]) -> dict[str, dict[str, Any]]:
    return {f.name: {"level": f.level, "entities": sorted({e["type"] for e in f.entities})} for f in fields}


def _dataset_items(session: Session, baseline: Run, run: Run) -> list[Item]:
    items = []
    for object_id, old, new in _paired(_datasets(session, baseline.id), _datasets(session, run.id)):
        unit = (new or old).unit
        item = _appearance("dataset", "dataset", object_id, unit, old, new,
                           {"level": old.level} if old else None, {"level": new.level} if new else None)
        if item:
            items.append(item)
        old_fields = _field_facts(old.fields) if old else {}
        new_fields = _field_facts(new.fields) if new else {}
        if old is None or new is None:
            continue  # the dataset's own item says it; its fields come and go with it
        for name, before, after in _paired(old_fields, new_fields):
            item = _appearance("field", "field", f"{object_id}#{name}", unit, before, after, before, after)
            if item:
                items.append(item)
    return items


def _assets(session: Session, run_id: int) -> dict[str, Asset]:
    records = session.scalars(select(Asset).where(Asset.run_id == run_id, Asset.port.is_not(None)))
    return {f"{a.host}:{a.port}/{a.protocol}": a for a in records}


def _leaf(asset: Asset | None) -> dict[str, Any] | None:
    details = (asset.tls or {}) if asset else {}
    leaves = [c for c in details.get("certificates", []) if c.get("role") == "leaf"]
    return leaves[0] if leaves else None


def days_left(not_after: str, as_of: dt.date) -> int:
    return (dt.datetime.fromisoformat(not_after).date() - as_of).days


def crossed(days: int, thresholds: Iterable[int] = CERT_THRESHOLDS) -> int | None:
    """The tightest threshold a certificate with ``days`` left is within, or None."""
    within = [t for t in thresholds if days <= t]
    return min(within) if within else None


def _service(asset: Asset | None) -> dict[str, Any] | None:
    return {"service": asset.service, "product": asset.product, "version": asset.version} if asset else None


def _certificate(leaf: dict[str, Any], as_of: dt.date, threshold: int | None) -> dict[str, Any]:
    return {"not_after": leaf["not_after"], "sha256": leaf["sha256"], "days_left": days_left(leaf["not_after"], as_of),
            "threshold": threshold}


def _service_items(session: Session, baseline: Run, run: Run) -> list[Item]:
    items = []
    for key, old, new in _paired(_assets(session, baseline.id), _assets(session, run.id)):
        unit = (new or old).unit
        item = _appearance("service", "asset", key, unit, old, new, _service(old), _service(new))
        if item:
            items.append(item)
        before, after = _leaf(old), _leaf(new)
        if before and after:
            old_bucket = crossed(days_left(before["not_after"], baseline.as_of))
            new_bucket = crossed(days_left(after["not_after"], run.as_of))
            renewed = before["sha256"] != after["sha256"]
            if renewed or old_bucket != new_bucket:
                items.append(Item("changed", "certificate", _fp("certificate", "asset", key, unit), None, "asset",
                                  key, unit, None, _certificate(before, baseline.as_of, old_bucket),
                                  _certificate(after, run.as_of, new_bucket), "renewed" if renewed else "expiring"))
    return items


def compute(session: Session, baseline: Run, run: Run, previously_fixed: set[str] | None = None) -> Delta:
    check_comparable(baseline, run)
    items = _finding_items(session, baseline, run, previously_fixed or set())
    items += _dataset_items(session, baseline, run)
    items += _service_items(session, baseline, run)
    return Delta(baseline, run, items)


def store(session: Session, delta: Delta, at: dt.datetime) -> None:
    """Written once, at run end: the register, alerts and ``monitor changes`` read it back."""
    flagged = delta.rule_change is not None
    session.add_all(
        DeltaItem(run_id=delta.run.id, baseline_run_id=delta.baseline.id, change=item.change, detail=item.detail,
                  aspect=item.aspect, fingerprint=item.fingerprint, rule_id=item.rule_id,
                  object_kind=item.object_kind, object_id=item.object_id, unit=item.unit, severity=item.severity,
                  before=item.before, after=item.after, rule_change=flagged, at=at)
        for item in delta.items
    )
