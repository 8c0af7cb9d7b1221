"""``secsuite template``: blank XLSX inventories and score sheets for units and evaluators to fill
in, which read back through the same readers as any submitted file."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from secsuite.commands.common import EXIT_INPUT, err_console, fail
from secsuite.errors import ConfigError, InputError

if TYPE_CHECKING:
    from secsuite.inventory.template import Template


class TemplateKind(str, Enum):
    systems = "systems"
    incidents = "incidents"
    units = "units"
    catalogue = "catalogue"
    scores = "scores"


DEFAULT_NAMES = {"systems": "信息系统台账.xlsx", "incidents": "安全事件台账.xlsx", "units": "单位名单.xlsx",
                 "catalogue": "共享开放目录.xlsx", "scores": "指标评分表.xlsx"}


def template(
    kind: Annotated[TemplateKind, typer.Argument(help="systems | incidents | units | catalogue | scores")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="The XLSX to write (default: a Chinese name).")] = None,
    units: Annotated[Path | None, typer.Option("--units", help="scores: the units file whose units the sheet lists.")] = None,
    rubric: Annotated[
        list[str] | None,
        typer.Option("--rubric", help="scores: rubric id or YAML file, once per rubric (default: the two of 宿迁)."),
    ] = None,
) -> None:
    """生成填报模板 XLSX：下拉选项、取值范围、冻结表头和中文填写说明 (write a blank XLSX template)."""
    from secsuite.inventory.template import inventory_template, write_template

    path = output or Path(DEFAULT_NAMES[kind.value])
    try:
        chosen = _scores(units, rubric or []) if kind is TemplateKind.scores else inventory_template(kind.value)
        write_template(chosen, path)
    except (ConfigError, ValueError) as exc:
        raise fail(str(exc)) from None
    except InputError as exc:
        err_console.print(f"[red]{exc}[/]", highlight=False)
        raise typer.Exit(EXIT_INPUT) from None
    except OSError as exc:
        raise fail(f"cannot write {path}: {exc.strerror or type(exc).__name__}") from None
    err_console.print(f"已写入模板 (template written): {path}", highlight=False)


def _scores(units_path: Path | None, refs: list[str]) -> Template:
    from secsuite.evaluate.engine import rubrics_for
    from secsuite.evaluate.score_template import scores_template
    from secsuite.inventory.units import load_units

    if units_path is None:
        raise ConfigError("template scores needs --units FILE: the sheet lists every unit with its rubric's indicators")
    unit_list, errors = load_units(units_path)
    if errors:
        raise errors[0]
    return scores_template(unit_list, rubrics_for(unit_list, refs))
