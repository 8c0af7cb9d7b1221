"""After nmap: our own handshakes, run in parallel, each bounded by the probe timeout and none
started after the scan's total deadline.

Every TLS service gets its certificate chain fetched; the TLCP probe goes to TLS services and to
services nmap could not identify (a TLCP-only server answers nmap's TLS probes with a TLCP alert
and shows as "unknown"), or to every open port with ``tlcp: all``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass

from secsuite.errors import InputError
from secsuite.netscan.model import Asset, TlcpDetails, TlsDetails
from secsuite.netscan.tlcp import probe_tlcp
from secsuite.netscan.tls_chain import ChainProbe, probe_chain
from secsuite.netscan.tongsuo import TongsuoUnavailable, library


@dataclass(frozen=True)
class ProbeOptions:
    timeout: float = 5.0
    workers: int = 8
    tlcp: str = "auto"  # auto | all | off


def _tasks(assets: list[Asset], mode: str) -> list[tuple[Asset, str]]:
    tasks = []
    for asset in assets:
        if asset.port is None or asset.protocol != "tcp":
            continue
        if asset.is_tls:
            tasks.append((asset, "tls"))
        if mode == "all" or mode == "auto" and (asset.is_tls or asset.unidentified):
            tasks.append((asset, "tlcp"))
    return tasks


def _apply_chain(asset: Asset, probe: ChainProbe) -> None:
    details = asset.tls or TlsDetails()
    if probe.certificates:
        details.certificates = probe.certificates
        details.sources.append("probe")
    details.negotiated = probe.negotiated
    details.probe_error = probe.error if not probe.certificates else None
    asset.tls = details


def probe_assets(assets: list[Asset], options: ProbeOptions, deadline: float,
                 started: Callable[[int], None], advanced: Callable[[str], None]) -> list[InputError]:
    """Probe what needs probing; returns the errors that concern the run, not a single port."""
    try:
        library()
    except TongsuoUnavailable as exc:
        return [InputError("tongsuopy", f"{exc}；只使用 nmap 的 TLS 结果，未探测证书链和 TLCP "
                                        "(nmap's TLS results only: no chain fetch, no TLCP probe)")]
    tasks = _tasks(assets, options.tlcp)
    started(len(tasks))
    late: list[str] = []

    def run(asset: Asset, kind: str) -> ChainProbe | TlcpDetails | None:
        if time.monotonic() >= deadline:
            late.append(f"{asset.id} ({kind})")
            return None
        server_name = asset.hostnames[0] if asset.hostnames else None
        if kind == "tls":
            return probe_chain(asset.host, asset.port or 0, options.timeout, server_name)
        return probe_tlcp(asset.host, asset.port or 0, options.timeout)

    with ThreadPoolExecutor(max_workers=max(options.workers, 1)) as pool:
        futures = {pool.submit(run, asset, kind): (asset, kind) for asset, kind in tasks}
        for future in as_completed(futures):
            asset, kind = futures[future]
            outcome = future.result()
            if isinstance(outcome, ChainProbe):
                _apply_chain(asset, outcome)
            elif isinstance(outcome, TlcpDetails):
                asset.tlcp = outcome
            advanced(asset.id)
    if not late:
        return []
    return [InputError("netscan", f"总超时已到，未探测 (total timeout reached, not probed): {', '.join(sorted(late))}")]
