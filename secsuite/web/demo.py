"""``secsuite serve --demo``: the bundled example pipeline (scan, check, netscan, incidents,
evaluate, as scripts/example.sh runs it, through the same use cases) in a temporary store, with a demo auditor who sees every
unit and a demo unit user who sees only 市民政局, each with a one-time password.

Everything lives in a temporary folder (store, audit key) removed when the server stops.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from secsuite.errors import ConfigError
from secsuite.paths import project_home
from secsuite.store.db import open_engine, session_factory
from secsuite.web.accounts import Accounts
from secsuite.web.audit import CLI, AuditLog, load_key
from secsuite.web.clock import system_clock
from secsuite.web.units import sync_units

AS_OF = dt.date(2025, 12, 31)
YEAR = 2025
DEMO_UNIT = "市民政局"
DEMO_USERS = (("auditor", "demo-auditor", None), ("unit_user", "demo-unit", DEMO_UNIT))


def examples_dir() -> Path:
    folder = project_home() / "examples"
    if not (folder / "units.xlsx").is_file():
        raise ConfigError(f"the bundled example is not installed at {folder}; run --demo from a source checkout "
                          "or set SECSUITE_HOME to one")
    return folder


def load_example(url: str, progress: Callable[[str], None]) -> None:
    """Run the example pipeline into the store through the use cases the CLI calls, each step after
    the one whose results it needs; the runs are recorded as started by the demo."""
    from secsuite.app.check import CheckJob, check
    from secsuite.app.evaluate import EvaluateJob, evaluate
    from secsuite.app.incidents import IncidentsJob, assess_incidents
    from secsuite.app.netscan import NetscanJob, netscan
    from secsuite.app.run import Provenance
    from secsuite.app.scan import ScanJob, scan

    examples, who = examples_dir(), {"store_url": url, "provenance": Provenance("cli", "secsuite serve --demo")}
    units, systems = examples / "units.xlsx", examples / "systems.xlsx"
    steps: list[tuple[str, Callable[[], object]]] = [
        ("scan", lambda: scan(ScanJob(paths=[str(examples / "data")], as_of=AS_OF,
                                      catalogue=examples / "catalogue.csv", **who))),
        ("check", lambda: check(CheckJob(paths=[systems], as_of=AS_OF, **who))),
        ("netscan", lambda: netscan(NetscanJob(as_of=AS_OF, from_xml=examples / "netscan" / "127.0.0.1.xml",
                                               inventory=systems, **who))),
        ("incidents", lambda: assess_incidents(IncidentsJob(path=examples / "incidents.xlsx", as_of=AS_OF,
                                                            year=YEAR, units=units, **who))),
        ("evaluate", lambda: evaluate(EvaluateJob(year=YEAR, units=units, scores=examples / "scores.xlsx",
                                                  as_of=AS_OF, **who))),
    ]
    for name, step in steps:
        progress(name)
        step()


@dataclass(frozen=True)
class Demo:
    engine: Engine
    key: bytes
    accounts: list[tuple[str, str, str]]


def prepare_demo(stack: contextlib.ExitStack, progress: Callable[[str], None]) -> Demo:
    """A temporary store with the example loaded, the units filled and the demo users added."""
    from secsuite.inventory.units import load_units

    folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="secsuite-demo-")))
    url = f"sqlite:///{folder / 'demo.db'}"
    load_example(url, progress)
    key = load_key(folder / "audit.key")
    engine = open_engine(url)
    listed, _ = load_units(examples_dir() / "units.xlsx")
    with session_factory(engine).begin() as session:
        sync_units(session, listed)
        accounts = Accounts(session, AuditLog(key), CLI, system_clock())
        issued = [accounts.add(username, role, unit) for role, username, unit in DEMO_USERS]
    return Demo(engine, key, [(item.role, item.username, item.password) for item in issued])
