"""Column-level decisions: values decide, names help, formatting does not hide an identifier."""

from __future__ import annotations

import random

import polars as pl
import pytest
from stdnum.cn import ric

from secsuite.detect.column import ColumnScan

rng = random.Random(7)


def resident_ids(count: int) -> list[str]:
    ids = []
    while len(ids) < count:
        body = f"320302{rng.randint(1950, 2005)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
        ids.append(body + ric.calc_check_digit(body + "0"))
    return ids


def mobiles(count: int) -> list[str]:
    return [f"1{rng.choice('35789')}{rng.randint(0, 9)}{rng.randint(0, 99999999):08d}" for _ in range(count)]


def luhn_complete(prefix: str) -> str:
    digits = [int(d) for d in prefix + "0"]
    for i in range(len(digits) - 2, -1, -2):
        digits[i] = digits[i] * 2 - 9 if digits[i] * 2 > 9 else digits[i] * 2
    return prefix + str((10 - sum(digits) % 10) % 10)


def entities_of(name: str, values: list[str | None], as_of) -> dict[str, float]:
    from secsuite.detect.spec import load_specs

    scan = ColumnScan([name], load_specs(), as_of)
    scan.observe(pl.Series(values, dtype=pl.String))
    return {v.type: v.ratio for v in scan.verdicts()}


IDS = resident_ids(200)
PHONES = mobiles(200)
# private IPv4 addresses whose 11 digits, dots removed, read as a mobile number of the 172 prefix
DIGIT_PHONE_IPS = [f"172.{rng.randint(16, 31)}.{rng.randint(100, 255)}.{rng.randint(100, 255)}" for _ in range(200)]
STAFF = ["王建国", "李秀英", "张伟", "刘洋", "陈静", "杨磊", "赵敏", "黄涛", "周杰", "吴芳", "徐强", "孙丽"]
SURNAMES_10, GIVEN_10 = "王李张刘陈杨黄赵吴周", "伟芳娜敏静丽强磊军洋"
SHOWN_NAMES = [f"{SURNAMES_10[i % 10]}{GIVEN_10[i // 10 % 10]}{GIVEN_10[i % 7]}" for i in range(200)]
MASKED_NAMES = [f"{n[0]}*{n[2]}" if i % 3 else f"{n[0]}某某" for i, n in enumerate(SHOWN_NAMES)]
INSPECTORS = ["胡宏伟", "宋红霞", "李立新", "贾玉兰", "黄嘉怡", "王立新", "杨娜", "邓勇", "林明", "蒋诗琪"]

HOMES = [f"江苏省宿迁市宿城区{rng.choice(['西湖路', '幸福路', '洪泽湖路'])}{rng.randint(1, 400)}号{rng.randint(1, 30)}幢"
         f"{rng.randint(101, 2401)}室" for _ in range(200)]
NOTE_SHAPES = ["{}来电反映小区路灯损坏，已转物业处理", "经核实，{}反映的噪音问题属实，已责令整改", "{}咨询社保转移事宜，已电话答复",
               "居民{}投诉垃圾清运不及时，已协调环卫", "已联系{}，其表示满意"]


