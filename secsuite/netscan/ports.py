"""Which TCP ports to scan: ``top-N`` (nmap's N most common), or a list of ports and ranges."""

from __future__ import annotations

import re
from dataclasses import dataclass

TOP = re.compile(r"^top-?(\d+)$", re.IGNORECASE)
RANGE = re.compile(r"^(\d+)(?:-(\d+))?$")
MAX_PORT = 65535


@dataclass(frozen=True)
class PortSpec:
    text: str
    top: int | None = None
    ranges: tuple[tuple[int, int], ...] = ()

    def nmap_args(self) -> list[str]:
        if self.top is not None:
            return ["--top-ports", str(self.top)]
        return ["-p", ",".join(str(lo) if lo == hi else f"{lo}-{hi}" for lo, hi in self.ranges)]


def parse_ports(text: str) -> PortSpec:
    """``top-1000``, ``1-65535`` or ``22,80,443,8000-8100``; anything else is a usage error."""
    value = text.strip().replace("，", ",").replace(" ", "")
    top = TOP.match(value)
    if top:
        count = int(top.group(1))
        if not 1 <= count <= MAX_PORT:
            raise ValueError(f"--ports: top-N needs 1 ≤ N ≤ {MAX_PORT}, got {text!r}")
        return PortSpec(text=value.lower(), top=count)
    ranges = []
    for part in filter(None, value.split(",")):
        match = RANGE.match(part)
        if not match:
            raise ValueError(f"--ports: {part!r} 不是端口或端口范围 (is not a port or range); "
                             "expected top-1000, 1-65535 or a list such as 22,80,443,8000-8100")
        lo = int(match.group(1))
        hi = int(match.group(2) or lo)
        if not 1 <= lo <= hi <= MAX_PORT:
            raise ValueError(f"--ports: {part!r} 超出 1-{MAX_PORT} (out of range)")
        ranges.append((lo, hi))
    if not ranges:
        raise ValueError("--ports: 未给出端口 (no port given)")
    return PortSpec(text=value, ranges=tuple(ranges))
