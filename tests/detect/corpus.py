"""A labelled corpus of Chinese government-style tables, one group per detection error class.

Every cell is generated together with the entities it holds, and a column is labelled with entity E
when at least ``LABEL_SHARE`` of its non-empty values contain E (the rule of issue 15). Each class
has negative twins: columns that look alike but hold nothing sensitive, so that a detector that
flags too much loses precision exactly where it would mislead an auditor.

The corpus is written as files (CSV, JSON Lines, Parquet) and scanned as users scan, so the same
corpus measures any version of secsuite: ``benchmarks/eval_detection.py`` prints micro-F1 per class,
``tests/detect/test_corpus.py`` holds the targets.
"""

from __future__ import annotations

import csv
import json
import random
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from stdnum.cn import ric

from secsuite.classify.guide import load_guide
from secsuite.detect.spec import load_specs
from secsuite.results import ScanResult
from secsuite.scan.dataset import ScanOptions
from secsuite.scan.pipeline import ScanRequest, run_scan
from tests.detect.sentences import SentenceMaker

LABEL_SHARE = 0.05
ROWS = 200
SEED = 15

Cell = tuple[str | None, frozenset[str]]
NONE: frozenset[str] = frozenset()

# --- value makers (each returns a string; the caller knows the entity) ------------------------

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉兰海燕文俊鹏辉宇浩然子涵欣怡梓萱思远嘉怡晨阳雨桐浩宇一诺佳琪"
COMPOUND = ["欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐"]
PINYIN_SURNAMES = ["ZHANG", "WANG", "LI", "LIU", "CHEN", "YANG", "HUANG", "ZHAO", "ZHOU", "WU", "XU", "SUN", "OUYANG",
                   "MA", "ZHU", "HU", "GUO", "HE", "GAO", "LIN", "LUO", "ZHENG", "LIANG", "XIE", "SONG", "TANG"]
PINYIN_GIVEN = ["WEI", "FANG", "NA", "XIUYING", "MIN", "JING", "LI", "QIANG", "LEI", "JUN", "YANG", "YONG", "YAN",
                "JIE", "JUAN", "TAO", "MING", "CHAO", "XIA", "PING", "GANG", "HUA", "JIANGUO", "ZHIHONG", "HAIYAN",
                "WENJUN", "PENG", "HAORAN", "ZIHAN", "XINYI", "NANA", "YUTONG", "JIAQI", "SIYUAN"]
MINORITY = ["阿卜杜拉·买买提", "热依拉·阿不都", "古丽娜尔·吐尔逊", "艾力·沙吾提", "迪丽娜尔·艾合买提", "帕尔哈提·依明",
            "扎西·次仁", "阿依古丽·卡德尔", "努尔兰·哈力克", "巴特尔·那顺", "买买提·艾力", "吐尔洪·阿吉",
            "央金·卓玛", "娜仁·其其格", "阿不都热合曼·玉素甫", "米热古丽·艾买提"]
PROVINCES = [("北京市", "朝阳区", "110105"), ("上海市", "浦东新区", "310115"), ("广东省深圳市", "南山区", "440305"),
             ("江苏省南京市", "鼓楼区", "320106"), ("浙江省杭州市", "西湖区", "330106"), ("四川省成都市", "武侯区", "510107"),
             ("湖北省武汉市", "洪山区", "420111"), ("甘肃省兰州市", "城关区", "620102"), ("山东省济南市", "历下区", "370102"),
             ("陕西省西安市", "雁塔区", "610113")]
ROADS = ["人民路", "解放路", "中山路", "建设路", "和平路", "胜利街", "新华路", "朝阳路", "长江路", "文化路", "学府路"]
COMMUNITIES = ["阳光小区", "幸福家园", "锦绣花园", "翠湖苑", "金色家园", "丽都花园"]
STREETS_OFFICES = ["朝阳街道办事处", "新华街道办事处", "城关镇", "城关镇人民政府", "和平街道", "东城街道办事处", "高新区管委会",
                   "白云街道", "马家堡街道办事处", "望京街道", "南山区", "西湖区", "岳麓区", "江宁区", "浦东新区"]
# historical GB/T 2260 county codes (since renamed or merged: 宣武区, 崇文区, 卢湾区, 闸北区, 南汇区, 河北 sanhe 1990s)
HISTORICAL_AREAS = ["110104", "110103", "310103", "310108", "310225", "320104", "440304", "120103", "510102", "420103"]
BANK_BINS = ["622202", "622848", "621700", "622700", "621226", "622588", "621483", "622262", "603601", "623062",
             "621661", "622609", "621799", "622908"]
