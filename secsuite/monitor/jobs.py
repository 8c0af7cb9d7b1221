"""What a scheduled job runs: the target's command through the use-case layer (the functions the
CLI calls), recorded with trigger ``scheduled`` and the schedule as its actor."""

from __future__ import annotations

from pathlib import Path

from secsuite.app.run import Provenance, RunJob
from secsuite.config import Config, load_config
from secsuite.i18n import current_lang
from secsuite.monitor.execute import Order
from secsuite.monitor.models import Target
from secsuite.monitor.ranges import require_approved
from secsuite.monitor.targets import password_url
from secsuite.store.db import open_engine, session_factory


def _load_target(store_url: str, target_id: int) -> Target:
    """The target, refused when it is a network target outside the ranges approved now (an approval
    revoked since the target was added stops its next scan)."""
    engine = open_engine(store_url)
    with session_factory(engine)() as session:
        target = session.get(Target, target_id)
        if target is None:
            raise LookupError(f"target {target_id} no longer exists")
        if target.kind == "network":
            require_approved(session, target.unit, target.locator["ranges"])
        return target


def _common(order: Order, config: Config) -> dict:
    """What every use case takes the same way: language, rule settings, store, provenance."""
    return {"lang": current_lang(config.lang), "rule_params": config.rules, "store_url": order.store_url,
            "provenance": Provenance("scheduled", f"schedule:{order.schedule_id}")}


def _job(order: Order, target: Target, config: Config) -> tuple[RunJob, object]:
    """The use case's request for the target, and the function that runs it."""
    locator, common = target.locator, _common(order, config)
    if order.command == "scan":
        from secsuite.app.scan import ScanJob, scan
        from secsuite.scan.dataset import ScanOptions

        catalogue = locator.get("catalogue")
        options = ScanOptions(sample_rows=config.scan.sample_rows, max_cell_bytes=config.scan.max_cell_bytes,
                              seed=config.scan.seed)
        return ScanJob(paths=list(locator.get("paths", [])) or [password_url(target)], as_of=order.as_of,
                       options=options, guide=config.guide, catalogue=Path(catalogue) if catalogue else None,
                       reuse_every=config.monitor.reread_every, **common), scan
    if order.command == "check":
        from secsuite.app.check import CheckJob, check

        return CheckJob(paths=[Path(locator["inventory"])], as_of=order.as_of, guide=config.guide, **common), check
    if order.command == "netscan":
        from secsuite.app.netscan import NetscanJob, netscan

        inventory = locator.get("inventory")
        return NetscanJob(as_of=order.as_of, targets=list(locator["ranges"]), settings=config.netscan, yes=True,
                          inventory=Path(inventory) if inventory else None, guide=config.guide, **common), netscan
    if order.command == "incidents":
        from secsuite.app.incidents import IncidentsJob, assess_incidents

        return IncidentsJob(path=Path(locator["register"]), as_of=order.as_of, **common), assess_incidents
    raise ValueError(f"unknown command {order.command!r}")


def run_target(order: Order) -> int:
    """Run the order's use case; the id of the run it recorded."""
    config = load_config(order.config_path)
    job, use_case = _job(order, _load_target(order.store_url, order.target_id), config)
    outcome = use_case(job)  # type: ignore[operator]
    if outcome.run_id is None:
        raise RuntimeError("the run was not recorded")
    return outcome.run_id
