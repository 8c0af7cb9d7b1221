"""Scan the network (or import a saved nmap XML), probe TLS and TLCP, link the inventory's systems,
and record the run."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from secsuite.app.run import RunJob, RunOutcome, RunStart, finish_run, scope_key, start_run
from secsuite.checks.registry import load_registry
from secsuite.classify.guide import load_guide
from secsuite.config import NetscanConfig
from secsuite.errors import InputError, InputErrors
from secsuite.inventory.systems import SystemInventory, load_systems
from secsuite.netscan.driver import NmapOptions, parse_duration, scanner
from secsuite.netscan.model import NetscanResult
from secsuite.netscan.pipeline import NetscanHooks, NetscanRequest, run_netscan
from secsuite.netscan.ports import parse_ports
from secsuite.netscan.probing import ProbeOptions
from secsuite.netscan.targets import plan_targets

if TYPE_CHECKING:
    from secsuite.store.recorder import RunRecorder


@dataclass(kw_only=True)
class NetscanJob(RunJob):
    """Targets to scan now, or ``from_xml`` to import. ``ports``, ``host_timeout`` and ``timeout``
    are the caller's overrides (None: ``settings``); ``yes`` confirms a range over
    ``settings.max_hosts``; ``inventory`` links assets to systems (its levels from ``guide``);
    ``store_url`` None records nothing."""

    as_of: dt.date
    targets: list[str] = field(default_factory=list)
    from_xml: Path | None = None
    settings: NetscanConfig = field(default_factory=NetscanConfig)
    ports: str | None = None
    host_timeout: str | None = None
    timeout: str | None = None
    yes: bool = False
    inventory: Path | None = None
    guide: str | None = None


NetscanOutcome = RunOutcome[NetscanResult]


def plan_netscan(job: NetscanJob) -> NetscanRequest:
    """Everything checked before any packet is sent: targets, ports, durations, nmap itself
    (ValueError for a bad value, NmapError when nmap is missing)."""
    settings = job.settings
    probe = ProbeOptions(timeout=settings.probe_timeout, workers=settings.probe_workers, tlcp=settings.tlcp)
    if job.from_xml is not None:
        if job.targets:
            raise ValueError("请只给出扫描目标或 --from-xml 之一 (give targets or --from-xml, not both)")
        return NetscanRequest(as_of=job.as_of, xml_path=job.from_xml, probe=probe)
    if not job.targets:
        raise ValueError("请给出扫描目标或 --from-xml FILE (give targets to scan, or --from-xml FILE)")
    plan = plan_targets(job.targets, settings.max_hosts, job.yes, settings.host_group)
    options = NmapOptions(
        ports=parse_ports(job.ports or settings.ports),
        host_timeout=parse_duration(job.host_timeout or settings.host_timeout, "--host-timeout"),
        total_timeout=parse_duration(job.timeout or settings.timeout, "--timeout"),
        version_intensity=settings.version_intensity,
        nmap_path=settings.nmap_path,
    )
    scanner(options.nmap_path)  # nmap missing is a usage error, reported before anything starts
    return NetscanRequest(as_of=job.as_of, plan=plan, nmap=options, probe=probe)


def _inventory(job: NetscanJob) -> SystemInventory | None:
    if job.inventory is None:
        return None
    inventory = load_systems([job.inventory], load_guide(job.guide))
    if not inventory.systems and inventory.errors:
        raise InputErrors(inventory.errors)
    return inventory


def netscan_scope(job: NetscanJob, request: NetscanRequest) -> str:
    """The addresses and ports scanned (or the XML imported) and the inventory linked."""
    covered: dict[str, object] = {"inventory": job.inventory}
    if request.plan is not None and request.nmap is not None:
        targets = request.plan.targets
        addresses = {str(network) for target in targets for network in target.networks}
        names = {target.text.strip().lower() for target in targets if not target.networks}
        covered |= {"targets": sorted(addresses | names), "ports": request.nmap.ports.text}
    return scope_key("netscan", [job.from_xml] if job.from_xml else [], covered)


@dataclass
class StartedNetscan:
    """A network scan checked and planned, its inventory read and its run open in the store: ``run``
    it next. Starting first refuses a bad request before any packet is sent or progress is shown."""

    job: NetscanJob
    request: NetscanRequest
    inventory: SystemInventory | None
    recorder: RunRecorder | None

    def run(self, progress: NetscanHooks | None = None) -> NetscanOutcome:
        """Scan and record assets, findings and errors (of the scan and of the inventory rows left
        out); a scan that fails (NmapError, InputError) is recorded as failed."""
        recorder, inventory = self.recorder, self.inventory
        caller = progress or NetscanHooks()

        def error(problem: InputError) -> None:
            caller.error(problem)
            if recorder:
                recorder.error(problem)

        try:
            result = run_netscan(self.request, replace(caller, error=error))
        except BaseException:
            if recorder:
                recorder.finish("failed")
            raise
        for problem in inventory.errors if inventory else []:
            result.add_error(problem)
            if recorder:
                recorder.error(problem)
        result.scan["inventory"] = str(self.job.inventory) if self.job.inventory else None
        if recorder:
            recorder.assets(result.assets)
            recorder.findings(result.findings)
        outcome = finish_run(recorder, result, len(result.errors))
        result.run_id = outcome.run_id
        return outcome


def start_netscan(job: NetscanJob) -> StartedNetscan:
    """Check and plan the scan, read the inventory, open the run: ConfigError/ValueError/NmapError for
    a bad request or a missing nmap, InputErrors when no inventory row is usable, StoreError when the
    store cannot be opened."""
    load_registry()
    request = plan_netscan(job)
    inventory = _inventory(job)
    request.systems = inventory.systems if inventory else None
    request.lang = job.lang
    request.rule_params = job.rule_params
    arguments = {
        "targets": job.targets,
        "inventory": str(job.inventory) if job.inventory else None,
        "from_xml": str(job.from_xml) if job.from_xml else None,
        "ports": job.ports,
    }
    recorder = start_run(
        job.store_url, RunStart("netscan", job.as_of, arguments, netscan_scope(job, request), job.provenance)
    )
    return StartedNetscan(job, request, inventory, recorder)


def netscan(job: NetscanJob, progress: NetscanHooks | None = None) -> NetscanOutcome:
    """Start the network scan and run it: every error ``start_netscan`` and ``StartedNetscan.run`` raise."""
    return start_netscan(job).run(progress)
