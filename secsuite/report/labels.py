"""Column headings and fixed words of the terminal and file outputs, Chinese first."""

from __future__ import annotations

from secsuite.i18n import Lang

LABELS: dict[str, dict[str, str]] = {
    "dataset": {"zh": "数据集", "en": "Dataset"},
    "field": {"zh": "字段", "en": "Field"},
    "entities": {"zh": "识别实体", "en": "Entities"},
    "confidence": {"zh": "置信度", "en": "Confidence"},
    "ratio": {"zh": "命中率", "en": "Hit ratio"},
    "hits": {"zh": "命中数", "en": "Hits"},
    "category": {"zh": "类别", "en": "Category"},
    "level": {"zh": "级别", "en": "Level"},
    "rows": {"zh": "行数(扫描/总数)", "en": "Rows (scanned/total)"},
    "unit": {"zh": "单位", "en": "Unit"},
    "severity": {"zh": "严重程度", "en": "Severity"},
    "rule": {"zh": "规则", "en": "Rule"},
    "message": {"zh": "说明", "en": "Message"},
    "citation": {"zh": "依据", "en": "Citation"},
    "source": {"zh": "来源", "en": "Source"},
    "error": {"zh": "错误", "en": "Error"},
    "findings": {"zh": "发现的问题", "en": "Findings"},
    "errors": {"zh": "输入错误", "en": "Input errors"},
    "datasets_title": {"zh": "数据集与敏感字段", "en": "Datasets and sensitive fields"},
    "no_sensitive": {"zh": "未发现敏感字段", "en": "no sensitive field"},
    "text_mode": {"zh": "文本内", "en": "in text"},
    "sampled": {"zh": "抽样", "en": "sampled"},
    "full": {"zh": "全量", "en": "full"},
    "partial": {"zh": "部分读取", "en": "partially read"},
    "scanning": {"zh": "扫描中", "en": "Scanning"},
    "summary": {
        "zh": "共扫描 {datasets} 个数据集，{fields} 个敏感字段，{findings} 个问题，{errors} 个输入错误；结果已保存为第 {run} 次运行。",
        "en": "Scanned {datasets} datasets: {fields} sensitive fields, {findings} findings, {errors} input errors; stored as run {run}.",
    },
    "summary_nostore": {
        "zh": "共扫描 {datasets} 个数据集，{fields} 个敏感字段，{findings} 个问题，{errors} 个输入错误。",
        "en": "Scanned {datasets} datasets: {fields} sensitive fields, {findings} findings, {errors} input errors.",
    },
}


def label(key: str, lang: Lang) -> str:
    return LABELS[key][lang]
