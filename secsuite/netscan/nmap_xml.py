"""Reading nmap's XML (``-oX``), whether we just ran nmap or a team ran it elsewhere.

ElementTree rather than python-nmap's ``analyse_nmap_xml_scan``: that one keeps only each
script's text output, while ssl-cert and ssl-enum-ciphers put what we need (the PEM, every
suite with its grade) in the script's ``<table>``/``<elem>`` structure.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any

from secsuite.errors import InputError

EXPECTED = "nmap -oX 的完整输出 (the complete output of nmap -oX)"


@dataclass(frozen=True)
class NmapPort:
    protocol: str
    port: int
    state: str
    service: dict[str, str]
    scripts: dict[str, Any]


@dataclass(frozen=True)
class NmapHost:
    address: str
    state: str
    reason: str
    hostnames: tuple[str, ...]
    ports: tuple[NmapPort, ...]


@dataclass(frozen=True)
class NmapRun:
    version: str
    args: str
    scan_type: str
    elapsed: float
    hosts: tuple[NmapHost, ...] = field(default_factory=tuple)


def _structure(node: ET.Element) -> Any:
    """A script's ``<table>``/``<elem>`` tree as dicts (keyed children) and lists (unkeyed ones)."""
    items = [(child.get("key"), (child.text or "") if child.tag == "elem" else _structure(child)) for child in node]
    if items and all(key is not None for key, _ in items):
        return dict(items)
    return [value for _, value in items]


def _port(node: ET.Element) -> NmapPort:
    state = node.find("state")
    service = node.find("service")
    return NmapPort(
        protocol=node.get("protocol", "tcp"),
        port=int(node.get("portid", "0")),
        state=state.get("state", "unknown") if state is not None else "unknown",
        service=dict(service.attrib) if service is not None else {},
        scripts={script.get("id", ""): _structure(script) for script in node.findall("script")},
    )


def _host(node: ET.Element) -> NmapHost | None:
    address = next((a.get("addr") for a in node.findall("address") if a.get("addrtype") in {"ipv4", "ipv6"}), None)
    if address is None:
        return None
    status = node.find("status")
    return NmapHost(
        address=address,
        state=status.get("state", "unknown") if status is not None else "unknown",
        reason=status.get("reason", "") if status is not None else "",
        hostnames=tuple(h.get("name", "") for h in node.findall("hostnames/hostname") if h.get("name")),
        ports=tuple(_port(port) for port in node.findall("ports/port")),
    )


def parse_nmap_xml(data: bytes, source: str) -> NmapRun:
    """Parse a complete nmap XML document; a truncated or foreign file is a clear input error."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else None
        raise InputError(source, f"nmap XML 不完整或已损坏 (truncated or malformed XML: {exc})", row=line,
                         expected=EXPECTED) from None
    if root.tag != "nmaprun":
        raise InputError(source, f"不是 nmap 的 XML 输出 (not nmap XML: root element <{root.tag}>)", expected=EXPECTED)
    finished = root.find("runstats/finished")
    if finished is None:
        raise InputError(source, "nmap XML 缺少 runstats，扫描未完成或文件被截断 (no runstats: the scan did not finish "
                         "or the file was cut short)", expected=EXPECTED)
    if finished.get("exit") == "error":
        raise InputError(source, f"nmap 报错退出 (nmap exited with an error): {finished.get('errormsg', '')}",
                         expected=EXPECTED)
    scaninfo = root.find("scaninfo")
    hosts = tuple(host for host in (_host(node) for node in root.findall("host")) if host is not None)
    return NmapRun(
        version=root.get("version", ""),
        args=root.get("args", ""),
        scan_type=scaninfo.get("type", "") if scaninfo is not None else "",
        elapsed=float(finished.get("elapsed", "0") or 0),
        hosts=hosts,
    )
