"""Rule registry: loads each pack's YAML metadata, binds it to the pack's functions, and turns
the functions' violations into findings.

A pack is ``secsuite/checks/<pack>.yaml`` (metadata, validated on load) plus the module
``secsuite/checks/<pack>.py`` whose functions are decorated with ``@check("RULE-ID")``. Loading
fails if a rule has no function or a function no rule, so a bad pack never reaches a report.

An auditor's local rule directory holds packs of the same form, named after a bundled pack: each of
their rules replaces the bundled rule of its id (its severity, texts, citation, parameters'
defaults), validated the same way. A check itself is code, so a local pack cannot add one.
"""

from __future__ import annotations

import importlib
import string
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import Field

from secsuite.errors import ConfigError
from secsuite.findings import Finding, ObjectRef, Severity
from secsuite.i18n import Lang, pick
from secsuite.paths import BUNDLED, ContentFile, announce_replaced_rule, content_files
from secsuite.schema import Citation, Strict, Text, load_yaml_model


class Param(Strict):
    """A value the sources leave open: a named setting with a documented default."""

    default: Any
    description: Text


class Examples(Strict):
    failing: dict[str, Any]
    passing: dict[str, Any]


class RuleMeta(Strict):
    id: str = Field(pattern=r"^[A-Z]+(-[A-Z0-9]+)+$")
    severity: Severity
    title: Text
    message: Text
    rationale: Text
    remediation: Text
    citation: Citation
    params: dict[str, Param] = {}
    examples: Examples | None = None


class Pack(Strict):
    pack: str
    rules: list[RuleMeta] = Field(min_length=1)


@dataclass(frozen=True)
class Violation:
    """What a check function reports; the registry adds the metadata to make a Finding.

    ``details`` fill the message template and must already be masked; ``evidence`` is stored.
    """

    obj: ObjectRef
    unit: str | None
    details: dict[str, Any]
    evidence: dict[str, Any] = field(default_factory=dict)
    severity: Severity | None = None


@dataclass(frozen=True)
class RuleContext:
    as_of: date
    params: dict[str, Any]


CheckFn = Callable[[Any, RuleContext], Iterable[Violation]]
_FUNCTIONS: dict[str, CheckFn] = {}


def check(rule_id: str) -> Callable[[CheckFn], CheckFn]:
    def register(fn: CheckFn) -> CheckFn:
        if rule_id in _FUNCTIONS:
            raise ConfigError(f"rule {rule_id} has two functions")
        _FUNCTIONS[rule_id] = fn
        return fn

    return register


@dataclass(frozen=True)
class Rule:
    meta: RuleMeta
    pack: str
    fn: CheckFn
    origin: str = BUNDLED

    def default_params(self) -> dict[str, Any]:
        return {name: p.default for name, p in self.meta.params.items()}


class Registry:
    def __init__(self, rules: dict[str, Rule]):
        self.rules = rules

    def get(self, rule_id: str) -> Rule:
        try:
            return self.rules[rule_id.upper()]
        except KeyError:
            raise KeyError(f"unknown rule {rule_id!r}") from None

    def in_pack(self, pack: str) -> list[Rule]:
        return [rule for rule in self.rules.values() if rule.pack == pack]

    def run_pack(
        self,
        pack: str,
        subject: Any,
        as_of: date,
        lang: Lang = "zh",
        overrides: dict[str, dict[str, Any]] | None = None,
    ) -> list[Finding]:
        """Run every rule of a pack over one subject; ``overrides`` maps rule id to params."""
        findings: list[Finding] = []
        for rule in self.in_pack(pack):
            params = rule.default_params() | (overrides or {}).get(rule.meta.id, {})
            context = RuleContext(as_of=as_of, params=params)
            for violation in rule.fn(subject, context):
                findings.append(make_finding(rule.meta, violation, as_of, lang))
        return findings


def make_finding(meta: RuleMeta, violation: Violation, as_of: date, lang: Lang) -> Finding:
    message = string.Formatter().vformat(pick(meta.message, lang), (), violation.details)
    return Finding(
        id=Finding.fingerprint(meta.id, violation.obj, violation.unit),
        rule_id=meta.id,
        severity=violation.severity or meta.severity,
        title=pick(meta.title, lang),
        message=message,
        unit=violation.unit,
        object=violation.obj,
        evidence=violation.evidence,
        citation=str(meta.citation),
        remediation=pick(meta.remediation, lang),
        as_of=as_of,
    )


def load_registry() -> Registry:
    """The rules in effect: the bundled packs, with the rules of local packs replacing theirs."""
    return _build(tuple(content_files("rules")))


@lru_cache(maxsize=4)
def _build(packs: tuple[ContentFile, ...]) -> Registry:
    rules: dict[str, Rule] = {}
    bundled_packs = {entry.id for entry in packs if not entry.local}
    for entry in packs:
        path = entry.path
        pack = load_yaml_model(path, Pack)
        if pack.pack != path.stem:
            raise ConfigError(f"{path}: pack {pack.pack!r} must equal the file name {path.stem!r}")
        if pack.pack not in bundled_packs:
            raise ConfigError(f"{path}: pack {pack.pack!r} is not a pack of secsuite; a local pack is named after "
                              f"the pack whose rules it changes: {', '.join(sorted(bundled_packs))}")
        importlib.import_module(f"secsuite.checks.{pack.pack}")
        defined: set[str] = set()
        for meta in pack.rules:
            if meta.id in defined:
                raise ConfigError(f"{path}: rule {meta.id} is defined twice")
            defined.add(meta.id)
            if meta.id not in _FUNCTIONS:
                raise ConfigError(f"{path}: rule {meta.id} has no @check function in secsuite.checks.{pack.pack}")
            replaced = rules.get(meta.id)
            if replaced is not None and not entry.local:
                raise ConfigError(f"{path}: rule {meta.id} is defined twice")
            if replaced is not None and replaced.pack != pack.pack:
                raise ConfigError(f"{path}: rule {meta.id} belongs to pack {replaced.pack!r}, not {pack.pack!r}")
            if replaced is not None:
                announce_replaced_rule(meta.id, path, _bundled_pack_path(packs, replaced.pack))
            rules[meta.id] = Rule(meta=meta, pack=pack.pack, fn=_FUNCTIONS[meta.id], origin=entry.origin)
    orphans = set(_FUNCTIONS) - set(rules)
    if orphans:
        raise ConfigError(f"check functions without rule metadata: {', '.join(sorted(orphans))}")
    return Registry(rules)


def _bundled_pack_path(packs: tuple[ContentFile, ...], pack: str) -> Path:
    return next(entry.path for entry in packs if entry.id == pack and not entry.local)
