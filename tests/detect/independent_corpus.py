"""An independent labelled corpus: government-style tables whose values come from sources the
detectors were never tuned on, written in every format secsuite reads.

``tests/detect/corpus.py`` was generated in the same session as the detectors' tuning, so its
score proves little. Here the values come from elsewhere:

* Faker's ``zh_CN`` providers (names, addresses, phone numbers, resident ID numbers, bank cards,
  licence plates, VINs, companies, e-mails, IP addresses, dates, jobs, banks), seeded;
* the test assertions of other projects, copied as data with the project named beside them
  (python-stdnum, Microsoft Presidio, id-validator.py, curong, ironrhino, pyvalidators).

Tables are the ones a data-centre audit meets (人口信息, 社保参保, 企业登记, 投诉工单, 车辆登记,
预约挂号, 访问日志, 收费标准, 考试报名, 终端准入, 公积金缴存, a masked 共享交换 export, 财政票据), with Chinese or pinyin column names, and most of their columns are
NOT sensitive (codes, statuses, fees, administrative names, event dates, counts, plain remarks):
that is where false positives hide. A column is labelled with entity E when at least 5% of its
non-empty values contain E (``LABEL_SHARE``, the rule of issue 15). Each table is written as
UTF-8 CSV, GBK CSV, XLSX, JSON, JSON Lines and Parquet, and every copy carries the same labels.
"""

from __future__ import annotations

import csv
import json
import random
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
from faker import Faker

from secsuite.results import ScanResult
from tests.detect.corpus import NONE, Cell, Column, CorpusTable, score

ROWS = 150
SEED = 2026
FORMATS = ("csv", "gbk.csv", "xlsx", "json", "jsonl", "parquet")

# --- values from other projects' test suites (valid unless the name says otherwise) -------------

# python-stdnum, tests/test_cn_ric.doctest: resident ID numbers asserted valid
STDNUM_RIC = ["360426199101010071", "44011320141005001X", "412723199010050012", "110102199101010078",
              "120110198012010073", "120110199212010072"]
# id-validator.py (jxlwqq), test_validator.py: valid 18-digit, 15-digit, 港澳台居民居住证 and
# historical-area (abandoned code 362324) numbers
ID_VALIDATOR_RIC = ["440308199901101512", "610104620927690", "810000199408230021", "830000199201300022",
                    "500154199804106120", "362324198001010014", "362324198101010011", "362324198201010019",
                    "430302199312194239"]
# python-stdnum (test_cn_ric.doctest) and id-validator.py (test_validator.py): asserted NOT to be
# resident ID numbers (check digit, birth date or area code wrong)
OTHER_NOT_RIC = ["T60426199101010078", "360426199113010079", "36042619910102009X", "990426199112010074",
                 "500154199301135886", "440308199901101513", "111111199901101512", "440308199902301512"]
# python-stdnum, tests/test_cn_uscc.doctest: unified social credit codes "found online"
STDNUM_USCC = ["91110000600037341L", "91110000710926094P", "91120224064012553U", "911522010783710635",
               "91152201078371135X", "91310000631696382C", "91310000797046224D", "91310112087994932F",
               "913101127033980359", "91310115MA1K3BTP2B", "91320214745555318W", "913205056082348768",
               "91340600MA2PBM9HXD", "91371082775260043P", "914112810713741814", "91420684MA4927PJ7B",
               "91440300568520498A", "9144030071526726XG", "91442000696462712R", "91620100719023721L",
               "92340602MA2PBMEM24", "92340603MA2UK2ECXU", "92340621MA2UJWYPX8", "121200004013590816"]
# Microsoft Presidio, presidio-analyzer/tests/test_credit_card_recognizer.py: valid 16-digit cards
PRESIDIO_CARDS = ["4012888888881881", "5555555555554444", "5019717010103742", "6011000400000000",
                  "3528000700000000", "6759649826438453", "4111111111111111", "4917300800000000",
                  "4484070000000000"]
# Microsoft Presidio, test_email_recognizer.py and test_ip_recognizer.py
PRESIDIO_EMAILS = ["info@presidio.site", "anotherinfo@presidio.site"]
PRESIDIO_IPS = ["192.168.0.1", "10.0.0.1", "172.16.0.1", "169.254.1.1", "2001:db8::1", "fe80::1",
                "2400:c401::5054:ff:fe1b:b031", "2001:db8::8a2e:370:7334", "2345:0425:2CA1:0000:0000:0567:5673:23b5"]
