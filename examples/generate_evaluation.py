"""Generate the evaluation example: a year (2025) of incidents and indicator scores for units of
both kinds, as the auditors of a (fictional) 宿迁 would receive them.

    examples/incidents.xlsx  incident register: clocks at and just over the 5/30-minute limits,
                             reports on and just past their deadline, missing times, one incident
                             of 2024, and a severe leak at 市民政局 (vetoed)
    examples/units.xlsx      units with their type (县区/功能区/市级部门) and tier (档次)
    examples/scores.xlsx     the hand-scored indicators of the two 宿迁 rubrics: item by item for most
                             units, one score per indicator for 泗洪县, 安全防护 scored by an expert
                             panel for 宿城区, 数据开发利用 不适用 for 市湖滨新区

Called by examples/generate.py, which passes its zip stabiliser so the workbooks come out
byte-identical on every run. Deterministic: fixed seed, no clock read.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import Font

SEED = 20250601
YEAR = 2025

UNITS = (
    # unit, unit type as auditors write it, tier
    ("宿城区", "县区", "第一档"),
    ("宿豫区", "县区", "第一档"),
    ("沭阳县", "县区", "第一档"),
    ("泗洪县", "县区", "第一档"),
    ("宿迁经济技术开发区", "功能区", "第二档"),
    ("市湖滨新区", "功能区", "第二档"),
    ("市公安局", "市级部门", "第一档"),
    ("市人社局", "市级部门", "第一档"),
    ("市市场监管局", "市级部门", "第一档"),
    ("市卫健委", "市级部门", "第一档"),
    ("市交通运输局", "市级部门", "第一档"),
    ("市民政局", "市级部门", "第一档"),
    ("市政务服务办", "市级部门", "第二档"),
    ("市大数据局", "市级部门", "第二档"),
)

INCIDENT_HEADER = ("事件编号", "单位名称", "事件名称", "事件类别", "发现时间", "响应时间", "联动处置时间", "处置完成时间",
                   "上报时间", "运营者类型", "泄露个人信息人数", "涉及数据级别", "直接经济损失", "中断时长", "严重泄露",
                   "总结报告时间", "是否通知个人", "通知个人时间")
T = dt.datetime


def _at(start: dt.datetime, minutes: float = 0, seconds: int = 0) -> dt.datetime:
    return start + dt.timedelta(minutes=minutes, seconds=seconds)


# The cases an auditor checks by hand: each row says why it is there.
BOUNDARY_INCIDENTS: tuple[dict[str, Any], ...] = (
    # response exactly 5:00 and handling exactly 30:00: both limits met
    {"unit": "宿城区", "title": "门户网站页面被篡改", "category": "网络攻击事件", "detected": T(2025, 3, 4, 9, 0),
     "responded": (5, 0), "coordinated": (30, 0), "resolved": 95},
    # 5:01 and 30:01: one second over each limit
    {"unit": "宿城区", "title": "政务外网异常外联告警", "category": "异常行为事件", "detected": T(2025, 5, 19, 14, 20),
     "responded": (5, 1), "coordinated": (30, 1), "resolved": 70},
    # 4:59 / 29:59, typed as text the way auditors do
    {"unit": "宿豫区", "title": "勒索病毒感染办公终端", "category": "恶意程序事件", "detected": T(2025, 4, 8, 10, 15),
     "responded": (4, 59), "coordinated": (29, 59), "resolved": 180, "as_text": True},
    # 较大 by downtime (2 h portal outage; a county is an "other" operator of 第四条): reported exactly
    # at the 4-hour deadline
    {"unit": "宿豫区", "title": "区政府门户网站中断", "category": "设备设施故障", "detected": T(2025, 7, 2, 8, 30),
     "responded": (3, 0), "coordinated": (18, 0), "resolved": 130, "downtime": 2.0, "reported": (240, 0),
     "summary_day": 30},  # summary report on day 30 after handling ended: on time (第八条)
    # 较大 by downtime, reported one second after the 4-hour deadline of a city department
    {"unit": "市人社局", "title": "社保经办系统中断", "category": "设备设施故障", "detected": T(2025, 8, 11, 9, 10),
     "responded": (2, 40), "coordinated": (25, 0), "resolved": 200, "downtime": 3.5, "reported": (240, 1),
     "summary_day": 31},  # and its summary report on day 31: IR-SUMMARY-REPORT-LATE
    # CII operator (政务云): 1-hour deadline, reported at 1:05
    {"unit": "市大数据局", "title": "政务云平台整体中断", "category": "设备设施故障", "detected": T(2025, 9, 23, 2, 40),
     "responded": (4, 0), "coordinated": (26, 0), "resolved": 75, "downtime": 0.75, "operator": "关键信息基础设施",
     "reported": (65, 0), "summary_day": 12},
    # 重大 by loss (2000万元), never reported
    {"unit": "市交通运输局", "title": "ETC 稽核系统遭入侵致资金损失", "category": "网络攻击事件",
     "detected": T(2025, 10, 14, 16, 5), "responded": (4, 10), "coordinated": (28, 0), "resolved": 600,
     "loss": "2000万"},
    # the veto: a leak of important data (低保救助名单, 3,200 people)
    {"unit": "市民政局", "title": "低保救助名单数据泄露", "category": "数据安全事件", "detected": T(2025, 6, 17, 11, 25),
     "responded": (6, 30), "coordinated": (41, 0), "resolved": 300, "pi": 3200, "level": "重要数据",
     "reported": (95, 0), "summary_day": 20, "notified": 180},  # the 3,200 people notified 3 hours after discovery
    # a small leak of general data: a data-security incident, but not severe (no veto); nobody notified the
    # 46 people: IR-PI-NOTIFICATION-MISSING (个人信息保护法第五十七条)
    {"unit": "沭阳县", "title": "便民服务群误发报名表", "category": "数据安全事件", "detected": T(2025, 11, 3, 15, 0),
     "responded": (3, 20), "coordinated": (22, 0), "resolved": 90, "pi": 46, "level": "一般数据"},
    # no response time recorded: IR-TIMESTAMP-MISSING, not a crash
    {"unit": "沭阳县", "title": "视频监控平台弱口令告警", "category": "安全隐患", "detected": T(2025, 2, 26, 20, 45),
     "responded": None, "coordinated": (27, 0), "resolved": 160},
    # discovered in 2024: outside the year
    {"unit": "宿城区", "title": "跨年夜 DDoS 攻击", "category": "网络攻击事件", "detected": T(2024, 12, 31, 23, 58),
     "responded": (3, 0), "coordinated": (20, 0), "resolved": 60},
    # discovered on 31 Dec 2025, handled in 2026: belongs to 2025
    {"unit": "市公安局", "title": "跨年夜扫描探测", "category": "网络攻击事件", "detected": T(2025, 12, 31, 23, 50),
     "responded": (4, 0), "coordinated": (24, 0), "resolved": 50},
    # discovery written in UTC (01:00Z is 09:00 in China): response at 4:30 meets the limit
    {"unit": "市卫健委", "title": "预约挂号系统接口异常调用", "category": "异常行为事件", "detected": T(2025, 6, 10, 9, 0),
     "responded": (4, 30), "coordinated": (21, 0), "resolved": 80, "utc_text": True},
)
ROUTINE = (
    ("网站漏洞扫描告警", "网络攻击事件"), ("邮件钓鱼攻击", "网络攻击事件"), ("终端木马告警", "恶意程序事件"),
    ("核心交换机故障", "设备设施故障"), ("账号异常登录", "异常行为事件"), ("违规外联告警", "违规操作事件"),
    ("页面挂马检测", "恶意程序事件"), ("数据库慢查询导致服务降级", "设备设施故障"),
)


def _summary_time(resolved: dt.datetime, day: int | None) -> dt.datetime | None:
    """Late afternoon of the ``day``-th day after handling ended (days count from the next day)."""
    return None if day is None else dt.datetime.combine(resolved.date() + dt.timedelta(days=day), dt.time(17, 0))


def _boundary_rows() -> list[dict[str, Any]]:
    rows = []
    for spec in BOUNDARY_INCIDENTS:
        detected: dt.datetime = spec["detected"]
        row = {
            "unit": spec["unit"], "title": spec["title"], "category": spec["category"], "detected": detected,
            "responded": None if spec["responded"] is None else _at(detected, *spec["responded"]),
            "coordinated": _at(detected, *spec["coordinated"]), "resolved": _at(detected, spec["resolved"]),
            "reported": _at(detected, *spec["reported"]) if "reported" in spec else None,
            "operator": spec.get("operator"), "pi": spec.get("pi"), "level": spec.get("level"),
            "loss": spec.get("loss"), "downtime": spec.get("downtime"), "order": detected,
            "summary": _summary_time(_at(detected, spec["resolved"]), spec.get("summary_day")),
            "notified": "是" if "notified" in spec else None,
            "notified_at": _at(detected, spec["notified"]) if "notified" in spec else None,
        }
        if spec.get("as_text"):
            row["detected"] = f"{detected.year}/{detected.month}/{detected.day} {detected.hour}:{detected.minute:02d}:00"
            row["responded"] = f"{row['responded']:%Y-%m-%d %H:%M:%S}"
            row["coordinated"] = f"{row['coordinated']:%Y-%m-%d %H:%M:%S}"
        if spec.get("utc_text"):
            row["detected"] = f"{detected - dt.timedelta(hours=8):%Y-%m-%dT%H:%M:%S}Z"
        rows.append(row)
    return rows


def _routine_rows(rng: random.Random) -> list[dict[str, Any]]:
    """Ordinary incidents well inside the limits, two or three per unit."""
    rows = []
    for unit, _, _ in UNITS:
        for _ in range(rng.choice((2, 2, 3))):
            title, category = rng.choice(ROUTINE)
            detected = T(YEAR, rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23), rng.randint(0, 59))
            response = rng.randint(40, 270)
            rows.append({"unit": unit, "title": title, "category": category, "detected": detected,
                         "responded": _at(detected, seconds=response),
                         "coordinated": _at(detected, seconds=response + rng.randint(300, 1200)),
                         "resolved": _at(detected, rng.randint(60, 480)), "reported": None, "operator": None,
                         "pi": None, "level": None, "loss": None, "downtime": None, "order": detected,
                         "summary": None, "notified": None, "notified_at": None})
    return rows


def incident_rows(rng: random.Random) -> list[tuple[Any, ...]]:
    rows = _boundary_rows() + _routine_rows(rng)
    rows.sort(key=lambda row: (row["order"], row["unit"]))
    return [
        (f"INC-{YEAR}-{number:03d}", row["unit"], row["title"], row["category"], row["detected"], row["responded"],
         row["coordinated"], row["resolved"], row["reported"], row["operator"], row["pi"], row["level"], row["loss"],
         row["downtime"], None, row["summary"], row["notified"], row["notified_at"])
        for number, row in enumerate(rows, start=1)
    ]


COUNTY_INPUTS = (
    # indicator reference, "score" or "count", generator of a plausible value
    ("人员配置", "score", lambda r: r.choice((3, 3, 3, 0))),
    ("机构设立", "score", lambda r: r.choice((2, 2, 0))),
    ("业务培训", "count", lambda r: r.randint(0, 4)),
    ("制度建设", "score", lambda r: r.choice((1.5, 2, 2.5, 3))),
    ("项目管理", "score", lambda r: r.randint(6, 10)),
    ("集约化建设", "count", lambda r: r.randint(0, 3)),
    ("数据汇聚治理/综合评定", "score", lambda r: r.randint(12, 24)),
    ("数据汇聚治理/数据质量问题", "count", lambda r: r.randint(0, 3)),
    ("数据汇聚治理/主题库专题库", "count", lambda r: r.randint(0, 5)),
    ("数据共享开放/调用共享次数赋分", "score", lambda r: r.randint(15, 26)),
    ("数据共享开放/未按要求提供数据", "count", lambda r: r.randint(0, 4)),
    ("数据共享开放/合理数据需求", "count", lambda r: r.randint(0, 6)),
    ("数据开发利用/市级采用", "count", lambda r: r.randint(0, 6)),
    ("数据开发利用/省级以上采用", "count", lambda r: r.randint(0, 3)),
    ("创新应用场景建设", "score", lambda r: r.choice((0, 10))),
    ("重点工作完成情况", "score", lambda r: r.randint(4, 10)),
    ("特色亮点", "score", lambda r: r.randint(0, 8)),
)
DEPARTMENT_INPUTS = (
    ("人员配置", "score", lambda r: r.choice((5, 5, 2, 0))),
    ("制度建设", "score", lambda r: r.choice((3, 4, 4.5, 5))),
    ("项目管理", "count", lambda r: r.randint(0, 3)),
    ("集约化建设", "count", lambda r: r.randint(0, 2)),
    ("数据汇聚治理/综合评定", "score", lambda r: r.randint(12, 24)),
    ("数据汇聚治理/数据质量问题", "count", lambda r: r.randint(0, 3)),
    ("数据汇聚治理/主题库专题库", "count", lambda r: r.randint(0, 4)),
    ("数据共享开放/调用共享次数赋分", "score", lambda r: r.randint(15, 26)),
    ("数据共享开放/未按要求提供数据", "count", lambda r: r.randint(0, 3)),
    ("数据共享开放/合理数据需求", "count", lambda r: r.randint(0, 5)),
    ("数据开发利用/市级采用", "count", lambda r: r.randint(0, 6)),
    ("数据开发利用/省级以上采用", "count", lambda r: r.randint(0, 3)),
    ("创新应用场景建设", "score", lambda r: r.choice((0, 10))),
    ("重点工作完成情况", "score", lambda r: r.randint(4, 10)),
)
NOTES = {"业务培训": "培训签到表", "集约化建设": "抽查发现的问题", "数据汇聚治理/数据质量问题": "随机抽查记录",
         "数据共享开放/未按要求提供数据": "供需对接平台记录"}


# The committee's way for one county: one score per indicator (数据汇聚治理 and 数据共享开放 as wholes; a
# count indicator given its score in the 得分 column).
WHOLE_SCORES = {"泗洪县": (("人员配置", 3), ("机构设立", 2), ("业务培训", 1.5), ("制度建设", 2.5), ("项目管理", 8),
                           ("集约化建设", 4), ("数据汇聚治理", 21), ("数据共享开放", 19), ("数据开发利用/市级采用#", 2),
                           ("创新应用场景建设", 0), ("重点工作完成情况", 6), ("特色亮点", 4))}
# 安全防护 scored by an expert panel (宿城区's findings would give 4: a warning says so), and 数据开发利用
# not applicable to a functional area with no data of its own to develop (rescaled by the rubric's rule).
SPECIAL_ROWS: tuple[tuple[Any, ...], ...] = (
    ("宿城区", "安全防护", 5, None, "专家组现场核查：区政务协同办公系统已于2026年1月补办备案", None),
    ("市湖滨新区", "数据开发利用", None, None, "新区未承担数据开发利用任务", "是"),
)


def score_rows(rng: random.Random) -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = []
    for unit, unit_type, _ in UNITS:
        if unit in WHOLE_SCORES:
            for reference, value in WHOLE_SCORES[unit]:
                count = reference.endswith("#")
                rows.append((unit, reference.rstrip("#"), None if count else value, value if count else None,
                             "评审组整项打分", None))
            continue
        inputs = DEPARTMENT_INPUTS if unit_type == "市级部门" else COUNTY_INPUTS
        for reference, kind, make in inputs:
            value = make(rng)
            if unit == "市湖滨新区" and reference.startswith("数据开发利用"):
                continue
            rows.append((unit, reference, value if kind == "score" else None, value if kind == "count" else None,
                         NOTES.get(reference), None))
    return rows + list(SPECIAL_ROWS)


def write_book(path: Path, title: str, header: Sequence[str], rows: Sequence[Sequence[Any]],
               stable_zip: Callable[[bytes], bytes]) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
    for column in sheet.iter_cols(min_row=2):
        for cell in column:
            if isinstance(cell.value, dt.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm:ss"
    for index, name in enumerate(header, start=1):
        width = max(len(str(name)) * 2, *(len(str(row[index - 1] or "")) for row in rows)) + 4
        sheet.column_dimensions[openpyxl.utils.get_column_letter(index)].width = min(width, 40)
    sheet.freeze_panes = "A2"
    book.properties.creator = book.properties.lastModifiedBy = "secsuite examples/generate_evaluation.py"
    book.properties.title = f"{title}（示例数据）"
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(stable_zip(buffer.getvalue()))


def generate(out: Path, stable_zip: Callable[[bytes], bytes]) -> list[Path]:
    rng = random.Random(SEED)
    out.mkdir(parents=True, exist_ok=True)
    books = (
        ("units.xlsx", "单位名单", ("单位名称", "单位类型", "档次"), list(UNITS)),
        ("incidents.xlsx", "安全事件台账", INCIDENT_HEADER, incident_rows(rng)),
        ("scores.xlsx", "指标评分", ("单位名称", "指标", "得分", "次数", "备注", "不适用"), score_rows(rng)),
    )
    paths = []
    for name, title, header, rows in books:
        write_book(out / name, title, header, rows, stable_zip)
        paths.append(out / name)
    return paths
