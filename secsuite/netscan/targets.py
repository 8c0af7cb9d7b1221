"""Scan targets: validated before nmap sees them, counted against a maximum, and cut into host
groups so that progress can be shown and a total timeout keeps the groups already finished.

Validation also keeps the command line safe: python-nmap splits the host string with ``shlex``,
so a "target" such as ``--script=...`` must never get through.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

HOSTNAME = re.compile(r"^(?=.{1,253}\.?$)(?!-)[A-Za-z0-9-]{1,63}(?<!-)(?:\.(?!-)[A-Za-z0-9-]{1,63}(?<!-))*\.?$")
IPV4_RANGE = re.compile(r"^(\d{1,3}(?:\.\d{1,3}){3})-(\d{1,3}(?:\.\d{1,3}){3}|\d{1,3})$")


class TargetError(ValueError):
    """A target nmap must not be given: malformed, or a range larger than allowed."""


@dataclass(frozen=True)
class Target:
    text: str
    networks: tuple[IPNetwork, ...] = ()  # empty for a host name, which nmap resolves

    @property
    def size(self) -> int:
        return sum(network.num_addresses for network in self.networks) if self.networks else 1

    @property
    def family(self) -> int:
        return self.networks[0].version if self.networks else 4


@dataclass(frozen=True)
class HostGroup:
    """One nmap run: targets of one address family (IPv6 needs ``-6``), at most a group's size."""

    family: int
    specs: tuple[str, ...]
    size: int


@dataclass(frozen=True)
class TargetPlan:
    targets: tuple[Target, ...]
    groups: tuple[HostGroup, ...]

    @property
    def total(self) -> int:
        return sum(target.size for target in self.targets)


def _ipv4_range(text: str) -> tuple[IPNetwork, ...] | None:
    match = IPV4_RANGE.match(text)
    if not match:
        return None
    first = ipaddress.IPv4Address(match.group(1))
    end = match.group(2)
    last = ipaddress.IPv4Address(end if "." in end else match.group(1).rsplit(".", 1)[0] + "." + end)
    if last < first:
        raise ValueError("range end before its start")
    return tuple(ipaddress.summarize_address_range(first, last))


def parse_target(text: str) -> Target:
    """An address, a CIDR network, an IPv4 range (``10.0.0.1-20``) or a host name."""
    value = text.strip()
    try:
        if "/" in value:
            return Target(value, (ipaddress.ip_network(value, strict=False),))
        networks = _ipv4_range(value)
        if networks:
            return Target(value, networks)
        address = ipaddress.ip_address(value)
        return Target(value, (ipaddress.ip_network(address),))
    except ValueError:
        name = value.rstrip(".").lower()
        if HOSTNAME.match(value) and re.search(r"[a-z]", name.rsplit(".", 1)[-1]):  # a top-level label has a letter
            return Target(name)
    raise TargetError(
        f"无效的扫描目标 (invalid target) {text!r}: 期望 IP 地址、CIDR 网段 (10.0.0.0/24)、"
        "地址范围 (10.0.0.1-20) 或主机名 (expected an address, a network, a range or a host name)"
    )


def _pieces(target: Target, group_size: int) -> Iterable[tuple[str, int]]:
    if not target.networks:
        yield target.text, 1
        return
    for network in target.networks:
        if network.num_addresses > group_size:
            subnets = network.subnets(new_prefix=network.max_prefixlen - (group_size.bit_length() - 1))
        else:
            subnets = iter([network])
        for subnet in subnets:
            single = subnet.prefixlen == subnet.max_prefixlen
            yield (str(subnet.network_address) if single else str(subnet)), subnet.num_addresses


def _groups(targets: Iterable[Target], group_size: int) -> tuple[HostGroup, ...]:
    groups: list[HostGroup] = []
    open_groups: dict[int, tuple[list[str], int]] = {}
    for target in targets:
        for spec, size in _pieces(target, group_size):
            specs, filled = open_groups.get(target.family, ([], 0))
            if specs and filled + size > group_size:
                groups.append(HostGroup(target.family, tuple(specs), filled))
                specs, filled = [], 0
            open_groups[target.family] = (specs + [spec], filled + size)
    groups.extend(HostGroup(family, tuple(specs), filled) for family, (specs, filled) in open_groups.items())
    return tuple(groups)


def plan_targets(texts: Iterable[str], max_hosts: int, confirmed: bool, group_size: int = 256) -> TargetPlan:
    """Validate and count; refuse more than ``max_hosts`` addresses unless the user confirmed."""
    targets = tuple(parse_target(text) for text in texts)
    if not targets:
        raise TargetError("未给出扫描目标 (no target given)")
    total = sum(target.size for target in targets)
    if total > max_hosts and not confirmed:
        raise TargetError(
            f"扫描范围共 {total} 个地址，超过上限 {max_hosts}；确认无误请加 --yes，或在配置文件 netscan.max_hosts 中调整 "
            f"(the targets hold {total} addresses, more than the maximum {max_hosts}: add --yes to confirm)"
        )
    size = 1 << (max(group_size, 1).bit_length() - 1)  # a power of two, so networks split evenly
    return TargetPlan(targets, _groups(targets, size))
