"""Incident response: the SLA clocks, the grade, the reporting deadline and per-unit statistics."""
