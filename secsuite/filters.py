"""Which findings a command shows and counts: suppressions, then ``--severity``, ``--rules``,
``--skip-rules`` and ``--unit``. One place, so scan, check, netscan, incidents and report agree on
what is muted, what is left out and what ``--fail-on`` sees.

Filters leave findings out of the output and the exit code only; the stored run keeps them all,
so a later report with other filters still has them. Suppressions never hide: a muted finding stays
in the output, marked with its reason and expiry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from fnmatch import fnmatchcase

from secsuite.findings import Finding, Severity
from secsuite.suppress import Expired, Suppressions

# Every spelling a user meets: the enum values, the words of the HTML report, and common synonyms.
SEVERITY_WORDS: dict[str, Severity] = {
    **{severity.value: severity for severity in Severity},
    "严重": Severity.critical, "危急": Severity.critical, "紧急": Severity.critical,
    "高危": Severity.high, "高": Severity.high,
    "中危": Severity.medium, "中": Severity.medium,
    "低危": Severity.low, "低": Severity.low,
    "提示": Severity.info, "信息": Severity.info, "informational": Severity.info,
}
SEVERITY_HELP = "critical|high|medium|low|info 或 严重|高危|中危|低危|提示"


def parse_severity(value: str, option: str = "--severity") -> Severity:
    """``high``, ``HIGH`` or ``高危`` alike; anything else is refused naming every accepted word."""
    severity = SEVERITY_WORDS.get(value.strip().lower())
    if severity is None:
        raise ValueError(f"{option}: {value!r} 不是严重程度 (is not a severity); expected {SEVERITY_HELP}")
    return severity


def split_values(values: Iterable[str] | None) -> list[str]:
    """Repeated options and comma-separated lists alike: ``--rules A --rules B`` = ``--rules A,B``."""
    return [item.strip() for value in values or () for item in value.replace("，", ",").split(",") if item.strip()]


@dataclass(frozen=True)
class FindingFilter:
    """Empty parts keep everything; ``rules``/``skip_rules`` are globs on the rule id (``NET-*``)."""

    severities: frozenset[Severity] = frozenset()
    rules: tuple[str, ...] = ()
    skip_rules: tuple[str, ...] = ()
    units: frozenset[str] = frozenset()

    @classmethod
    def parse(cls, severities: Iterable[str] | None = None, rules: Iterable[str] | None = None,
              skip_rules: Iterable[str] | None = None, units: Iterable[str] | None = None) -> FindingFilter:
        """From the command-line values; raises ValueError for a word that is not a severity."""
        return cls(frozenset(parse_severity(value) for value in split_values(severities)),
                   tuple(rule.upper() for rule in split_values(rules)),
                   tuple(rule.upper() for rule in split_values(skip_rules)),
                   frozenset(split_values(units)))

    def keeps(self, finding: Finding) -> bool:
        rule = finding.rule_id.upper()
        return ((not self.severities or finding.severity in self.severities)
                and (not self.rules or any(fnmatchcase(rule, glob) for glob in self.rules))
                and not any(fnmatchcase(rule, glob) for glob in self.skip_rules)
                and (not self.units or (finding.unit or "") in self.units))


@dataclass
class FindingSelection:
    """What the output shows: the findings kept (muted ones marked), the expired suppression entries,
    and the suppression file they came from."""

    findings: list[Finding]
    expired: list[Expired] = field(default_factory=list)
    source: str | None = None


def select_findings(findings: Iterable[Finding], as_of: dt.date, suppressions: Suppressions,
                    keep: FindingFilter, until: str = "（有效期至 {date}）") -> FindingSelection:
    """Mute what the suppressions in force on ``as_of`` match, then keep what the filter keeps."""
    muted, expired = suppressions.apply(findings, as_of, until)
    return FindingSelection([finding for finding in muted if keep.keeps(finding)], expired, suppressions.source)
