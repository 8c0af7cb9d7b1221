"""Rendering results for people (terminal tables, HTML) and machines (JSON, CSV, XLSX, SARIF)."""
