"""Sensitive-data detection: YAML detector specs, checksum validators, column and text engines."""
