"""Each unit's use of the public commercial-cryptography service (公共商用密码应用服务): of its
systems that should encrypt through it (those CRYPTO-SERVICE-UNUSED looks at), how many do.
No rubric scores it (the work point only builds the service); it is context for the
CRYPTO-SERVICE-UNUSED advisory, reported even when every system has a certified product of its own."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, computed_field

from secsuite.checks.crypto import has_certified_product, needs_crypto_service
from secsuite.checks.system_subject import SystemSubject
from secsuite.classify.guide import Guide
from secsuite.inventory.systems import SystemEntry


class UnitCoverage(BaseModel):
    unit: str
    unit_type: str | None
    systems: int = 0
    should_use: int = 0
    using: int = 0
    own_products: int = 0  # should use it, do not, but declare a certified product instead

    @computed_field  # type: ignore[prop-decorator]
    @property
    def coverage(self) -> float | None:
        """Share of the systems that should use the service and do; None when no system should."""
        return round(self.using / self.should_use, 4) if self.should_use else None


def service_coverage(systems: Iterable[SystemEntry], guide: Guide, params: dict[str, Any]) -> list[UnitCoverage]:
    """Coverage per unit, in the order units first appear; ``params`` are CRYPTO-SERVICE-UNUSED's."""
    units: dict[str, UnitCoverage] = {}
    for system in systems:
        unit = units.setdefault(system.unit, UnitCoverage(unit=system.unit, unit_type=system.unit_type))
        unit.unit_type = unit.unit_type or system.unit_type
        unit.systems += 1
        if needs_crypto_service(SystemSubject(system, guide), params):
            unit.should_use += 1
            unit.using += bool(system.crypto_service)
            unit.own_products += not system.crypto_service and has_certified_product(system)
    return list(units.values())
