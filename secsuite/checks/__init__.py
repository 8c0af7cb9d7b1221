"""Compliance checks: rule metadata in YAML beside one small function per rule."""
