"""Alert rules from a YAML file, validated and installed by name (a rule of the same name is replaced):

    - name: 证书到期-运维组
      kind: cert_expiring          # new_finding, new_exposure, cert_expiring, sla_breach, veto, run_failed, schedule_missed
      thresholds: [30, 14, 7, 1]   # days; certificates only
      channel: smtp                # or webhook
      recipients: [ops@example.gov.cn, unit_admin@*]   # e-mail: addresses and role@unit (role@* = the alert's unit)
      unit: 市大数据局              # omit for every unit
      min_severity: high
      digest: false                # true: one daily summary instead of one message per alert
      secret_env: WEBHOOK_SECRET   # webhook only: the HMAC key's environment variable
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from secsuite.findings import Severity
from secsuite.monitor.alerts import KINDS
from secsuite.monitor.listfile import load_items
from secsuite.monitor.models import NotifyRule
from secsuite.monitor.recipients import parse


class RuleSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    kind: str
    channel: Literal["smtp", "webhook"]
    recipients: list[str] = Field(min_length=1)
    thresholds: list[int] = Field(default_factory=list)
    unit: str | None = None
    min_severity: Severity = Severity.high
    digest: bool = False
    secret_env: str | None = None
    enabled: bool = True

    @model_validator(mode="after")
    def _consistent(self) -> RuleSpec:
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}")
        if self.thresholds and self.kind != "cert_expiring":
            raise ValueError("thresholds apply to cert_expiring rules only")
        if self.channel == "webhook" and not all(r.startswith(("http://", "https://")) for r in self.recipients):
            raise ValueError("a webhook rule's recipients are http(s) URLs")
        if self.channel == "smtp":
            for recipient in self.recipients:
                parse(recipient)
        return self


def load_rules(path: Path) -> list[RuleSpec]:
    return load_items(path, "rules", RuleSpec, "[{name, kind, channel, recipients, …}]")


def install_rules(session: Session, path: Path) -> list[str]:
    names = []
    for spec in load_rules(path):
        rule = session.scalar(select(NotifyRule).where(NotifyRule.name == spec.name)) or NotifyRule(name=spec.name)
        rule.kind, rule.channel, rule.recipients = spec.kind, spec.channel, spec.recipients
        rule.thresholds, rule.unit, rule.min_severity = spec.thresholds, spec.unit, spec.min_severity.value
        rule.digest, rule.enabled = spec.digest, spec.enabled
        rule.secret_ref = f"env:{spec.secret_env}" if spec.secret_env else None
        session.add(rule)
        names.append(spec.name)
    session.flush()
    return names
