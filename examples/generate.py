#!/usr/bin/env python3
"""Generate the bundled example: ten shared datasets of a (fictional) city data platform.

    python examples/generate.py            # writes next to this script
    python examples/generate.py --out DIR  # writes DIR/data/..., DIR/catalogue.csv, DIR/truth.yaml

Every value is made up but structurally valid (check digits, area codes, phone prefixes); no real
person's data is used. The output is deterministic (seed 20251231): running the script again
rewrites the same bytes, XLSX included (fixed document properties and zip timestamps). Area codes
come from python-stdnum's GB/T 2260 table (stdnum/cn/loc.dat), so another stdnum release may
change the generated ID numbers; truth.yaml records the version used.

Dependencies: the standard library, pyarrow, openpyxl, pyyaml and python-stdnum.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import io
import json
import os
import random
import re
import sys
import zipfile
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import generate_evaluation
import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import stdnum
import yaml
from openpyxl.styles import Font
from stdnum import luhn
from stdnum.cn import ric, uscc

SEED = 20251231
HERE = Path(__file__).resolve().parent
FIXED_TIME = dt.datetime(2025, 12, 31, 0, 0, 0)
TODAY = dt.date(2025, 12, 31)  # the "as of" date of the example; nothing is generated after it

ENTITIES = (
    "CN_RESIDENT_ID", "CN_MOBILE", "CN_LANDLINE", "BANK_CARD", "CN_USCC", "EMAIL", "IP_ADDRESS",
    "CN_PASSPORT", "CN_LICENSE_PLATE", "PERSON_NAME", "CN_ADDRESS", "BIRTH_DATE", "GEO_COORDINATE",
    "MAC_ADDRESS", "HEALTH_INFO", "FINANCIAL_ACCOUNT_INFO",
)

# --------------------------------------------------------------------------------------------
# vocabularies
# --------------------------------------------------------------------------------------------

# common surnames, most frequent first (the weight falls with the rank)
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴"
    "莫孔向汤仲葛杭"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "司徒", "东方", "皇甫", "夏侯")
GIVEN_CHARS = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华玉兰萍红鹏辉建国文斌宇浩凯晨轩涵梓欣怡雨萱博俊峰志"
    "海燕婷雪琳佳颖思彤诗若一鑫淑珍凤春梅玲嘉瑞晓东立新振卫永胜德福喜荣琴云莉倩颖子豪铭泽睿航昊然天"
    "成志远学良秋月桂香兵亮庆林松柏翠娥秀美玉珠光辉"
)
ETHNIC = ("汉族",) * 94 + ("回族", "回族", "满族", "蒙古族", "壮族", "苗族")

# province code -> weight for the "other provinces" share of ID numbers
OTHER_PROVINCES = {"34": 4, "37": 4, "41": 3, "31": 2, "11": 1, "33": 2, "42": 1, "51": 1, "36": 1, "44": 1}
# Jiangsu prefixes (the example city is 宿迁, formerly part of 淮阴) that get extra weight
LOCAL_PREFIXES = ("3213", "3208", "3223")

MOBILE_PREFIXES = (
    [str(p) for p in range(130, 140)]
    + ["150", "151", "152", "153", "155", "156", "157", "158", "159"]
    + ["173", "175", "176", "177", "178"]
    + [str(p) for p in range(180, 190)]
    + ["190", "191", "193", "195", "196", "197", "198", "199"]
)

# Jiangsu: city -> (landline area code, {district: towns or streets})
JIANGSU = {
    "宿迁市": ("0527", {
        "宿城区": ("幸福街道", "项里街道", "耿车镇", "龙河镇", "蔡集镇", "洋北镇"),
        "宿豫区": ("顺河街道", "下相街道", "来龙镇", "仰化镇", "丁嘴镇"),
        "沭阳县": ("沭城街道", "胡集镇", "韩山镇", "钱集镇", "扎下镇", "新河镇"),
        "泗阳县": ("众兴街道", "爱园镇", "王集镇", "李口镇"),
        "泗洪县": ("青阳街道", "双沟镇", "上塘镇", "魏营镇"),
    }),
    "南京市": ("025", {
        "玄武区": ("玄武门街道", "孝陵卫街道"), "秦淮区": ("夫子庙街道", "红花街道"),
        "鼓楼区": ("湖南路街道", "宁海路街道"), "江宁区": ("东山街道", "秣陵街道", "淳化街道"),
        "浦口区": ("江浦街道", "桥林街道"),
    }),
    "徐州市": ("0516", {
        "云龙区": ("彭城街道", "大郭庄街道"), "泉山区": ("奎山街道", "湖滨街道"),
        "铜山区": ("铜山街道", "柳新镇"), "睢宁县": ("睢城街道", "王集镇"), "邳州市": ("运河街道", "官湖镇"),
    }),
    "淮安市": ("0517", {
        "清江浦区": ("清河街道", "浦楼街道"), "淮阴区": ("王营街道", "南陈集镇"),
        "淮安区": ("淮城街道", "车桥镇"), "涟水县": ("涟城街道", "高沟镇"),
    }),
    "苏州市": ("0512", {
        "姑苏区": ("平江街道", "双塔街道"), "吴中区": ("长桥街道", "木渎镇"), "昆山市": ("玉山镇", "周市镇"),
    }),
    "连云港市": ("0518", {"海州区": ("朐阳街道", "新坝镇"), "东海县": ("牛山街道", "石榴街道")}),
    "盐城市": ("0515", {"亭湖区": ("五星街道", "南洋镇"), "东台市": ("东台镇", "安丰镇")}),
    "常州市": ("0519", {"天宁区": ("红梅街道", "雕庄街道"), "武进区": ("湖塘镇", "牛塘镇")}),
}
CITY_WEIGHTS = {"宿迁市": 60, "南京市": 10, "徐州市": 8, "淮安市": 8, "苏州市": 5, "连云港市": 3,
                "盐城市": 3, "常州市": 3}
OTHER_PLACES = (
    ("安徽省", "宿州市", "埇桥区", "符离镇"), ("山东省", "临沂市", "兰山区", "枣园镇"),
    ("河南省", "商丘市", "永城市", "芒山镇"), ("安徽省", "泗县", "", "草沟镇"),
)
ROADS = (
    "幸福路", "人民路", "洪泽湖路", "发展大道", "黄河路", "西湖路", "青海湖路", "太湖路", "中山路", "解放路",
    "建设路", "文化路", "新华街", "健康路", "青年路", "长江路", "珠江路", "淮海路", "项王路", "马陵路",
    "世纪大道", "江山大道", "富康大道", "北京路", "上海路", "宿支路", "楚街", "古城路",
)
COMPOUNDS = (
    "阳光花园", "金色家园", "翠湖湾小区", "世纪新城", "东方名都", "锦绣江南", "龙湖花园", "书香门第",
    "幸福里小区", "凤凰城", "御景湾", "水岸华庭", "润园小区", "香榭里", "运河名都",
)
BUSINESS_PARKS = ("智谷科技园", "电子商务产业园", "软件与服务外包产业园", "高新区创业中心", "金鹰商务中心",
                  "苏宿工业园区", "恒力国际广场")
VILLAGES = ("王庄", "李集", "张圩", "陈庄", "大兴", "新河", "前进", "红旗", "朱楼", "刘圩", "周湾", "徐庄",
            "仓集", "沈圩", "河东", "太平")
GROUP_NUMERALS = "一二三四五六七八九十"

BRANDS = ("恒达", "鑫源", "华泰", "金诚", "瑞丰", "天和", "宏远", "嘉禾", "鼎盛", "泽润", "博远", "汇通",
          "诚信", "远航", "新宇", "永康", "润泽", "佳美", "中科", "聚力", "洋河", "楚韵", "绿源", "宏图",
          "锦程", "长盛", "乐享", "苏宿", "沃尔", "运河")
TRADES = ("科技", "建筑工程", "电子商务", "农业发展", "食品", "纺织", "物流", "贸易", "新材料",
          "机械制造", "餐饮管理", "家具", "医疗器械", "信息技术", "环保科技", "酒业", "光电", "花木",
          "物业管理", "人力资源")
FORMS = ("有限公司",) * 8 + ("股份有限公司", "有限责任公司")
SCOPE_ITEMS = (
    "技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广", "软件开发", "信息系统集成服务",
    "电子产品销售", "五金产品批发", "建筑材料销售", "普通货物仓储服务", "道路货物运输（不含危险货物）",
    "食品销售", "餐饮服务", "第二类医疗器械销售", "家具制造", "针纺织品销售", "花卉种植",
    "农产品的生产、销售、加工、运输、贮藏及其他相关服务",
    "物业管理", "人力资源服务（不含职业中介活动、劳务派遣服务）", "广告设计、代理", "会议及展览服务",
    "货物进出口", "环境保护专用设备制造", "光伏设备及元器件销售", "酒类经营", "机械设备租赁",
)

BANKS = (
    # (bank, branch suffix, 6-digit UnionPay BIN, card length)
    ("中国工商银行", "宿迁分行", "622202", 19), ("中国农业银行", "宿迁分行", "622848", 19),
    ("中国建设银行", "宿迁分行", "621700", 19), ("中国银行", "宿迁分行", "621661", 19),
    ("交通银行", "宿迁分行", "622262", 19), ("中国邮政储蓄银行", "宿迁市分行", "621799", 19),
    ("招商银行", "宿迁分行", "622588", 16), ("江苏银行", "宿迁分行", "622173", 16),
    ("江苏宿迁农村商业银行", "营业部", "623066", 19),
)

DIAGNOSES = (
    # (diagnosis, ICD-10, departments, summary template)
    ("高血压", "I10.x00", ("心内科", "全科医学科"),
     "头晕、头胀{n}天，测血压{sbp}/{dbp}mmHg，予苯磺酸氨氯地平片5mg qd口服，嘱低盐饮食、监测血压"),
    ("2型糖尿病", "E11.900", ("内分泌科", "全科医学科"),
     "口干、多饮{n}月，空腹血糖{glu}mmol/L，糖化血红蛋白{a1c}%，调整二甲双胍用量"),
    ("冠心病", "I25.103", ("心内科",),
     "活动后胸闷、气短{n}天，休息后缓解，心电图示ST-T改变，建议冠脉CTA检查"),
    ("急性上呼吸道感染", "J06.900", ("呼吸内科", "全科医学科", "儿科", "发热门诊"),
     "咽痛、咳嗽{n}天，体温{temp}℃，咽部充血，双肺呼吸音清，予对症处理"),
    ("慢性胃炎", "K29.500", ("消化内科",),
     "上腹部隐痛{n}月，餐后加重，胃镜示慢性非萎缩性胃炎，予奥美拉唑口服"),
    ("腰椎间盘突出症", "M51.202", ("骨科", "康复医学科"),
     "腰痛伴左下肢放射痛{n}周，直腿抬高试验阳性，MRI示L4/5椎间盘突出"),
    ("支气管哮喘", "J45.900", ("呼吸内科", "儿科"),
     "反复喘息{n}年，加重{m}天，双肺可闻及哮鸣音，予布地奈德吸入"),
    ("高脂血症", "E78.500", ("内分泌科", "心内科"),
     "体检发现血脂升高，LDL-C {ldl}mmol/L，予阿托伐他汀钙片口服"),
    ("脑梗死", "I63.900", ("神经内科",), "右侧肢体乏力{n}天，头颅CT示左侧基底节区低密度灶，收住院进一步治疗"),
    ("过敏性鼻炎", "J30.400", ("耳鼻咽喉科",), "鼻塞、流清涕、喷嚏{n}周，遇冷空气加重，予鼻用激素喷雾"),
    ("带状疱疹", "B02.900", ("皮肤科",), "右侧胸背部簇集性水疱伴针刺样疼痛{n}天，予阿昔洛韦抗病毒治疗"),
    ("骨质疏松症", "M81.900", ("骨科", "内分泌科"), "腰背部疼痛{n}月，骨密度T值-2.8，予钙剂及维生素D"),
    ("慢性阻塞性肺疾病", "J44.900", ("呼吸内科",),
     "反复咳嗽、咳痰{n}年，活动后气促，肺功能示阻塞性通气功能障碍"),
    ("失眠", "G47.000", ("神经内科", "心理科"), "入睡困难{n}月，每晚睡眠约4小时，予睡眠卫生指导"),
)

BASE_ALLOWANCES = (720, 720, 720, 580, 650, 360, 1080, 1440)  # 元/月
DISABILITIES = ("视力残疾", "听力残疾", "言语残疾", "肢体残疾", "智力残疾", "精神残疾", "多重残疾")
DISABILITY_GRADES = ("一级", "二级", "三级", "四级")

SERVICES = (
    "城乡居民基本养老保险参保登记", "个体工商户设立登记", "居住证签注", "不动产登记资料查询", "生育登记",
    "老年人优待证办理", "残疾人证新办", "住房公积金提取", "城乡居民医保参保登记", "最低生活保障申请",
    "社会保障卡申领", "流动人口婚育证明", "高龄津贴申领", "户口迁移", "占道经营许可",
)

DEVICE_MODELS = (
    "DS-2CD3T46WDV3-I3", "DH-IPC-HFW4433M-I2", "HUAWEI AR6140-16G4XG", "H3C S5130S-28S-HI",
    "Dell PowerEdge R750", "浪潮 NF5280M6", "联想 ThinkCentre M750t", "华为 FusionServer 2288H V6",
    "海康威视 DS-7916N-R4", "锐捷 RG-S5750C-28GT4XS-H", "奇安信 NSG5000", "深信服 AF-1000-B1450",
)
DECOY_DISTRICTS = ("高新区", "江宁区", "宿城区", "宿豫区", "钟楼区", "吴中区", "金坛区", "武进区", "秦淮区",
                   "姜堰区", "张家港市", "洪泽区", "湖滨新区", "苏宿园区", "经开区", "洋河新区")

PINYIN_SURNAMES = ("zhang", "wang", "li", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu", "sun",
                   "ma", "zhu", "hu", "guo", "he", "gao", "lin", "luo", "shen", "jiang", "qian", "cai")
PINYIN_GIVEN = ("wei", "fang", "na", "min", "jing", "li", "qiang", "lei", "jun", "yang", "yong", "yan",
                "jie", "juan", "tao", "ming", "chao", "xia", "ping", "gang", "hui", "hua", "yu", "hao", "kai",
                "chen", "xuan", "han", "xin", "yi", "rui", "ze", "hong", "ling", "feng")
MAIL_DOMAINS = ("163.com", "126.com", "qq.com", "sina.com", "yeah.net", "139.com", "foxmail.com")

PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # no I, O
JIANGSU_PLATE_CITIES = "ABCDEFGHJKLMN"  # 南京..宿迁 (U = 苏州 too, rarely)
OTHER_PLATE_PREFIXES = ("皖L", "皖C", "鲁Q", "沪A", "浙A", "豫N", "皖S", "鲁A")
CAMERA_OUIS = ("C0:56:E3", "44:19:B6", "BC:AD:28", "3C:EF:8C", "90:02:A9", "24:28:FD", "E0:50:8B")

FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


# --------------------------------------------------------------------------------------------
# the area-code table (GB/T 2260 with history, as shipped by python-stdnum)
# --------------------------------------------------------------------------------------------

def load_area_codes() -> dict[str, list[tuple[int, int, str]]]:
    """Read stdnum/cn/loc.dat: code -> [(first year, last year, county name), ...]."""
    path = Path(stdnum.__file__).resolve().parent / "cn" / "loc.dat"
    codes: dict[str, list[tuple[int, int, str]]] = {}
    province = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if not line.startswith(" "):
            province = line[:2]
            continue
        code, rest = line.split(None, 1)
        match = re.search(r'county="([^"]*)"', rest)
        if not match:
            continue
        entries = []
        for part in match.group(1).split(","):
            m = re.match(r"\[(\d*)-(\d*)\](.*)", part)
            if m:
                entries.append((int(m[1] or 0), int(m[2] or 9999), m[3]))
            else:
                entries.append((0, 9999, part))
        codes[province + code] = entries
    return codes


# --------------------------------------------------------------------------------------------
# value generators
# --------------------------------------------------------------------------------------------

class Faker:
    """All random choices go through one seeded random.Random, in a fixed order."""

    def __init__(self, seed: int = SEED) -> None:
        self.rng = random.Random(seed)
        self._surname_weights = [1 / (i + 1) ** 0.7 for i in range(len(SURNAMES))]
        self._codes_by_year = self._index_area_codes(load_area_codes())

    # -- helpers -------------------------------------------------------------------------------
    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def pick(self, seq: Sequence, weights: Sequence[float] | None = None):
        if weights is None:
            return seq[self.rng.randrange(len(seq))]
        return self.rng.choices(seq, weights=weights, k=1)[0]

    def digits(self, n: int) -> str:
        return "".join(str(self.rng.randrange(10)) for _ in range(n))

    def date_between(self, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=self.rng.randrange((end - start).days + 1))

    def datetime_between(self, start: dt.datetime, end: dt.datetime) -> dt.datetime:
        seconds = int((end - start).total_seconds())
        return start + dt.timedelta(seconds=self.rng.randrange(seconds + 1))

    # -- people ----------------------------------------------------------------------------------
    def person_name(self) -> str:
        surname = self.pick(COMPOUND_SURNAMES) if self.chance(0.015) else self.pick(SURNAMES, self._surname_weights)
        given_len = 2 if self.chance(0.6) else 1
        return surname + "".join(self.pick(GIVEN_CHARS) for _ in range(given_len))

    @staticmethod
    def _index_area_codes(codes: dict[str, list[tuple[int, int, str]]]):
        """year -> (codes valid that year, weights): county-level codes of Jiangsu and a few
        neighbouring provinces, valid in the birth year the way stdnum.cn.ric checks it."""
        by_year = {}
        for year in range(1935, 2011):
            picked = []
            for code, entries in codes.items():
                province = code[:2]
                if province != "32" and province not in OTHER_PROVINCES:
                    continue
                if code.endswith("00") or code.endswith("01"):  # city level, 市辖区
                    continue
                if not any(first <= year <= last for first, last, _ in entries):
                    continue
                picked.append(code)
            # Jiangsu 85 % (local prefixes tripled), the other provinces 15 % by their weights
            js = [c for c in picked if c.startswith("32")]
            js_w = [3.0 if c.startswith(LOCAL_PREFIXES) else 1.0 for c in js]
            js_total = sum(js_w)
            final_w = [0.85 * w / js_total for w in js_w]
            others = [c for c in picked if not c.startswith("32")]
            per_prov = Counter(c[:2] for c in others)
            total_prov = sum(OTHER_PROVINCES[p] for p in per_prov)
            final_w += [0.15 * OTHER_PROVINCES[c[:2]] / total_prov / per_prov[c[:2]] for c in others]
            by_year[year] = (js + others, final_w)
        return by_year

    def birth_date(self, first_year: int = 1940, last_year: int = 2010) -> dt.date:
        return self.date_between(dt.date(first_year, 1, 1), dt.date(last_year, 12, 31))

    def resident_id(
        self, birth: dt.date | None = None, male: bool | None = None
    ) -> tuple[str, dt.date, bool]:
        """A valid 18-character 公民身份号码: (number, birth date, male)."""
        birth = birth or self.birth_date()
        male = self.chance(0.5) if male is None else male
        codes, weights = self._codes_by_year[birth.year]
        while True:
            area = self.pick(codes, weights)
            order = self.rng.randrange(0, 500) * 2 + (1 if male else 0)
            body = f"{area}{birth:%Y%m%d}{order:03d}"
            number = body + ric.calc_check_digit(body + "0")
            if ric.is_valid(number):
                return number, birth, male

    def legacy_id(self) -> str:
        """A 15-digit first-generation ID (area + YYMMDD + order, no check digit)."""
        birth = self.birth_date(1940, 1979)
        codes, weights = self._codes_by_year[birth.year]
        while True:
            area = self.pick(codes, weights)
            number = f"{area}{birth:%y%m%d}{self.digits(3)}"
            upgraded = number[:6] + "19" + number[6:]
            if ric.is_valid(upgraded + ric.calc_check_digit(upgraded + "0")):
                return number

    def format_id(self, number: str, p_lower: float = 0.5, p_spaced: float = 0.0) -> str:
        if number.endswith("X") and self.chance(p_lower):
            number = number[:-1] + "x"
        if self.chance(p_spaced):
            number = f"{number[:6]} {number[6:14]} {number[14:]}"
        return number

    def passport(self) -> str:
        roll = self.rng.random()
        if roll < 0.55:
            return "E" + self.digits(8)
        if roll < 0.8:
            return "E" + self.pick(PLATE_LETTERS) + self.digits(7)
        return "G" + self.digits(8)

    # -- phones ----------------------------------------------------------------------------------
    def mobile(self) -> str:
        return self.pick(MOBILE_PREFIXES) + self.digits(8)

    def format_mobile(self, number: str, styles: dict[str, float]) -> str:
        style = self.pick(list(styles), list(styles.values()))
        a, b, c = number[:3], number[3:7], number[7:]
        return {
            "plain": number,
            "space": f"{a} {b} {c}",
            "hyphen": f"{a}-{b}-{c}",
            "+86": f"+86{number}",
            "+86 space": f"+86 {a} {b} {c}",
            "0086": f"0086-{number}",
            "fullwidth": number.translate(FULLWIDTH),
        }[style]

    def landline(self, area_code: str) -> str:
        local = str(self.rng.randrange(2, 9)) + self.digits(7)
        style = self.rng.random()
        if style < 0.55:
            text = f"{area_code}-{local}"
        elif style < 0.75:
            text = f"({area_code}){local}"
        elif style < 0.9:
            text = f"{area_code} {local[:4]} {local[4:]}"
        else:
            text = f"{area_code}{local}"
        if self.chance(0.1):
            text += f"-{self.rng.randrange(8001, 8100)}"
        return text

    # -- places ----------------------------------------------------------------------------------
    def city(self) -> str:
        return self.pick(list(CITY_WEIGHTS), list(CITY_WEIGHTS.values()))

    def address(self, kind: str = "home", p_rural: float = 0.3) -> str:
        """江苏省宿迁市宿城区幸福路88号3幢201室 and its rural / business variants."""
        if kind == "home" and self.chance(0.04):
            province, city, county, town = self.pick(OTHER_PLACES)
            village = self.pick(VILLAGES)
            return f"{province}{city}{county}{town}{village}村{self.rng.randrange(1, 80)}号"
        city = self.city()
        district = self.pick(list(JIANGSU[city][1]))
        prefix = ("江苏省" if self.chance(0.8) else "") + city + district
        if kind == "business":
            road = self.pick(ROADS)
            if self.chance(0.45):
                park = self.pick(BUSINESS_PARKS)
                number, tower = self.rng.randrange(1, 399), self.rng.randrange(1, 12)
                room = f"{self.rng.randrange(1, 12)}{self.rng.randrange(1, 20):02d}"
                return f"{prefix}{road}{number}号{park}{tower}号楼{room}室"
            return f"{prefix}{road}{self.rng.randrange(1, 999)}号"
        if self.chance(p_rural):
            town = self.pick(JIANGSU[city][1][district])
            if town.endswith("镇"):
                group = GROUP_NUMERALS[self.rng.randrange(10)]
                return f"{prefix}{town}{self.pick(VILLAGES)}村{group}组{self.rng.randrange(1, 60)}号"
        road = self.pick(ROADS)
        number = self.rng.randrange(1, 399)
        building = self.rng.randrange(1, 30)
        room = f"{self.rng.randrange(1, 26)}{self.rng.randrange(1, 5):02d}"
        if self.chance(0.5):
            unit = f"{self.rng.randrange(1, 4)}单元" if self.chance(0.5) else ""
            bld = "幢" if self.chance(0.6) else "栋"
            return f"{prefix}{road}{number}号{self.pick(COMPOUNDS)}{building}{bld}{unit}{room}室"
        return f"{prefix}{road}{number}号{building}幢{room}室"

    # -- organisations -----------------------------------------------------------------------------
    def company_name(self) -> str:
        place = self.pick(("宿迁市", "宿迁", "江苏", "宿迁市宿城区", "宿迁市宿豫区", "沭阳县", "泗阳县",
                           "泗洪县"))
        return f"{place}{self.pick(BRANDS)}{self.pick(TRADES)}{self.pick(FORMS)}"

    def uscc(self, founded: dt.date) -> str:
        """统一社会信用代码 with a GB 11714 organisation code and the GB 32100 check char."""
        kind = self.pick(("1", "2", "3"), (0.9, 0.06, 0.04))
        area = self.pick(("321302", "321311", "321322", "321323", "321324", "321391"))
        alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
        if founded >= dt.date(2015, 10, 1):
            body = "MA" + self.pick("0123456789ABCDEFGH") + "".join(self.pick(alphabet) for _ in range(5))
        else:
            body = self.digits(8)
        values = [int(c) if c.isdigit() else ord(c) - 55 for c in body]
        check = 11 - sum(v * w for v, w in zip(values, (3, 7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
        org = body + {10: "X", 11: "0"}.get(check, str(check))
        base = f"9{kind}{area}{org}"
        code = base + uscc.calc_check_digit(base)
        assert uscc.is_valid(code), code
        return code

    def bank_card(self, bin_: str, length: int, p_bad: float = 0.0) -> tuple[str, bool]:
        """(number, luhn_ok): a UnionPay card, Luhn-valid unless the p_bad draw says otherwise."""
        body = bin_ + self.digits(length - len(bin_) - 1)
        number = body + luhn.calc_check_digit(body)
        if self.chance(p_bad):
            number = number[:-1] + str((int(number[-1]) + self.rng.randrange(1, 10)) % 10)
            return number, False
        return number, True

    def format_card(self, number: str, p_grouped: float) -> str:
        if self.chance(p_grouped):
            return " ".join(number[i:i + 4] for i in range(0, len(number), 4))
        return number

    def email(self) -> str:
        roll = self.rng.random()
        if roll < 0.3:
            return f"{self.rng.randrange(10_000, 3_000_000_000)}@qq.com"
        if roll < 0.85:
            local = self.pick(PINYIN_SURNAMES) + self.pick(PINYIN_GIVEN)
            if self.chance(0.5):
                local += self.pick(PINYIN_GIVEN)
            if self.chance(0.6):
                local += str(self.pick((self.rng.randrange(60, 100), self.rng.randrange(1970, 2005),
                                        self.rng.randrange(1, 999))))
            if self.chance(0.15):
                local = local[:len(local) // 2] + self.pick("._") + local[len(local) // 2:]
            return f"{local}@{self.pick(MAIL_DOMAINS)}"
        letters = "".join(self.pick("abcdefghjklmnpqrstwxyz") for _ in range(self.rng.randrange(3, 7)))
        mailbox = self.pick(("hr", "info", "service", "admin", "sales", "caiwu"))
        return f"{mailbox}@{letters}.{self.pick(('com', 'com.cn', 'cn'))}"

    def plate(self) -> str:
        roll = self.rng.random()
        if roll < 0.5:
            prefix = "苏N"
        elif roll < 0.85:
            prefix = "苏" + self.pick(JIANGSU_PLATE_CITIES)
        else:
            prefix = self.pick(OTHER_PLATE_PREFIXES)
        kind = self.rng.random()
        alnum = "0123456789" * 3 + PLATE_LETTERS
        if kind < 0.76:
            tail = self.digits(5) if self.chance(0.35) else "".join(self.pick(alnum) for _ in range(5))
            if sum(c.isalpha() for c in tail) > 2:
                tail = self.pick(PLATE_LETTERS) + self.digits(4)
        elif kind < 0.94:  # small new-energy vehicle: D/F + letter or digit + 4 digits
            tail = self.pick("DF") + self.pick(PLATE_LETTERS + "0123456789") + self.digits(4)
        elif kind < 0.97:  # large new-energy vehicle: 5 digits + D/F
            tail = self.digits(5) + self.pick("DF")
        elif kind < 0.99:
            tail = self.digits(4) + "挂"
        else:
            tail = self.digits(4) + "学"
        sep = self.pick(("", "", "", "", "", "", "·", " "))
        return prefix + sep + tail


# --------------------------------------------------------------------------------------------
# tables
# --------------------------------------------------------------------------------------------

class Table:
    """Rows of one dataset plus the labelled truth, counted cell by cell while generating."""

    def __init__(self, key: str, fmt: str, labels: dict[str, list[str]], free_text: Iterable[str] = (),
                 encoding: str | None = None) -> None:
        for col, ents in labels.items():
            unknown = set(ents) - set(ENTITIES)
            assert not unknown, (key, col, unknown)
        self.key, self.fmt, self.labels, self.encoding = key, fmt, labels, encoding
        self.free_text = list(free_text)
        self.columns = list(labels)
        self.rows: list[dict] = []
        self.hits: dict[str, Counter] = {c: Counter() for c in self.columns}

    def add(self, row: dict, embedded: dict[str, Iterable[str]] | None = None) -> None:
        """Append a row. Non-blank cells of a labelled structured column count as holding the
        column's entities; free-text columns name what they hold in `embedded`."""
        assert list(row) == self.columns, (self.key, list(row))
        embedded = embedded or {}
        for col, value in row.items():
            if col in self.free_text:
                ents = list(dict.fromkeys(embedded.get(col, ())))
            elif value is None or (isinstance(value, str) and value.strip() in ("", "无", "未识别")):
                ents = []
            else:
                ents = self.labels[col]
            for ent in ents:
                assert ent in self.labels[col], (self.key, col, ent)
                self.hits[col][ent] += 1
        self.rows.append(row)

    def truth(self) -> dict:
        for col, ents in self.labels.items():
            missing = [e for e in ents if not self.hits[col][e]]
            assert not missing, (self.key, col, missing)
        out = {"format": self.fmt}
        if self.encoding:
            out["encoding"] = self.encoding
        out["rows"] = len(self.rows)
        out["columns"] = {c: list(self.labels[c]) for c in self.columns}
        out["free_text"] = list(self.free_text)
        out["hits"] = {c: dict(sorted(self.hits[c].items())) for c in self.columns if self.hits[c]}
        return out