# Presidio, test_ip_recognizer.py: asserted NOT to be IP addresses
PRESIDIO_NOT_IPS = ["1.2.3", "12:34:56", "1:2:3:4", "256.256.256.256", "192.168.1.256", "300.168.1.1", "192.168.1"]
# curong (wtklbm), packages/regexp/__tests__/isChinaPhoneNumber.test.ts; ironrhino,
# MobilePhoneNumberValidatorTest.java; pyvalidators, phone test case: valid mobiles
OTHER_MOBILES = ["16080030080", "18087030088", "13907199856", "13591512420", "19913769406", "18512345657",
                 "13811111111", "15800000000", "18900000000", "18068823333", "13800001111"]
# the same suites: asserted NOT to be mobiles
OTHER_NOT_MOBILES = ["180800300800", "11811111111", "23800001111", "188002333", "1110023333", "1331234567", "10000000"]

# --- vocabulary of the non-sensitive columns ------------------------------------------------

ETHNIC = ["汉族"] * 8 + ["回族", "满族", "壮族", "维吾尔族", "苗族", "土家族", "藏族", "蒙古族"]
EDUCATION = ["小学", "初中", "高中", "中专", "大学专科", "大学本科", "硕士研究生", "博士研究生"]
POPULATION_TYPES = ["户籍人口", "流动人口", "寄住人口", "境外人员"]
INSURANCE = ["城镇职工基本养老保险", "失业保险", "工伤保险", "职工基本医疗保险", "城乡居民基本养老保险"]
PAYMENT_STATES = ["正常缴费", "暂停缴费", "终止缴费", "欠费"]
ENTERPRISE_TYPES = ["有限责任公司(自然人投资或控股)", "股份有限公司(非上市)", "个人独资企业", "有限合伙企业", "农民专业合作社"]
BUSINESS_STATES = ["存续", "在业", "吊销", "注销", "迁出"]
REGISTRARS = ["北京市朝阳区市场监督管理局", "上海市浦东新区市场监督管理局", "深圳市市场监督管理局南山监管局",
              "杭州市西湖区市场监督管理局", "成都市武侯区行政审批局", "武汉市洪山区市场监督管理局"]
COMPLAINT_TYPES = ["咨询", "投诉", "建议", "求助", "举报", "表扬"]
COMPLAINT_TOPICS = ["小区路灯损坏，请求尽快维修", "道路施工夜间噪音扰民", "公交线路调整后换乘不便", "小区垃圾清运不及时",
                    "建议增设学校门口减速带", "菜市场占道经营影响通行", "供暖温度不达标", "咨询新生儿落户办理流程",
                    "反映公园健身器材老化", "举报餐馆油烟直排"]
HANDLING_UNITS = ["市城市管理局", "区住房和城乡建设委员会", "市交通运输局", "朝阳街道办事处", "城关镇人民政府",
                  "区市场监督管理局", "市生态环境局", "区教育委员会", "新华街道办事处"]
HANDLING_STATES = ["已受理", "办理中", "已办结", "已回访", "退回重办"]
SATISFACTION = ["满意", "基本满意", "不满意", "未评价"]
VEHICLE_TYPES = ["小型轿车", "小型普通客车", "轻型厢式货车", "重型半挂牵引车", "普通二轮摩托车", "小型越野客车"]
USE_TYPES = ["非营运", "营转非", "出租客运", "公路客运", "货运"]
COLOURS = ["白", "黑", "银", "红", "蓝", "灰", "棕"]
DEPARTMENTS = ["心血管内科", "呼吸内科", "消化内科", "骨科", "儿科", "妇产科", "眼科", "口腔科", "皮肤科", "急诊科"]
SOURCE_TYPES = ["普通号", "专家号", "特需号", "便民门诊"]
TERMINALS = ["PC", "Android", "iOS", "小程序", "自助终端"]
PATHS = ["/api/v1/matters", "/api/v1/login", "/portal/index", "/api/v2/appointments", "/static/app.js",
         "/api/v1/certificates/download", "/gov/notice/list"]
FEE_ITEMS = [("0101", "不动产登记费（住宅）", "件", 80), ("0102", "不动产登记费（非住宅）", "件", 550),
             ("0201", "机动车号牌工本费", "副", 100), ("0202", "机动车行驶证工本费", "本", 10),
             ("0301", "居民身份证工本费（换领）", "证", 20), ("0302", "临时居民身份证工本费", "证", 10),
             ("0401", "普通门诊诊查费（主治医师）", "次", 15), ("0402", "专家门诊诊查费（主任医师）", "次", 50),
             ("0501", "公共租赁住房租金", "平方米·月", 28), ("0601", "污水处理费（居民）", "立方米", 1),
             ("0701", "公交月票（普通）", "张", 80), ("0801", "出入境证件工本费（护照）", "本", 120)]
