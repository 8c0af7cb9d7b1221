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
    "risk_line": {
        "zh": "重标识风险（{attr}，全表 {rows:,} 行）：准标识符 {quasi}；最小 k={min_k}，k<{threshold} 的行占 {share:.1%}",
        "en": "Re-identification risk ({attr}, all {rows:,} rows): quasi-identifiers {quasi}; smallest k={min_k}, "
              "{share:.1%} of rows with k<{threshold}",
    },
    "risk_unmeasured": {"zh": "重标识风险（{attr}）未计算：{reason}", "en": "Re-identification risk ({attr}) not measured: {reason}"},
    "scanning": {"zh": "扫描中", "en": "Scanning"},
    "rows_read": {"zh": "已读行数", "en": "Rows read"},
    "bytes_read": {"zh": "已读字节", "en": "Bytes read"},
    "spark_tasks": {"zh": "Spark 任务", "en": "Spark tasks"},
    "summary": {
        "zh": "共扫描 {datasets} 个数据集，{fields} 个敏感字段，{findings} 个问题，{errors} 个输入错误；结果已保存为第 {run} 次运行。",
        "en": "Scanned {datasets} datasets: {fields} sensitive fields, {findings} findings, {errors} input errors; stored as run {run}.",
    },
    "summary_nostore": {
        "zh": "共扫描 {datasets} 个数据集，{fields} 个敏感字段，{findings} 个问题，{errors} 个输入错误。",
        "en": "Scanned {datasets} datasets: {fields} sensitive fields, {findings} findings, {errors} input errors.",
    },
    "not_checked_datasets": {
        "zh": "{total} 个数据集中 {n} 个未检查或未读完。",
        "en": "{n} of {total} datasets not checked (or not read in full).",
    },
    "skipped_files": {
        "zh": "另有 {n} 个文件不是数据表，未扫描：{names}",
        "en": "{n} more files hold no table and were not scanned: {names}",
    },
    "not_checked_rows": {
        "zh": "{total} 行中 {n} 行未检查。",
        "en": "{n} of {total} rows not checked.",
    },
    "net_services_title": {"zh": "主机与开放服务", "en": "Hosts and open services"},
    "net_tls_title": {"zh": "TLS / TLCP（国密）详情", "en": "TLS / TLCP (national algorithms) details"},
    "net_asset": {"zh": "主机:端口", "en": "Host:port"},
    "net_service": {"zh": "服务", "en": "Service"},
    "net_product": {"zh": "产品与版本", "en": "Product and version"},
    "net_systems": {"zh": "所属系统（单位）", "en": "Systems (unit)"},
    "net_unfiled": {"zh": "未备案", "en": "not filed"},
    "net_tlcp_none": {"zh": "不支持", "en": "not supported"},
    "net_not_probed": {"zh": "未探测", "en": "not probed"},
    "net_tlcp_fingerprint": {"zh": "由 nmap 指纹识别，未握手", "en": "seen in nmap's fingerprint, no handshake"},
    "net_no_services": {"zh": "未发现在线主机或开放服务", "en": "no live host or open service"},
    "net_suites": {"zh": "{count} 个套件", "en": "{count} suites"},
    "net_least_strength": {"zh": "最弱评级", "en": "least strength"},
    "net_phase_nmap": {"zh": "nmap 扫描", "en": "nmap scan"},
    "net_phase_probe": {"zh": "TLS/TLCP 探测", "en": "TLS/TLCP probes"},
    "net_summary": {
        "zh": "共 {hosts} 台主机、{services} 个开放服务（TLS {tls} 个，TLCP {tlcp} 个），{findings} 个问题，{errors} 个错误；结果已保存为第 {run} 次运行。",
        "en": "{hosts} hosts, {services} open services ({tls} TLS, {tlcp} TLCP), {findings} findings, {errors} errors; stored as run {run}.",
    },
    "net_summary_nostore": {
        "zh": "共 {hosts} 台主机、{services} 个开放服务（TLS {tls} 个，TLCP {tlcp} 个），{findings} 个问题，{errors} 个错误。",
        "en": "{hosts} hosts, {services} open services ({tls} TLS, {tlcp} TLCP), {findings} findings, {errors} errors.",
    },
}


def label(key: str, lang: Lang) -> str:
    return LABELS[key][lang]