BANK_NAMES = ["中国工商银行", "中国农业银行", "中国银行", "中国建设银行", "交通银行", "招商银行", "兴业银行", "中国邮政储蓄银行",
              "浦发银行", "中信银行", "北京农商银行", "平安银行"]
MOBILE_PREFIXES = ["130", "131", "132", "133", "135", "136", "137", "138", "139", "145", "147", "150", "151", "152",
                   "153", "155", "156", "157", "158", "159", "162", "166", "167", "170", "171", "173", "175", "176",
                   "177", "178", "180", "181", "182", "183", "184", "185", "186", "187", "188", "189", "190", "191",
                   "192", "193", "195", "196", "197", "198", "199"]
AREA_CODES = ["010", "020", "021", "022", "023", "024", "025", "027", "028", "029", "0311", "0351", "0371", "0431",
              "0451", "0531", "0551", "0571", "0591", "0731", "0755", "0756", "0769", "0871", "0898", "0931", "0991"]
PLATE_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
SYMPTOMS = ["发热", "咳嗽", "头痛", "胸闷", "腹泻", "恶心", "呕吐", "乏力", "头晕", "失眠", "心悸", "气短", "咽痛",
            "腹痛", "关节痛", "皮疹", "水肿"]
MEDICINES = ["阿莫西林胶囊", "布洛芬缓释胶囊", "二甲双胍片", "硝苯地平控释片", "阿司匹林肠溶片", "氨氯地平片", "奥美拉唑肠溶胶囊",
             "头孢呋辛酯片", "阿托伐他汀钙片", "胰岛素注射液", "对乙酰氨基酚片"]
ICD_NAMES = ["原发性高血压", "2型糖尿病", "急性上呼吸道感染", "慢性阻塞性肺疾病", "支气管哮喘", "冠状动脉粥样硬化性心脏病",
             "脑梗死", "慢性胃炎", "肺炎", "骨质疏松", "类风湿关节炎", "抑郁症", "慢性肾脏病", "缺铁性贫血", "甲状腺功能亢进症"]
DEPARTMENTS = ["办公室", "综合科", "财务科", "人事科", "法规科", "信息中心", "审批科", "执法大队", "档案室", "后勤服务中心"]
ENGLISH_WORDS = ["Apple", "Orange Grove", "Summer Palace", "River", "Mountain View", "Silver Lake", "Golden Gate",
                 "Green Park", "Blue Sky", "Main Street", "Open Data", "Annual Report", "Public Service", "Red Star",
                 "Bright Future", "Ocean Park", "Spring Festival", "Autumn Leaves", "Winter Garden", "Stone Bridge"]
STATUS_WORDS = ["approved", "pending", "rejected", "closed", "in review", "archived", "draft", "returned"]
NOTES_PLAIN = ["材料齐全，已受理", "已办结", "退回补正材料", "申请人已现场签收", "系统自动审核通过", "待复核", "已归档",
               "按期办结，群众满意", "需补充营业执照副本", "窗口受理，转业务科室"]


