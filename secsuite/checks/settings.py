"""Rule settings from the config file (``rules: {RULE-ID: {setting: value}}``), checked against the
settings each rule declares, so that a misspelt name or a wrong type stops the run with a clear
message instead of being silently ignored."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from secsuite.checks.registry import Registry
from secsuite.errors import ConfigError


def _fits(value: Any, default: Any) -> bool:
    """Whether ``value`` has the type of the setting's default (None defaults take a whole number)."""
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(value, bool) and isinstance(default, bool)
    if default is None:
        return value is None or isinstance(value, int)
    if isinstance(default, float):
        return isinstance(value, (int, float))
    return isinstance(value, type(default))


def _type_name(default: Any) -> str:
    if default is None:
        return "a whole number or null"
    return {bool: "true or false", int: "a whole number", float: "a number", str: "text", list: "a list",
            dict: "a mapping"}.get(type(default), type(default).__name__)


def rule_overrides(registry: Registry, packs: Collection[str], overrides: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The configured settings of the rules of ``packs``, keyed by canonical rule id.

    Raises ConfigError naming every unknown rule, unknown setting (of these packs' rules) and
    value of the wrong type at once. Settings of other packs' rules are left to their commands.
    """
    problems: list[str] = []
    chosen: dict[str, dict[str, Any]] = {}
    for rule_id, settings in overrides.items():
        try:
            rule = registry.get(str(rule_id))
        except KeyError:
            problems.append(f"rules.{rule_id}: unknown rule")
            continue
        if rule.pack not in packs:
            continue
        if not isinstance(settings, dict):
            problems.append(f"rules.{rule_id}: expected a mapping of settings")
            continue
        for name, value in settings.items():
            declared = rule.meta.params.get(name)
            if declared is None:
                known = ", ".join(rule.meta.params) or "none"
                problems.append(f"rules.{rule_id}.{name}: unknown setting (known: {known})")
            elif not _fits(value, declared.default):
                problems.append(f"rules.{rule_id}.{name}: expected {_type_name(declared.default)}, got {value!r}")
        chosen[rule.meta.id] = settings
    if problems:
        raise ConfigError("config file: " + "; ".join(problems))
    return chosen
