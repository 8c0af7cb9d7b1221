"""What a scheduled job runs: the target's command through the use-case layer, as ``scheduled``."""

from __future__ import annotations

from secsuite.app.run import Provenance
from secsuite.monitor.execute import Order
from secsuite.monitor.models import Target
from secsuite.monitor.targets import password_url
from secsuite.store.db import open_engine, session_factory


def _load_target(store_url: str, target_id: int) -> Target:
    engine = open_engine(store_url)
    with session_factory(engine)() as session:
        target = session.get(Target, target_id)
        if target is None:
            raise LookupError(f"target {target_id} no longer exists")
        return target


def run_target(order: Order) -> int:
    target = _load_target(order.store_url, order.target_id)
    provenance = Provenance("scheduled", f"schedule:{order.schedule_id}")
    if order.command == "scan":
        from pathlib import Path

        from secsuite.app.scan import ScanJob, scan

        paths = list(target.locator.get("paths", [])) or [password_url(target)]
        catalogue = target.locator.get("catalogue")
        outcome = scan(ScanJob(paths=paths, as_of=order.as_of, catalogue=Path(catalogue) if catalogue else None,
                               store_url=order.store_url, provenance=provenance))
        assert outcome.run_id is not None
        return outcome.run_id
    raise ValueError(f"command {order.command!r} cannot run on a schedule yet")