def blank(f: Faker, value, p: float = 0.03, empty=""):
    return empty if f.chance(p) else value


def fmt_date(d: dt.date, style: str) -> str:
    return {
        "iso": f"{d:%Y-%m-%d}",
        "slash": f"{d.year}/{d.month}/{d.day}",
        "compact": f"{d:%Y%m%d}",
        "cn": f"{d.year}年{d.month}月{d.day}日",
    }[style]


def fails_id_check(number: str) -> bool:
    """True when an 18-digit string is not a valid resident ID (checksum wrong)."""
    return ric.calc_check_digit(number) != number[-1]


# 1. 公安 人口基本信息 ------------------------------------------------------------------------------

def population(f: Faker, n: int = 600) -> Table:
    t = Table("data/公安/人口基本信息.csv", "csv", {
        "姓名": ["PERSON_NAME"], "性别": [], "公民身份号码": ["CN_RESIDENT_ID"], "出生日期": ["BIRTH_DATE"],
        "民族": [], "户籍地址": ["CN_ADDRESS"], "联系电话": ["CN_MOBILE"], "登记日期": [],
        "备注": ["CN_MOBILE", "CN_RESIDENT_ID"],
    }, free_text=["备注"], encoding="utf-8-sig")
    phone_styles = {"plain": 0.8, "space": 0.05, "hyphen": 0.06, "+86": 0.03, "0086": 0.02, "fullwidth": 0.04}
    innocuous = ("无", "随迁", "已核实", "户口迁入", "分户", "2023年换领第二代身份证", "学生，在外地就读",
                 "服兵役", "户口待迁出", "信息已核对", "新生儿入户", "居住证已办理", "婚迁", "投靠子女",
                 "身份证遗失补领", "集体户", "外出务工，常住地与户籍地不一致")
    for _ in range(n):
        number, birth, male = f.resident_id()
        registered = f.date_between(max(birth, dt.date(1985, 1, 1)), TODAY)
        date_style = f.pick(("iso", "slash", "compact", "cn"), (0.85, 0.06, 0.05, 0.04))
        remark, embedded = "", []
        roll = f.rng.random()
        if roll < 0.08:
            phone = f.format_mobile(f.mobile(), {"plain": 0.8, "hyphen": 0.2})
            remark = f.pick((
                f"本人已于{f.rng.randrange(2015, 2026)}年{f.rng.randrange(1, 13)}月迁入，联系电话{phone}",
                f"户主外出务工，家属电话{phone}",
                f"联系人手机{phone}，请核实居住地址",
                f"电话：{phone}（本人）",
            ))
            embedded = ["CN_MOBILE"]
        elif roll < 0.14:
            other, _, _ = f.resident_id()
            remark = f.pick((
                f"原登记身份证号{other}有误，已更正",
                f"配偶身份证号码：{other}",
                f"监护人公民身份号码{other}",
                f"与{other}系母子关系，随母落户",
            ))
            embedded = ["CN_RESIDENT_ID"]
        elif roll < 0.155:
            other, _, _ = f.resident_id()
            remark = f"代办人身份证{other}，电话{f.mobile()}"
            embedded = ["CN_RESIDENT_ID", "CN_MOBILE"]
        elif roll < 0.55:
            remark = f.pick(innocuous)
        t.add({
            "姓名": blank(f, f.person_name(), 0.01),
            "性别": "男" if male else "女",
            "公民身份号码": blank(f, f.format_id(number, p_lower=0.4), 0.02),
            "出生日期": blank(f, fmt_date(birth, date_style), 0.02),
            "民族": f.pick(ETHNIC),
            "户籍地址": blank(f, f.address(), 0.03),
            "联系电话": blank(f, f.format_mobile(f.mobile(), phone_styles), 0.05),
            "登记日期": fmt_date(registered, date_style),
            "备注": remark,
        }, {"备注": embedded})
    return t


