"""Structured cells: JSON objects or arrays (API payload tables, exported logs, Parquet struct, list
and map columns) and ``key=value;…`` strings, judged key path by key path.

Each key path becomes a sub-column of its own (``payload.mobile``, ``contacts[].phone``,
``phones[]``, ``raw.ip``) whose name hint is the path itself, so a mobile under ``mobile`` is found
as a mobile column would be, and a configuration object stays clean.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterator

import polars as pl

PROBE = 256  # values looked at to decide whether a column holds structured cells
MIN_SHARE = 0.8
MAX_PATHS = 64  # sub-columns per column: keys beyond these (dynamic keys, ids as keys) are not judged
MAX_DEPTH = 6
_KEY_VALUE = re.compile(r"^\s*[A-Za-z_][\w.\-]*\s*=[^;&]*(?:[;&]\s*[A-Za-z_][\w.\-]*\s*=[^;&]*)+[;&]?\s*$")
_PAIR = re.compile(r"([A-Za-z_][\w.\-]*)\s*=\s*([^;&]*)")


def _parse(text: str) -> object | None:
    text = text.strip()
    if text[:1] in "{[":
        try:
            parsed = json.loads(text)
        except ValueError:
            return None
        return parsed if isinstance(parsed, dict | list) else None
    if _KEY_VALUE.match(text):
        return {key: value.strip() for key, value in _PAIR.findall(text)}
    return None


def looks_structured(values: pl.Series) -> bool:
    """Whether most of the first non-empty values are JSON objects/arrays or key=value strings."""
    probe = values.drop_nulls().head(PROBE).to_list()
    probe = [v for v in probe if v.strip()]
    return bool(probe) and sum(_parse(v) is not None for v in probe) >= MIN_SHARE * len(probe)


def _leaves(node: object, path: str, depth: int = 0) -> Iterator[tuple[str, str]]:
    if depth > MAX_DEPTH:
        return
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leaves(value, f"{path}.{key}" if path else str(key), depth + 1)
    elif isinstance(node, list) and node and all(isinstance(i, dict) and set(i) == {"key", "value"} for i in node):
        for item in node:  # a map column (Parquet MAP): key → value
            yield from _leaves(item["value"], f"{path}.{item['key']}" if path else str(item["key"]), depth + 1)
    elif isinstance(node, list):
        for item in node:
            yield from _leaves(item, f"{path}[]", depth + 1)
    elif node is not None and not isinstance(node, bool):
        yield path, str(node)


def flatten(values: pl.Series, known: set[str]) -> dict[str, pl.Series]:
    """The leaf values of each key path of ``values`` (one entry per occurrence); paths beyond
    ``MAX_PATHS`` (counting ``known``, the paths seen in earlier batches) are left out."""
    found: dict[str, list[str]] = defaultdict(list)
    room = set(known)
    for value in values.drop_nulls().to_list():
        parsed = _parse(value)
        if parsed is None:
            continue
        for path, leaf in _leaves(parsed, ""):
            if path not in room:
                if len(room) >= MAX_PATHS:
                    continue
                room.add(path)
            found[path].append(leaf)
    return {path: pl.Series(path, leaves, dtype=pl.String) for path, leaves in found.items()}
