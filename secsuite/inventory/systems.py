"""The information-system inventory (信息系统台账) that units submit: one row per system, with its
等保 grading, filing and evaluation, its 密评 and the cryptography it declares.

Values are read as auditors write them (第三级, S3A3G3, 2025年3月1日, 基本符合, 是/否). A row that
cannot be read is reported and skipped, so that it cannot produce a wrong finding, and every
other row is still checked. An unknown column is an error too: a misspelt header would otherwise
leave a field silently empty and, say, a filed system reported as unfiled.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from secsuite.classify.guide import Guide
from secsuite.errors import InputError
from secsuite.excel_numbers import is_cut_number
from secsuite.inventory.rows import closest_header, field_name, validate_records
from secsuite.inventory.tabular import Record, as_date, read_records
from secsuite.inventory.units import UnitType, parse_unit_type

EvaluationConclusion = Literal["优", "良", "中", "差", "符合", "基本符合", "不符合"]
CryptoConclusion = Literal["符合", "基本符合", "不符合"]

LABELS = {
    "unit": "单位名称", "unit_type": "单位类型", "system": "系统名称", "mlps_level": "等保级别",
    "graded_on": "定级日期", "online_on": "上线日期", "filing_no": "备案编号", "filed_on": "备案日期",
    "last_evaluated_on": "最近测评日期", "evaluation_conclusion": "测评结论", "evaluation_score": "测评得分",
    "cii": "关键信息基础设施", "crypto_level": "密码应用等级", "crypto_assessed_on": "最近密评日期",
    "crypto_conclusion": "密评结论", "crypto_score": "密评得分", "algorithms": "使用算法",
    "crypto_service": "使用公共密码服务", "crypto_products": "密码产品及认证证书号",
    "data_level": "存储数据最高级别", "hosts": "主机/IP",
    # optional columns of the obligations added later; an inventory without them stays valid
    "important_data": "处理重要数据", "risk_assessed_on": "最近数据安全风险评估日期",
    "risk_reported_on": "风险评估报告报送日期", "cii_assessed_on": "最近关基检测评估日期",
    "first_crypto_assessed_on": "首次密评日期", "crypto_filed_on": "密评结果备案日期",
}
ALIASES = {label: key for key, label in LABELS.items()} | {key: key for key in LABELS} | {
    "单位": "unit", "运营使用单位": "unit", "责任单位": "unit", "单位类别": "unit_type",
    "信息系统名称": "system", "系统": "system",
    "安全保护等级": "mlps_level", "保护等级": "mlps_level", "等级保护级别": "mlps_level", "等保等级": "mlps_level",
    "定级时间": "graded_on", "上线时间": "online_on", "投入运行日期": "online_on", "投运日期": "online_on",
    "备案证明编号": "filing_no", "备案号": "filing_no", "备案时间": "filed_on",
    "测评日期": "last_evaluated_on", "最近一次测评日期": "last_evaluated_on", "等保测评日期": "last_evaluated_on",
    "等保测评结论": "evaluation_conclusion", "测评分数": "evaluation_score", "等保测评得分": "evaluation_score",
    "是否关键信息基础设施": "cii", "关基": "cii", "密码等级": "crypto_level",
    "密评日期": "crypto_assessed_on", "最近一次密评日期": "crypto_assessed_on", "密评分数": "crypto_score",
    "密码算法": "algorithms", "算法": "algorithms",
    "是否使用公共密码服务": "crypto_service", "公共密码服务": "crypto_service", "使用公共商用密码服务": "crypto_service",
    "密码产品": "crypto_products", "认证证书号": "crypto_products",
    "数据级别": "data_level", "数据最高级别": "data_level",
    "是否处理重要数据": "important_data", "重要数据处理者": "important_data",
    "风险评估日期": "risk_assessed_on", "数据安全风险评估日期": "risk_assessed_on",
    "风险评估报告报送日期": "risk_reported_on", "风险评估报送日期": "risk_reported_on",
    "关基检测评估日期": "cii_assessed_on", "关键信息基础设施检测评估日期": "cii_assessed_on",
    "密评备案日期": "crypto_filed_on",
    "主机": "hosts", "IP": "hosts", "ip": "hosts", "IP地址": "hosts", "服务器IP": "hosts",
}
_DATE = "日期，如 2025-03-01、2025/3/1、2025年3月1日 (a date)"
_LEVEL = "第一级至第五级，如 3、三级、第三级、S3A3G3 (levels 1-5)"
_SCORE = "0-100 的分数 (a score from 0 to 100)"
_YES_NO = "是|否 (yes|no)"
EXPECTED = {
    "unit": "单位名称 (the unit's name)",
    "unit_type": "县区|功能区|市级部门 (county|functional_area|department)",
    "system": "系统名称 (the system's name)",
    "mlps_level": _LEVEL, "crypto_level": _LEVEL,
    "graded_on": _DATE, "online_on": _DATE, "filed_on": _DATE, "last_evaluated_on": _DATE, "crypto_assessed_on": _DATE,
    "risk_assessed_on": _DATE, "risk_reported_on": _DATE, "cii_assessed_on": _DATE,
    "first_crypto_assessed_on": _DATE + "，不晚于最近密评日期 (not after crypto_assessed_on)", "crypto_filed_on": _DATE,
    "filing_no": "备案证明编号，如 32130043001-00001 (the filing certificate number)",
    "evaluation_conclusion": "优|良|中|差 或 符合|基本符合|不符合",
    "crypto_conclusion": "符合|基本符合|不符合 (compliant|basically compliant|non-compliant)",
    "evaluation_score": _SCORE, "crypto_score": _SCORE,
    "cii": _YES_NO, "crypto_service": _YES_NO, "important_data": _YES_NO,
    "algorithms": "算法名，用顿号或逗号分隔，如 SM2、SM3、SM4 (algorithm names)",
    "crypto_products": "产品名称及认证证书号 (products and their certificate numbers)",
    "hosts": "IP 地址、网段或主机名，用逗号分隔 (IP addresses, networks or host names)",
}

_EMPTY = {"", "无", "-", "—", "/", "n/a", "na", "none", "未定级", "未填写"}
_YES = {"是", "y", "yes", "true", "1", "√", "有", "使用", "已使用", "已接入"}
_NO = {"否", "n", "no", "false", "0", "×", "不使用", "未使用", "未接入"}
_CN_NUMBERS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
               "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5}  # 大写数字, as on signed forms
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9}
# 3, 3.0 (a number typed in a text cell), 三级, 叁级, 第三级, 等保三级, S3 (the S of S3A2G3 alone), Ⅲ级
_LEVEL_TEXT = re.compile(
    r"^(?:等保|等级保护|level|l|s)?第?([0-9]+|[一二三四五六七八九十壹贰叁肆伍]|[ivx]+)(?:\.0+)?级?(?:等保|系统)?$")
_SAG = re.compile(r"^s([0-9])a([0-9])g([0-9])$")
_NOTE = re.compile(r"\(.*\)$")
_CONCLUSIONS: dict[str, str] = {
    "优": "优", "优秀": "优", "excellent": "优", "良": "良", "良好": "良", "good": "良",
    "中": "中", "中等": "中", "fair": "中", "差": "差", "较差": "差", "poor": "差",
    "符合": "符合", "compliant": "符合", "基本符合": "基本符合", "basicallycompliant": "基本符合",
    "不符合": "不符合", "non-compliant": "不符合", "noncompliant": "不符合",
}
_LIST_SEPARATORS = re.compile(r"[,，、;；/|\n]+")
_HOST_SEPARATORS = re.compile(r"[,，、;；|\s]+")
_HOSTNAME = re.compile(r"^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$")


def _normal(value: Any) -> str:
    """Full-width forms to ASCII, no whitespace, lower case: how hand-typed values compare."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(value))).lower()


