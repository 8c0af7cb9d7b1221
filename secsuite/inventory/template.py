"""Blank XLSX inventories for units to fill in: the Chinese headers the readers know, one column per
field, drop-downs and ranges as Excel data validation, the header frozen, and a 填写说明 sheet that
says what each column takes. The data sheet comes first, so the file reads back through the same
reader as any inventory (``secsuite check``/``incidents``/``evaluate``/``scan --catalogue``).

Validation warns rather than refuses (``errorStyle=warning``): an auditor may type 2025年3月1日 or
S3A3G3, which the readers accept but Excel's own date and list checks would not.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

ColumnKind = Literal["text", "date", "datetime", "number", "whole"]
MAX_ROWS = 2000  # rows of the data sheet that carry the validation


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    help: str
    required: bool = False
    kind: ColumnKind = "text"
    choices: tuple[str, ...] = ()
    low: Decimal | None = None
    high: Decimal | None = None
    width: int = 14


@dataclass(frozen=True)
class Template:
    kind: str
    title: str  # the data sheet's name
    columns: tuple[Column, ...]
    instructions: tuple[str, ...]
    rows: tuple[Mapping[str, Any], ...] = ()  # prefilled rows (key → value)
    limits: Mapping[tuple[int, str], tuple[Decimal, Decimal]] = field(default_factory=dict)  # per cell ranges

    def headers(self) -> list[str]:
        return [column.header for column in self.columns]


YES_NO = ("是", "否")
NUMBER_FORMATS = {"date": "yyyy-mm-dd", "datetime": "yyyy-mm-dd hh:mm:ss"}


def _validation(column: Column, low: Decimal | None = None, high: Decimal | None = None) -> Any:
    from openpyxl.worksheet.datavalidation import DataValidation

    low, high = low if low is not None else column.low, high if high is not None else column.high
    if column.choices:
        rule = DataValidation(type="list", formula1='"' + ",".join(column.choices) + '"', allow_blank=True)
    elif column.kind in {"date", "datetime"}:
        rule = DataValidation(type="date", operator="greaterThan", formula1="DATE(1990,1,1)", allow_blank=True)
    elif column.kind in {"number", "whole"} and (low is not None or high is not None):
        kind = "whole" if column.kind == "whole" else "decimal"
        if low is not None and high is not None:
            rule = DataValidation(type=kind, operator="between", formula1=f"{low:f}", formula2=f"{high:f}",
                                  allow_blank=True)
        else:
            rule = DataValidation(type=kind, operator="greaterThanOrEqual", formula1=f"{low or 0:f}", allow_blank=True)
    else:
        return None
    rule.errorStyle = "warning"
    rule.showErrorMessage = True
    rule.errorTitle = column.header
    rule.error = column.help[:255]
    rule.showInputMessage = True
    rule.promptTitle = column.header[:32]
    rule.prompt = column.help[:255]
    return rule


def build_workbook(template: Template) -> bytes:
    """The template as XLSX bytes."""
    import openpyxl
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = template.title
    sheet.append(template.headers())
    required = PatternFill("solid", fgColor="FDE68A")
    for column, cell in zip(template.columns, sheet[1], strict=True):
        cell.font = Font(bold=True)
        if column.required:
            cell.fill = required
    for values in template.rows:
        sheet.append([values.get(column.key) for column in template.columns])
    last = max(MAX_ROWS, len(template.rows) + 1)
    for index, column in enumerate(template.columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        if column.kind in NUMBER_FORMATS:  # the column's style: cells typed later take it, none is created
            sheet.column_dimensions[letter].number_format = NUMBER_FORMATS[column.kind]
        special = {row: limit for (row, key), limit in template.limits.items() if key == column.key}
        rule = _validation(column)
        if rule is not None:
            for cells in _ranges(letter, [row for row in range(2, last + 1) if row not in special]):
                rule.add(cells)
            sheet.add_data_validation(rule)
        for (low, high), rows in _grouped(special).items():
            ranged = _validation(column, low, high)
            if ranged is not None:
                for cells in _ranges(letter, rows):
                    ranged.add(cells)
                sheet.add_data_validation(ranged)
    sheet.freeze_panes = "A2"
    _instructions(book.create_sheet("填写说明"), template, Font, Alignment)
    book.properties.creator = "secsuite template"
    book.properties.title = f"{template.title}（模板）"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _grouped(cells: Mapping[int, tuple[Decimal, Decimal]]) -> dict[tuple[Decimal, Decimal], list[int]]:
    groups: dict[tuple[Decimal, Decimal], list[int]] = {}
    for row, limit in sorted(cells.items()):
        groups.setdefault(limit, []).append(row)
    return groups


def _ranges(letter: str, rows: Sequence[int]) -> list[str]:
    """Consecutive rows of one column as ``A2:A9`` ranges (one validation range per run)."""
    runs: list[str] = []
    start = previous = None
    for row in [*rows, None]:
        if start is None:
            start = previous = row
        elif row is not None and previous is not None and row == previous + 1:
            previous = row
        else:
            runs.append(f"{letter}{start}" if start == previous else f"{letter}{start}:{letter}{previous}")
            start = previous = row
    return runs


def _instructions(sheet: Any, template: Template, font: Any, alignment: Any) -> None:
    sheet.append(["填写说明"])
    sheet["A1"].font = font(bold=True, size=13)
    for line in template.instructions:
        sheet.append([line])
    sheet.append([])
    sheet.append(["表头", "英文键", "必填", "填写要求"])
    for cell in sheet[sheet.max_row]:
        cell.font = font(bold=True)
    for column in template.columns:
        sheet.append([column.header, column.key, "是" if column.required else "", column.help])
    for letter, width in zip("ABCD", (22, 24, 6, 90), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = alignment(wrap_text=True, vertical="top")


def write_template(template: Template, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(build_workbook(template))


def columns_of(labels: Mapping[str, str], expected: Mapping[str, str], required: Iterable[str] = (),
               kinds: Mapping[str, ColumnKind] | None = None, choices: Mapping[str, tuple[str, ...]] | None = None,
               ranges: Mapping[str, tuple[Decimal, Decimal]] | None = None) -> tuple[Column, ...]:
    """Columns from an inventory's ``LABELS`` (key → Chinese header) and ``EXPECTED`` (key → what a
    valid value looks like), so a template can never drift from the reader it feeds."""
    wanted, kinds, choices, ranges = set(required), kinds or {}, choices or {}, ranges or {}
    return tuple(
        Column(key, header, expected.get(key, header), key in wanted, kinds.get(key, "text"), choices.get(key, ()),
               *(ranges.get(key, (None, None))), width=max(12, min(30, len(header) * 2 + 4)))
        for key, header in labels.items()
    )


UNIT_TYPE_CHOICES = ("县区", "功能区", "市级部门")
LEVEL_CHOICES = ("第一级", "第二级", "第三级", "第四级", "第五级")
COMMON = ("每行一条记录；表头保持原样（也可使用对应的英文键）。黄色表头为必填列。",
          "下拉列表和数值范围只是提示：与要求不符时 Excel 会警告，但不会阻止输入；secsuite 读取时会逐行校验，"
          "错误会指出文件、行、列和期望的取值。",
          "日期可写 2025-03-01、2025/3/1、2025年3月1日；时间可写 2025-03-01 09:00 或 2025/3/1 9:00:05（北京时间）。")


def inventory_template(kind: str) -> Template:
    """The blank template of one inventory: systems, incidents, units or catalogue."""
    from secsuite.inventory import catalogue, incidents, systems, units

    zero = Decimal(0)
    if kind == "systems":
        columns = columns_of(
            systems.LABELS, systems.EXPECTED, required=("unit", "system"),
            kinds={key: "date" for key in systems.LABELS if key.endswith("_on")}
            | {"evaluation_score": "number", "crypto_score": "number"},
            choices={"unit_type": UNIT_TYPE_CHOICES, "mlps_level": LEVEL_CHOICES, "crypto_level": LEVEL_CHOICES,
                     "evaluation_conclusion": ("优", "良", "中", "差", "符合", "基本符合", "不符合"),
                     "crypto_conclusion": ("符合", "基本符合", "不符合"),
                     "cii": YES_NO, "crypto_service": YES_NO, "important_data": YES_NO},
            ranges={"evaluation_score": (zero, Decimal(100)), "crypto_score": (zero, Decimal(100))})
        return Template(kind, "信息系统台账", columns, COMMON + (
            "用于 secsuite check：每个单位的每个信息系统占一行。“处理重要数据”“最近关基检测评估日期”“首次密评日期”等列为可选，"
            "填写后才检查对应义务（《网络数据安全管理条例》第三十三条、《关键信息基础设施安全保护条例》第十七条、"
            "《商用密码管理条例》第三十八条）。",))
    if kind == "incidents":
        columns = columns_of(
            incidents.LABELS, incidents.EXPECTED, required=("incident_id", "unit"),
            kinds={key: "datetime" for key in incidents.LABELS if key.endswith("_at")}
            | {"pi_people_affected": "whole", "economic_loss_cny": "number", "downtime_hours": "number"},
            choices={"unit_type": UNIT_TYPE_CHOICES, "operator_type": ("关键信息基础设施", "中央和国家机关", "其他"),
                     "data_level": ("核心数据", "重要数据", "一般数据"), "severe": YES_NO, "pi_notified": YES_NO},
            ranges={"pi_people_affected": (zero, Decimal(10**10)), "economic_loss_cny": (zero, Decimal(10**13)),
                    "downtime_hours": (zero, Decimal(10**5))})
        return Template(kind, "安全事件台账", columns, COMMON + (
            "用于 secsuite incidents 和 secsuite evaluate --incidents：每起事件一行，事件编号不得重复。",
            "运营者类型按《网络安全事件报告管理办法》第四条：关键信息基础设施运营者 1 小时、中央和国家机关各部门及其管理的"
            "企事业单位 2 小时、其他运营者（含县区、市级部门）4 小时；不填按“其他”计。"))
    if kind == "units":
        columns = columns_of(units.LABELS, units.EXPECTED, required=("unit", "unit_type"),
                             choices={"unit_type": UNIT_TYPE_CHOICES, "tier": ("第一档", "第二档", "第三档")})
        return Template(kind, "单位名单", columns, COMMON + (
            "用于 secsuite evaluate：单位类型决定适用的考评细则，单位类型和档次一起决定排名分组。",))
    if kind == "catalogue":
        columns = columns_of(catalogue.LABELS, catalogue.EXPECTED, required=catalogue.REQUIRED,
                             choices={"share_attr": ("无条件共享", "有条件共享", "不予共享"),
                                      "open_attr": ("无条件开放", "有条件开放", "不予开放")})
        return Template(kind, "共享开放目录", columns, COMMON + (
            "用于 secsuite scan --catalogue：数据集写扫描时的路径（相对数据目录）或 库#模式.表；XLSX 的工作表写作 文件.xlsx#工作表。",))
    raise ValueError(f"unknown template {kind!r}")