# 2. 人社 社保参保 (GBK) -----------------------------------------------------------------------------

def social_insurance(f: Faker, n: int = 500) -> Table:
    t = Table("data/人社/社保参保.csv", "csv", {
        "xm": ["PERSON_NAME"], "sfzh": ["CN_RESIDENT_ID"], "grbh": [], "cbrq": [], "yhkh": ["BANK_CARD"],
        "lxdh": ["CN_MOBILE"], "月缴费金额": ["FINANCIAL_ACCOUNT_INFO"], "dwmc": [],
    }, encoding="gbk")
    employers = [f.company_name() for _ in range(40)]
    phone_styles = {"plain": 0.55, "space": 0.1, "hyphen": 0.1, "+86": 0.06, "+86 space": 0.04, "0086": 0.05,
                    "fullwidth": 0.1}
    grbh = 3213000417
    for _ in range(n):
        number, birth, _ = f.resident_id(f.birth_date(1958, 2005))
        grbh += f.pick((1, 1, 1, 1, 2, 3))
        bank = f.pick(BANKS)
        card, _ = f.bank_card(bank[2], bank[3], p_bad=0.03)
        first = max(dt.date(birth.year + 18, 1, 1), dt.date(1995, 1, 1))
        start = f.date_between(first, dt.date(2025, 11, 30))
        t.add({
            "xm": f.person_name(),
            "sfzh": blank(f, f.format_id(number, p_lower=0.5, p_spaced=0.08), 0.02),
            "grbh": str(grbh),
            "cbrq": f"{start:%Y%m%d}" if f.chance(0.7) else f"{start:%Y-%m-%d}",
            "yhkh": blank(f, f.format_card(card, 0.12), 0.04),
            "lxdh": blank(f, f.format_mobile(f.mobile(), phone_styles), 0.04),
            "月缴费金额": f"{f.pick((386.4, 412.8, 455.0, 523.2, 640.0, 768.0, 905.6, 1120.0)):.2f}",
            "dwmc": f.pick(employers),
        })
    return t


