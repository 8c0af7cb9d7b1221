"""The whole network scan: nmap (or an imported nmap XML), our TLS and TLCP probes, the link to
the inventory's systems, then the network rules.

Progress is a callback, as for ``secsuite scan``: the CLI draws it, tests ignore it. The total
timeout covers nmap and the probes together; what finished before it ran out is kept.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from secsuite.checks.network import NetworkSubject
from secsuite.checks.registry import load_registry
from secsuite.errors import InputError
from secsuite.i18n import Lang
from secsuite.inventory.systems import SystemEntry
from secsuite.netscan.assets import assets_of
from secsuite.netscan.correlate import link_assets
from secsuite.netscan.driver import NmapOptions, NmapTimedOut, run_groups
from secsuite.netscan.model import NetscanResult
from secsuite.netscan.nmap_xml import NmapRun, parse_nmap_xml
from secsuite.netscan.probing import ProbeOptions, probe_assets
from secsuite.netscan.targets import TargetPlan


@dataclass
class NetscanHooks:
    """``phase(name, total)`` starts a stage ("nmap": addresses, "probe": handshakes),
    ``advanced(amount, label)`` moves it on, ``error(error)`` reports a problem of the run."""

    phase: Callable[[str, int], None] = lambda name, total: None
    advanced: Callable[[int, str], None] = lambda amount, label: None
    error: Callable[[InputError], None] = lambda error: None


@dataclass
class NetscanRequest:
    """Either ``plan`` and ``nmap`` (scan now) or ``xml_path`` (import a saved ``nmap -oX``)."""

    as_of: date
    plan: TargetPlan | None = None
    nmap: NmapOptions | None = None
    xml_path: Path | None = None
    probe: ProbeOptions = field(default_factory=ProbeOptions)
    systems: list[SystemEntry] | None = None
    lang: Lang = "zh"
    rule_params: dict[str, dict[str, Any]] = field(default_factory=dict)


def _record(result: NetscanResult, hooks: NetscanHooks, error: InputError) -> None:
    result.add_error(error)
    hooks.error(error)


def _import(path: Path) -> NmapRun:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"无法读取文件 (cannot read the file: {exc.strerror or exc})") from None
    return parse_nmap_xml(data, str(path))


def _scan(request: NetscanRequest, result: NetscanResult, hooks: NetscanHooks, deadline: float) -> list[NmapRun]:
    assert request.plan is not None and request.nmap is not None
    hooks.phase("nmap", request.plan.total)
    runs = []
    try:
        for group, xml, errors in run_groups(request.plan.groups, request.nmap, deadline):
            runs.append(parse_nmap_xml(xml, "nmap"))
            for line in errors:
                _record(result, hooks, InputError("nmap", line))
            hooks.advanced(group.size, " ".join(group.specs))
    except NmapTimedOut as exc:
        _record(result, hooks, InputError("nmap", f"总超时已到，从 {exc} 起的目标未扫描 (total timeout reached: targets from "
                                            f"{exc} on were not scanned)"))
    return runs


def run_netscan(request: NetscanRequest, hooks: NetscanHooks | None = None) -> NetscanResult:
    hooks = hooks or NetscanHooks()
    result = NetscanResult(as_of=request.as_of.isoformat())
    started = time.monotonic()
    deadline = started + (request.nmap.total_timeout if request.nmap else 0.0)
    live = request.xml_path is None
    runs = [_import(request.xml_path)] if request.xml_path is not None else _scan(request, result, hooks, deadline)
    result.assets = [asset for run in runs for asset in assets_of(run, imported=not live)]
    if live:
        for error in probe_assets(result.assets, request.probe, deadline,
                                  started=lambda total: hooks.phase("probe", total),
                                  advanced=lambda label: hooks.advanced(1, label)):
            _record(result, hooks, error)
    if request.systems is not None:
        link_assets(result.assets, request.systems)
    subject = NetworkSubject(assets=result.assets, systems=request.systems)
    result.findings = load_registry().run_pack("network", subject, request.as_of, request.lang, request.rule_params)
    result.scan = _summary(request, runs, time.monotonic() - started)
    return result


def _summary(request: NetscanRequest, runs: list[NmapRun], elapsed: float) -> dict[str, Any]:
    summary: dict[str, Any] = {
        "source": str(request.xml_path) if request.xml_path else "nmap",
        "nmap_version": runs[0].version if runs else None,
        "scan_type": runs[0].scan_type if runs else None,
        "hosts_up": sum(1 for run in runs for host in run.hosts if host.state == "up"),
        "elapsed_s": round(elapsed, 2),
    }
    if request.plan is not None and request.nmap is not None:
        summary |= {"targets": [target.text for target in request.plan.targets], "addresses": request.plan.total,
                    "ports": request.nmap.ports.text}
    summary["nmap_command"] = runs[0].args if runs else None
    return summary