APPROVALS = ["京发改〔2023〕112号", "沪价费〔2021〕8号", "粤发改价格〔2022〕315号", "财税〔2019〕45号", "发改价格〔2020〕1508号"]
REMARKS = ["", "", "", "材料齐全", "按期办结", "已归档", "需补正材料", "系统自动审核通过", "窗口受理"]


class Source:
    """Seeded Faker (zh_CN) plus a seeded random source for the choices around it."""

    def __init__(self, seed: int):
        self.fake = Faker("zh_CN")
        self.fake.seed_instance(seed)
        self.rng = random.Random(seed)

    def pick(self, items):
        return self.rng.choice(items)

    def digits(self, count: int) -> str:
        return "".join(self.rng.choice("0123456789") for _ in range(count))

    def event_day(self, start: date = date(2016, 1, 1), end: date = date(2025, 12, 31)) -> date:
        return start + timedelta(days=self.rng.randint(0, (end - start).days))

    def landline(self) -> str:
        code = self.pick(["010", "021", "022", "023", "020", "025", "027", "028", "029", "0571", "0755", "0531",
                          "0371", "0731", "0931", "0991", "0851"])
        local = f"{self.rng.randint(2, 8)}{self.digits(7 if len(code) == 3 else 6)}"
        return self.pick([f"{code}-{local}", f"{code}{local}", f"({code}){local}"])

    def spelled(self, mobile: str) -> str:
        """A mobile as call centres log it: country prefix or 3-4-4 groups."""
        return self.pick([f"+86{mobile}", f"+86 {mobile}", f"86-{mobile}", f"{mobile[:3]} {mobile[3:7]} {mobile[7:]}",
                          f"{mobile[:3]}-{mobile[3:7]}-{mobile[7:]}"])

    def plate(self) -> str:
        """Faker writes 宁J-26942; registers write the same plate without the dash as often."""
        plate = self.fake.license_plate()
        return plate if self.rng.random() < 0.5 else plate.replace("-", "")

    def legacy_id(self) -> str:
        """A 15-digit first-generation number, made from a Faker ID (area code and yymmdd)."""
        full = self.fake.ssn(min_age=45, max_age=90)
        return full[:6] + full[8:14] + full[14:17]


def column(name: str, make: Callable[[], Cell], rows: int) -> Column:
    return Column(name, [make() for _ in range(rows)])


def sensitive(entity: str, make: Callable[[], str]) -> Callable[[], Cell]:
    return lambda: (make(), frozenset({entity}))


def plain(make: Callable[[], str]) -> Callable[[], Cell]:
    return lambda: (make(), NONE)


def share(s: Source, parts: list[tuple[float, Callable[[], Cell]]]) -> Callable[[], Cell]:
    """Draw one of several cell makers by share (shares add up to 1)."""
    def make() -> Cell:
        draw = s.rng.random()
        for weight, maker in parts:
            draw -= weight
            if draw < 0:
                return maker()
        return parts[-1][1]()
    return make


def cycle(values: list[str], entity: str | None, s: Source) -> Callable[[], Cell]:
    """Values of another project's test suite, drawn at random (a test list is short)."""
    entities = frozenset({entity}) if entity else NONE
    return lambda: (s.pick(values), entities)


# --- tables ------------------------------------------------------------------------------------

def population(s: Source, rows: int) -> CorpusTable:
    people = [s.fake.profile(fields=["name", "ssn", "birthdate", "address", "job"]) for _ in range(rows)]
    return CorpusTable("人口信息", 0, [
        Column("xm", [(p["name"], frozenset({"PERSON_NAME"})) for p in people]),
        column("xmpy", sensitive("PERSON_NAME", s.fake.romanized_name), rows),
        Column("xb", [(s.pick(["男", "女"]), NONE) for _ in people]),
        Column("mz", [(s.pick(ETHNIC), NONE) for _ in people]),
        Column("csrq", [(f"{p['birthdate']:%Y%m%d}", frozenset({"BIRTH_DATE"})) for p in people]),
        Column("gmsfhm", [(p["ssn"], frozenset({"CN_RESIDENT_ID"})) for p in people]),
        Column("hjdz", [(p["address"], frozenset({"CN_ADDRESS"})) for p in people]),
        column("lxdh", share(s, [(0.8, sensitive("CN_MOBILE", s.fake.phone_number)),
                                 (0.2, sensitive("CN_LANDLINE", s.landline))]), rows),
        column("whcd", plain(lambda: s.pick(EDUCATION)), rows),
        column("yzbm", plain(s.fake.postcode), rows),
        column("nl", plain(lambda: str(s.rng.randint(0, 95))), rows),
        Column("zy", [(p["job"], NONE) for p in people]),
        column("rklx", plain(lambda: s.pick(POPULATION_TYPES)), rows),
        column("djrq", plain(lambda: f"{s.event_day():%Y-%m-%d}"), rows),
        column("ssjd", plain(lambda: s.pick(HANDLING_UNITS[3:5] + ["和平街道", "望京街道", "白云街道"])), rows),
        column("bz", plain(lambda: s.pick(REMARKS)), rows),
    ])