# 3. 市场监管 企业登记 (XLSX, three sheets) ------------------------------------------------------------

def enterprises(f: Faker, n: int = 400) -> list[Table]:
    book = "data/市场监管/企业登记.xlsx"
    base = Table(f"{book}#企业基本信息", "xlsx", {
        "企业名称": [], "统一社会信用代码": ["CN_USCC"], "法定代表人": ["PERSON_NAME"],
        "注册地址": ["CN_ADDRESS"], "成立日期": [], "注册资本(万元)": [], "经营范围": [],
    }, free_text=["经营范围"])
    contacts = Table(f"{book}#年报联系人", "xlsx", {
        "企业名称": [], "联系人": ["PERSON_NAME"], "联系人手机": ["CN_MOBILE"], "办公电话": ["CN_LANDLINE"],
        "电子邮箱": ["EMAIL"],
    })
    notes = Table(f"{book}#说明", "xlsx", {"字段": [], "说明": []}, free_text=["说明"])
    contact_styles = {"plain": 0.85, "hyphen": 0.08, "space": 0.07}
    names_seen: set[str] = set()
    for _ in range(n):
        name = f.company_name()
        while name in names_seen:
            name = f.company_name()
        names_seen.add(name)
        founded = f.date_between(dt.date(2003, 1, 1), dt.date(2025, 11, 30))
        legal_rep = f.person_name()
        capital = f.pick((10, 30, 50, 100, 200, 300, 500, 1000, 2000, 5000))
        if f.chance(0.2):
            capital = round(capital * f.rng.uniform(0.5, 1.5), 2)
        scope = "；".join(f.rng.sample(SCOPE_ITEMS, f.rng.randrange(2, 6)))
        if f.chance(0.5):
            scope += "（依法须经批准的项目，经相关部门批准后方可开展经营活动）"
        base.add({
            "企业名称": name, "统一社会信用代码": f.uscc(founded), "法定代表人": legal_rep,
            "注册地址": blank(f, f.address("business"), 0.02, None), "成立日期": founded,
            "注册资本(万元)": capital, "经营范围": scope,
        })
        if f.chance(0.88):
            contact = legal_rep if f.chance(0.3) else f.person_name()
            contacts.add({
                "企业名称": name, "联系人": contact,
                "联系人手机": blank(f, f.format_mobile(f.mobile(), contact_styles), 0.03, None),
                "办公电话": f.landline("0527") if f.chance(0.7) else None,
                "电子邮箱": blank(f, f.email(), 0.05, None),
            })
    for field, text in (
        ("企业名称", "市场主体登记名称"), ("统一社会信用代码", "18位，依据GB 32100-2015编制"),
        ("法定代表人", "法定代表人或负责人、经营者"), ("注册地址", "住所或主要经营场所"),
        ("成立日期", "营业执照首次签发日期"), ("注册资本(万元)", "认缴出资额，单位为万元人民币"),
        ("经营范围", "以登记机关核准的经营范围为准"),
        ("联系人、联系人手机、办公电话、电子邮箱", "取自企业年度报告"),
        ("数据来源", "宿迁市市场监督管理局企业登记系统"), ("更新频率", "每月"),
    ):
        notes.add({"字段": field, "说明": text})
    return [base, contacts, notes]


