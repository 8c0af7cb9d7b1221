"""Inventories that units submit (catalogue, systems, incidents, units, scores): CSV, XLSX or YAML,
with English keys or the Chinese headers auditors use."""