def social_insurance(s: Source, rows: int) -> CorpusTable:
    people = [s.fake.profile(fields=["name", "ssn"]) for _ in range(rows)]
    return CorpusTable("社保参保", 0, [
        column("个人编号", plain(lambda: f"1{s.digits(9)}"), rows),
        Column("姓名", [(p["name"], frozenset({"PERSON_NAME"})) for p in people]),
        Column("社会保障号码", [(p["ssn"], frozenset({"CN_RESIDENT_ID"})) for p in people]),
        column("参保险种", plain(lambda: s.pick(INSURANCE)), rows),
        column("缴费状态", plain(lambda: s.pick(PAYMENT_STATES)), rows),
        column("参保日期", plain(lambda: f"{s.event_day(date(2000, 1, 1)):%Y%m%d}"), rows),
        column("缴费月数", plain(lambda: str(s.rng.randint(1, 420))), rows),
        column("单位缴费比例", plain(lambda: s.pick(["16%", "0.5%", "8%", "0.2%", "9.5%"])), rows),
        column("开户银行", plain(s.fake.bank), rows),  # a bank's name holds no account
        column("银行卡号", share(s, [(0.8, sensitive("BANK_CARD", s.fake.credit_card_number)),
                                   (0.2, cycle(PRESIDIO_CARDS, "BANK_CARD", s))]), rows),
        column("个人账户余额", sensitive("FINANCIAL_ACCOUNT_INFO", lambda: f"{s.rng.randint(0, 300000)}.{s.digits(2)}"), rows),
        column("经办机构", plain(lambda: s.pick(["市社会保险事业管理中心", "区社会保险事业管理中心", "街道社保服务站"])), rows),
    ])


def enterprises(s: Source, rows: int) -> CorpusTable:
    return CorpusTable("企业登记", 0, [
        column("企业名称", plain(s.fake.company), rows),
        column("统一社会信用代码", cycle(STDNUM_USCC, "CN_USCC", s), rows),
        # 15-digit 工商注册号 (area code, sequence, check digit): no personal ID, whatever it looks like
        column("注册号", plain(lambda: s.pick(["110105", "310115", "440301", "330106"]) + s.digits(9)), rows),
        column("法定代表人", sensitive("PERSON_NAME", s.fake.name), rows),
        column("住所", sensitive("CN_ADDRESS", s.fake.address), rows),
        column("企业类型", plain(lambda: s.pick(ENTERPRISE_TYPES)), rows),
        column("注册资本（万元）", plain(lambda: str(s.pick([10, 50, 100, 200, 500, 1000, 3000, 5000]))), rows),
        column("成立日期", plain(lambda: f"{s.event_day(date(1995, 1, 1)):%Y-%m-%d}"), rows),
        column("登记机关", plain(lambda: s.pick(REGISTRARS)), rows),
        column("经营状态", plain(lambda: s.pick(BUSINESS_STATES)), rows),
        column("联系电话", sensitive("CN_MOBILE", s.fake.phone_number), rows),
        column("电子邮箱", sensitive("EMAIL", s.fake.email), rows),
        column("从业人数", plain(lambda: str(s.rng.randint(1, 900))), rows),
    ])


