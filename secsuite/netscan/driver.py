"""Running Debian's nmap through python-nmap, one host group at a time.

python-nmap is unmaintained and waits forever by default, so every run gets nmap's own
``--host-timeout`` and python-nmap's ``timeout`` (what is left of the total). Unprivileged
users get a connect scan (``-sT``); root with raw sockets gets a SYN scan (``-sS``). ``-n``
keeps nmap from asking DNS servers for reverse names: the scan talks only to its targets.
"""

from __future__ import annotations

import math
import os
import re
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass

import nmap

from secsuite.netscan.ports import PortSpec
from secsuite.netscan.targets import HostGroup

NSE_SCRIPTS = "ssl-cert,ssl-enum-ciphers"
DURATION = re.compile(r"^(\d+(?:\.\d+)?)(ms|s|m|h)?$")
UNITS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600}
INSTALL_HINT = "sudo apt-get install nmap (Debian/Ubuntu) 或 (or) dnf install nmap / brew install nmap"


class NmapError(RuntimeError):
    """nmap is missing, or a run produced no usable output."""


class NmapTimedOut(RuntimeError):
    """The total timeout ran out while nmap was still scanning a host group."""


@dataclass(frozen=True)
class NmapOptions:
    ports: PortSpec
    host_timeout: float
    total_timeout: float
    version_intensity: int = 7
    privileged: bool | None = None  # None: decide from the effective user and raw-socket access
    nmap_path: str | None = None  # None: python-nmap looks on PATH and in the usual places


def parse_duration(value: str | float, option: str) -> float:
    """Seconds from ``90``, ``90s``, ``15m`` or ``1h`` (nmap's own time syntax)."""
    match = DURATION.match(str(value).strip().lower())
    if not match or float(match.group(1)) <= 0:
        raise ValueError(f"{option}: 需要正的时长，如 90s、15m、1h (expected a positive duration such as 90s, 15m, 1h), "
                         f"got {value!r}")
    return float(match.group(1)) * UNITS[match.group(2) or "s"]


def can_syn_scan() -> bool:
    """Root alone is not enough: a container may drop CAP_NET_RAW."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return False
    try:
        socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_TCP).close()
    except OSError:
        return False
    return True


def nmap_arguments(options: NmapOptions, family: int = 4) -> list[str]:
    """The arguments secsuite passes to nmap (besides the targets and python-nmap's ``-oX -``)."""
    privileged = can_syn_scan() if options.privileged is None else options.privileged
    arguments = ["-n", "-sS" if privileged else "-sT", "-sV", "--version-intensity", str(options.version_intensity),
                 "--script", NSE_SCRIPTS, "--host-timeout", f"{math.ceil(options.host_timeout)}s",
                 *options.ports.nmap_args()]
    return ["-6", *arguments] if family == 6 else arguments


def scanner(path: str | None = None) -> nmap.PortScanner:
    try:
        return nmap.PortScanner(nmap_search_path=(path,)) if path else nmap.PortScanner()
    except nmap.PortScannerError:
        raise NmapError(f"未找到 nmap，请先安装 (nmap is not installed or not on PATH): {INSTALL_HINT}") from None


def run_groups(groups: tuple[HostGroup, ...], options: NmapOptions,
               deadline: float) -> Iterator[tuple[HostGroup, bytes, list[str]]]:
    """Scan each group in turn, yielding its XML and nmap's error lines; stop at the deadline."""
    port_scanner = scanner(options.nmap_path)
    for group in groups:
        remaining = deadline - time.monotonic()
        if remaining < 1:
            raise NmapTimedOut(group.specs[0])
        try:
            result = port_scanner.scan(hosts=" ".join(group.specs), arguments=" ".join(nmap_arguments(options, group.family)),
                                       timeout=math.ceil(remaining))
        except nmap.PortScannerTimeout:
            raise NmapTimedOut(group.specs[0]) from None
        except nmap.PortScannerError as exc:
            raise NmapError(f"nmap 运行失败 (nmap failed): {str(exc).strip()}") from None
        # python-nmap repeats the whole stderr once per error line: keep each line once.
        stderr = "\n".join(result.get("nmap", {}).get("scaninfo", {}).get("error", []))
        yield group, port_scanner.get_nmap_last_output(), list(dict.fromkeys(filter(None, map(str.strip, stderr.splitlines()))))
