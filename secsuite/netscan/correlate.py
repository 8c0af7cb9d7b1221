"""Which filed systems an asset belongs to, through the inventory's ``hosts`` column (主机/IP):
an address, a network that holds the address, or a host name nmap was given."""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

from secsuite.inventory.systems import SystemEntry
from secsuite.netscan.model import Asset, SystemRef


class HostIndex:
    def __init__(self, systems: Sequence[SystemEntry]):
        self._networks: list[tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, SystemEntry]] = []
        self._names: dict[str, list[SystemEntry]] = {}
        for system in systems:
            for host in system.hosts:
                try:
                    self._networks.append((ipaddress.ip_network(host, strict=False), system))
                except ValueError:
                    self._names.setdefault(host.lower(), []).append(system)

    def systems_for(self, address: str, hostnames: Sequence[str]) -> list[SystemEntry]:
        ip = ipaddress.ip_address(address)
        found = [system for network, system in self._networks if ip.version == network.version and ip in network]
        found += [system for name in hostnames for system in self._names.get(name.lower(), [])]
        return list({id(system): system for system in found}.values())


def link_assets(assets: Sequence[Asset], systems: Sequence[SystemEntry]) -> None:
    """Set each asset's systems and unit (the first system's, in inventory order)."""
    index = HostIndex(systems)
    for asset in assets:
        owners = index.systems_for(asset.host, asset.hostnames)
        asset.systems = [SystemRef(system=system.system, unit=system.unit) for system in owners]
        asset.unit = owners[0].unit if owners else None