def complaints(s: Source, rows: int) -> CorpusTable:
    def received() -> str:
        moment = datetime.combine(s.event_day(date(2024, 1, 1)), datetime.min.time()) + timedelta(
            seconds=s.rng.randint(8 * 3600, 20 * 3600))
        return f"{moment:%Y-%m-%d %H:%M:%S}"

    agents = [s.fake.name() for _ in range(8)]
    return CorpusTable("投诉工单", 0, [
        column("gdbh", plain(lambda: f"GD{s.event_day(date(2024, 1, 1)):%Y%m%d}{s.digits(5)}"), rows),
        column("slsj", plain(received), rows),
        column("ldhm", share(s, [(0.6, sensitive("CN_MOBILE", s.fake.phone_number)),
                                 (0.1, sensitive("CN_MOBILE", lambda: s.spelled(s.fake.phone_number()))),
                                 (0.3, sensitive("CN_LANDLINE", s.landline))]), rows),
        column("sqr", sensitive("PERSON_NAME", s.fake.name), rows),
        # 联系方式 as call-centre agents type it: name and number in one cell
        column("lxfs", lambda: (f"{s.fake.name()}{s.pick([' ', '/', '，'])}{s.fake.phone_number()}",
                                frozenset({"PERSON_NAME", "CN_MOBILE"})), rows),
        column("jbr", sensitive("PERSON_NAME", lambda: s.pick(agents)), rows),
        column("sqlx", plain(lambda: s.pick(COMPLAINT_TYPES)), rows),
        column("sqnr", plain(lambda: s.pick(COMPLAINT_TOPICS)), rows),
        column("cbdw", plain(lambda: s.pick(HANDLING_UNITS)), rows),
        column("blzt", plain(lambda: s.pick(HANDLING_STATES)), rows),
        column("myd", plain(lambda: s.pick(SATISFACTION)), rows),
        column("bjsx", plain(lambda: str(s.pick([3, 5, 7, 15, 30]))), rows),
        column("blyj", plain(lambda: s.fake.text(60)), rows),  # Faker's Chinese filler text: no entity
    ])


def vehicles(s: Source, rows: int) -> CorpusTable:
    return CorpusTable("车辆登记", 0, [
        column("号牌号码", sensitive("CN_LICENSE_PLATE", s.plate), rows),
        column("车辆识别代号", sensitive("VIN", s.fake.vin), rows),
        column("所有人", sensitive("PERSON_NAME", s.fake.name), rows),
        column("身份证明号码", share(s, [(0.85, sensitive("CN_RESIDENT_ID", s.fake.ssn)),
                                     (0.15, sensitive("CN_RESIDENT_ID", s.legacy_id))]), rows),
        column("联系电话", sensitive("CN_MOBILE", s.fake.phone_number), rows),
        column("住所地址", sensitive("CN_ADDRESS", s.fake.address), rows),
        column("车辆类型", plain(lambda: s.pick(VEHICLE_TYPES)), rows),
        column("使用性质", plain(lambda: s.pick(USE_TYPES)), rows),
        column("车身颜色", plain(lambda: s.pick(COLOURS)), rows),
        column("初次登记日期", plain(lambda: f"{s.event_day(date(2005, 1, 1)):%Y-%m-%d}"), rows),
        column("检验有效期止", plain(lambda: f"{s.event_day(date(2026, 1, 1), date(2030, 12, 31)):%Y-%m-%d}"), rows),
        column("排量(ml)", plain(lambda: str(s.pick([998, 1498, 1598, 1998, 2494, 2997]))), rows),
        column("核定载客", plain(lambda: str(s.pick([2, 5, 7, 9]))), rows),
    ])


def appointments(s: Source, rows: int) -> CorpusTable:
    doctors = [s.fake.name() for _ in range(12)]
    people = [s.fake.profile(fields=["name", "ssn", "birthdate"]) for _ in range(rows)]
    return CorpusTable("预约挂号", 0, [
        column("预约号", plain(lambda: f"YY{s.digits(10)}"), rows),
        Column("患者姓名", [(p["name"], frozenset({"PERSON_NAME"})) for p in people]),
        Column("证件号码", [(p["ssn"], frozenset({"CN_RESIDENT_ID"})) for p in people]),
        Column("出生日期", [(f"{p['birthdate']:%Y/%m/%d}", frozenset({"BIRTH_DATE"})) for p in people]),
        # the same birth dates under a meaningless name: the IDs of the same rows tell
        Column("rq2", [(f"{p['birthdate']:%Y-%m-%d}", frozenset({"BIRTH_DATE"})) for p in people]),
        column("rq3", plain(lambda: f"{s.event_day(date(2024, 1, 1)):%Y-%m-%d}"), rows),
        column("手机号", sensitive("CN_MOBILE", s.fake.phone_number), rows),
        column("科室", plain(lambda: s.pick(DEPARTMENTS)), rows),
        column("医生", sensitive("PERSON_NAME", lambda: s.pick(doctors)), rows),
        column("号源类型", plain(lambda: s.pick(SOURCE_TYPES)), rows),
        column("就诊日期", plain(lambda: f"{s.event_day(date(2025, 1, 1)):%Y-%m-%d}"), rows),
        column("挂号费", plain(lambda: s.pick(["15.00", "25.00", "50.00", "100.00"])), rows),
        column("预约渠道", plain(lambda: s.pick(TERMINALS)), rows),
    ])


