"""A typo is an input error, never a fact: implausible and negative counts, years 0001 and 9999."""

from __future__ import annotations

import datetime as dt

import pytest

from secsuite.inventory.amounts import as_amount
from secsuite.inventory.incidents import load_incidents
from secsuite.inventory.tabular import as_date, as_datetime

HEADER = "事件编号,单位名称,发现时间,响应时间,运营者类型,涉及数据级别,泄露个人信息人数,直接经济损失,中断时长\n"


@pytest.mark.parametrize(
    ("column", "typed", "words"),
    [
        ("泄露个人信息人数", "99999999999999999999999亿", "implausibly large"),
        ("泄露个人信息人数", "20亿", "implausibly large"),  # more people than China has
        ("泄露个人信息人数", "-5", "negative"),
        ("泄露个人信息人数", "－3万", "negative"),
        ("直接经济损失", "-100", "negative"),
        ("中断时长", "1000000", "implausibly large"),
        ("发现时间", "0001-03-01 09:00", "implausible year 0001"),
        ("发现时间", "9999-12-31 23:59", "implausible year 9999"),
    ],
)
def test_an_implausible_value_is_an_input_error_and_the_row_is_left_out(tmp_path, column, typed, words):
    values = {"发现时间": "2025-03-01 09:00", "泄露个人信息人数": "1200000", "直接经济损失": "", "中断时长": ""}
    values[column] = typed
    path = tmp_path / "register.csv"
    path.write_text(
        HEADER + f"A,宿城区,{values['发现时间']},2025-03-01 09:03,其他,一般数据,{values['泄露个人信息人数']},"
        f"{values['直接经济损失']},{values['中断时长']}\nB,宿城区,2025-03-01 09:00,2025-03-01 09:03,其他,一般数据,5,,\n",
        encoding="utf-8",
    )
    incidents, errors = load_incidents(path)
    assert [i.incident_id for i in incidents] == ["B"]  # the typo grades nothing and vetoes no one
    [error] = errors
    assert error.row == 2 and error.field.startswith(column) and words in error.message
    assert typed not in str(error).replace(str(path), "FILE")  # the value, not pytest's numbered folder (pytest-5)


@pytest.mark.parametrize("typed", ["1200000", "120万", "1.2亿", "+5", 7])
def test_plausible_counts_still_read(typed):
    assert as_amount(typed, maximum=None) is not None


@pytest.mark.parametrize("typed", ["0001-01-01", "9999-12-31", dt.date(1, 1, 1), "99991231"])
def test_implausible_dates_are_refused(typed):
    with pytest.raises(ValueError, match="implausible year"):
        as_date(typed)


def test_implausible_instants_are_refused():
    with pytest.raises(ValueError, match="implausible year"):
        as_datetime(dt.datetime(9999, 1, 1, 9, 0))