# 4. 卫健 门诊就诊记录 (JSON array) --------------------------------------------------------------------

def outpatient(f: Faker, n: int = 500) -> Table:
    t = Table("data/卫健/门诊就诊记录.json", "json", {
        "patient_name": ["PERSON_NAME"], "id_no": ["CN_RESIDENT_ID"], "diagnosis": ["HEALTH_INFO"],
        "visit_time": [], "dept": [], "doctor_code": [], "fee": [], "病历摘要": ["HEALTH_INFO", "CN_MOBILE"],
    }, free_text=["病历摘要"])
    doctors = [f"YS{f.rng.randrange(1000, 9999)}" for _ in range(30)]
    first_visit, last_visit = dt.datetime(2025, 3, 1, 7, 30), dt.datetime(2025, 6, 30, 17)
    for _ in range(n):
        number, birth, _ = f.resident_id(f.birth_date(1940, 2010))
        diagnosis, icd, depts, template = f.pick(DIAGNOSES)
        summary = "患者" + template.format(
            n=f.rng.randrange(1, 15), m=f.rng.randrange(1, 7), sbp=f.rng.randrange(140, 185),
            dbp=f.rng.randrange(85, 110), glu=round(f.rng.uniform(7.0, 13.5), 1),
            a1c=round(f.rng.uniform(6.5, 10.5), 1),
            temp=round(f.rng.uniform(37.3, 39.6), 1), ldl=round(f.rng.uniform(3.4, 5.8), 2),
        ) + "。"
        embedded = ["HEALTH_INFO"]
        if f.chance(0.12):
            phone = f.format_mobile(f.mobile(), {"plain": 0.75, "hyphen": 0.15, "+86": 0.1})
            summary += f.pick((f"患者本人电话{phone}，嘱定期复诊。", f"家属联系电话：{phone}。",
                               f"随访电话{phone}。"))
            embedded.append("CN_MOBILE")
        t.add({
            "patient_name": f.person_name(),
            "id_no": blank(f, f.format_id(number, p_lower=0.3), 0.03, None),
            "diagnosis": f"{icd} {diagnosis}" if f.chance(0.15) else diagnosis,
            "visit_time": f"{f.datetime_between(first_visit, last_visit):%Y-%m-%d %H:%M:%S}",
            "dept": f.pick(depts),
            "doctor_code": f.pick(doctors),
            "fee": round(f.rng.uniform(8, 900), 2),
            "病历摘要": summary,
        }, {"病历摘要": embedded})
    t.rows.sort(key=lambda r: r["visit_time"])
    return t


# 5. 交通 车辆通行记录 (Parquet) ---------------------------------------------------------------------

def vehicle_passes(f: Faker, n: int = 800) -> Table:
    t = Table("data/交通/车辆通行记录.parquet", "parquet", {
        "通行流水号": [], "cph": ["CN_LICENSE_PLATE"], "经度": ["GEO_COORDINATE"], "纬度": ["GEO_COORDINATE"],
        "卡口编号": [], "通行时间": [], "设备IP": ["IP_ADDRESS"], "设备MAC": ["MAC_ADDRESS"],
    })
    checkpoints = []
    for i in range(36):
        lat = round(33.96 + f.rng.uniform(-0.35, 0.35), 6)  # around 宿迁, inside Jiangsu
        lon = round(118.28 + f.rng.uniform(-0.45, 0.5), 6)
        area = f.pick(("321302", "321311", "321322", "321323", "321324"))
        if f.chance(0.9):
            ip = f"10.{f.pick((32, 33, 36))}.{f.rng.randrange(1, 255)}.{f.rng.randrange(2, 254)}"
        else:
            ip = f"fd00:3213:{f.rng.randrange(1, 0xffff):x}::{f.rng.randrange(1, 0xffff):x}"
        oui = f.pick(CAMERA_OUIS)
        mac = oui + ":" + ":".join(f"{f.rng.randrange(256):02X}" for _ in range(3))
        roll = f.rng.random()
        if roll < 0.25:
            mac = mac.replace(":", "-")
        elif roll < 0.4:
            mac = mac.lower()
        checkpoints.append((f"{area}{i + 1:06d}", lat, lon, ip, mac, i + 1))
    times = sorted(f.datetime_between(dt.datetime(2025, 3, 1), dt.datetime(2025, 3, 7, 23, 59, 59))
                   for _ in range(n))
    seq = 0
    for when in times:
        code, lat, lon, ip, mac, k = f.pick(checkpoints)
        seq += 1
        serial = f"{when:%Y%m%d}{k:04d}{seq:06d}"
        while not fails_id_check(serial):
            seq += 1
            serial = f"{when:%Y%m%d}{k:04d}{seq:06d}"
        plate = "未识别" if f.chance(0.015) else f.plate()
        missing_geo = f.chance(0.02)
        t.add({
            "通行流水号": serial, "cph": plate,
            "经度": None if missing_geo else lon, "纬度": None if missing_geo else lat,
            "卡口编号": code, "通行时间": when,
            "设备IP": blank(f, ip, 0.02, None), "设备MAC": blank(f, mac, 0.03, None),
        })
    return t


# 6. 政务服务 办件记录 (JSON Lines) ------------------------------------------------------------------

def service_cases(f: Faker, n: int = 600) -> Table:
    t = Table("data/政务服务/办件记录.jsonl", "jsonl", {
        "办件编号": [], "事项名称": [], "申请人": ["PERSON_NAME"], "申请人证件号码": ["CN_RESIDENT_ID"],
        "申请人手机": ["CN_MOBILE"], "受理时间": [], "办结时间": [], "满意度评价": ["CN_MOBILE"],
    }, free_text=["满意度评价"])
    phone_styles = {"plain": 0.7, "space": 0.06, "hyphen": 0.08, "+86": 0.06, "0086": 0.03, "fullwidth": 0.07}
    comments = ("非常满意", "满意", "窗口人员服务热情，办理很快", "一次办好，点赞",
                "流程清晰，材料一次性告知", "排队时间太长，希望增加窗口", "材料要求反复变化，跑了三趟",
                "网上申报系统经常卡顿", "停车不方便", "工作人员耐心解答，感谢", "希望能全程网办", "基本满意")
    received = sorted(f.datetime_between(dt.datetime(2025, 1, 2, 8, 30), dt.datetime(2025, 12, 30, 17, 30))
                      for _ in range(n))
    seq = 0
    for when in received:
        if f.chance(0.1):
            id_no = f.legacy_id()
        else:
            id_no = f.format_id(f.resident_id(f.birth_date(1940, 2007))[0], p_lower=0.4, p_spaced=0.02)
        # 18 digits made of a real area code, a real date and a sequence number: an ID look-alike
        # whose check digit never works out (sequence numbers that would pass are skipped)
        area = f.pick(("321302", "321311", "321322", "321300"))
        seq += 1
        while not fails_id_check(f"{area}{when:%Y%m%d}{seq:04d}"):
            seq += 1
        case_no = f"{area}{when:%Y%m%d}{seq:04d}"
        done = None if f.chance(0.08) else when + dt.timedelta(minutes=f.rng.randrange(5, 60 * 24 * 15))
        comment, embedded = "", []
        roll = f.rng.random()
        if roll < 0.12:
            phone = f.format_mobile(f.mobile(), {"plain": 0.75, "hyphen": 0.15, "space": 0.1})
            comment = f.pick((f"办理进度请及时通知我，电话{phone}", f"对结果有异议，请回电{phone}",
                              f"材料已补交，联系方式：{phone}", f"窗口说要补材料，请打{phone}联系我"))
            embedded = ["CN_MOBILE"]
        elif roll < 0.6:
            comment = f.pick(comments)
        t.add({
            "办件编号": case_no, "事项名称": f.pick(SERVICES), "申请人": f.person_name(),
            "申请人证件号码": blank(f, id_no, 0.02, None),
            "申请人手机": blank(f, f.format_mobile(f.mobile(), phone_styles), 0.03, None),
            "受理时间": f"{when:%Y-%m-%d %H:%M:%S}",
            "办结时间": None if done is None else f"{done:%Y-%m-%d %H:%M:%S}",
            "满意度评价": comment,
        }, {"满意度评价": embedded})
    return t