class Faker:
    """Realistic values from one seeded random source."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)

    def pick(self, items):
        return self.rng.choice(items)

    def chance(self, share: float) -> bool:
        return self.rng.random() < share

    def digits(self, count: int) -> str:
        return "".join(self.rng.choice("0123456789") for _ in range(count))

    def birth(self, low: int = 1935, high: int = 2015) -> date:
        return date(low, 1, 1) + timedelta(days=self.rng.randint(0, (date(high, 12, 31) - date(low, 1, 1)).days))

    def resident_id(self, born: date | None = None, area: str | None = None) -> str:
        area = area or self.pick(PROVINCES)[2]
        born = born or self.birth()
        body = f"{area}{born:%Y%m%d}{self.rng.randint(0, 999):03d}"
        return body + ric.calc_check_digit(body + "0")

    def legacy_id(self, born: date | None = None) -> str:
        born = born or self.birth(1930, 1980)
        return f"{self.pick(PROVINCES)[2]}{born:%y%m%d}{self.rng.randint(0, 999):03d}"

    def permit_id(self) -> str:
        """港澳台居民居住证 numbers: area 810000 (HK), 820000 (Macau), 830000 (Taiwan)."""
        return self.resident_id(area=self.pick(["810000", "820000", "830000"]))

    def luhn_complete(self, prefix: str) -> str:
        digits = [int(d) for d in prefix + "0"]
        for i in range(len(digits) - 2, -1, -2):
            digits[i] = digits[i] * 2 - 9 if digits[i] * 2 > 9 else digits[i] * 2
        return prefix + str((10 - sum(digits) % 10) % 10)

    def bank_card(self) -> str:
        prefix = self.pick(BANK_BINS)
        return self.luhn_complete(prefix + self.digits(self.pick([10, 12]) - 0))

    def mobile(self) -> str:
        return self.pick(MOBILE_PREFIXES) + self.digits(8)

    def landline(self) -> str:
        code = self.pick(AREA_CODES)
        local = str(self.rng.randint(2, 8)) + self.digits(7 if len(code) == 3 else self.pick([6, 7]))
        return self.pick([f"{code}-{local}", f"({code}){local}", f"{code} {local}", f"{code}{local}"])

    def name(self) -> str:
        if self.chance(0.05):
            return self.pick(COMPOUND) + self.pick(GIVEN) + (self.pick(GIVEN) if self.chance(0.5) else "")
        return self.pick(SURNAMES) + self.pick(GIVEN) + (self.pick(GIVEN) if self.chance(0.6) else "")

    def pinyin_name(self) -> str:
        surname, given = self.pick(PINYIN_SURNAMES), self.pick(PINYIN_GIVEN)
        style = self.rng.randint(0, 3)
        if style == 0:
            return f"{surname} {given}"
        if style == 1:
            return f"{surname.title()} {given.title()}"
        if style == 2:
            return f"{given.title()} {surname.title()}"
        return f"{surname} {given.title()}"

    def address(self) -> str:
        province, district, _ = self.pick(PROVINCES)
        tail = self.pick([f"{self.pick(ROADS)}{self.rng.randint(1, 300)}号",
                          f"{self.pick(ROADS)}{self.rng.randint(1, 99)}号{self.pick(COMMUNITIES)}{self.rng.randint(1, 30)}栋"
                          f"{self.rng.randint(1, 6)}单元{self.rng.randint(1, 30)}0{self.rng.randint(1, 4)}室"])
        return f"{province}{district}{tail}"

    def passport(self) -> str:
        return self.pick([f"E{self.digits(8)}", f"G{self.digits(8)}",
                          f"E{self.pick('ABCDEFGHJKLMNPQRSTUVWXYZ')}{self.digits(7)}"])

    def hk_macao_permit(self) -> str:
        return self.pick([f"C{self.digits(8)}", f"C{self.pick('ABCDEFGHJKLMNPQRSTUVWXYZ')}{self.digits(7)}",
                          f"H{self.digits(10)}", f"M{self.digits(8)}"])

    def plate(self) -> str:
        province, letter = self.pick(PLATE_PROVINCES), self.pick(PLATE_LETTERS)
        alnum = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"
        return self.pick([
            f"{province}{letter}{''.join(self.pick(alnum) for _ in range(4))}{self.rng.randint(0, 9)}",
            f"{province}{letter}{self.pick('DF')}{self.pick(alnum)}{self.digits(4)}",
            f"{province}{letter}{self.digits(5)}{self.pick('DF')}",
        ])

    def uscc(self) -> str:
        from stdnum.cn import uscc

        body = f"91{self.pick(PROVINCES)[2]}{self.rng.choice('MA')}{self.digits(8)}"
        body = body[:17]
        return body + uscc.calc_check_digit(body)

    def event_date(self, low: int = 2015, high: int = 2025) -> date:
        return self.birth(low, high)


# --- tables --------------------------------------------------------------------------------------

@dataclass
class Column:
    name: str
    cells: list[Cell]

    def labels(self) -> set[str]:
        non_empty = [entities for value, entities in self.cells if value not in (None, "")]
        counts = Counter(entity for entities in non_empty for entity in entities)
        return {e for e, n in counts.items() if non_empty and n / len(non_empty) >= LABEL_SHARE}


@dataclass
class CorpusTable:
    """One file of the corpus: ``error_class`` 1-9 (issue 15's numbering) or 0 for plain tables."""

    name: str
    error_class: int
    columns: list[Column]
    fmt: str = "csv"
    structured: dict[str, list] = field(default_factory=dict)  # column -> Python objects (JSON/Parquet)
    sub_labels: dict[str, set[str]] = field(default_factory=dict)  # "payload.mobile" -> entities

    def labels(self) -> dict[str, set[str]]:
        labelled = {c.name: c.labels() for c in self.columns if c.name not in self.structured}
        labelled.update(self.sub_labels)
        return labelled


def column(name: str, make: Callable[[], Cell], rows: int = ROWS) -> Column:
    return Column(name, [make() for _ in range(rows)])


def mixture(f: Faker, parts: list[tuple[float, Callable[[], str], frozenset[str]]]) -> Callable[[], Cell]:
    """A cell maker drawing each part with its share (shares add up to 1)."""
    def make() -> Cell:
        draw = f.rng.random()
        for share, maker, entities in parts:
            draw -= share
            if draw < 0:
                return maker(), entities
        share, maker, entities = parts[-1]
        return maker(), entities
    return make


def E(*names: str) -> frozenset[str]:
    return frozenset(names)


def _people(f: Faker, rows: int = ROWS) -> list[dict]:
    people = []
    for _ in range(rows):
        born = f.birth()
        people.append({"name": f.name(), "born": born, "id": f.resident_id(born), "mobile": f.mobile(),
                       "address": f.address()})
    return people


def class1_mixed(f: Faker) -> list[CorpusTable]:
    officer_card = lambda: f.pick(["南字第", "北字第", "军字第"]) + f.digits(6) + "号"  # 军官证  # noqa: E731
    return [
        CorpusTable("c1_联系人信息", 1, [
            column("姓名", lambda: (f.name(), E("PERSON_NAME"))),
            column("联系电话", mixture(f, [(0.78, f.mobile, E("CN_MOBILE")), (0.22, f.landline, E("CN_LANDLINE"))])),
            column("证件号码", mixture(f, [(0.7, f.resident_id, E("CN_RESIDENT_ID")),
                                       (0.12, f.passport, E("CN_PASSPORT")),
                                       (0.12, f.hk_macao_permit, E("CN_HK_MACAO_PERMIT")),
                                       (0.06, officer_card, E("CN_MILITARY_ID"))])),
            # 支付账号: bank cards and the mobile numbers that payment accounts are opened with
            column("支付账号", mixture(f, [(0.8, f.bank_card, E("BANK_CARD")), (0.2, f.mobile, E("CN_MOBILE"))])),
        ]),
        CorpusTable("c1_历史户籍", 1, [
            column("gmsfhm", mixture(f, [(0.6, f.resident_id, E("CN_RESIDENT_ID")),
                                         (0.25, f.legacy_id, E("CN_RESIDENT_ID")),
                                         (0.15, f.permit_id, E("CN_RESIDENT_ID"))])),
            column("c3", mixture(f, [(0.75, f.mobile, E("CN_MOBILE")), (0.25, f.landline, E("CN_LANDLINE"))])),
            # negative twin: a few stray phones (2%) in a column of case numbers stays clean
            column("案卷编号", mixture(f, [(0.98, lambda: f"AJ{f.digits(10)}", NONE),
                                       (0.02, f.mobile, E("CN_MOBILE"))])),
            column("登记序号", lambda: (str(f.rng.randint(10**6, 10**7)), NONE)),
        ]),
    ]


def class2_composite(f: Faker) -> list[CorpusTable]:
    def name_phone() -> Cell:
        return f"{f.name()} {f.mobile()}", E("PERSON_NAME", "CN_MOBILE")

    def name_id() -> Cell:
        return f"{f.name()}/{f.resident_id()}", E("PERSON_NAME", "CN_RESIDENT_ID")

    def name_phone_address() -> Cell:
        return f"{f.name()}，电话{f.landline()}，住址{f.address()}", E("PERSON_NAME", "CN_LANDLINE", "CN_ADDRESS")

    return [
        CorpusTable("c2_走访登记", 2, [
            column("联系人", mixture(f, [(0.6, lambda: name_phone()[0], E("PERSON_NAME", "CN_MOBILE")),
                                      (0.4, lambda: name_id()[0], E("PERSON_NAME", "CN_RESIDENT_ID"))])),
            column("当事人情况", name_phone_address),
            column("c9", name_phone),
            # negative twins: a team and a locker number, a product with its code
            column("班组", lambda: (f"第{f.rng.randint(1, 12)}组 {f.pick(DEPARTMENTS)}", NONE)),
            column("物品", lambda: (f"{f.pick(['档案盒', '文件柜', '打印机', '扫描仪'])} A{f.digits(4)}-{f.digits(2)}", NONE)),
        ]),
    ]


def class3_structured(f: Faker) -> list[CorpusTable]:
    payloads, contacts, kvs, configs = [], [], [], []
    for _ in range(ROWS):
        payloads.append({"mobile": f.mobile(), "city": f.pick(["北京", "上海", "深圳"]), "channel": f.pick(["app", "web"]),
                         "applicant": {"name": f.name(), "idno": f.resident_id()}})
        contacts.append([{"phone": f.mobile(), "relation": f.pick(["父亲", "母亲", "配偶"])} for _ in range(f.rng.randint(1, 3))])
        kvs.append(f"uid={f.digits(7)};mobile={f.mobile()};ip=10.{f.rng.randint(0, 255)}.{f.rng.randint(0, 255)}.{f.rng.randint(1, 254)};op=login")
        configs.append({"retries": f.rng.randint(1, 5), "mode": f.pick(["fast", "safe"]), "version": f"1.{f.rng.randint(0, 9)}"})
    rows = [{"log_id": str(i), "payload": p, "contacts": c, "raw": k, "config": g}
            for i, (p, c, k, g) in enumerate(zip(payloads, contacts, kvs, configs, strict=True))]
    sub = {"payload.mobile": {"CN_MOBILE"}, "payload.city": set(), "payload.channel": set(),
           "payload.applicant.name": {"PERSON_NAME"}, "payload.applicant.idno": {"CN_RESIDENT_ID"},
           "contacts[].phone": {"CN_MOBILE"}, "contacts[].relation": set(),
           "raw.uid": set(), "raw.mobile": {"CN_MOBILE"}, "raw.ip": {"IP_ADDRESS"}, "raw.op": set(),
           "config.retries": set(), "config.mode": set(), "config.version": set()}
    columns = [Column("log_id", [(r["log_id"], NONE) for r in rows])]
    structured = {"payload": payloads, "contacts": contacts, "raw": kvs, "config": configs}
    parquet_rows = [{"rid": str(i), "person": {"xm": f.name(), "sjh": f.mobile()},
                     "phones": [f.mobile() for _ in range(2)],
                     "attrs": {"email": f"user{f.digits(5)}@example.com.cn", "level": "3"}} for i in range(ROWS)]
    parquet_sub = {"person.xm": {"PERSON_NAME"}, "person.sjh": {"CN_MOBILE"}, "phones[]": {"CN_MOBILE"},
                   "attrs.email": {"EMAIL"}, "attrs.level": set()}
    return [
        CorpusTable("c3_接口日志", 3, columns, fmt="jsonl", structured=structured, sub_labels=sub),
        CorpusTable("c3_人员宽表", 3, [Column("rid", [(r["rid"], NONE) for r in parquet_rows])], fmt="parquet",
                    structured={"person": [r["person"] for r in parquet_rows], "phones": [r["phones"] for r in parquet_rows],
                                "attrs": [r["attrs"] for r in parquet_rows]},
                    sub_labels=parquet_sub),
    ]


def class4_names(f: Faker) -> list[CorpusTable]:
    staff = [f.name() for _ in range(10)]
    return [
        CorpusTable("c4_出入境人员", 4, [
            column("姓名拼音", lambda: (f.pinyin_name(), E("PERSON_NAME"))),
            column("name_en", lambda: (f.pinyin_name(), E("PERSON_NAME"))),
            column("xm", mixture(f, [(0.8, f.name, E("PERSON_NAME")), (0.2, lambda: f.pick(MINORITY), E("PERSON_NAME"))])),
            column("经办人", lambda: (f.pick(staff), E("PERSON_NAME"))),
            column("审核人", lambda: (f.pick(staff[:6]), E("PERSON_NAME"))),
            # negative twins: English words, status words, few departments
            column("title", lambda: (f.pick(ENGLISH_WORDS), NONE)),
            column("status", lambda: (f.pick(STATUS_WORDS), NONE)),
            column("经办机构", lambda: (f.pick(DEPARTMENTS), NONE)),
        ]),
    ]


def class5_birth(f: Faker) -> list[CorpusTable]:
    people = _people(f)
    birth_iter = iter(people)
    birth_iter2 = iter(people)
    id_iter = iter(people)
    name_iter = iter(_people(f))
    return [
        CorpusTable("c5_人员底册", 5, [
            column("zjhm", lambda: (next(id_iter)["id"], E("CN_RESIDENT_ID"))),
            column("rq1", lambda: (f"{next(birth_iter)['born']:%Y%m%d}", E("BIRTH_DATE"))),
            column("日期2", lambda: (_loose_date(next(birth_iter2)["born"]), E("BIRTH_DATE"))),
            # negative twins: event dates
            column("办件日期", lambda: (f"{f.event_date():%Y-%m-%d}", NONE)),
            column("签发日期", lambda: (f"{f.event_date(2005, 2025):%Y%m%d}", NONE)),
            column("create_time", lambda: (f"{f.event_date():%Y-%m-%d} {f.rng.randint(0, 23):02d}:{f.rng.randint(0, 59):02d}:00", NONE)),
            column("有效期至", lambda: (f"{f.event_date(2026, 2045):%Y.%m.%d}", NONE)),
        ]),
        # dates spread over decades, without ID numbers, in a table about people
        CorpusTable("c5_独立出生", 5, [
            column("xm", lambda: (next(name_iter)["name"], E("PERSON_NAME"))),
            column("d3", lambda: (_loose_date(f.birth(1930, 2020)), E("BIRTH_DATE"))),
            column("d4", lambda: (f"{f.event_date(2023, 2025):%Y/%m/%d}", NONE)),
        ]),
        # its negative twin: place-naming dates spread as widely, in a gazetteer about no one
        CorpusTable("c5_地名录", 5, [
            column("标准地名", lambda: (f.pick(STREETS_OFFICES), NONE)),
            column("d3", lambda: (_loose_date(f.birth(1930, 2020)), NONE)),
        ]),
    ]


def _loose_date(day: date) -> str:
    return f"{day.year}/{day.month}/{day.day}"


def class6_free_text(f: Faker) -> list[CorpusTable]:
    def note() -> Cell:
        kind = f.rng.random()
        if kind < 0.25:
            return f"联系人{f.name()}，住址{f.address()}", E("PERSON_NAME", "CN_ADDRESS")
        if kind < 0.4:
            return f"已电话回访{f.mobile()}本人确认", E("CN_MOBILE")
        if kind < 0.55:
            return f"申请人{f.name()}称材料已于{f.rng.randint(1, 12)}月补齐", E("PERSON_NAME")
        return f.pick(NOTES_PLAIN), NONE

    sentences = SentenceMaker(f.rng.randint(0, 2**31))

    def prose(shares: dict[str, float], glued_mobile: float = 0.0) -> Callable[[], Cell]:
        """Office prose: sentences of the families of ``tests/detect/sentences.py`` in ``shares``
        (the rest negative twins), and ``glued_mobile`` of notes holding a mobile glued to Han text."""
        def make() -> Cell:
            draw = f.rng.random()
            if draw < glued_mobile:
                return f"请联系{f.mobile()}办理{f.pick(['过户', '退费', '补证'])}", E("CN_MOBILE")
            draw -= glued_mobile
            for kind, share in shares.items():
                if draw < share:
                    s = sentences.one(kind)
                    return s.text, E(*("PERSON_NAME",) * s.person, *("CN_ADDRESS",) * s.address,
                                     *("HEALTH_INFO",) * s.health)
                draw -= share
            s = sentences.one("negative")
            return s.text, E("HEALTH_INFO") if s.health else NONE
        return make

    return [
        CorpusTable("c6_信访记录", 6, [
            column("备注", note),
            column("处理意见", lambda: (f.pick(NOTES_PLAIN) + "，" + f.pick(NOTES_PLAIN), NONE)),
        ]),
        # names and addresses inside sentences, which no separator cuts out
        CorpusTable("c6_办件说明", 6, [
            column("情况说明", prose({"person": 0.3})),
            column("投诉内容", prose({"address": 0.25}, glued_mobile=0.13)),
            column("走访记录", prose({"both": 0.2})),
            # negative twins: roles without names, 齐全/高明/建国路, medicines, offices, bare districts
            column("办理意见", prose({})),
            column("事发地点", lambda: (f"事发地点位于{f.pick(STREETS_OFFICES)}辖区", NONE)),
            column("转办说明", lambda: (f"已转{f.pick(STREETS_OFFICES)}处理，{f.pick(NOTES_PLAIN)}", NONE)),
            # a name in 2% of the notes is no name column
            column("补充说明", prose({"person": 0.02})),
        ]),
    ]


def class7_vocab(f: Faker) -> list[CorpusTable]:
    return [
        CorpusTable("c7_门诊记录", 7, [
            column("症状", lambda: ("、".join(f.rng.sample(SYMPTOMS, 2)), E("HEALTH_INFO"))),
            column("用药", lambda: (f.pick(MEDICINES), E("HEALTH_INFO"))),
            column("诊断名称", lambda: (f.pick(ICD_NAMES), E("HEALTH_INFO"))),
            column("c4", lambda: (f.pick(MEDICINES), E("HEALTH_INFO"))),
            column("科室", lambda: (f.pick(["内科", "外科", "儿科", "急诊科", "放射科", "检验科"]), NONE)),
        ]),
    ]


def class8_lookalikes(f: Faker) -> list[CorpusTable]:
    def gansu_id() -> str:
        while True:  # 甘肃 IDs (62xxxx) that also pass Luhn look like UnionPay cards
            value = f.resident_id(area=f.pick(["620102", "620103", "620402", "622901"]))
            if f.luhn_complete(value[:-1]) == value:
                return value

    people = _people(f)
    it = iter(people)
    return [
        CorpusTable("c8_社保参保", 8, [
            column("社保卡号", lambda: (gansu_id(), E("CN_RESIDENT_ID"))),
            column("交通卡号", lambda: (f.luhn_complete("31" + f.digits(13)), NONE)),
            column("会员卡号", lambda: (f.luhn_complete("88" + f.digits(14)), NONE)),
            column("所属街道", lambda: (f.pick(STREETS_OFFICES), NONE)),
            # a bank's name holds no account and no amount, even next to names and ID numbers
            column("开户行", lambda: (f.pick(BANK_NAMES), NONE)),
            column("账户余额", lambda: (f"{f.rng.randint(0, 500000)}.{f.digits(2)}", E("FINANCIAL_ACCOUNT_INFO"))),
            column("姓名", lambda: (next(it)["name"], E("PERSON_NAME"))),
        ]),
        CorpusTable("c8_公交票价", 8, [
            column("线路", lambda: (f"{f.rng.randint(1, 999)}路", NONE)),
            column("票价", lambda: (f"{f.pick([1, 2, 3, 5])}.{f.pick(['00', '50'])}", NONE)),
            column("月票金额", lambda: (f"{f.pick([60, 80, 100, 120])}.00", NONE)),
            column("合作银行", lambda: (f.pick(BANK_NAMES), NONE)),  # bank names alone identify no account
            column("办公地址", lambda: (f.pick(STREETS_OFFICES), NONE)),
        ]),
    ]


def class9_formats(f: Faker) -> list[CorpusTable]:
    def special_plate() -> str:
        return f.pick([f"使{f.digits(6)}", f"{f.pick('沪粤京')}{f.pick('A')}{f.digits(4)}领",
                       f"{f.pick(PLATE_PROVINCES)}{f.pick(PLATE_LETTERS)}{f.pick('DFACBEGHJK')}{f.digits(5)}",
                       f"{f.pick(PLATE_PROVINCES)}{f.pick(PLATE_LETTERS)}{f.digits(5)}{f.pick('DFACBEGHJK')}"])

    def mobile_spelling() -> str:
        m = f.mobile()
        return f.pick([f"+86 {m}", f"+86-{m}", f"(+86){m}", f"86-{m}", f"0086 {m}", f"{m[:3]} {m[3:7]} {m[7:]}",
                       f"+86 {m[:3]}-{m[3:7]}-{m[7:]}", f"86{m}"])

    def mac() -> str:
        raw = [f"{f.rng.randint(0, 255):02x}" for _ in range(6)]
        raw[0] = "3c"
        joined = "".join(raw)
        return f.pick([":".join(raw), "-".join(raw).upper(), f"{joined[:4]}.{joined[4:8]}.{joined[8:]}", joined.upper()])

    def coordinate() -> str:
        lat, lng = f.rng.uniform(20, 45), f.rng.uniform(100, 125)
        decimals = f.pick([2, 3, 4, 6])
        return f"{lat:.{decimals}f},{lng:.{decimals}f}"

    def old_id() -> str:
        return f.resident_id(born=f.birth(1900, 1930), area=f.pick(HISTORICAL_AREAS))

    return [
        CorpusTable("c9_车辆与设备", 9, [
            column("hphm", lambda: (special_plate(), E("CN_LICENSE_PLATE"))),
            column("sjhm", lambda: (mobile_spelling(), E("CN_MOBILE"))),
            column("gddh", lambda: (f.landline(), E("CN_LANDLINE"))),
            column("mac", lambda: (mac(), E("MAC_ADDRESS"))),
            column("zb", lambda: (coordinate(), E("GEO_COORDINATE"))),
            column("hzhm", lambda: (f.pick([f.passport(), f"D{f.digits(7)}", f"S{f.digits(7)}", f"P{f.digits(7)}",
                                            f"DE{f.digits(7)}", f"SE{f.digits(7)}", f"PE{f.digits(7)}"]), E("CN_PASSPORT"))),
            column("sfzh", lambda: (old_id(), E("CN_RESIDENT_ID"))),
            column("tyshxydm", lambda: (f.uscc(), E("CN_USCC"))),
            # negative twins: placeholder numbers, version strings, counters
            column("设备型号", lambda: (f"V{f.rng.randint(1, 9)}.{f.rng.randint(0, 20)}.{f.rng.randint(0, 99)}", NONE)),
            column("批次号", lambda: (f"{f.rng.randint(2015, 2025)}{f.digits(6)}", NONE)),
        ]),
    ]


CLASSES: dict[int, Callable[[Faker], list[CorpusTable]]] = {
    1: class1_mixed, 2: class2_composite, 3: class3_structured, 4: class4_names, 5: class5_birth,
    6: class6_free_text, 7: class7_vocab, 8: class8_lookalikes, 9: class9_formats,
}


def build(seed: int = SEED) -> list[CorpusTable]:
    tables = []
    for number, make in CLASSES.items():
        tables.extend(make(Faker(seed * 100 + number)))
    return tables


def write(tables: list[CorpusTable], directory: Path) -> dict[str, dict[str, set[str]]]:
    """Write every table under ``directory``; the labels per file name and column."""
    directory.mkdir(parents=True, exist_ok=True)
    labels = {}
    for table in tables:
        plain = {c.name: [value for value, _ in c.cells] for c in table.columns}
        records = [dict(zip(plain, row, strict=True)) for row in zip(*plain.values(), strict=True)]
        for name, objects in table.structured.items():
            for record, obj in zip(records, objects, strict=True):
                record[name] = obj
        if table.fmt == "csv":
            path = directory / f"{table.name}.csv"
            with path.open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(plain)
                writer.writerows([record[n] for n in plain] for record in records)
        elif table.fmt == "jsonl":
            path = directory / f"{table.name}.jsonl"
            path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        else:
            path = directory / f"{table.name}.parquet"
            pq.write_table(pa.Table.from_pylist(records), path)
        labels[path.name] = table.labels()
    return labels


AS_OF = date(2025, 12, 31)


def evaluate(directory: Path) -> tuple[dict, ScanResult]:
    """Write the corpus to ``directory``, scan it in full as users do, and score it per error class
    (``all``: every class): TP/FP/FN triples, precision, recall, F1 and false-positive columns."""
    tables = build()
    labels = write(tables, directory)
    return score(directory, labels, {f"{t.name}.{t.fmt}": t.error_class for t in tables})


def score(directory: Path, labels: dict[str, dict[str, set[str]]], groups: dict[str, int | str]) -> tuple[dict, ScanResult]:
    """Scan ``directory`` in full as users do and score it against ``labels`` (per file name and
    column), per group of files (``groups``: file name -> group) and over all (``all``)."""
    request = ScanRequest(paths=[str(directory)], guide=load_guide(None), specs=load_specs(), as_of=AS_OF,
                          options=ScanOptions(full=True))
    result = run_scan(request)
    predicted = {Path(d.source.split("#")[0]).name: {f.name: {e.type for e in f.entities} for f in d.fields} for d in result.datasets}
    tally = defaultdict(lambda: {"tp": 0, "fp": 0, "fn": 0, "fp_columns": [], "missed": [], "extra": []})
    for file, columns in labels.items():
        number = groups[file]
        seen = predicted.get(file, {})
        for name in sorted(set(columns) | set(seen)):
            truth, found = columns.get(name, set()), seen.get(name, set())
            for scope in (tally[number], tally["all"]):
                scope["tp"] += len(truth & found)
                scope["fp"] += len(found - truth)
                scope["fn"] += len(truth - found)
                if found - truth:
                    scope["extra"].append(f"{file}:{name}:{','.join(sorted(found - truth))}")
                if truth - found:
                    scope["missed"].append(f"{file}:{name}:{','.join(sorted(truth - found))}")
                if not truth and found:
                    scope["fp_columns"].append(f"{file}:{name}")
    return {str(k): _scores(v) for k, v in sorted(tally.items(), key=lambda kv: str(kv[0]))}, result


def _scores(counts: dict) -> dict:
    tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {**counts, "precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}
