"""The suppression file (``.secsuite-ignore.yaml``), like Prowler's mutelist or ``.trivyignore.yaml``.

An accepted risk is muted, never hidden: a muted finding is still reported, marked 已屏蔽 with the
reason, so an auditor sees what was waived and why. Every entry must say why and until when; once
its date has passed it stops muting, and the outputs say so, so a waiver cannot outlive its review.

    ignore:
      - rule: NET-RISKY-SERVICE          # a rule id, or a glob such as NET-*
        object: "127.0.0.1:5432/*"       # glob on the object id (default: every object)
        unit: 市公安局                    # optional: only this unit's findings
        reason: 数据库端口仅对本机开放，已核实
        expires: 2026-06-30              # mutes up to and including this date
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path

import yaml
from pydantic import Field, ValidationError, field_validator

from secsuite.checks.registry import load_registry
from secsuite.errors import ConfigError
from secsuite.findings import Finding
from secsuite.schema import Strict, read_yaml

DEFAULT_IGNORE_FILE = Path(".secsuite-ignore.yaml")
GLOB_CHARS = frozenset("*?[")


class Suppression(Strict):
    rule: str = Field(min_length=1)
    object: str = Field(default="*", min_length=1)
    unit: str | None = None
    reason: str = Field(min_length=1)
    expires: dt.date

    @field_validator("rule")
    @classmethod
    def _known_rule(cls, value: str) -> str:
        """A plain rule id must exist: a typo would otherwise mute nothing, silently."""
        value = value.strip().upper()
        if not GLOB_CHARS & set(value) and value not in load_registry().rules:
            raise ValueError(f"unknown rule {value!r} (see `secsuite rules`)")
        return value

    @field_validator("reason")
    @classmethod
    def _reason_said(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("a suppression needs a reason")
        return value.strip()

    def matches(self, finding: Finding) -> bool:
        return (fnmatchcase(finding.rule_id.upper(), self.rule)
                and fnmatchcase(finding.object.id, self.object)
                and (self.unit is None or self.unit == finding.unit))

    def describe(self, number: int) -> str:
        where = f" @{self.unit}" if self.unit else ""
        return f"#{number} {self.rule} {self.object}{where} ({self.expires.isoformat()})"


class SuppressionFile(Strict):
    ignore: list[Suppression] = []


@dataclass(frozen=True)
class Expired:
    """An entry past its date: it mutes nothing now, and ``findings`` says how many it would have."""

    number: int
    entry: Suppression
    findings: int


@dataclass
class Suppressions:
    entries: list[Suppression] = field(default_factory=list)
    source: str | None = None

    def apply(self, findings: Iterable[Finding], as_of: dt.date, until: str = "（有效期至 {date}）",
              ) -> tuple[list[Finding], list[Expired]]:
        """Mute the findings an entry in force on ``as_of`` matches (the first such entry gives the
        reason, followed by ``until`` with its date); a finding muted before keeps its own reason."""
        active = [entry for entry in self.entries if as_of <= entry.expires]
        result: list[Finding] = []
        for finding in findings:
            entry = None if finding.muted else next((e for e in active if e.matches(finding)), None)
            if entry is not None:
                finding = finding.model_copy(update={
                    "muted": True, "mute_reason": entry.reason + until.format(date=entry.expires.isoformat())})
            result.append(finding)
        expired = [Expired(number, entry, sum(entry.matches(f) for f in result))
                   for number, entry in enumerate(self.entries, start=1) if as_of > entry.expires]
        return result, expired


def load_suppressions(path: Path | None) -> Suppressions:
    """The given file, else ``./.secsuite-ignore.yaml`` when there is one, else no suppressions.
    A malformed entry stops the command: a waiver that silently fails to apply is worse."""
    if path is None:
        if not DEFAULT_IGNORE_FILE.is_file():
            return Suppressions()
        path = DEFAULT_IGNORE_FILE
    if not path.is_file():
        raise ConfigError(f"suppression file not found: {path}")
    try:
        raw = read_yaml(path.read_text(encoding="utf-8"))
        parsed = SuppressionFile.model_validate(raw or {})
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    return Suppressions(parsed.ignore, str(path))