def access_log(s: Source, rows: int) -> CorpusTable:
    return CorpusTable("访问日志", 0, [
        column("request_id", plain(lambda: s.fake.uuid4()), rows),
        column("client_ip", share(s, [(0.75, sensitive("IP_ADDRESS", s.fake.ipv4)),
                                      (0.1, sensitive("IP_ADDRESS", s.fake.ipv6)),
                                      (0.15, cycle(PRESIDIO_IPS, "IP_ADDRESS", s))]), rows),
        column("user_email", share(s, [(0.9, sensitive("EMAIL", s.fake.email)),
                                       (0.1, cycle(PRESIDIO_EMAILS, "EMAIL", s))]), rows),
        column("access_time", plain(lambda: f"{s.event_day(date(2025, 6, 1)):%Y-%m-%d}T{s.rng.randint(0, 23):02d}:"
                                            f"{s.rng.randint(0, 59):02d}:{s.rng.randint(0, 59):02d}+08:00"), rows),
        column("path", plain(lambda: s.pick(PATHS)), rows),
        column("status", plain(lambda: s.pick(["200", "200", "200", "302", "404", "500"])), rows),
        column("bytes", plain(lambda: str(s.rng.randint(200, 90000))), rows),
        column("terminal", plain(lambda: s.pick(TERMINALS)), rows),
        column("app_version", plain(lambda: s.pick(PRESIDIO_NOT_IPS[:1] + ["2.3.1", "2.4.0", "3.0.12"])), rows),
    ])


def fee_schedule(s: Source, rows: int) -> CorpusTable:
    items = [s.pick(FEE_ITEMS) for _ in range(rows)]
    return CorpusTable("收费标准", 0, [
        Column("项目编码", [(code, NONE) for code, _, _, _ in items]),
        Column("收费项目", [(name, NONE) for _, name, _, _ in items]),
        Column("计费单位", [(unit, NONE) for _, _, unit, _ in items]),
        Column("收费标准（元）", [(f"{fee:.2f}", NONE) for _, _, _, fee in items]),
        column("执行日期", plain(lambda: f"{s.event_day(date(2018, 1, 1)):%Y-%m-%d}"), rows),
        column("批准文号", plain(lambda: s.pick(APPROVALS)), rows),
        column("主管部门", plain(lambda: s.pick(["市发展和改革委员会", "市财政局", "市卫生健康委员会", "市公安局"])), rows),
        column("合作银行", plain(s.fake.bank), rows),  # bank names alone identify no account
        column("收费单位地址", plain(lambda: s.pick(HANDLING_UNITS)), rows),
    ])


def other_projects(s: Source, rows: int) -> CorpusTable:
    """Every column drawn from other projects' test assertions: valid values labelled, values those
    suites assert invalid as negative twins."""
    return CorpusTable("外部测试值", 0, [
        column("sfzh", cycle(STDNUM_RIC + ID_VALIDATOR_RIC, "CN_RESIDENT_ID", s), rows),
        column("tyshxydm", cycle(STDNUM_USCC, "CN_USCC", s), rows),
        column("sjhm", cycle(OTHER_MOBILES, "CN_MOBILE", s), rows),
        column("yhkh", cycle(PRESIDIO_CARDS, "BANK_CARD", s), rows),
        column("email", cycle(PRESIDIO_EMAILS + ["admin@presidio.site"], "EMAIL", s), rows),
        column("ip", cycle(PRESIDIO_IPS, "IP_ADDRESS", s), rows),
        column("bh", cycle(OTHER_NOT_MOBILES, None, s), rows),
        column("bbh", cycle(PRESIDIO_NOT_IPS, None, s), rows),
        column("jyh", cycle(OTHER_NOT_RIC, None, s), rows),
    ])


def examinations(s: Source, rows: int) -> CorpusTable:
    people = [s.fake.profile(fields=["name", "ssn"]) for _ in range(rows)]
    return CorpusTable("考试报名", 0, [
        # 15-digit admission ticket numbers (year, site, room, seat): shaped like a first-generation ID
        column("准考证号", plain(lambda: f"{s.pick(['1101', '3101', '4403'])}{s.pick(['2023', '2024'])}"
                                        f"{s.rng.randint(1, 60):03d}{s.rng.randint(1, 30):02d}{s.rng.randint(1, 30):02d}"), rows),
        Column("考生姓名", [(p["name"], frozenset({"PERSON_NAME"})) for p in people]),
        Column("身份证号", [(p["ssn"], frozenset({"CN_RESIDENT_ID"})) for p in people]),
        column("报考职位代码", plain(lambda: f"{s.rng.randint(100, 400)}{s.digits(9)}"), rows),
        column("笔试成绩", plain(lambda: f"{s.rng.uniform(40, 90):.1f}"), rows),
        column("考场号", plain(lambda: f"{s.rng.randint(1, 80):03d}"), rows),
        column("学号", plain(lambda: f"{s.pick(['2019', '2020', '2021'])}{s.digits(8)}"), rows),
        column("毕业院校", plain(lambda: s.pick(["北京大学", "复旦大学", "武汉大学", "四川大学", "兰州大学", "山东大学"])), rows),
        column("手机", sensitive("CN_MOBILE", s.fake.phone_number), rows),
        column("考试日期", plain(lambda: s.pick(["2024-11-30", "2024-12-01", "2025-03-15"])), rows),
    ])


