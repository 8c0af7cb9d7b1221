"""``secsuite detectors | guides | rules``: what secsuite knows, with the citation behind each."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from secsuite.classify.guide import list_guides
from secsuite.commands.common import fail
from secsuite.detect.spec import load_specs
from secsuite.i18n import current_lang, pick


def detectors(lang: Annotated[str | None, typer.Option("--lang")] = None) -> None:
    """列出敏感数据识别器 (list the detectors)."""
    language = current_lang(lang)
    table = Table(title="识别器 (detectors)")
    for heading in ("id", "名称 name", "校验 validators", "依据 citation"):
        table.add_column(heading, overflow="fold")
    for spec in load_specs():
        validators = sorted({p.validator for p in spec.patterns if p.validator})
        table.add_row(spec.id, pick(spec.name, language), ", ".join(validators), str(spec.citation))
    Console().print(table)


def guides(lang: Annotated[str | None, typer.Option("--lang")] = None) -> None:
    """列出分类分级指南 (list the classification guides)."""
    language = current_lang(lang)
    table = Table(title="分类分级指南 (classification guides)")
    for heading in ("id", "版本 version", "名称 title", "级别 levels", "依据 citation"):
        table.add_column(heading, overflow="fold")
    for guide in list_guides():
        table.add_row(
            guide.id,
            guide.version,
            pick(guide.title, language),
            " < ".join(level.id for level in guide.levels),
            str(guide.citation),
        )
    Console().print(table)


def rules(
    rule_id: Annotated[str | None, typer.Argument(help="Show one rule in full.")] = None,
    lang: Annotated[str | None, typer.Option("--lang")] = None,
) -> None:
    """列出检查规则，或显示一条规则的详情 (list rules, or show one)."""
    from secsuite.checks.registry import load_registry  # loaded on use: start-up time

    language = current_lang(lang)
    registry = load_registry()
    console = Console()
    if rule_id is None:
        table = Table(title="检查规则 (rules)")
        for heading in ("id", "严重程度 severity", "标题 title", "依据 citation"):
            table.add_column(heading, overflow="fold")
        for rule in sorted(registry.rules.values(), key=lambda r: r.meta.id):
            table.add_row(
                rule.meta.id, rule.meta.severity.value, pick(rule.meta.title, language), str(rule.meta.citation)
            )
        console.print(table)
        return
    try:
        meta = registry.get(rule_id).meta
    except KeyError as exc:
        raise fail(str(exc)) from None
    console.print(f"[bold]{meta.id}[/] ({meta.severity.value}) — {pick(meta.title, language)}")
    console.print(f"依据 (citation): {meta.citation}")
    console.print(f"\n[bold]理由 (rationale)[/]\n{pick(meta.rationale, language)}")
    console.print(f"\n[bold]整改 (remediation)[/]\n{pick(meta.remediation, language)}")
    for name, param in meta.params.items():
        console.print(f"\n参数 (setting) {name} = {param.default!r}: {pick(param.description, language)}")
    if meta.examples:
        console.print("\n[bold]不通过示例 (failing)[/]", meta.examples.failing)
        console.print("[bold]通过示例 (passing)[/]", meta.examples.passing)
