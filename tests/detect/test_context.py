"""Table context for birth dates without a telling name: the IDs of the same rows, or a spread over
decades; event-date names rule it out."""

from __future__ import annotations

import random
from datetime import date, timedelta

import polars as pl
import pytest
from stdnum.cn import ric

from secsuite.detect.context import apply_context
from secsuite.detect.spec import load_specs
from secsuite.scan.dataset import column_scans

AS_OF = date(2025, 12, 31)
rng = random.Random(11)


def _day(low: int, high: int) -> date:
    return date(low, 1, 1) + timedelta(days=rng.randint(0, (date(high, 12, 31) - date(low, 1, 1)).days))


BORN = [_day(1960, 2000) for _ in range(200)]  # 40 years: no spread on their own
IDS = [body + ric.calc_check_digit(body + "0") for body in (f"110105{d:%Y%m%d}{rng.randint(0, 999):03d}" for d in BORN)]
LEGACY = [f"110105{d:%y%m%d}{rng.randint(0, 999):03d}" for d in BORN]
ANNOUNCED = [_day(2015, 2024) for _ in range(200)]

CASES = [
    # (case, columns of the table, column judged, expected signals for BIRTH_DATE)
    ("dates equal the IDs' birth dates", {"zjhm": IDS, "rq1": [f"{d:%Y%m%d}" for d in BORN]}, "rq1", ["id_birth_link"]),
    ("loose dates equal legacy IDs", {"sfz": LEGACY, "日期2": [f"{d.year}/{d.month}/{d.day}" for d in BORN]}, "日期2",
     ["id_birth_link"]),
    ("other dates in a table with IDs", {"zjhm": IDS, "rq2": [f"{_day(2016, 2025):%Y-%m-%d}" for _ in BORN]}, "rq2", []),
    ("birth dates spread over decades", {"d3": [f"{_day(1930, 2020):%Y-%m-%d}" for _ in BORN]}, "d3", ["date_spread"]),
    # a name that says what its dates are of (入伍时间, enlist_date) names an event, whatever their spread
    ("enlistment dates spread over decades", {"zjhm": IDS, "入伍时间": [f"{_day(1950, 2020):%Y-%m-%d}" for _ in BORN]},
     "入伍时间", []),
    ("discharge dates named in English", {"zjhm": IDS, "discharge_date": [f"{_day(1950, 2020):%Y%m%d}" for _ in BORN]},
     "discharge_date", []),
    ("the same spread under a bare name", {"zjhm": IDS, "日期3": [f"{_day(1930, 2020):%Y-%m-%d}" for _ in BORN]},
     "日期3", ["date_spread"]),
    ("event name rules it out", {"zjhm": IDS, "签发日期": [f"{d:%Y%m%d}" for d in BORN]}, "签发日期", []),
    ("event dates over thirty years", {"cbrq": [f"{_day(1995, 2025):%Y%m%d}" for _ in BORN]}, "cbrq", []),
    ("future dates", {"yxq": [f"{_day(2026, 2090):%Y-%m-%d}" for _ in BORN]}, "yxq", []),
    # a project number made of an area code, a date and a sequence holds no ID, so no birth date
    ("dates equal to the date inside project numbers", {
        "xmbh": [f"320115{d:%Y%m%d}{rng.randint(0, 9999):04d}" for d in ANNOUNCED],
        "rq1": [f"{d:%Y-%m-%d}" for d in ANNOUNCED]}, "rq1", []),
    ("announcement dates", {"zjhm": IDS, "公告日期": [f"{d:%Y-%m-%d}" for d in BORN]}, "公告日期", []),
]


@pytest.mark.parametrize(("case", "columns", "judged", "signals"), CASES, ids=[c[0] for c in CASES])
def test_birth_date_context(case, columns, judged, signals):
    frame = pl.DataFrame(columns)
    scans = column_scans(list(columns), {}, load_specs(), AS_OF, "fast")
    apply_context(frame, scans)
    assert scans[judged].context.get("BIRTH_DATE", []) == signals
    scans[judged].observe(frame[judged])
    found = {v.type for v in scans[judged].verdicts()}
    assert ("BIRTH_DATE" in found) is bool(signals)


def _dataset_verdicts(columns: dict[str, list[str]]) -> dict[str, set[str]]:
    """Each column's entities once the table is judged as a whole (``about_individuals``)."""
    from secsuite.scan.dataset import about_individuals

    frame = pl.DataFrame(columns)
    scans = column_scans(list(columns), {}, load_specs(), AS_OF, "fast")
    apply_context(frame, scans)
    for name in columns:
        scans[name].observe(frame[name])
    return {name: {v.type for v in found} for name, found in about_individuals(scans).items()}


