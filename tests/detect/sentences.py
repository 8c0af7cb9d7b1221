"""A labelled set of government-office free text (备注, 情况说明, 办理意见, 投诉内容): sentences that
hold a person's name, a personal address, both, or neither.

Every sentence is generated together with its labels, from one seeded random source, so the same
set measures any text engine (``benchmarks/survey_ner.py``) and the tests of ``secsuite.detect.ner``.
The negative twins are the sentences that fool taggers: roles without a name (申请人材料齐全), words
that start with a surname character or read like a given name (齐全, 高明, 文明, 建国路), medicine
names (马应龙麻痔膏), and administrative names that are not a personal address (XX街道办事处, a bare
district, a road without a house number).

A personal address reaches a road with a house number, a building, or a room (in the countryside a
village group); what stops at a district, a street office or a road name is not one (issue 15,
class 8).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

SEED = 1506

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华志红玉海燕文俊鹏辉宇浩然涵欣怡萱思远嘉晨阳桐诺琪婷雪琳凯峰斌波健亮"
COMPOUND = ["欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "夏侯", "司徒"]
MINORITY = ["阿卜杜拉·买买提", "热依拉·阿不都", "古丽娜尔·吐尔逊", "艾力·沙吾提", "迪丽娜尔·艾合买提", "帕尔哈提·依明",
            "扎西·次仁", "阿依古丽·卡德尔", "努尔兰·哈力克", "巴特尔·那顺", "吐尔洪·阿吉", "娜仁·其其格"]
DIVISIONS = ["北京市朝阳区", "上海市浦东新区", "广东省深圳市南山区", "江苏省南京市鼓楼区", "浙江省杭州市西湖区",
             "四川省成都市武侯区", "湖北省武汉市洪山区", "甘肃省兰州市城关区", "山东省济南市历下区", "陕西省西安市雁塔区",
             "河南省郑州市金水区", "湖南省长沙市岳麓区", "江苏省宿迁市宿城区", "天津市河西区", "重庆市渝中区"]
COUNTIES = ["河北省保定市清苑区", "安徽省六安市霍邱县", "江西省赣州市于都县", "云南省大理州宾川县", "贵州省遵义市湄潭县"]
ROADS = ["人民路", "解放路", "中山路", "建设路", "和平路", "胜利街", "新华路", "长江路", "文化路", "学府路", "幸福路",
         "黄河路", "青年路", "发展大道", "金桥路", "光明巷", "西大街", "建国路", "民主路", "团结路"]
COMMUNITIES = ["阳光小区", "幸福家园", "锦绣花园", "翠湖苑", "金色家园", "丽都花园", "滨江名苑", "紫荆公寓"]
TOWNS = ["城关镇", "新集镇", "李家庄镇", "石桥镇", "马坊镇"]
VILLAGES = ["王庄村", "张家湾村", "李家村", "河西村", "高庄村", "柳树村"]
OFFICES = ["朝阳街道办事处", "新华街道办事处", "城关镇人民政府", "望京街道", "东城街道办事处", "高新区管委会",
           "马家堡街道办事处", "区住建局", "市场监管局", "区信访局", "南山区", "西湖区", "岳麓区", "江宁区", "浦东新区"]
MEDICINES = ["阿莫西林胶囊", "布洛芬缓释胶囊", "马应龙麻痔膏", "云南白药气雾剂", "安宫牛黄丸", "六味地黄丸", "连花清瘟胶囊",
             "黄连上清片", "江中健胃消食片", "金银花露", "甘草片", "白加黑感冒片", "华佗再造丸", "牛黄解毒片"]
ROLES = ["申请人", "经办人", "联系人", "投诉人", "来访人", "当事人", "反映人", "户主", "代理人", "被申请人"]


@dataclass(frozen=True)
class Sentence:
    text: str
    person: bool  # holds a person's name
    address: bool  # holds a personal address
    kind: str  # the template family, for reading errors
    health: bool = False  # holds health information (a patient's medicine): negative twins of names only


class SentenceMaker:
    """Sentences of one family at a time, from one seeded random source."""

    def __init__(self, seed: int = SEED):
        self.rng = random.Random(seed)

    def one(self, kind: str) -> Sentence:
        """A sentence of ``kind``: person, address, both, or negative (a twin that holds neither)."""
        make, person, address = FAMILIES[kind]
        text = self.pick(make(self))
        return Sentence(text, person, address, kind, health=any(medicine in text for medicine in MEDICINES))

    def pick(self, items):
        return self.rng.choice(items)

    def name(self) -> str:
        draw = self.rng.random()
        if draw < 0.1:
            return self.pick(MINORITY)
        if draw < 0.22:
            return self.pick(COMPOUND) + self.pick(GIVEN) + (self.pick(GIVEN) if self.rng.random() < 0.5 else "")
        return self.pick(SURNAMES) + self.pick(GIVEN) + (self.pick(GIVEN) if self.rng.random() < 0.6 else "")

    def address(self) -> str:
        """An address that reaches a house number, a building, a room or a village group."""
        n = self.rng.randint
        road = f"{self.pick(ROADS)}{n(1, 399)}号"
        return self.pick([
            f"{self.pick(DIVISIONS)}{road}",
            f"{self.pick(DIVISIONS)}{road}{self.pick(COMMUNITIES)}{n(1, 30)}栋{n(1, 6)}单元{n(1, 30)}0{n(1, 4)}室",
            f"{self.pick(DIVISIONS)}{self.pick(COMMUNITIES)}{n(1, 40)}号楼{n(1, 3)}0{n(1, 6)}室",
            f"{self.pick(COUNTIES)}{self.pick(TOWNS)}{self.pick(VILLAGES)}{n(1, 12)}组{n(1, 80)}号",
            f"{road}{self.pick(COMMUNITIES)}{n(1, 30)}幢{n(1, 20)}0{n(1, 4)}室",  # no division: the road and number carry it
            f"{self.pick(COMMUNITIES)}{n(1, 30)}栋{n(1, 4)}单元{n(1, 30)}0{n(1, 4)}室",
        ])

    def date(self) -> str:
        return f"{self.rng.randint(1, 12)}月{self.rng.randint(1, 28)}日"


def _persons(m: SentenceMaker) -> list[str]:
    name = m.name()
    return [
        f"联系人{name}，电话已核实",
        f"经办人{name}已现场核查，情况属实",
        f"{name}同志反映小区停车难问题，已转物业处理",
        f"来访人{name}称其房屋漏水，要求维修",
        f"经与{name}本人电话沟通，同意延期办理",
        f"投诉人{name}反映楼下餐馆油烟扰民",
        f"{name}于{m.date()}提交补正材料",
        f"请{name}携带身份证原件到窗口领取证照",
        f"材料由{name}代为签收",
        f"申请人{name}因病无法到场，委托他人办理",
        f"{name}女士来电咨询医保报销进度",
        f"{name}先生要求公开处理结果",
        f"已告知{name}复议途径及期限",
        f"经核实，{name}符合低保申请条件",
        f"户主{name}家中{m.rng.randint(2, 6)}口人，均已登记",
        f"{m.date()}，{name}到窗口反映邻里纠纷",
        f"现场负责人为{name}，已签字确认",
    ]


def _addresses(m: SentenceMaker) -> list[str]:
    address = m.address()
    return [
        f"住址{address}，房屋年久失修",
        f"家住{address}，反映楼道照明损坏",
        f"现居住于{address}",
        f"户籍地{address}，已迁出",
        f"送达地址：{address}",
        f"投诉{address}楼上漏水，多次协调未果",
        f"经现场核查，{address}确有违章搭建",
        f"请将材料邮寄至{address}",
    ]


def _both(m: SentenceMaker) -> list[str]:
    name, address = m.name(), m.address()
    return [
        f"联系人{name}，住址{address}",
        f"{name}，家住{address}，反映噪音扰民",
        f"申请人{name}现居{address}，申请公租房",
        f"来访人{name}（住{address}）要求调解",
        f"经查，{name}户籍地为{address}",
        f"{name}反映其位于{address}的房屋被邻居占用",
    ]


def _negatives(m: SentenceMaker) -> list[str]:
    role, office, road, medicine = m.pick(ROLES), m.pick(OFFICES), m.pick(ROADS), m.pick(MEDICINES)
    return [
        f"{role}材料齐全，予以受理",
        f"{role}已现场签收，办理完毕",
        f"请{role}补正材料后再次提交",
        f"{role}电话无人接听，已短信告知",
        f"{role}对处理结果表示满意",
        f"{role}未到场，按程序视为放弃",
        "材料齐全，手续完备，准予办理",
        "窗口工作人员服务文明，群众满意",
        "处理方式高明，双方均无异议",
        "建国以来首次开展此类普查",
        f"{road}沿线施工噪音投诉已转城管处理",
        f"{road}与{m.pick(ROADS)}交叉口积水严重",
        f"已转{office}处理",
        f"由{office}牵头，联合相关部门核查",
        f"{office}已介入调查",
        f"事发地点位于{office}辖区",
        f"{m.pick(COMMUNITIES)}物业管理混乱，业主意见较大",
        f"患者自述服用{medicine}后症状好转",
        f"开具{medicine}，嘱按时服药",
        f"建议停用{medicine}，观察三日",
        "周一至周五正常办理，节假日顺延",
        "高温天气户外作业时间已调整",
        "金额核对无误，已按程序拨付",
        "常规检查未见异常",
        "方案经集体研究通过",
        "黄金周期间加强巡查",
        "余额不足，请及时缴费",
        "万事俱备，择日开工",
        "任务已分解到各科室",
        "程序合法，证据充分",
        "安全隐患已整改到位",
        f"{m.pick(TOWNS)}农田水利设施年久失修",
        f"{m.pick(VILLAGES)}村委会已组织协调",
        "申请人及代理人均已签字确认",
        "经办人意见：同意",
        "华为手机无法登录政务APP",
        "白天施工、夜间停工",
        "钟楼周边交通管制已解除",
    ]


FAMILIES = {"person": (_persons, True, False), "address": (_addresses, False, True), "both": (_both, True, True),
            "negative": (_negatives, False, False)}
SHARES = {"person": 0.30, "address": 0.20, "both": 0.15, "negative": 0.35}


def build(count: int = 600, seed: int = SEED) -> list[Sentence]:
    """``count`` labelled sentences in fixed proportions (``SHARES``: 30% names, 20% addresses, 15%
    both, 35% negative twins); the template and the values are drawn from ``seed``."""
    maker = SentenceMaker(seed)
    sentences = [maker.one(kind) for kind, share in SHARES.items() for _ in range(round(count * share))]
    maker.rng.shuffle(sentences)
    return sentences