def notes_naming(people: list[str]) -> list[str]:
    """Case notes, half of them naming one of ``people`` (each again and again), half without a name."""
    return [NOTE_SHAPES[i // 2 % 5].format(people[i // 2 % len(people)]) if i % 2 == 0 else "已办结"
            for i in range(160)]


TAIWAN_PERMITS = [f"{rng.randint(0, 99999999):08d}" for _ in range(200)]
OFFICE_LINES = [f"0527-8{rng.randint(10**6, 10**7 - 1)}" for _ in range(200)]

CASES = [
    # (case, column name, values, expected entity set)
    ("ids named in Chinese", "公民身份号码", IDS, {"CN_RESIDENT_ID"}),
    ("ids named by pinyin initials", "sfzh", IDS, {"CN_RESIDENT_ID"}),
    ("ids with a meaningless name", "c7", IDS, {"CN_RESIDENT_ID"}),
    ("disability certificates: the ID and two codes", "残疾人证号",
     [f"{v}{rng.randint(1, 7)}{rng.randint(1, 4)}" for v in IDS], {"CN_RESIDENT_ID"}),
    ("twenty digits without an ID inside", "残疾人证号",
     [f"{v[:-1]}{'0' if v[-1] != '0' else '1'}{rng.randint(1, 7)}{rng.randint(1, 4)}" for v in IDS], set()),
    ("ids with lowercase x and spaces", "zjhm",
     [f"{v[:6]} {v[6:14]} {v[14:].lower()}" for v in IDS], {"CN_RESIDENT_ID"}),
    ("ids with full-width digits", "证件号码",
     [v.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")) for v in IDS], {"CN_RESIDENT_ID"}),
    ("row numbers named id", "id", [str(i) for i in range(1, 201)], set()),
    ("18-digit order numbers named 身份证号", "身份证号",
     [f"2025{rng.randint(10**13, 10**14 - 1)}" for _ in range(200)], set()),
    ("ids with wrong check digits", "身份证号",
     [v[:-1] + ("0" if v[-1] != "0" else "1") for v in IDS], set()),
    ("phones 3-4-4 with +86", "lxdh", [f"+86 {p[:3]}-{p[3:7]}-{p[7:]}" for p in PHONES], {"CN_MOBILE"}),
    ("phones with 0086 and no hint", "contact", [f"0086{p}" for p in PHONES], {"CN_MOBILE"}),
    ("device serials named phone", "phone", [f"SN{rng.randint(10**9, 10**10 - 1)}A" for _ in range(200)], set()),
    ("154 prefix is not a mobile", "手机", [f"154{rng.randint(0, 99999999):08d}" for _ in range(200)], set()),
    ("luhn-valid unionpay cards", "yhkh", [luhn_complete(f"622202{rng.randint(10**11, 10**12 - 1)}") for _ in range(200)],
     {"BANK_CARD"}),
    ("named card column keeps luhn failures", "银行卡号",
     [str(int(luhn_complete(f"622202{rng.randint(10**11, 10**12 - 1)}")) ^ 1) for _ in range(200)], {"BANK_CARD"}),
    ("luhn failures without a card name are not cards", "编号",
     [str(int(luhn_complete(f"622202{rng.randint(10**11, 10**12 - 1)}")) ^ 1) for _ in range(200)], set()),
    ("a third of rows empty still counts the rest", "身份证号", IDS[:120] + [None] * 40 + [""] * 40,
     {"CN_RESIDENT_ID"}),
    ("district names are not person names", "区县", ["高新区", "江宁区", "宿城区", "宿豫区"] * 50, set()),
    ("free text with phones inside", "备注",
     [f"已电话联系{p}，材料齐全" if i % 5 == 0 else "材料齐全，已受理" for i, p in enumerate(PHONES)], {"CN_MOBILE"}),
    ("English notes with phones inside", "notes",
     [f"called back on {p} about the permit" if i % 5 == 0 else "documents complete and filed" for i, p in
      enumerate(PHONES)], {"CN_MOBILE"}),
    ("codes without spaces are not prose", "ref", [f"REF{p}X{i:04d}" for i, p in enumerate(PHONES)], set()),
    ("birth dates only with a birth name", "出生日期", [f"19{rng.randint(50, 99)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
                                                    for _ in range(200)], {"BIRTH_DATE"}),
    ("IPs whose digits read as a mobile stay IPs", "IP地址", DIGIT_PHONE_IPS, {"IP_ADDRESS"}),
    ("mobiles written with dots are mobiles", "手机", [f"{p[:3]}.{p[3:7]}.{p[7:]}" for p in PHONES], {"CN_MOBILE"}),
    ("a few doctors repeated under a role title", "医生", [STAFF[i % 12] for i in range(200)], {"PERSON_NAME"}),
    ("the same few names without a name hint", "c5", [STAFF[i % 12] for i in range(200)], set()),
    ("attending doctors by the initials of 主治医生", "zzys", [STAFF[i % 10] for i in range(200)], {"PERSON_NAME"}),
    ("a registrar's few names", "登簿人", [STAFF[i % 6] for i in range(200)], {"PERSON_NAME"}),
    ("inspectors two to a cell, a few repeated", "检查人员",
     [f"{STAFF[i % 8]}、{STAFF[(i * 3 + 1) % 8]}" for i in range(200)], {"PERSON_NAME"}),
    ("inspectors in pairs the analyser reads too", "检查人员",
     [f"{INSPECTORS[i % 10]}、{INSPECTORS[(i * 7 + 3) % 10]}" for i in range(400)], {"PERSON_NAME"}),
    ("clergy and laity under a meaningless name", "字段5",
     [f"释{rng.choice('永印本妙慧')}{rng.choice('信顺明觉清光')}" if i % 10 < 3 else f"{SURNAMES_10[i % 10]}{GIVEN_10[i // 10 % 10]}"
      for i in range(200)], {"PERSON_NAME"}),
    ("counterparties, people and companies, under an abbreviated name", "cpty_nm",
     [f"{SURNAMES_10[i % 10]}{GIVEN_10[i // 10 % 10]}" if i % 20 < 11 else f"{SURNAMES_10[i % 10]}氏贸易有限公司"
      for i in range(200)], {"PERSON_NAME"}),
    ("the same without a name", "cpty",
     [f"{SURNAMES_10[i % 10]}{GIVEN_10[i // 10 % 10]}" if i % 20 < 11 else f"{SURNAMES_10[i % 10]}氏贸易有限公司"
      for i in range(200)], set()),
    ("ICD-10 codes of the medical-insurance edition", "dise_code",
     ["I10.x00", "E11.900", "R51.x00", "K80.200", "M54.500", "J18.900x001"] * 40, {"HEALTH_INFO"}),
    ("blood-donor screening, a fifth abnormal", "初筛结果", ["合格"] * 160 + ["HBsAg阳性", "ALT升高", "梅毒抗体阳性", "抗-HCV阳性"] * 10,
     {"HEALTH_INFO"}),
    # under its name, an entity's masked form is its own values, hidden: the shown ones are a finding
    ("member names masked but for a fifth", "会员姓名", MASKED_NAMES[:160] + SHOWN_NAMES[:40], {"PERSON_NAME"}),
    ("member names all masked", "会员姓名", MASKED_NAMES, set()),
    ("the same mix without a name", "c8", MASKED_NAMES[:160] + SHOWN_NAMES[:40], set()),
    ("phones masked but for a tenth", "手机号码", [f"{p[:3]}****{p[7:]}" for p in PHONES[:180]] + PHONES[180:], {"CN_MOBILE"}),
    # placeholders typed into a required field are no values: the real ones make the column's share
    ("mobiles among placeholders under a meaningless name", "c2",
     ["00000000000"] * 70 + ["暂无"] * 70 + ["N/A"] * 70 + PHONES[:50], {"CN_MOBILE"}),
    ("card numbers among zeros", "c8", ["0"] * 90 + ["无"] * 90 + [luhn_complete(f"622202{rng.randint(10**11, 10**12 - 1)}")
                                                            for _ in range(40)], {"BANK_CARD"}),
    ("the same mobiles among other numbers", "c2", [str(rng.randint(10**9, 10**10 - 1)) for _ in range(140)] + PHONES[:50],
     set()),
    # a decimal number keeps its point: a latitude's digits are no card that happens to pass Luhn
    ("high-precision latitudes are no cards passing Luhn", "wd",
     [f"2{rng.randint(2, 7)}.{rng.randint(10**14, 10**15 - 1)}" for _ in range(300)], {"GEO_COORDINATE"}),
    ("the same pairs without a name hint", "c6", [f"{STAFF[i % 8]}、{STAFF[(i * 3 + 1) % 8]}" for i in range(200)], set()),
    ("callers' names by joined initials, a third anonymous", "ldrxm",  # 来电人 + 姓名
     [f"{s}{g}" for s in "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗" for g in ("一飞", "春", "华淑", "建军", "丽", "志强", "敏")][:130]
     + ["王女士", "李先生", "匿名"] * 23 + ["匿名"], {"PERSON_NAME"}),
    ("birth dates written day first", "date_of_birth",
     [f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/19{rng.randint(40, 99)}" for _ in range(200)], {"BIRTH_DATE"}),
    ("the medical-insurance platform's birthday field", "brdy",
     [f"19{rng.randint(40, 99)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}" for _ in range(200)], {"BIRTH_DATE"}),
    ("years and months of birth in a cadre roster", "出生年月",
     [f"19{rng.randint(55, 99)}.{rng.randint(1, 12):02d}" for _ in range(200)], {"BIRTH_DATE"}),
    ("years and months of joining work are no birth dates", "参加工作时间",
     [f"19{rng.randint(55, 99)}.{rng.randint(1, 12):02d}" for _ in range(200)], set()),
    ("reactions in one cell in five, the rest saying none", "不良反应",
     ["无"] * 160 + ["接种部位红肿", "发热", "局部硬结", "皮疹"] * 10, {"HEALTH_INFO"}),
    ("disability categories among none, named by pinyin initials", "cjlb",
     ["无"] * 130 + ["肢体残疾三级", "精神残疾一级", "视力残疾二级"] * 20, {"HEALTH_INFO"}),
    ("a status column saying none is still no health column", "状态", ["正常", "无", "注销"] * 100, set()),
    ("traditional Chinese medicine diagnoses", "zyzd",
     ["中风病(风痰阻络证)", "消渴病(气阴两虚证)", "肝郁脾虚证", "胸痹(气虚血瘀证)", "不寐(心脾两虚证)"] * 40,
     {"HEALTH_INFO"}),
    ("English diagnoses", "diagnosis_en", ["Chronic obstructive pulmonary disease", "Pulmonary tuberculosis",
                                           "Type 2 diabetes mellitus", "Essential hypertension"] * 50, {"HEALTH_INFO"}),
    ("long Han values are no prose: a share of vaccine names holding an illness", "疫苗名称",
     ["水痘减毒活疫苗", "流感病毒裂解疫苗"] * 45 + ["批签发合格产品批号", "国家免疫规划第一类"] * 55, set()),
    ("English prose that names illnesses in passing", "notes",
     ["The AIDS programme office moved", "A stroke of luck for the team"] * 100, set()),
    ("registration dates are not birth dates", "登记日期", [f"2024-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
                                                       for _ in range(200)], set()),
    # a name that says the column holds something else outweighs values that look like the entity
    ("version numbers are no IP addresses", "fw_version",
     [f"{rng.randint(1, 9)}.{rng.randint(0, 20)}.{rng.randint(0, 30)}.{rng.randint(1, 250)}" for _ in range(200)], set()),
    ("browser versions in user agents are no IP addresses", "ua",
     [f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{rng.randint(100, 125)}"
      f".0.0.0 Safari/537.36" for _ in range(200)], set()),
    ("addresses in log lines", "msg",
     [f"login from 10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)} ok" for _ in range(200)],
     {"IP_ADDRESS"}),
    ("the same dotted numbers named as addresses", "ip",
     [f"{rng.randint(1, 9)}.{rng.randint(0, 20)}.{rng.randint(0, 30)}.{rng.randint(1, 250)}" for _ in range(200)],
     {"IP_ADDRESS"}),
    ("internal codes shaped like mobiles", "内部编号", PHONES, set()),
    ("an organisation's account is no card", "单位银行账号",
     [luhn_complete(f"622202{rng.randint(10**11, 10**12 - 1)}") for _ in range(200)], set()),
    # another card family's name is no hint: the values decide as under a name that says nothing
    ("惠农一卡通 accounts are bank cards passing Luhn in issuer ranges", "一卡通账号",
     [luhn_complete(f"{rng.choice(['623058', '621700', '622848'])}{rng.randint(10**11, 10**12 - 1)}")
      for _ in range(200)], {"BANK_CARD"}),
    ("card numbers of another family in an issuer range, most failing Luhn", "一卡通卡号",
     [f"{rng.choice(['623058', '621700', '622848'])}{rng.randint(10**12, 10**13 - 1)}" for _ in range(200)], set()),
    ("transit cards passing Luhn outside every issuer range", "交通卡号",
     [luhn_complete(f"3104{rng.randint(10**13, 10**14 - 1)}") for _ in range(200)], set()),
    ("contribution rates are no amounts", "个人缴存比例", [rng.choice(["0.05", "0.08", "0.1", "0.12"]) for _ in range(200)],
     set()),
    ("contribution amounts are", "月缴存额", [f"{rng.randint(100, 6000)}.{rng.randint(10, 99)}" for _ in range(200)],
     {"FINANCIAL_ACCOUNT_INFO"}),
    # under a health name a finding in one value in twenty is someone's health; an overloaded lorry is not
    ("a few findings of a check-up", "体检结论", ["正常"] * 180 + ["近视", "龋齿", "超重", "轻度贫血"] * 5,
     {"HEALTH_INFO"}),
    ("blood-donor screening", "jcjg", ["合格"] * 170 + ["HBsAg阳性", "HCV抗体阳性", "ALT偏高"] * 10, {"HEALTH_INFO"}),
    ("fewer than a handful", "体检结论", ["正常"] * 196 + ["近视"] * 4, set()),
    ("an overloaded lorry", "违法行为", ["超重"] * 120 + ["超速"] * 80, set()),
    # holders of licences are people or companies: the people are named, at the share a hinted column needs
    ("licence holders, people and companies", "持证人", (STAFF + ["杭州云帆网络技术有限公司", "宿迁市恒达建材有限公司"]) * 15,
     {"PERSON_NAME"}),
    ("a holder key", "holder", (STAFF + ["杭州云帆网络技术有限公司"]) * 15, {"PERSON_NAME"}),
    ("companies alone", "持证人", ["杭州云帆网络技术有限公司", "宿迁市恒达建材有限公司", "南京金陵饭店有限公司"] * 60, set()),
    # identifiers in text count at a meaningful share of the cells, like the entities of a mixed column
    ("order numbers passing Luhn in a few log lines", "message",
     [f"订单 {n} 支付回调超时" for n in ("6966563047264524", "6173128835268019", "2507610198706210")]
     + [f"用户登录成功，耗时 {i} ms" for i in range(297)], set()),
    ("cards in one log line in ten", "message",
     [f"退款至卡号 {luhn_complete(f'622202{rng.randint(10**11, 10**12 - 1)}')} 已受理" for _ in range(30)]
     + [f"用户登录成功，耗时 {i} ms" for i in range(270)], {"BANK_CARD"}),
    ("landlines in notes, brackets and extensions", "备注",
     [f"联系电话（0351）{rng.randint(2, 9)}{rng.randint(10**6, 10**7 - 1)}，工作日办理" for _ in range(10)]
     + [f"请拨打 (010){rng.randint(2, 9)}{rng.randint(10**6, 10**7 - 1)} 咨询" for _ in range(10)]
     + [f"座机0755-86{rng.randint(10**5, 10**6 - 1)}转8021" for _ in range(10)] + ["已办结"] * 170, {"CN_LANDLINE"}),
    ("times and dates in notes are no landlines", "备注",
     [f"2024-{m:02d}-{d:02d} 0930-1730 办结" for m in range(1, 13) for d in range(1, 17)], set()),
    # under a card name a number may fail Luhn (some real debit cards do), as long as most pass
    ("a card column with a few numbers failing Luhn", "银行卡号",
     [luhn_complete(f"622202{rng.randint(10**11, 10**12 - 1)}") for _ in range(180)]
     + [f"622202{rng.randint(10**12, 10**13 - 1)}" for _ in range(20)], {"BANK_CARD"}),
    ("19-digit cards in groups of four pass Luhn under a card name", "卡号",
     [" ".join(c[i:i + 4] for i in range(0, 19, 4)) for c in
      (luhn_complete(f"625911{rng.randint(10**11, 10**12 - 1)}") for _ in range(200))], {"BANK_CARD"}),
    ("test numbers failing Luhn under a card name", "card_no",
     [luhn_complete(f"401288{rng.randint(10**9, 10**10 - 1)}")[:-1] + "9" for _ in range(10)]
     + ["4012-8888-8888-1882", "6222026006705354217", "5555555555554445"] * 60, set()),
    # an organisation's address or number, or one repeated down the column, is no one's own
    ("home addresses", "家庭住址", HOMES, {"CN_ADDRESS"}),
    ("a directory's addresses", "机构地址", HOMES, set()),
    ("a school's address", "school_address", HOMES, set()),
    ("a company's address, whatever path reads it", "企业通信地址",
     [f"{h}（{rng.choice(['商务中心', '科技园', '创业大厦'])}）" for h in HOMES], set()),
    ("a hotel's one address on every guest's row", "地址", ["江苏省宿迁市宿城区西湖路8号"] * 200, set()),
    ("office numbers", "联系电话", OFFICE_LINES, {"CN_LANDLINE"}),
    ("switchboards", "总机电话", OFFICE_LINES, set()),
    ("a branch's number on every row", "电话", ["0527-84361234", "0527-84365678"] * 100, set()),
    # IMEIs without a name: allocated and Luhn-valid, nearly every value; other 15-digit numbers pass
    # Luhn one time in ten
    ("bare IMEIs", "value", [luhn_complete(f"{rng.choice(['35', '86', '99'])}{rng.randint(10**11, 10**12 - 1)}")
                             for _ in range(200)], {"IMEI"}),
    ("Beijing numbers with extensions", "联系电话", [f"010-6{rng.randint(10**6, 10**7 - 1)}-{rng.randint(100, 999)}"
                                                 for _ in range(200)], {"CN_LANDLINE"}),
    ("15-digit serials passing Luhn", "col1", [luhn_complete(str(rng.randint(10**13, 10**14 - 1))) for _ in range(200)],
     set()),
    # names written the Western way count under a name; the names of things do not
    ("English names", "english_name", ["Bill Gates", "Kevin Wayne Durant", "Dirk Nowitzki", "JAMES", "Mary Smith",
                                       "Zhang San", "ZHANG SAN"] * 30, {"PERSON_NAME"}),
    ("English names without a name", "col9", ["Bill Gates", "Kevin Wayne Durant", "Dirk Nowitzki", "JAMES",
                                              "Mary Smith"] * 40, set()),
    ("products named after people", "product_name", ["Grace Bay Resort", "Will Power", "Jordan Air", "Victoria Peak",
                                                     "Rose Garden", "Mark Down Tool"] * 35, set()),
    ("taxpayers, people and companies", "nsrmc", (STAFF + ["襄樊地球村科技有限公司", "宿迁市恒达建材有限公司"]) * 15,
     {"PERSON_NAME"}),
    ("plates and a malformed one", "异常号牌", ["浙苏H6F681", "宁AD1234555555", "京A-12345X"] * 70, set()),
    ("plates in notes", "备注", [f"车辆苏A{i:05d}违停，已处理" for i in range(100)] + ["已处理"] * 100,
     {"CN_LICENSE_PLATE"}),
    ("subnet masks are no hosts", "掩码", ["255.255.255.0", "255.255.0.0", "255.255.255.128"] * 70, set()),
    ("nor prefix masks named so", "netmask", ["128.0.0.0", "192.0.0.0", "224.0.0.0"] * 70, set()),
    ("an organisation's bank is no individual's", "单位开户银行", ["中国银行上海徐汇支行", "招商银行南京分行"] * 100, set()),
    ("property certificate numbers are no addresses", "不动产权证号",
     [f"苏({rng.randint(2015, 2024)})南京市不动产权第{rng.randint(0, 9999999):07d}号" for _ in range(200)], set()),
    # a 台胞证 number is eight digits: its name says what it is, and nothing else can
    ("taiwan permits", "台胞证号码", TAIWAN_PERMITS, {"CN_TAIWAN_PERMIT"}),
    ("taiwan permits by pinyin initials", "tbzh", TAIWAN_PERMITS, {"CN_TAIWAN_PERMIT"}),
    ("older taiwan permits", "台湾居民来往大陆通行证", [f"{p}{rng.randint(1, 9):02d}({rng.choice('ABD1')})"
                                                  for p in TAIWAN_PERMITS], {"CN_TAIWAN_PERMIT"}),
    ("eight-digit batch numbers", "批次号", TAIWAN_PERMITS, set()),
    ("eight-digit numbers of documents", "证件号码", TAIWAN_PERMITS, set()),
    ("permits labelled in the cell", "证件信息", [f"台胞证:{p}" if i % 3 else f"身份证:{IDS[i]}"
                                            for i, p in enumerate(TAIWAN_PERMITS)], {"CN_TAIWAN_PERMIT", "CN_RESIDENT_ID"}),
    ("batches labelled in the cell", "证件信息", [f"批次:{p}" for p in TAIWAN_PERMITS], set()),
    # the analyser reads each sentence: a dozen residents named again and again are people, a stock
    # name repeated down every note is not, nor are the few leaders policy texts name
    ("a dozen residents in notes", "处理情况", notes_naming(STAFF), {"PERSON_NAME"}),
    ("one stock name in notes", "处理情况", notes_naming(["张三"]), set()),
    # a sentence the address pattern explains as a whole still holds the caller's phone
    ("phones in sentences naming an address", "工单内容",
     [f"反映{h}附近有人饲养烈性犬未拴绳，来电人{n}，电话{m[:3]} {m[3:7]} {m[7:]}。"
      for h, n, m in zip(HOMES, SHOWN_NAMES, PHONES, strict=True)],
     {"CN_MOBILE", "CN_ADDRESS", "PERSON_NAME"}),
    ("house and room numbers are no phones", "家庭住址", [f"{h}，电梯{i % 9 + 1}号" for i, h in enumerate(HOMES)],
     {"CN_ADDRESS"}),
    # positions beside place names: a pickup column gives coordinates for some trips only
    ("pickup points, coordinates or places", "上车点",
     [f"{30 + i % 9}.{rng.randint(0, 999999):06d},{110 + i % 9}.{rng.randint(0, 999999):06d}" if i % 5 < 2
      else f"{['科技路', '漕溪北路', '体育西路'][i % 3]}地铁站B口" for i in range(200)], {"GEO_COORDINATE"}),
    ("spots on the way are no homes", "违法地点", ["南京市玄武区中山路与北京东路交叉口", "上海市浦东新区东方路地铁站B口",
                                            "广州市天河区体育西路东门", "深圳市南山区科技园路口", "成都市武侯区人民南路附近"] * 40,
     set()),
    ("its twin: homes on those roads", "家庭住址", [f"南京市玄武区中山路{i + 1}号{i % 9 + 1}栋{i % 30 + 101}室"
                                              for i in range(200)], {"CN_ADDRESS"}),
    # the parties of penalty decisions: companies, shops and people side by side
    ("people among companies under a party's name", "行政相对人名称",
     [SHOWN_NAMES[i] if i % 8 < 3 else ["宿迁市恒达建材有限公司", "南京鑫源餐饮管理有限公司", "鼓楼区老王便利店"][i % 3]
      for i in range(200)], {"PERSON_NAME"}),
    ("companies only under a party's name", "行政相对人名称",
     ["宿迁市恒达建材有限公司", "南京鑫源餐饮管理有限公司", "鼓楼区老王便利店", "江苏华泰物流有限公司"] * 50, set()),
    ("sizes are no positions", "尺寸", [f"{rng.randint(10, 60)}.{rng.randint(0, 9999):04d},{rng.randint(10, 60)}.5"
                                       if i % 5 < 2 else "标准件" for i in range(200)], set()),
    # an individual's money under the names tables give it; a period is no amount
    ("a household's monthly payment", "月保障金", [f"{rng.randint(300, 900)}.00" for _ in range(200)],
     {"FINANCIAL_ACCOUNT_INFO"}),
    ("medical costs", "医疗费总额", [f"{rng.randint(100, 90000)}.{rng.randint(0, 99):02d}" for _ in range(200)],
     {"FINANCIAL_ACCOUNT_INFO"}),
    ("cash paid by the patient", "个人现金支出", [f"{rng.randint(10, 9000)}.{rng.randint(0, 99):02d}" for _ in range(200)],
     {"FINANCIAL_ACCOUNT_INFO"}),
    ("a period of payments", "缴存年月", [f"2025{m:02d}" for m in range(1, 13)] * 17, set()),
    ("surgeries", "手术操作名称", ["腹腔镜下胆囊切除术", "膝关节置换术", "经皮冠状动脉支架置入术", "剖宫产",
                                 "阑尾切除术", "腰椎间盘髓核摘除术", "股骨颈骨折内固定术", "甲状腺部分切除术"] * 25, {"HEALTH_INFO"}),
    ("operations of a system", "操作名称", ["新增用户", "删除记录", "导出报表", "修改密码", "技术支持"] * 40, set()),
    ("clerks by pinyin initials", "djry", INSPECTORS * 20, {"PERSON_NAME"}),
    ("birth dates to the nanosecond", "出生日期", [f"{y}-0{m}-1{d} 00:00:00.000000000" for y in range(1941, 2001)
                                           for m, d in ((3, 2), (7, 5))][:200], {"BIRTH_DATE"}),
    ("leaders named in policy points", "政策要点", [f"深入学习贯彻{n}同志重要讲话精神，加快数字政府建设" for n in
                                            ["习近平", "李强", "赵乐际", "王沪宁", "蔡奇", "丁薛祥", "李希"] * 20], set()),
    # Hong Kong, Macau and Taiwan mobiles are told by their region code, in a column and in notes
    ("region-coded mobiles", "phone", [f"+852 {rng.choice('5679')}{rng.randint(0, 999):03d} {rng.randint(0, 9999):04d}"
                                       if i % 2 else f"+886 9{rng.randint(0, 99):02d} {rng.randint(0, 999999):06d}"
                                       for i in range(200)], {"CN_MOBILE"}),
    ("region-coded fixed lines", "phone", [f"+852 2{rng.randint(0, 999):03d} {rng.randint(0, 9999):04d}"
                                           for _ in range(200)], set()),
    ("region-coded mobiles in notes", "备注", [f"港方联系人电话+853 66{rng.randint(0, 999999):06d}，已通知" for _ in range(100)]
     + ["已处理"] * 100, {"CN_MOBILE"}),
]


@pytest.mark.parametrize(("case", "name", "values", "expected"), CASES, ids=[c[0] for c in CASES])
def test_column_decision(case, name, values, expected, as_of):
    assert set(entities_of(name, values, as_of)) == expected


def test_a_partly_masked_column_reports_the_share_shown(as_of):
    """The names shown are reported at their own share, and the verdict says the rest is masked;
    partitions absorbed count the masked values as the whole column does."""
    from secsuite.detect.spec import load_specs

    values = MASKED_NAMES[:160] + SHOWN_NAMES[:40]
    whole = ColumnScan(["会员姓名"], load_specs(), as_of)
    whole.observe(pl.Series(values))
    [verdict] = whole.verdicts()
    assert (verdict.type, verdict.ratio, verdict.hits) == ("PERSON_NAME", 0.2, 40)
    assert "partly_masked" in verdict.signals and "mixed_column" in verdict.signals
    merged = ColumnScan(["会员姓名"], load_specs(), as_of)
    for part in (values[:100], values[100:]):
        partial = ColumnScan(["会员姓名"], load_specs(), as_of)
        partial.observe(pl.Series(part))
        merged.absorb(partial.state())
    assert merged.verdicts() == whole.verdicts()


def test_an_id_that_passes_luhn_inside_text_is_not_also_a_card(as_of):
    luhn_ids = [v for v in resident_ids(2000) if luhn_complete(v[:-1])[-1] == v[-1] and v[-1] != "X"][:20]
    assert luhn_ids, "some ID numbers pass Luhn by chance"
    texts = [f"申请人身份证{v}，已核验" for v in luhn_ids]
    assert set(entities_of("备注", texts, as_of)) == {"CN_RESIDENT_ID"}


def test_examples_are_masked(as_of):
    from secsuite.detect.spec import load_specs

    scan = ColumnScan(["身份证号"], load_specs(), as_of)
    scan.observe(pl.Series(IDS))
    [verdict] = scan.verdicts()
    assert verdict.examples and all("*" in example for example in verdict.examples)
    assert not any(example in IDS for example in verdict.examples)
    assert all(example[:4] + "*" * 10 + example[-4:] == example for example in verdict.examples)


def test_batches_accumulate_to_the_same_verdict(as_of):
    from secsuite.detect.spec import load_specs

    whole = ColumnScan(["lxdh"], load_specs(), as_of)
    whole.observe(pl.Series(PHONES))
    split = ColumnScan(["lxdh"], load_specs(), as_of)
    for start in range(0, 200, 64):
        split.observe(pl.Series(PHONES[start : start + 64]))
    assert [(v.type, v.hits, v.ratio) for v in whole.verdicts()] == [(v.type, v.hits, v.ratio) for v in split.verdicts()]


def test_neighbouring_matches_in_text_are_all_found(as_of):
    from secsuite.detect.spec import load_specs
    from secsuite.detect.text import search_text

    mobile = next(spec for spec in load_specs() if spec.id == "CN_MOBILE")
    found = search_text(mobile, pl.Series(["电话13800138000，13912345678、13712345678", "无"]), as_of)
    assert sorted(found["value"]) == ["13712345678", "13800138000", "13912345678"]
    assert set(found["row"]) == {0}


def test_partitions_absorbed_give_the_whole_column_verdict(as_of):
    from secsuite.detect.spec import load_specs

    whole = ColumnScan(["lxdh"], load_specs(), as_of)
    whole.observe(pl.Series(PHONES + IDS))
    merged = ColumnScan(["lxdh"], load_specs(), as_of)
    for part in (PHONES[:150], PHONES[150:] + IDS[:100], IDS[100:]):
        partial = ColumnScan(["lxdh"], load_specs(), as_of)
        partial.observe(pl.Series(part))
        merged.absorb(partial.state())
    assert [(v.type, v.hits, v.ratio) for v in merged.verdicts()] == [(v.type, v.hits, v.ratio) for v in whole.verdicts()]
    assert all("*" in e for v in merged.verdicts() for e in v.examples)


@pytest.mark.parametrize(
    ("name", "values", "validators"),
    [
        ("出生日期", [f"19{rng.randint(40, 99)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}" for _ in range(200)],
         ["birth_date"]),
        ("出生年月", [f"19{rng.randint(40, 99)}.0{rng.randint(1, 9)}" for _ in range(200)], ["birth_month"]),
        ("姓名", STAFF * 10, ["person_name"]),
        ("姓名", [*STAFF, "ZHANG Wei", "Li Xiuying", "WANG Jianguo", "Liu Yang"] * 10, ["person_name", "pinyin_name"]),
    ],
)
def test_the_explanation_names_the_validators_that_passed(name, values, validators, as_of):
    """Not every validator the spec has: an auditor confirming 出生年月 reads birth_month only."""
    from secsuite.detect.spec import load_specs

    scan = ColumnScan([name], load_specs(), as_of)
    scan.observe(pl.Series(values, dtype=pl.String))
    [verdict] = [v for v in scan.verdicts() if v.type in ("BIRTH_DATE", "PERSON_NAME")]
    assert sorted(verdict.validators) == sorted(validators)