def _without_note(value: Any) -> str:
    """As :func:`_normal`, with a trailing note in brackets dropped: 第三级（S3A3G3） reads as 第三级."""
    text = _normal(value)
    return _NOTE.sub("", text) or text


def parse_level(value: Any, highest: int = 5) -> int | None:
    """A protection level as written: 3, 3.0, 三级, 叁级, 第三级, 等保三级, Ⅲ级, S3, S3A2G3 (the higher
    of S and A, which G repeats). None when the cell says the system is not graded."""
    number = _level_number(value)
    if number is not None and not 1 <= number <= highest:
        raise ValueError(f"没有第{number}级，只有第一级至第{'一二三四五'[highest - 1]}级 (no level {number})")
    return number


def _level_number(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer():
        return int(value)
    text = _without_note(value)
    if text in _EMPTY:
        return None
    sag = _SAG.match(text)
    if sag:
        return max(int(digit) for digit in sag.groups())
    plain = _LEVEL_TEXT.match(text)
    token = plain.group(1) if plain else ""
    number = int(token) if token.isdigit() else _CN_NUMBERS.get(token, _ROMAN.get(token))
    if number is None:
        raise ValueError("不是保护等级 (not a protection level)")
    return number


def parse_flag(value: Any) -> bool | None:
    """是/否 and their usual spellings; None when the cell is empty."""
    if value is None or isinstance(value, bool):
        return value
    text = _normal(value)
    if text in _YES:
        return True
    if text in _NO:
        return False
    if text in _EMPTY:
        return None
    raise ValueError("不是“是”或“否” (not yes or no)")


def parse_score(value: Any) -> float | None:
    if value is None:
        return None
    text = _without_note(value).removesuffix("分")
    try:
        score = float(text)
    except ValueError:
        raise ValueError("不是分数 (not a number)") from None
    if not 0 <= score <= 100:
        raise ValueError("分数应在 0 到 100 之间 (out of range)")
    return score


def parse_conclusion(value: Any) -> str | None:
    if value is None:
        return None
    text = _without_note(value)
    if text in _EMPTY:
        return None
    if text not in _CONCLUSIONS:
        raise ValueError("不是已知的测评结论 (unknown conclusion)")
    return _CONCLUSIONS[text]


def split_list(value: Any, separators: re.Pattern[str] = _LIST_SEPARATORS) -> tuple[str, ...]:
    """A cell (or YAML list) holding several names; 无 and other placeholders count as none."""
    if value is None:
        return ()
    items = value if isinstance(value, (list, tuple)) else separators.split(str(value))
    names = (unicodedata.normalize("NFKC", str(item)).strip() for item in items)
    return tuple(name for name in names if name and name.lower() not in _EMPTY)


def parse_hosts(value: Any) -> tuple[str, ...]:
    hosts = []
    for item in split_list(value, _HOST_SEPARATORS):
        try:
            hosts.append(str(ipaddress.ip_network(item, strict=False) if "/" in item else ipaddress.ip_address(item)))
        except ValueError:
            if not _HOSTNAME.match(item.lower()):
                raise ValueError("不是 IP 地址、网段或主机名 (not an IP address, network or host name)") from None
            hosts.append(item.lower())
    return tuple(hosts)


class SystemEntry(BaseModel):
    """One information system of the inventory, values normalised; ``data_level`` is a level id
    of the classification guide in use."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    unit: str = Field(min_length=1)
    unit_type: UnitType | None = None
    system: str = Field(min_length=1)
    mlps_level: int | None = None
    graded_on: dt.date | None = None
    online_on: dt.date | None = None
    filing_no: str | None = None
    filed_on: dt.date | None = None
    last_evaluated_on: dt.date | None = None
    evaluation_conclusion: EvaluationConclusion | None = None
    evaluation_score: float | None = None
    cii: bool | None = None
    crypto_level: int | None = None
    crypto_assessed_on: dt.date | None = None
    crypto_conclusion: CryptoConclusion | None = None
    crypto_score: float | None = None
    algorithms: tuple[str, ...] = ()
    crypto_service: bool | None = None
    crypto_products: str | None = None
    data_level: str | None = None
    hosts: tuple[str, ...] = ()
    important_data: bool | None = None
    risk_assessed_on: dt.date | None = None
    risk_reported_on: dt.date | None = None
    cii_assessed_on: dt.date | None = None
    first_crypto_assessed_on: dt.date | None = None
    crypto_filed_on: dt.date | None = None
    source: str
    row: int

    @field_validator("unit", "system", "filing_no", "crypto_products", "data_level", mode="before")
    @classmethod
    def _text(cls, value: Any) -> Any:
        text = None if value is None else str(value).strip()
        return None if text is None or _normal(text) in _EMPTY else text

    @field_validator("filing_no", mode="before")
    @classmethod
    def _not_cut(cls, value: Any) -> Any:
        """A filing number Excel turned into a number has lost digits: a data-quality error, not a
        number that merely looks malformed (runs before ``_text``)."""
        if is_cut_number(value):
            raise ValueError("编号被 Excel 转成了数字，末尾数字已丢失，无法核对 "
                             "(a number Excel cut to 15 digits or scientific notation: digits lost, cannot be checked)")
        return value

    @field_validator("unit_type", mode="before")
    @classmethod
    def _unit_type(cls, value: Any) -> Any:
        return parse_unit_type(value)

    @field_validator("mlps_level", "crypto_level", mode="before")
    @classmethod
    def _level(cls, value: Any) -> int | None:
        return parse_level(value)

    @field_validator("graded_on", "online_on", "filed_on", "last_evaluated_on", "crypto_assessed_on",
                     "risk_assessed_on", "risk_reported_on", "cii_assessed_on", "first_crypto_assessed_on",
                     "crypto_filed_on", mode="before")
    @classmethod
    def _date(cls, value: Any) -> dt.date | None:
        return as_date(value)

    @field_validator("evaluation_conclusion", "crypto_conclusion", mode="before")
    @classmethod
    def _conclusion(cls, value: Any) -> str | None:
        return parse_conclusion(value)

    @field_validator("evaluation_score", "crypto_score", mode="before")
    @classmethod
    def _score(cls, value: Any) -> float | None:
        return parse_score(value)

    @field_validator("cii", "crypto_service", "important_data", mode="before")
    @classmethod
    def _flag(cls, value: Any) -> bool | None:
        return parse_flag(value)

    @field_validator("algorithms", mode="before")
    @classmethod
    def _algorithms(cls, value: Any) -> tuple[str, ...]:
        return split_list(value)

    @field_validator("hosts", mode="before")
    @classmethod
    def _hosts(cls, value: Any) -> tuple[str, ...]:
        return parse_hosts(value)

    @model_validator(mode="after")
    def _first_assessment_first(self) -> SystemEntry:
        if self.first_crypto_assessed_on and self.crypto_assessed_on and \
                self.first_crypto_assessed_on > self.crypto_assessed_on:
            raise ValueError("首次密评日期晚于最近密评日期 (first_crypto_assessed_on after crypto_assessed_on)")
        return self

    @property
    def key(self) -> tuple[str, str]:
        """Unit and system as compared for duplicates: full-width forms and spacing ignored."""
        return _normal(self.unit), _normal(self.system)


@dataclass
class SystemInventory:
    systems: list[SystemEntry] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)


def load_systems(paths: Sequence[Path], guide: Guide, sheet: str | None = None) -> SystemInventory:
    """The systems of one or more inventory files and the errors of the rows left out; ``sheet``
    names the worksheet of each workbook (None: the one whose header matches best).

    A file that cannot be read at all is one error; a unit's system listed twice (in one file or
    across files) is an error on its later row, and the first row is kept.
    """
    inventory = SystemInventory()
    first_rows: dict[tuple[str, str], SystemEntry] = {}
    for path in paths:
        try:
            records = read_records(path, ALIASES, sheet)
        except InputError as error:
            inventory.errors.append(error)
            continue
        known = [Record(r.source, r.row, {k: v for k, v in r.values.items() if k in LABELS}) for r in records]
        systems, errors = validate_records(known, SystemEntry, LABELS, EXPECTED, key_columns=KEY_COLUMNS)
        for system in systems:
            graded = _with_guide_level(system, guide, errors)
            first = first_rows.setdefault(system.key, system) if graded else None
            if first is system:
                inventory.systems.append(graded)
            elif first is not None:
                errors.append(_duplicate(system, first))
        inventory.errors += _unknown_columns(path, records) + sorted(errors, key=lambda error: error.row or 0)
    return inventory


def _unknown_columns(path: Path, records: Iterable[Record]) -> list[InputError]:
    """One error per unknown column: in the header of a table, or at the first YAML record with it."""
    first_seen: dict[str, Record] = {}
    for record in records:
        for key in record.values:
            if key not in LABELS:
                first_seen.setdefault(key, record)
    in_header = path.suffix.lower() not in {".yaml", ".yml"}
    errors = []
    for key, record in first_seen.items():
        closest = closest_header(key, ALIASES)
        errors.append(InputError(
            record.source, f"{'表头中' if in_header else ''}有未知列，该列已忽略 (unknown column, ignored)",
            row=None if in_header else record.row, field=key,
            expected=f"是否应为 {closest}？(did you mean {closest}?)" if closest
            else "、".join(LABELS.values()) + " (or their English keys)",
        ))
    return errors


KEY_COLUMNS = ("mlps_level",)
"""Besides the required ones, the column without which no system's 等保 can be checked."""


def _with_guide_level(system: SystemEntry, guide: Guide, errors: list[InputError]) -> SystemEntry | None:
    """The system with its data level as an id of ``guide``; None (and an error) if it is none."""
    if system.data_level is None:
        return system
    level = guide.parse_level(system.data_level)
    if level is None:
        errors.append(InputError(system.source, f"不是分类分级指南 {guide.id} 的级别 (not a level of the guide)",
                                 row=system.row, field=field_name("data_level", LABELS),
                                 expected="、".join(known.id for known in guide.levels)))
        return None
    return system.model_copy(update={"data_level": level})


def _duplicate(system: SystemEntry, first: SystemEntry) -> InputError:
    where = f"第{first.row}行" if first.source == system.source else f"{first.source} 第{first.row}行"
    return InputError(
        system.source, f"系统重复，与{where}为同一单位的同一系统 (duplicate system row, first at row {first.row})",
        row=system.row, field=field_name("system", LABELS),
        expected="每个单位的每个系统只占一行 (one row per system of a unit)")