def devices(s: Source, rows: int) -> CorpusTable:
    return CorpusTable("终端准入", 0, [
        column("资产编号", plain(lambda: f"ZC-{s.rng.randint(2015, 2025)}-{s.digits(5)}"), rows),
        column("设备名称", plain(lambda: s.pick(["办公电脑", "笔记本电脑", "打印机", "自助终端", "瘦客户机"])), rows),
        column("MAC地址", sensitive("MAC_ADDRESS", s.fake.mac_address), rows),
        column("IP地址", sensitive("IP_ADDRESS", s.fake.ipv4_private), rows),
        column("使用人", sensitive("PERSON_NAME", s.fake.name), rows),
        column("所属部门", plain(lambda: s.pick(["办公室", "财务科", "信息中心", "审批科", "档案室"])), rows),
        column("操作系统", plain(lambda: s.pick(["Windows 10", "Windows 11", "统信UOS 20", "麒麟V10"])), rows),
        column("准入时间", plain(lambda: f"{s.event_day(date(2022, 1, 1)):%Y-%m-%d} 09:00:00"), rows),
    ])


def housing_fund(s: Source, rows: int) -> CorpusTable:
    return CorpusTable("公积金缴存", 0, [
        column("grzh", sensitive("FINANCIAL_ACCOUNT_INFO", lambda: f"{s.pick(['1010', '2020', '3030'])}{s.digits(8)}"), rows),
        column("xingming", sensitive("PERSON_NAME", s.fake.name), rows),
        column("zjhm", sensitive("CN_RESIDENT_ID", s.fake.ssn), rows),
        column("dwmc", plain(s.fake.company), rows),
        column("jcbl", plain(lambda: s.pick(["5%", "8%", "10%", "12%"])), rows),
        column("zhye", sensitive("FINANCIAL_ACCOUNT_INFO", lambda: f"{s.rng.randint(0, 400000)}.{s.digits(2)}"), rows),
        column("zhzt", plain(lambda: s.pick(["正常", "封存", "销户"])), rows),
        column("khrq", plain(lambda: f"{s.event_day(date(2000, 1, 1)):%Y-%m-%d}"), rows),
    ])


def masked_export(s: Source, rows: int) -> CorpusTable:
    """A 政务数据共享 export whose identifiers were masked before release: masked values hold no
    entity, the Chinese birth dates and the unmasked names do."""
    people = [s.fake.profile(fields=["name", "ssn", "birthdate"]) for _ in range(rows)]
    return CorpusTable("共享交换_脱敏", 0, [
        Column("姓名", [(p["name"], frozenset({"PERSON_NAME"})) for p in people]),
        Column("身份证号（脱敏）", [(p["ssn"][:4] + "*" * 10 + p["ssn"][-4:], NONE) for p in people]),
        column("手机号（脱敏）", plain(lambda: (lambda m: m[:3] + "****" + m[-4:])(s.fake.phone_number())), rows),
        Column("出生年月日", [(f"{p['birthdate'].year}年{p['birthdate'].month}月{p['birthdate'].day}日",
                           frozenset({"BIRTH_DATE"})) for p in people]),
        column("证件号哈希", plain(lambda: s.fake.sha256()), rows),
        column("办理日期", plain(lambda: (lambda d: f"{d.year}年{d.month}月{d.day}日")(s.event_day())), rows),
        column("行政区划代码", plain(lambda: s.pick(["110105", "310115", "440305", "330106", "510107", "620102"])), rows),
        column("所属网格", plain(lambda: s.pick(["望京街道第三网格", "城关镇东关社区第一网格", "新华街道第五网格",
                                                "和平街道中心社区网格"])), rows),
    ])


