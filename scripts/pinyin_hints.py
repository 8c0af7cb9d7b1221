"""Pinyin-initial column-name hints for every Chinese hint of every detector (拼音首字母列名).

Chinese schemas name columns by the initials of the Chinese word: 身份证号 -> ``sfzh``, 联系电话 ->
``lxdh``, 姓名 -> ``xm``. This script derives them with pypinyin (its phrase dictionary reads
polyphones in context: 银行 -> ``yh``, 开户行 -> ``khh``) and writes the missing ones into the
``pinyin:`` list of each file in ``detectors/`` and ``detectors/quasi/``; ``--check`` only reports
them and exits 1, which ``tests/detect/test_pinyin_hints.py`` runs.

The initials are generated into the YAML rather than derived at start-up: importing pypinyin and
its dictionaries and deriving the initials adds about 0.27 s of CPU to the 0.34 s of loading the
specs (``benchmarks/bench_pinyin_hints.py``), a third of a 200-row scan, and the bundled specs never
change at run time. pypinyin is a development dependency only.

Withheld: two-letter initials that also abbreviate a common non-sensitive column word
(``COMMON_COLUMN_WORDS``: 备注 ``bz``, 部门 ``bm``, 行业 ``hy``, 端口 ``dk`` ...) are not added to a
spec whose name hint unlocks weak evidence (a pattern or value check with ``requires_name_hint``, or
``validator_optional_with_name``): a column ``hy`` of industry codes (C13) would otherwise read as
ICD-10 diagnoses, and ``dk`` port numbers as loan amounts. Where values validate on their own (a
mobile's prefix, an ID's check digit) the hint only lowers the share needed, and every initial is
added.

    python scripts/pinyin_hints.py           # add the missing initials
    python scripts/pinyin_hints.py --check   # list them, exit 1 if any
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from pathlib import Path

import yaml
from pypinyin import Style, lazy_pinyin

ROOT = Path(__file__).resolve().parent.parent
DETECTORS = ROOT / "detectors"
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_PINYIN_LINE = re.compile(r"^(\s*pinyin:\s*)\[(.*?)\]\s*$", re.MULTILINE)

# Non-sensitive words that Chinese schemas abbreviate to the same two letters as some hint.
COMMON_COLUMN_WORDS = (
    "备注", "备用", "部门", "编码", "标签", "级别", "行业", "端口", "楼层", "分值", "顺序", "属性", "仓库", "简称",
    "检查", "注册", "状态", "类型", "名称", "编号", "日期", "时间", "数值", "设置", "主键", "工号", "汇总", "单位",
    "网址", "原因", "处罚", "统计", "条件", "成绩", "创建", "使用", "性质", "规则", "情况", "注销", "在线", "字段",
    "终端", "站点", "组织", "流程", "政策", "职称", "分组", "限制", "宣传", "输入", "城市", "参数", "次数", "工具",
    "国籍", "首页", "索引", "实时", "搜索", "中心", "合作", "渠道", "层级", "产品", "证件", "总数", "号码",
    "职务", "意见", "周期",
    "民族",
)


def initials(hint: str) -> str:
    """The pinyin initials of a hint, lower case, letters and digits kept (IP地址 -> ``ipdz``,
    县（区） -> ``xq``); pypinyin reads polyphones by its phrase dictionary."""
    text = unicodedata.normalize("NFKC", hint)
    letters = "".join(lazy_pinyin(text, style=Style.FIRST_LETTER, errors="default"))
    return re.sub(r"[^0-9a-z]", "", letters.lower())


def _unlocks_weak_evidence(spec: object) -> bool:
    """Whether a name hint lets values count that would not count on their own."""
    if isinstance(spec, dict):
        if spec.get("requires_name_hint") or spec.get("validator_optional_with_name"):
            return True
        return any(_unlocks_weak_evidence(value) for value in spec.values())
    if isinstance(spec, list):
        return any(_unlocks_weak_evidence(item) for item in spec)
    return False


def _ambiguous() -> frozenset[str]:
    return frozenset(initials(word) for word in COMMON_COLUMN_WORDS)


def wanted(spec: dict) -> tuple[list[str], dict[str, str]]:
    """(initials the spec should list, withheld initials -> the hint they abbreviate)."""
    names = spec.get("column_names") or {}
    weak = _unlocks_weak_evidence(spec)
    ambiguous = _ambiguous()
    keep: list[str] = []
    withheld: dict[str, str] = {}
    for hint in names.get("zh", []):
        if not _HAN.search(hint):
            continue  # GPS, VIN, IMEI: no Chinese to abbreviate
        code = initials(hint)
        if weak and len(code) <= 2 and code in ambiguous:
            withheld.setdefault(code, hint)
        elif code not in keep:
            keep.append(code)
    return keep, withheld


def missing(path: Path) -> list[str]:
    """Initials the file's ``pinyin:`` list lacks."""
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    present = set((spec.get("column_names") or {}).get("pinyin", []))
    keep, _ = wanted(spec)
    return [code for code in keep if code not in present]


def spec_files() -> list[Path]:
    return sorted([*DETECTORS.glob("*.yaml"), *(DETECTORS / "quasi").glob("*.yaml")])


def add_missing(path: Path, codes: list[str]) -> None:
    """Append ``codes`` to the one-line ``pinyin: [...]`` list, leaving the rest of the file as is."""
    text = path.read_text(encoding="utf-8")
    lines = _PINYIN_LINE.findall(text)
    if len(lines) != 1:
        raise SystemExit(f"{path}: expected exactly one one-line 'pinyin: [...]' list, found {len(lines)}")

    def extend(match: re.Match[str]) -> str:
        existing = [item.strip() for item in match.group(2).split(",") if item.strip()]
        return f"{match.group(1)}[{', '.join([*existing, *codes])}]"

    path.write_text(_PINYIN_LINE.sub(extend, text), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="report missing initials, change nothing")
    args = parser.parse_args(argv)
    lacking = {path: codes for path in spec_files() if (codes := missing(path))}
    for path, codes in lacking.items():
        print(f"{path.relative_to(ROOT)}: {'missing' if args.check else 'added'} {', '.join(codes)}")
        if not args.check:
            add_missing(path, codes)
    return 1 if args.check and lacking else 0


if __name__ == "__main__":
    sys.exit(main())
