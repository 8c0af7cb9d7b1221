"""``secsuite detectors | guides | rules``: what secsuite knows, with the citation behind each and
where it came from (bundled, or the local directory that added or replaced it)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from secsuite.classify.guide import list_guides
from secsuite.commands.common import ConfigOption, LangOption, fail, output_console
from secsuite.config import load_config
from secsuite.detect.spec import load_specs
from secsuite.errors import ConfigError
from secsuite.i18n import Lang, current_lang, pick
from secsuite.paths import BUNDLED, Kind, content_files

SOURCE_HEADING = "来源 source"


def _sources(kind: Kind) -> dict[str, str]:
    """Each id's origin as listed: 内置 (bundled), or the local file, marked when it replaced one."""
    return {entry.id: _origin(entry.origin, str(entry.path), entry.replaces is not None)
            for entry in content_files(kind)}


def _origin(origin: str, path: str, replaced: bool) -> str:
    if origin == BUNDLED:
        return "内置 bundled"
    return f"本地 local {path}" + (" (替换内置 replaces bundled)" if replaced else "")


def _language(lang: str | None, config_path: str | None) -> Lang:
    """The language, after the config file's ``paths:`` took effect."""
    try:
        load_config(config_path)
        return current_lang(lang)
    except (ConfigError, ValueError) as exc:
        raise fail(str(exc)) from None


def detectors(lang: LangOption = None, config_path: ConfigOption = None) -> None:
    """列出敏感数据识别器 (list the detectors)."""
    language = _language(lang, config_path)
    table = Table(title="识别器 (detectors)")
    for heading in ("id", "名称 name", "校验 validators", "依据 citation", SOURCE_HEADING):
        table.add_column(heading, overflow="fold")
    try:
        specs, sources = load_specs(), _sources("detectors")
    except ConfigError as exc:
        raise fail(str(exc)) from None
    for spec in specs:
        validators = sorted({p.validator for p in spec.patterns if p.validator})
        table.add_row(spec.id, pick(spec.name, language), ", ".join(validators), str(spec.citation), sources[spec.id])
    output_console().print(table)


def guides(lang: LangOption = None, config_path: ConfigOption = None) -> None:
    """列出分类分级指南 (list the classification guides)."""
    language = _language(lang, config_path)
    table = Table(title="分类分级指南 (classification guides)")
    for heading in ("id", "版本 version", "名称 title", "级别 levels", "依据 citation", SOURCE_HEADING):
        table.add_column(heading, overflow="fold")
    try:
        found, sources = list_guides(), _sources("guides")
    except ConfigError as exc:
        raise fail(str(exc)) from None
    for guide in found:
        table.add_row(
            guide.id,
            guide.version,
            pick(guide.title, language),
            " < ".join(level.id for level in guide.levels),
            str(guide.citation),
            sources[guide.id],
        )
    output_console().print(table)


def rules(
    rule_id: Annotated[str | None, typer.Argument(help="Show one rule in full.")] = None,
    lang: LangOption = None,
    config_path: ConfigOption = None,
) -> None:
    """列出检查规则，或显示一条规则的详情 (list rules, or show one)."""
    from secsuite.checks.registry import load_registry  # loaded on use: start-up time

    language = _language(lang, config_path)
    try:
        registry = load_registry()
    except ConfigError as exc:
        raise fail(str(exc)) from None
    console = output_console()
    if rule_id is None:
        table = Table(title="检查规则 (rules)")
        for heading in ("id", "严重程度 severity", "标题 title", "依据 citation", SOURCE_HEADING):
            table.add_column(heading, overflow="fold")
        for rule in sorted(registry.rules.values(), key=lambda r: r.meta.id):
            table.add_row(rule.meta.id, rule.meta.severity.value, pick(rule.meta.title, language),
                          str(rule.meta.citation), _rule_origin(rule.origin, rule.pack))
        console.print(table)
        return
    try:
        rule = registry.get(rule_id)
    except KeyError as exc:
        raise fail(str(exc)) from None
    meta = rule.meta
    console.print(f"[bold]{meta.id}[/] ({meta.severity.value}) — {pick(meta.title, language)}")
    console.print(f"依据 (citation): {meta.citation}")
    console.print(f"{SOURCE_HEADING}: {_rule_origin(rule.origin, rule.pack)}", highlight=False)
    console.print(f"\n[bold]理由 (rationale)[/]\n{pick(meta.rationale, language)}")
    console.print(f"\n[bold]整改 (remediation)[/]\n{pick(meta.remediation, language)}")
    for name, param in meta.params.items():
        console.print(f"\n参数 (setting) {name} = {param.default!r}: {pick(param.description, language)}")
    if meta.examples:
        console.print("\n[bold]不通过示例 (failing)[/]", meta.examples.failing)
        console.print("[bold]通过示例 (passing)[/]", meta.examples.passing)


def _rule_origin(origin: str, pack: str) -> str:
    """A local rule replaced the bundled rule of its id (a local pack cannot add a check)."""
    return _origin(origin, f"{origin}/{pack}.yaml", origin != BUNDLED)