SPREAD = [f"{_day(1930, 2020):%Y-%m-%d}" for _ in BORN]
NAMES = [f"{s}{g}" for s in "王李张刘陈杨黄赵吴周" for g in ("伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军",
                                                    "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "兰", "霞")]
DRUGS = ["连花清瘟胶囊", "盐酸二甲双胍片", "阿莫西林胶囊", "布洛芬缓释胶囊", "甘精胰岛素注射液"] * 40
VACCINES = ["乙肝疫苗（酿酒酵母）", "卡介苗", "脊灰灭活疫苗（IPV）", "麻腮风疫苗", "13价肺炎球菌多糖结合疫苗"] * 40
MAKERS = ["华兰生物疫苗股份有限公司", "北京生物制品研究所有限责任公司"] * 100
PASSPORTS = [f"{rng.choice('EG')}{rng.randint(10**7, 10**8 - 1)}" for _ in range(200)]
PERMITS = [f"C{rng.randint(10**7, 10**8 - 1)}" for _ in range(200)]


@pytest.mark.parametrize(
    ("columns", "judged", "expected"),
    [
        # dates told by their spread count only where another column identifies people
        ({"xm": NAMES, "d3": SPREAD}, "d3", {"BIRTH_DATE"}),
        ({"标准地名": ["朝阳街道", "新华路", "城关镇", "和平里"] * 50, "d3": SPREAD}, "d3", set()),
        # drug names in a catalogue are no one's health; beside patients' names they are
        ({"药品通用名": DRUGS, "批准文号": [f"国药准字H2000{i:04d}" for i in range(200)]}, "药品通用名", set()),
        ({"患者姓名": NAMES, "药品通用名": DRUGS, "批准文号": [f"国药准字H2000{i:04d}" for i in range(200)]}, "药品通用名",
         {"HEALTH_INFO"}),
        ({"用药": DRUGS, "科室": ["内科", "外科"] * 100}, "用药", {"HEALTH_INFO"}),  # a visit record without names
        # the vaccines given to named children are their immunisation record; a batch-release list names no one
        ({"受种者姓名": NAMES, "疫苗名称": VACCINES, "生产企业": MAKERS}, "疫苗名称", {"HEALTH_INFO"}),
        ({"疫苗名称": VACCINES, "批签发编号": [f"SZ2024{i:04d}" for i in range(200)], "生产企业": MAKERS}, "疫苗名称",
         set()),
        ({"受种者姓名": NAMES, "疫苗名称": VACCINES, "生产企业": MAKERS}, "生产企业", set()),
        # in a table whose rows are people (valid ID numbers), passports and permits need no name
        ({"c01": IDS, "c11": PASSPORTS}, "c11", {"CN_PASSPORT"}),
        ({"c01": IDS, "c19": PERMITS}, "c19", {"CN_HK_MACAO_PERMIT"}),
        # someone's balance or loss told in the notes of a table about people is their property; the
        # wages and allowances a policy quotes are no one's, nor are amounts in a table about no one
        ({"客户姓名": NAMES, "服务记录": [f"客户查询卡内余额仅剩{i * 37 % 5000},{i % 1000:03d}.55元，已告知" if i % 4 == 0
                                       else "已办结" for i in range(200)]}, "服务记录", {"FINANCIAL_ACCOUNT_INFO"}),
        ({"报警人": NAMES, "简要案情": [f"报警人称被骗转账共{i % 9 + 1}.{i % 10}万元，已立案" if i % 8 == 0
                                     else f"报警人称钱包遗失于{i % 20 + 1}路公交车上" for i in range(200)]}, "简要案情",
         {"FINANCIAL_ACCOUNT_INFO"}),
        ({"来电人": NAMES, "诉求内容": ["咨询最低工资标准，答复为每月2490元", "咨询高龄补贴，每人每月发放300元"] * 100},
         "诉求内容", set()),
        ({"问题": ["存款利率如何计算"] * 200, "答复": [f"余额{i}元以下免收管理费" for i in range(200)]}, "答复", set()),
        # an institution's code in a table of people is the institution's, whatever its shape
        ({"c01": IDS, "定点医药机构编号": [f"H44010{i:05d}" for i in range(200)]}, "定点医药机构编号", set()),
        ({"c01": IDS, "定点医疗机构编码": PASSPORTS}, "定点医疗机构编码", set()),
        ({"c02": NAMES, "c11": PASSPORTS}, "c11", set()),  # names alone do not make the signal
        ({"c01": IDS, "c11": PASSPORTS[:90] + ["A-1029"] * 110}, "c11", set()),  # the share without a name
        # a column of documents: its own valid ID numbers tell what the passports and permits beside them are
        ({"doc_no": IDS[:100] + PASSPORTS[:50] + PERMITS[:50]}, "doc_no",
         {"CN_RESIDENT_ID", "CN_PASSPORT", "CN_HK_MACAO_PERMIT"}),
        ({"col_3": IDS[:90] + PASSPORTS[:110]}, "col_3", {"CN_RESIDENT_ID", "CN_PASSPORT"}),
        ({"doc_no": PASSPORTS[:100] + PERMITS[:100]}, "doc_no", set()),  # no ID number: shapes alone say nothing
        ({"doc_no": IDS[:10] + PASSPORTS[:190]}, "doc_no", set()),  # one value in twenty: no column of documents
    ],
)
def test_the_table_tells_what_a_column_name_does_not(columns, judged, expected):
    assert _dataset_verdicts(columns)[judged] == expected


BANKS = ["中国建设银行深圳分行", "中国工商银行深圳分行", "农业银行", "邮储银行", "财付通支付科技有限公司"] * 40
AMOUNTS = [f"{rng.randint(100, 60000)}.{rng.randint(0, 99):02d}" for _ in range(200)]


@pytest.mark.parametrize(
    ("columns", "judged", "expected"),
    [
        # money received, paid or owed by the people of the table is theirs (GB/T 35273-2020 附录B)
        ({"姓名": NAMES, "救助金额": AMOUNTS}, "救助金额", {"FINANCIAL_ACCOUNT_INFO"}),
        ({"xm": NAMES, "yjce": AMOUNTS}, "yjce", {"FINANCIAL_ACCOUNT_INFO"}),
        ({"患者姓名": NAMES, "医疗总费用": AMOUNTS}, "医疗总费用", {"FINANCIAL_ACCOUNT_INFO"}),
        ({"姓名": NAMES, "已缴税额": AMOUNTS}, "已缴税额", {"FINANCIAL_ACCOUNT_INFO"}),
        ({"老人姓名": NAMES, "发放金额": AMOUNTS}, "发放金额", {"FINANCIAL_ACCOUNT_INFO"}),
        # what a person paid is their consumption record (交易和消费记录): a visit's total, a toll, a fare
        ({"患者姓名": NAMES, "费用合计": AMOUNTS}, "费用合计", {"FINANCIAL_ACCOUNT_INFO"}),
        ({"车主姓名": NAMES, "通行费": AMOUNTS}, "通行费", {"FINANCIAL_ACCOUNT_INFO"}),
        ({"passenger_name": NAMES, "fare": AMOUNTS}, "fare", {"FINANCIAL_ACCOUNT_INFO"}),
        ({"cust_nm": NAMES, "bal": AMOUNTS}, "bal", {"FINANCIAL_ACCOUNT_INFO"}),  # a bank statement's balance
        ({"psn_name": NAMES, "psn_cash_pay": AMOUNTS}, "psn_cash_pay", {"FINANCIAL_ACCOUNT_INFO"}),  # 医保结算
        ({"收费站": ["京港澳高速杜家坎站", "京藏高速沙河站"] * 100, "通行费": AMOUNTS}, "通行费", set()),
        # a bank's or a payment company's name holds no account, a company's revenue is its own
        ({"姓名": NAMES, "开户银行": BANKS}, "开户银行", set()),
        ({"xm": NAMES, "khyh": BANKS}, "khyh", set()),
        ({"姓名": NAMES, "对方户名": BANKS}, "对方户名", set()),
        ({"法定代表人": NAMES, "营业总收入万元": AMOUNTS}, "营业总收入万元", set()),
        ({"户名": NAMES, "交易流水号": [f"2024{rng.randint(10**15, 10**16 - 1)}" for _ in range(200)]}, "交易流水号", set()),
        # and a fee schedule is about no one
        ({"收费项目": ["挂号费", "诊查费"] * 100, "医疗总费用": AMOUNTS}, "医疗总费用", set()),
    ],
)
def test_money_is_personal_only_where_it_is_a_persons(columns, judged, expected):
    assert _dataset_verdicts(columns)[judged] == expected
