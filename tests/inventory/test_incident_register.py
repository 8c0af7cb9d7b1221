"""The incident register as auditors submit it: Excel datetimes and typed timestamps with or
without a zone (naive is Asia/Shanghai), Chinese headers and values, and row errors that name
file, row and field while the other rows still go through."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from secsuite.inventory.incidents import load_incidents
from secsuite.inventory.tabular import as_datetime

CN = ZoneInfo("Asia/Shanghai")
NINE = dt.datetime(2025, 3, 1, 9, 0, tzinfo=CN)


@pytest.mark.parametrize(("typed", "expected"), [
    ("2025-03-01 09:00", NINE),
    ("2025/3/1 9:00:05", NINE + dt.timedelta(seconds=5)),
    ("2025-03-01T09:00:00", NINE),
    ("2025-03-01T01:00:00Z", NINE),
    ("2025-03-01 09:00:00+08:00", NINE),
    ("2025-03-01 02:00:00+0100", NINE),
    ("2025年3月1日 9时0分", NINE),
    ("２０２５-03-01 09:00", NINE),
    (45717.375, NINE),  # an Excel serial with its time fraction
    (dt.datetime(2025, 3, 1, 9, 0), NINE),  # an Excel datetime cell: naive, so China time
    ("2025-03-01 上午9:00", NINE),
    ("2025年3月1日上午9点", NINE),
    ("2025-03-01 9:00 AM", NINE),
    ("2025-03-01 下午9:00", NINE + dt.timedelta(hours=12)),
    ("2025-03-01 晚上9点", NINE + dt.timedelta(hours=12)),
    ("2025-03-01 9:00 pm", NINE + dt.timedelta(hours=12)),
    ("2025-03-01 下午12:30", NINE + dt.timedelta(hours=3, minutes=30)),  # 12:30 in the afternoon is 12:30
    ("2025-03-01 12:30 AM", NINE - dt.timedelta(hours=8, minutes=30)),  # ... after midnight is 00:30
    ("2025-03-01 中午1点", NINE + dt.timedelta(hours=4)),
])
def test_timestamps_as_typed(typed, expected):
    parsed = as_datetime(typed)
    assert parsed == expected and parsed.tzinfo is not None


@pytest.mark.parametrize("typed", ["2025-03-01", 45717, "昨天上午", "2025-02-30 09:00", "2025-03-01 25:00",
                                   "2025-03-01 下午9:00 PM", "2025-03-01 下午"])
def test_not_a_timestamp(typed):
    with pytest.raises(ValueError):
        as_datetime(typed)


def _xlsx(path, header, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_xlsx_register_with_chinese_headers(tmp_path):
    header = ["事件编号", "单位名称", "事件类别", "发现时间", "响应时间", "联动处置时间", "上报时间", "运营者类型",
              "泄露个人信息人数", "涉及数据级别", "直接经济损失", "中断时长", "严重泄露"]
    path = _xlsx(tmp_path / "台账.xlsx", header, [
        ["INC-1", "市民政局", "数据安全事件", dt.datetime(2025, 3, 1, 9, 0), "2025/3/1 9:04:30",
         dt.datetime(2025, 3, 1, 9, 28), "2025-03-01T02:30:00Z", "关基", "3,200", "重要数据", "50万", 1.5, "是"],
    ])
    (incident,), errors = load_incidents(path)
    assert errors == []
    assert incident.detected_at == NINE and incident.responded_at == NINE + dt.timedelta(minutes=4, seconds=30)
    assert incident.reported_at == NINE + dt.timedelta(hours=1, minutes=30)
    assert (incident.operator_type, incident.data_level, incident.severe) == ("cii", "important", True)
    assert incident.pi_people_affected == 3200 and incident.economic_loss_cny == 500_000
    assert float(incident.downtime_hours) == 1.5 and incident.row == 2


def test_bad_rows_are_errors_and_good_rows_go_through(tmp_path):
    path = tmp_path / "register.csv"
    path.write_text(
        "事件编号,单位名称,发现时间,响应时间,联动处置时间,运营者类型,涉及数据级别\n"
        "A,宿城区,2025-03-01 09:00,2025-03-01 08:59,2025-03-01 09:20,国家机关,一般数据\n"
        "B,宿城区,2025-03-01 09:00,2025-03-01 09:03,2025-03-01 09:20,国家机关,绝密\n"
        "C,宿城区,下午三点,,,,\n"
        "D,宿城区,2025-03-01 09:00,2025-03-01 09:03,2025-03-01 09:20,,\n"
        "D,宿豫区,2025-03-02 09:00,,,,\n"
        ",宿城区,2025-03-01 09:00,,,,\n",
        encoding="utf-8",
    )
    incidents, errors = load_incidents(path)
    assert [incident.incident_id for incident in incidents] == ["D"]
    where = [(e.row, e.field) for e in errors]
    assert where == [(2, "响应时间 (responded_at)"), (3, "涉及数据级别 (data_level)"), (4, "发现时间 (detected_at)"),
                     (6, "事件编号 (incident_id)"), (7, "事件编号 (incident_id)")]
    assert "早于发现时间" in errors[0].message and errors[0].source == str(path)
    assert "重复" in errors[3].message and "缺少必填字段" in errors[4].message
    assert all("下午三点" not in str(e) and "绝密" not in str(e) for e in errors)  # values never echoed


@pytest.mark.parametrize("field", ["coordinated_at", "resolved_at", "reported_at"])
def test_any_step_before_discovery_is_an_input_error(tmp_path, field):
    path = tmp_path / "register.yaml"
    path.write_text(f"- {{incident_id: X, unit: 宿城区, detected_at: '2025-03-01 09:00', {field}: '2025-03-01 08:00'}}\n",
                    encoding="utf-8")
    incidents, errors = load_incidents(path)
    assert incidents == [] and errors[0].field.endswith(f"({field})")