# 7. 民政 低保救助 (UTF-8 CSV) -----------------------------------------------------------------------

def subsistence(f: Faker, n: int = 350) -> Table:
    t = Table("data/民政/低保救助.csv", "csv", {
        "户主姓名": ["PERSON_NAME"], "身份证号": ["CN_RESIDENT_ID"], "家庭住址": ["CN_ADDRESS"],
        "开户银行": [], "银行账号": ["BANK_CARD"], "救助金额(元)": ["FINANCIAL_ACCOUNT_INFO"],
        "残疾类别": ["HEALTH_INFO"], "护照号码": ["CN_PASSPORT"],
    }, encoding="utf-8")
    for _ in range(n):
        number, _, _ = f.resident_id(f.birth_date(1940, 1995))
        bank = f.pick(BANKS[:6] + BANKS[8:] * 4)
        card, _ = f.bank_card(bank[2], bank[3], p_bad=0.03)
        disability = ""
        if f.chance(0.4):
            disability = f.pick(DISABILITIES)
            if disability != "言语残疾" or f.chance(0.5):
                disability += f.pick(DISABILITY_GRADES)
        t.add({
            "户主姓名": f.person_name(),
            "身份证号": blank(f, f.format_id(number, p_lower=0.5, p_spaced=0.03), 0.02),
            "家庭住址": blank(f, f.address(p_rural=0.6), 0.02),
            "开户银行": f"{bank[0]}{bank[1]}" if f.chance(0.7) else bank[0],
            "银行账号": blank(f, f.format_card(card, 0.08), 0.03),
            "救助金额(元)": f"{f.pick(BASE_ALLOWANCES) + f.pick((0, 0, 0, 50, 120)):.2f}",
            "残疾类别": disability,
            "护照号码": f.passport() if f.chance(0.1) else "",
        })
    return t


# 8. decoys 设备台账 -----------------------------------------------------------------------------------

def equipment(f: Faker, n: int = 300) -> Table:
    t = Table("data/decoys/设备台账.csv", "csv", {
        "id": [], "phone": [], "order_no": [], "card": [], "区县": [], "设备型号": [], "采购日期": [],
        "金额": [],
    }, encoding="utf-8")
    for i in range(1, n + 1):
        bought = f.date_between(dt.date(2019, 1, 1), dt.date(2025, 11, 30))
        if f.chance(0.6):
            serial = f"SN-{bought:%Y-%m-%d}-{f.pick('ABCDEFGH')}{f.rng.randrange(1, 999):03d}"
        else:
            serial = "".join(f.pick("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(10))
            serial = "HW" + serial[2:]
        order = f"{bought:%Y%m%d}{f.digits(10)}"
        while not fails_id_check(order):
            order = f"{bought:%Y%m%d}{f.digits(10)}"
        tag = f"1001{bought.year}{f.digits(8)}"
        if luhn.is_valid(tag):
            tag = tag[:-1] + str((int(tag[-1]) + 1) % 10)
        t.add({
            "id": str(i), "phone": serial, "order_no": order, "card": tag, "区县": f.pick(DECOY_DISTRICTS),
            "设备型号": f.pick(DEVICE_MODELS), "采购日期": f"{bought:%Y-%m-%d}",
            "金额": f"{f.pick((3280, 4599, 12800, 25600, 86000, 158000)) * f.pick((1, 1, 2, 3)):.2f}",
        })
    return t


# 9-10. 民政/人社 open datasets: one singles people out, one is k-anonymous -------------------------

SUQIAN_DISTRICTS = ("宿城区", "宿豫区", "沭阳县", "泗阳县", "泗洪县")
OCCUPATIONS = ("农民", "个体工商户", "企业职工", "灵活就业人员", "退休人员", "无业", "学生", "建筑工人",
               "保洁员", "快递员")
ETHNIC_GROUPS = ("汉族",) * 12 + ("回族", "满族", "蒙古族", "壮族")
SUBSIDIES = ("临时救助", "特困供养", "高龄津贴", "残疾人两项补贴")
AGE_BANDS = ("18-29", "30-39", "40-49", "50-59", "60-69")
JOB_SUBSIDIES = ("社保补贴", "岗位补贴", "一次性创业补贴", "职业培训补贴")


def masked_id(number: str) -> str:
    """An ID with only the birth date hidden: the check character still pins it to ~4,000 candidates."""
    return number[:6] + "*" * 8 + number[14:]


def relief_list(f: Faker, n: int = 400) -> Table:
    """Opened with quasi-identifiers fine enough to single out almost everyone (sex, birth year,
    ethnic group, district, occupation), and 'de-identified' columns that are not: a phone with four
    digits masked, an ID with only its birth date masked, and an unsalted SHA-256 of the phone."""
    t = Table("data/开放/困难群众补贴名单.csv", "csv", {
        "性别": [], "出生年份": [], "民族": [], "区县": [], "职业": [], "补贴类别": [], "补贴金额(元)": [],
        "联系电话": [], "联系电话摘要": [], "身份证号": [],
    }, encoding="utf-8")
    for _ in range(n):
        born = f.birth_date(1940, 2000)
        number, _, male = f.resident_id(born)
        phone = f.mobile()
        t.add({
            "性别": "男" if male else "女", "出生年份": str(born.year), "民族": f.pick(ETHNIC_GROUPS),
            "区县": f.pick(SUQIAN_DISTRICTS), "职业": f.pick(OCCUPATIONS), "补贴类别": f.pick(SUBSIDIES),
            "补贴金额(元)": f"{f.pick((300, 450, 600, 800, 1200)):.2f}",
            "联系电话": phone[:3] + "****" + phone[7:],
            "联系电话摘要": hashlib.sha256(phone.encode()).hexdigest(),
            "身份证号": masked_id(number),
        })
    return t


def job_subsidies(f: Faker, per_class: int = 6) -> Table:
    """Opened and k-anonymous by construction: sex x age band x district, each class at least
    ``per_class`` rows (plus a random few), so every row hides among five or more."""
    t = Table("data/开放/就业补贴发放.csv", "csv", {
        "性别": [], "年龄段": [], "区县": [], "补贴类别": [], "发放金额(元)": [], "发放年月": [],
    }, encoding="utf-8")
    classes = [(sex, band, district) for sex in ("男", "女") for band in AGE_BANDS for district in SUQIAN_DISTRICTS]
    for sex, band, district in classes:
        for _ in range(per_class + f.rng.randrange(0, 4)):
            t.add({
                "性别": sex, "年龄段": band, "区县": district, "补贴类别": f.pick(JOB_SUBSIDIES),
                "发放金额(元)": f"{f.pick((500, 1000, 1500, 2000)):.2f}",
                "发放年月": f"2025-{f.rng.randrange(1, 13):02d}",
            })
    return t


# --------------------------------------------------------------------------------------------
# writers
# --------------------------------------------------------------------------------------------

def _cell(value) -> str:
    return "" if value is None else str(value)


def write_csv(t: Table, path: Path, newline: str) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator=newline)
    writer.writerow(t.columns)
    for row in t.rows:
        writer.writerow([_cell(row[c]) for c in t.columns])
    path.write_bytes(buf.getvalue().encode(t.encoding or "utf-8", errors="strict"))


def write_json(t: Table, path: Path) -> None:
    path.write_text(json.dumps(t.rows, ensure_ascii=False, indent=2) + "\n", encoding="utf-8", newline="\n")


def write_jsonl(t: Table, path: Path) -> None:
    text = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in t.rows)
    path.write_text(text, encoding="utf-8", newline="\n")


def write_parquet(t: Table, path: Path) -> None:
    schema = pa.schema([
        ("通行流水号", pa.string()), ("cph", pa.string()), ("经度", pa.float64()), ("纬度", pa.float64()),
        ("卡口编号", pa.string()), ("通行时间", pa.timestamp("s")), ("设备IP", pa.string()),
        ("设备MAC", pa.string()),
    ])
    table = pa.Table.from_pylist(t.rows, schema=schema)
    pq.write_table(table, path, compression="zstd", compression_level=9)