def invoices(s: Source, rows: int) -> CorpusTable:
    return CorpusTable("财政票据", 0, [
        column("票据代码", plain(lambda: f"{s.pick(['11', '31', '44'])}0{s.digits(5)}{s.pick(['01', '02'])}"), rows),
        column("票据号码", plain(lambda: s.digits(10)), rows),
        column("发票代码", plain(lambda: f"1{s.pick(['44', '11', '31'])}0{s.rng.randint(19, 25)}{s.digits(6)}"), rows),
        column("发票号码", plain(lambda: s.digits(8)), rows),
        column("开票日期", plain(lambda: f"{s.event_day(date(2023, 1, 1)):%Y%m%d}"), rows),
        column("金额", plain(lambda: f"{s.rng.randint(1, 99999):,}.{s.digits(2)}"), rows),
        column("交款单位", plain(s.fake.company), rows),
        column("收款单位", plain(lambda: s.pick(HANDLING_UNITS)), rows),
        column("交易流水号", plain(lambda: f"{s.event_day(date(2024, 1, 1)):%Y%m%d}{s.digits(12)}"), rows),
        column("车次航班", plain(lambda: s.pick(["G", "D", "CA", "MU", "CZ", "K"]) + str(s.rng.randint(10, 9999))), rows),
    ])


TABLES: tuple[Callable[[Source, int], CorpusTable], ...] = (
    population, social_insurance, enterprises, complaints, vehicles, appointments, access_log, fee_schedule,
    other_projects, examinations, devices, housing_fund, masked_export, invoices)


def build(seed: int = SEED, rows: int = ROWS) -> list[CorpusTable]:
    return [make(Source(seed * 100 + number), rows) for number, make in enumerate(TABLES)]


_NUMBER = re.compile(r"-?(?:0|[1-9]\d{0,10})(?:\.\d+)?")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _typed(values: list[str | None], dates: bool) -> list:
    """Columns of numbers up to 11 digits (counts, amounts, yyyymmdd dates, mobiles) are numbers
    in typed formats (XLSX, JSON, Parquet), and ISO dates are dates where the format has them
    (``dates``: XLSX, Parquet), as exports write them; every other column stays text."""
    present = [v for v in values if v not in (None, "")]
    if present and all(_NUMBER.fullmatch(v) for v in present):
        as_float = any("." in v for v in present)
        return [None if v in (None, "") else (float(v) if as_float else int(v)) for v in values]
    if dates and present and all(_ISO_DATE.fullmatch(v) for v in present):
        return [None if v in (None, "") else date.fromisoformat(v) for v in values]
    return list(values)


def write(tables: list[CorpusTable], directory: Path, every_format: bool = True) -> dict[str, dict]:
    """Every table in every format under ``directory`` (or, not ``every_format``, each table in
    one format, the formats taken in turn); the labels per file name and column."""
    directory.mkdir(parents=True, exist_ok=True)
    labels = {}
    for number, table in enumerate(tables):
        text = {c.name: [value for value, _ in c.cells] for c in table.columns}
        typed = {name: _typed(values, dates=False) for name, values in text.items()}
        dated = {name: _typed(values, dates=True) for name, values in text.items()}
        for fmt in FORMATS if every_format else (FORMATS[number % len(FORMATS)],):
            path = directory / f"{table.name}.{fmt}"
            if fmt.endswith("csv"):
                encoding = "gbk" if fmt == "gbk.csv" else "utf-8"
                with path.open("w", encoding=encoding, newline="") as handle:
                    writer = csv.writer(handle)
                    writer.writerow(text)
                    writer.writerows(zip(*text.values(), strict=True))
            elif fmt == "xlsx":
                book = openpyxl.Workbook()
                sheet = book.active
                sheet.title = table.name
                sheet.append(list(dated))
                for row in zip(*dated.values(), strict=True):
                    sheet.append(list(row))
                book.save(path)
            elif fmt in ("json", "jsonl"):
                records = [dict(zip(typed, row, strict=True)) for row in zip(*typed.values(), strict=True)]
                lines = [json.dumps(r, ensure_ascii=False) for r in records]
                path.write_text("[\n" + ",\n".join(lines) + "\n]\n" if fmt == "json" else "\n".join(lines) + "\n",
                                encoding="utf-8")
            else:
                pq.write_table(pa.table(dated), path)
            labels[path.name] = table.labels()
    return labels


def evaluate(directory: Path, seed: int = SEED, rows: int = ROWS, every_format: bool = True) -> tuple[dict, ScanResult]:
    """Write the corpus under ``directory`` (see ``write``), scan it in full and score it per
    format (``all``: every file), as ``tests.detect.corpus.score`` does."""
    labels = write(build(seed, rows), directory, every_format)
    groups = {name: next(fmt for fmt in FORMATS if name.endswith(f".{fmt}") and
                         (fmt != "csv" or not name.endswith(".gbk.csv"))) for name in labels}
    return score(directory, labels, groups)