def write_xlsx(tables: list[Table], path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for t in tables:
        ws = wb.create_sheet(t.key.split("#", 1)[1])
        ws.append(t.columns)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in t.rows:
            ws.append([row[c] for c in t.columns])
        for col_cells in ws.iter_cols(min_row=2):
            for cell in col_cells:
                if isinstance(cell.value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
        for idx, col in enumerate(t.columns, 1):
            width = max(len(str(col)), *(min(len(_cell(r[col])), 40) for r in t.rows)) + 4
            ws.column_dimensions[openpyxl.utils.get_column_letter(idx)].width = width
        ws.freeze_panes = "A2"
    props = wb.properties
    props.creator = props.lastModifiedBy = "secsuite examples/generate.py"
    props.title = "企业登记（示例数据）"
    props.created = props.modified = FIXED_TIME
    buf = io.BytesIO()
    wb.save(buf)
    path.write_bytes(_stable_zip(buf.getvalue()))


def _stable_zip(data: bytes) -> bytes:
    """Rewrite an XLSX with fixed entry timestamps and a fixed dcterms:modified, so that the
    same workbook always gives the same bytes (openpyxl stamps both with the current time)."""
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            payload = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                payload = re.sub(rb"(<dcterms:(?:modified|created)[^>]*>)[^<]*(<)",
                                 rb"\g<1>" + stamp + rb"\g<2>", payload)
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0
            entry.external_attr = 0
            dst.writestr(entry, payload, compresslevel=6)
    return out.getvalue()


CATALOGUE = (
    # dataset, unit, share_attr, open_attr, declared_level, deidentification
    # deliberately non-compliant: 人口基本信息 (under-declared, shared unconditionally),
    # 门诊就诊记录 (health records opened on conditions) and 困难群众补贴名单 (opened, yet its
    # quasi-identifiers single people out and its declared masking and digest are reversible);
    # the rest are declared as the guide expects, 就业补贴发放 opened and k-anonymous.
    ("data/公安/人口基本信息.csv", "市公安局", "无条件共享", "不予开放", "L2", ""),
    ("data/人社/社保参保.csv", "市人社局", "有条件共享", "不予开放", "L4", ""),
    ("data/市场监管/企业登记.xlsx#企业基本信息", "市市场监管局", "无条件共享", "有条件开放", "L2", ""),
    ("data/市场监管/企业登记.xlsx#年报联系人", "市市场监管局", "有条件共享", "不予开放", "L3", ""),
    ("data/市场监管/企业登记.xlsx#说明", "市市场监管局", "无条件共享", "无条件开放", "L1", ""),
    ("data/卫健/门诊就诊记录.json", "市卫健委", "有条件共享", "有条件开放", "L4", ""),
    ("data/交通/车辆通行记录.parquet", "市交通运输局", "有条件共享", "不予开放", "L3", ""),
    ("data/政务服务/办件记录.jsonl", "市政务服务办", "有条件共享", "不予开放", "L4", ""),
    ("data/民政/低保救助.csv", "市民政局", "有条件共享", "不予开放", "L4", ""),
    ("data/decoys/设备台账.csv", "市大数据局", "无条件共享", "无条件开放", "L1", ""),
    ("data/开放/困难群众补贴名单.csv", "市民政局", "有条件共享", "有条件开放", "L2",
     "联系电话:掩码（中间4位）；联系电话摘要:SHA-256；身份证号:掩码（出生日期）"),
    ("data/开放/就业补贴发放.csv", "市人社局", "无条件共享", "有条件开放", "L1", ""),
)


def write_catalogue(path: Path) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(("dataset", "unit", "share_attr", "open_attr", "declared_level", "deidentification"))
    writer.writerows(CATALOGUE)
    path.write_text(buf.getvalue(), encoding="utf-8", newline="\n")


TRUTH_HEADER = """\
# Labelled truth for the bundled example. Generated by examples/generate.py: do not edit by hand.
#
# datasets.<key>: the key is the path relative to examples/ as `secsuite scan` reports it
# (an XLSX sheet is book.xlsx#sheet) and matches catalogue.csv.
#   columns:   every column -> the entity types its values hold ([] = not sensitive / decoy)
#   free_text: columns of prose; their entities are embedded in a minority of the rows
#   hits:      column -> entity -> number of rows whose cell holds it (blank cells hold nothing;
#              in free text, the rows that mention it)
"""


def write_truth(tables: list[Table], path: Path) -> None:
    doc = {
        "schema": "secsuite.truth/1",
        "seed": SEED,
        "stdnum_version": stdnum.__version__,
        "datasets": {t.key: t.truth() for t in tables},
    }
    body = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, default_flow_style=None, width=100)
    path.write_text(TRUTH_HEADER + body, encoding="utf-8", newline="\n")


def build(f: Faker) -> dict[str, list[Table]]:
    """file (relative to the output folder) -> its tables, generated in a fixed order."""
    return {
        "data/公安/人口基本信息.csv": [population(f)],
        "data/人社/社保参保.csv": [social_insurance(f)],
        "data/市场监管/企业登记.xlsx": enterprises(f),
        "data/卫健/门诊就诊记录.json": [outpatient(f)],
        "data/交通/车辆通行记录.parquet": [vehicle_passes(f)],
        "data/政务服务/办件记录.jsonl": [service_cases(f)],
        "data/民政/低保救助.csv": [subsistence(f)],
        "data/decoys/设备台账.csv": [equipment(f)],
        "data/开放/困难群众补贴名单.csv": [relief_list(f)],
        "data/开放/就业补贴发放.csv": [job_subsidies(f)],
    }


def generate(out: Path) -> dict[str, list[Table]]:
    files = build(Faker(SEED))
    for rel, tables in files.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        suffix = path.suffix
        if suffix == ".csv":
            write_csv(tables[0], path, "\r\n" if tables[0].encoding in ("utf-8-sig", "gbk") else "\n")
        elif suffix == ".json":
            write_json(tables[0], path)
        elif suffix == ".jsonl":
            write_jsonl(tables[0], path)
        elif suffix == ".parquet":
            write_parquet(tables[0], path)
        elif suffix == ".xlsx":
            write_xlsx(tables, path)
    all_tables = [t for tables in files.values() for t in tables]
    keys = [row[0] for row in CATALOGUE]
    assert keys == [t.key for t in all_tables], "catalogue and datasets disagree"
    write_catalogue(out / "catalogue.csv")
    write_truth(all_tables, out / "truth.yaml")
    return files


# --------------------------------------------------------------------------------------------
# systems inventory (secsuite check)
# --------------------------------------------------------------------------------------------

SYSTEMS_HEADERS = (
    "单位名称", "单位类型", "系统名称", "等保级别", "定级日期", "上线日期", "备案编号", "备案日期", "最近测评日期",
    "测评结论", "测评得分", "关键信息基础设施", "密码应用等级", "最近密评日期", "密评结论", "密评得分", "使用算法",
    "使用公共密码服务", "密码产品及认证证书号", "存储数据最高级别", "主机/IP",
)
D = dt.date
# One row per system, in SYSTEMS_HEADERS order. The comment after each row names the findings it
# must give with --as-of 2025-12-31 (tests/checks/test_example_systems.py holds the same table);
# dates are Excel date cells unless written as text, and levels and dates use the spellings
# auditors type (三级, S3A3G3, 2025年3月1日, 2025/3/1, an Excel serial number).
SYSTEMS = (
    ("市公安局", "市级部门", "警务综合平台", "第三级", D(2023, 3, 10), D(2019, 6, 1), "32130043001-00001",
     D(2023, 4, 9), D(2025, 6, 20), "良", 86, "是", 3, D(2025, 5, 15), "基本符合", 78, "SM2、SM3、SM4", "是", None,
     "L4", "127.0.0.1"),  # clean: filed on day 30 of the period
    ("市公安局", "市级部门", "视频监控联网平台", "S3A3G3", D(2024, 2, 29), D(2024, 2, 1), "32130043001-00002",
     D(2024, 3, 31), D(2024, 12, 30), "良", 85, "否", 3, D(2024, 12, 31), "符合", 100, "SM4, RSA-2048, AES-256", "否",
     "服务器密码机（认证证书号：示例-00001）", "L4", "10.32.1.21"),
    # MLPS-FILED-LATE (day 31), MLPS-EVAL-OVERDUE (1 day), CRYPTO-NON-SM-ALGORITHM; 密评 exactly a year old passes
    ("市人社局", "市级部门", "社保业务经办系统", "三级", "2025年3月1日", "2025/3/1", "32130043002-00007",
     D(2025, 3, 25), D(2025, 4, 15), "优", 92, "否", 3, None, None, None, "SM2/SM3/SM4", "是", None, "L4", None),
    # CRYPTO-ASSESSMENT-MISSING
    ("市人社局", "市级部门", "就业服务门户", 2, D(2025, 12, 1), D(2025, 11, 20), None, None, None, None, None, "否",
     None, None, None, None, "TLS1.2, RSA-2048", "否", None, "L2", None),  # clean: day 30 of the filing period
    ("市市场监管局", "市级部门", "市场主体登记系统", 3, D(2025, 11, 30), D(2020, 5, 1), None, None, 45717, "中", 75,
     "否", 3, D(2025, 1, 10), "不符合", 52, "SM2、SM3、SM4", "否", "无", "L3", None),
    # MLPS-NOT-FILED (day 31), CRYPTO-ASSESSMENT-FAILED, CRYPTO-SERVICE-UNUSED
    ("市市场监管局", "市级部门", "食品安全追溯平台", "二级", D(2022, 5, 10), D(2022, 6, 1), "苏公网安备32130002000123",
     D(2022, 6, 20), None, None, None, "否", None, None, None, None, None, None, None, "L2", None),
    # MLPS-FILING-NO-INVALID (a website filing number, not an MLPS one)
    ("市卫健委", "市级部门", "全民健康信息平台", "第四级", D(2021, 4, 1), D(2021, 3, 1), "32130043003-00001",
     D(2021, 4, 20), D(2025, 7, 10), "良", 88, "是", 4, D(2025, 8, 20), "基本符合", 80, "SM2、SM3、SM4、SM9", "是",
     None, "重要数据", None),  # clean: level 4 evaluated within six months
    ("市卫健委", "市级部门", "互联网医院平台", 3, D(2023, 8, 1), D(2023, 9, 15), "32130043003-00002",
     D(2023, 10, 10), D(2025, 2, 10), "中", 72, "否", 3, D(2025, 3, 1), "基本符合", 70, "SM3、MD5、TLS1.2", "是",
     None, "L4", None),  # CRYPTO-WEAK-ALGORITHM, CRYPTO-NON-SM-ALGORITHM; 中 72 passes
    ("市交通运输局", "市级部门", "交通运输综合执法系统", 3, D(2022, 2, 15), D(2022, 1, 10), "32130043004-00001",
     D(2022, 3, 1), D(2025, 9, 1), "差", 65, "否", 3, D(2025, 9, 20), "基本符合", 68, "SM2、SM3、SM4", "是", None,
     "L3", None),  # MLPS-EVAL-FAILED
    ("市交通运输局", "市级部门", "公交一卡通系统", 2, D(2020, 9, 1), D(2020, 10, 1), "32130043004-00002",
     D(2020, 10, 20), D(2025, 5, 1), "良", 83, "否", None, None, None, None, "3DES、RSA-1024、TLS1.0", "是", None,
     "L3", None),  # CRYPTO-WEAK-ALGORITHM (level 2: national algorithms not required)
    ("市政务服务办", "市级部门", "一网通办平台", "第三级", D(2019, 11, 1), D(2020, 1, 1), "32130043005-00001",
     D(2020, 1, 20), D(2025, 10, 15), "基本符合", None, "否", 3, D(2025, 11, 1), "基本符合", 75,
     "SM2、SM3、SM4、TLCP", "是", None, "L4", "127.0.0.1"),  # clean
    ("市民政局", "市级部门", "社会救助信息系统", 3, D(2024, 7, 1), D(2024, 8, 1), "32130043006-00001",
     D(2024, 8, 20), None, None, None, "否", 3, D(2025, 6, 1), "基本符合", 72, "SM4", "否", "无", "L4", None),
    # MLPS-EVAL-MISSING, CRYPTO-SERVICE-UNUSED
    ("市民政局", "市级部门", "婚姻登记预约系统", "一级", D(2021, 1, 1), D(2021, 1, 1), None, None, None, None, None,
     "否", None, None, None, None, None, None, None, "L2", None),  # clean: level 1 need not file
    ("市大数据局", "市级部门", "政务云平台", "第三级", D(2020, 3, 1), D(2020, 6, 30), "32130043007-00001",
     D(2020, 7, 20), D(2025, 11, 20), "优", 93, "是", 3, D(2025, 12, 1), "符合", 100, "SM2、SM3、SM4、ZUC", "是", None,
     "重要数据", "10.32.0.10, 10.32.0.11"),  # clean
    ("市大数据局", "市级部门", "公共数据共享交换平台", 3, D(2021, 5, 1), D(2021, 6, 1), "32130043007-00002",
     D(2021, 6, 25), D(2025, 5, 10), "良", 84, "否", 3, D(2024, 12, 30), "基本符合", 76, "SM2、SM3、SM4", "是", None,
     "L4", None),  # CRYPTO-ASSESSMENT-OVERDUE (1 day)
    ("宿城区", "县区", "区政务协同办公系统", 2, D(2025, 6, 1), D(2025, 6, 1), None, None, None, None, None, "否",
     None, None, None, None, None, "否", None, "L2", None),  # MLPS-NOT-FILED
    ("宿城区", "县区", "智慧停车管理系统", "未定级", None, D(2024, 9, 1), None, None, None, None, None, "否", None,
     None, None, None, None, None, None, "L2", None),  # MLPS-NOT-GRADED (live, never graded)
    ("宿豫区", "县区", "智慧城管系统", "二级", None, None, "32131143001-00002", None, None, None, None, "否", None,
     None, None, None, None, "否", None, "L2", None),  # MLPS-DATES-MISSING
    ("宿豫区", "县区", "网格化社会治理平台", 3, D(2022, 8, 1), D(2022, 10, 1), "32131143001-00001", D(2022, 10, 20),
     D(2025, 8, 15), "良", 81, "否", 3, D(2025, 9, 1), "基本符合", 70, "SM2、SM3、SM4", "是", None, "L3", None),
    # clean
    ("沭阳县", "县区", "县融媒体中心", 2, D(2023, 2, 1), D(2023, 3, 1), "32132243001-00003", D(2023, 3, 15), None,
     None, None, "否", None, None, None, None, None, "否", None, "L1", None),  # clean
    ("沭阳县", "县区", "县政务服务平台", "3", D(2022, 4, 1), D(2022, 5, 1), "32132243001-00004", D(2022, 5, 20),
     D(2025, 6, 1), "良", 80, "否", 3, D(2025, 7, 1), None, 58, "SM2、SM3、SM4", "是", None, "L4", None),
    # CRYPTO-ASSESSMENT-FAILED (score below the pass line, no conclusion given)
)


# The optional columns of the yearly obligations (important data: 《网络数据安全管理条例》第三十三条; CII:
# 《关键信息基础设施安全保护条例》第十七条; 密评 before going live and its filing: 《商用密码管理条例》第三十八条),
# by system; systems not listed leave them empty.
OBLIGATION_HEADERS = ("处理重要数据", "最近数据安全风险评估日期", "风险评估报告报送日期", "最近关基检测评估日期",
                      "首次密评日期", "密评结果备案日期")
OBLIGATIONS: dict[str, tuple[object, ...]] = {
    # clean: first 密评 before going live, result filed, CII assessment this year
    "警务综合平台": ("否", None, None, D(2025, 4, 10), D(2019, 5, 20), D(2025, 6, 10)),
    # CII-ASSESSMENT-MISSING (a year and a day), CRYPTO-ASSESSED-AFTER-GO-LIVE (first 密评 70 days after going
    # live), CRYPTO-RESULT-NOT-FILED (the filing on record is the previous year's); risk assessment reported: clean
    "全民健康信息平台": ("是", D(2025, 3, 1), D(2025, 3, 20), D(2024, 12, 30), D(2021, 5, 10), D(2024, 9, 1)),
    # clean on every boundary: risk assessment exactly a year old, 密评 on the go-live day, result not yet
    # filed on day 30
    "政务云平台": ("是", D(2024, 12, 31), D(2025, 1, 15), D(2025, 10, 8), D(2020, 6, 30), None),
    "公共数据共享交换平台": ("是", None, None, None, None, None),  # DATA-RISK-ASSESSMENT-MISSING
    "社会救助信息系统": ("是", D(2025, 5, 1), None, None, None, None),  # DATA-RISK-REPORT-MISSING
}


def write_systems(path: Path) -> None:
    """The systems inventory that `secsuite check` reads, with the Chinese headers auditors use."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "信息系统台账"
    ws.append(SYSTEMS_HEADERS + OBLIGATION_HEADERS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in SYSTEMS:
        assert len(row) == len(SYSTEMS_HEADERS), row
        ws.append(row + OBLIGATIONS.get(row[2], (None,) * len(OBLIGATION_HEADERS)))
    for col_cells in ws.iter_cols(min_row=2):
        for cell in col_cells:
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    for idx, header in enumerate(SYSTEMS_HEADERS + OBLIGATION_HEADERS, 1):
        width = len(header) * 2 + 2 if idx > len(SYSTEMS_HEADERS) else \
            max(len(header) * 2, *(min(len(_cell(row[idx - 1])), 30) for row in SYSTEMS)) + 2
        ws.column_dimensions[openpyxl.utils.get_column_letter(idx)].width = width
    ws.freeze_panes = "D2"
    props = wb.properties
    props.creator = props.lastModifiedBy = "secsuite examples/generate.py"
    props.title = "信息系统台账（示例数据）"
    props.created = props.modified = FIXED_TIME
    buf = io.BytesIO()
    wb.save(buf)
    path.write_bytes(_stable_zip(buf.getvalue()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=HERE, help="output folder (default: %(default)s)")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    files = generate(args.out)
    generate_evaluation.generate(args.out, _stable_zip)
    write_systems(args.out / "systems.xlsx")
    if not args.quiet:
        for rel, tables in files.items():
            size = os.path.getsize(args.out / rel)
            rows = ", ".join(f"{t.key.partition('#')[2] or 'rows'}={len(t.rows)}" for t in tables)
            print(f"{rel:40s} {size:>9,d} B  {rows}")
        print(f"{'systems.xlsx':40s} {os.path.getsize(args.out / 'systems.xlsx'):>9,d} B  rows={len(SYSTEMS)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
