"""Realistic invented transcripts, generated reproducibly for benchmarks.

Transcript ``i`` of seed ``s`` is always the same bytes, whatever N is, so that runs at
different sizes (and on different days) import the same text. Shapes, encodings and line ends
vary as they do in a real archive: the reference format, a county web page with disclosure
metadata and points run together, Arabic numbering with ASCII punctuation and categorised
attendance, whole-sentence headings, unnumbered paragraphs of a combined meeting, and
Traditional characters.
"""

from __future__ import annotations

import codecs
import random
from pathlib import Path

from opencc import OpenCC


def _words(text: str) -> list[str]:
    return text.split()


PLACES = _words("清河 新华 东林 安平 永宁 南湖 西岭 北川 长乐 云溪 青石 白沙 临江 望海 松阳 柳塘")
DEPARTMENTS = _words(
    "政府办 发改委 教育局 科技局 工信局 公安局 民政局 司法局 财政局 人社局 资源规划局 住建局 "
    "城管局 交运局 水务局 农业农村局 商务局 文体广旅局 卫健委 应急局 审计局 行政审批局 "
    "市场监管局 医保局 统计局 金融监管局 招商局 退役军人局 融媒体中心 总工会 城发集团 水务集团"
)
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕"
    "丁沈任姚卢钟姜崔谭陆汪范金石廖贾夏韦付方邹孟熊秦邱江尹薛阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍"
    "鹏辉建国红梅志海峰晓东立新宏文斌波宇浩凯健俊帆琳"
)
TOPICS = _words(
    "城乡供水一体化 老旧小区改造 排水许可管理 低空经济发展 农村人居环境整治 企业上市培育 "
    "养老服务体系建设 城市更新 河道保洁考核 停车设施建设 智慧城市建设 生物医药产业发展 "
    "安全生产治本攻坚 乡村振兴促进 公共服务平台运行管理 消费品以旧换新 人才公寓建设 "
    "中小学校布局调整 数字政府建设 耕地保护 海绵城市建设 营商环境优化"
)
KINDS = _words("实施方案 管理办法 若干措施 三年行动计划 专项规划 实施意见 考核办法 工作方案")
SENTENCES = (
    "要坚持问题导向，对现有体系进行全面梳理、查找问题，切实提升工作实效。",
    "各地各部门要提高政治站位，进一步强化底线思维和风险意识，压紧压实工作责任。",
    "要加强统筹协调，细化时间表、路线图、优先序和责任人，倒排时间抢抓进度。",
    "要密切协同配合，充分发挥牵头单位统筹抓总作用，强化跨部门协同配合，条抓块管。",
    "要加强财政经费保障，统筹各类资金，把有限资金更精准地用在关键环节上。",
    "政策实施过程中要注意动态评估实施效果，根据实际情况及时作出调整。",
    "要广泛开展政策宣传解读，营造良好的社会氛围，让企业和群众看得懂、用得上。",
    "要建立完善问题发现、解决和督查的闭环，加强全过程跟踪和沟通指导，定期晾晒通报。",
    "要从严打击各类违法违规行为，推动建立权责明确、制度健全、监管有力的管理体系。",
    "要做好与国土空间规划的衔接，系统考虑从源头到末端的全过程管理，加强资源节约利用。",
    "要加快项目建设进度，上半年完成前期手续，年内完成主体工程建设并投入使用。",
    "要注重数字赋能，依托综合指挥平台推进数据共享，提升精细化管理水平。",
    "各专项工作组要强化重点领域、关键环节和薄弱短板的监管，督促责任单位履职尽责。",
    "要加大产业引导基金支持力度，持续推进招商引资，梯次培育一批高成长型企业。",
    "要严格落实安全生产责任制，紧盯重点行业领域，坚决把风险隐患消除在萌芽状态。",
    "要健全长效机制，合理有序压缩审批环节和时间，全面提升政府服务效率。",
)
CN_DIGITS = "〇一二三四五六七八九"
_TRADITIONAL = OpenCC("s2t")


def _cn_number(value: int) -> str:
    """三十八, 一百零四 (up to the hundreds, as meeting numbers are written)."""
    if value < 10:
        return CN_DIGITS[value]
    if value < 20:
        return "十" + (CN_DIGITS[value % 10] if value % 10 else "")
    if value < 100:
        return CN_DIGITS[value // 10] + "十" + (CN_DIGITS[value % 10] if value % 10 else "")
    rest = value % 100
    tail = "" if rest == 0 else ("零" + CN_DIGITS[rest] if rest < 10 else _cn_number(rest))
    return CN_DIGITS[value // 100] + "百" + tail


def _cn_date(year: int, month: int, day: int) -> str:
    return (
        "".join(CN_DIGITS[int(d)] for d in str(year))
        + f"年{_cn_number(month)}月{_cn_number(day)}日"
    )


class _Writer:
    """One transcript's random choices."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.place = rng.choice(PLACES)
        self.level = rng.choice("市县区")
        self.chair = self.name()
        self.year = rng.randint(2015, 2025)
        self.month, self.day = rng.randint(1, 12), rng.randint(1, 28)
        self.number = rng.randint(1, 140)

    def name(self) -> str:
        return self.rng.choice(SURNAMES) + "".join(
            self.rng.choices(GIVEN, k=self.rng.choice((1, 2, 2)))
        )

    def department(self) -> str:
        return self.level + self.rng.choice(DEPARTMENTS)

    def document(self) -> str:
        return f"{self.place}{self.level}{self.rng.choice(TOPICS)}{self.rng.choice(KINDS)}"

    def filler(self, low: int = 2, high: int = 5) -> str:
        return "".join(self.rng.sample(SENTENCES, self.rng.randint(low, high)))

    def first_decision(self, document: str) -> str:
        return (
            f"会议原则同意《{document}》。会后{self.department()}根据会议讨论意见作进一步修改完善，"
            f"按程序以{self.level}政府名义印发。"
        )

    def observers(self, separator: str = "，") -> str:
        groups = []
        for _ in range(self.rng.randint(15, 45)):
            names = "、".join(self.name() for _ in range(self.rng.choice((1, 1, 1, 2, 3))))
            groups.append(self.department() + names)
        return separator.join(groups)

    def present(self) -> str:
        return "、".join([self.chair] + [self.name() for _ in range(self.rng.randint(4, 9))])

    def opening(self, *, chinese: bool = False) -> str:
        date = (
            _cn_date(self.year, self.month, self.day)
            if chinese
            else f"{self.year}年{self.month}月{self.day}日"
        )
        return f"{date}{self.rng.choice('上下')}午，{self.chair}{self.level}长主持召开"


def _reference(w: _Writer) -> str:
    documents = [w.document() for _ in range(w.rng.randint(3, 8))]
    lines = [
        w.opening()
        + f"{w.level}政府第{w.number}次常务会议，审议"
        + "".join(f"《{d}》" for d in documents)
        + "。",
        "会议议定以下意见：",
    ]
    for index, document in enumerate(documents, 1):
        lines.append(f"{_cn_number(index)}、审议《{document}》")
        lines.append(f"（一）{w.first_decision(document)}")
        for order in range(2, w.rng.randint(3, 4) + 1):
            lines.append(f"（{_cn_number(order)}）{w.filler()}")
    lines += ["会议还研究了其他事项。", f"出席：{w.present()}。", f"列席：{w.observers()}。"]
    return "\n".join(lines)


def _county_page(w: _Writer) -> str:
    documents = [w.document() for _ in range(w.rng.randint(3, 7))]
    issued = _cn_date(w.year, w.month, min(w.day + 2, 28))
    lines = [
        "首页 > 政务公开 > 会议纪要",
        f"索引号：{w.rng.randint(10**9, 10**10)}/{w.year}-{w.rng.randint(1, 999):05d}",
        f"发布机构：{w.place}{w.level}人民政府办公室　　公开方式：主动公开",
        f"{w.place}{w.level}人民政府常务会议纪要",
        f"〔{w.year}〕{w.rng.randint(1, 40)}号",
        f"{w.place}{w.level}人民政府办公室　　　　{issued}",
        "　　"
        + w.opening(chinese=True)
        + f"十{_cn_number(w.rng.randint(1, 9))}届{w.level}政府第{_cn_number(w.number)}次常务会议。"
        + "现将会议主要内容纪要如下：",
    ]
    for index, document in enumerate(documents, 1):
        lines.append(f"　　{_cn_number(index)}、审议《{document}》")
        points = "".join(f"{n}.{w.filler(1, 2)[:-1]}；" for n in range(1, w.rng.randint(2, 4) + 1))
        lines.append(f"　　会议原则同意《{document}》。{points}")
    lines += [
        f"　　副{w.level}长{w.name()}、{w.name()}出席会议；"
        f"{w.level}人大常委会副主任{w.name()}应邀列席会议。",
        f"　　请假：{w.name()}（出差）",
        f"　　列席：{w.department()}主要负责同志，{w.observers('；')}",
        "第1页 共1页",
    ]
    return "\n".join(lines)


def _arabic_ascii(w: _Writer) -> str:
    documents = [w.document() for _ in range(w.rng.randint(3, 7))]
    lines = [w.opening() + f"{w.year}年{w.level}政府第{w.rng.randint(1, 30)}次常务会议。纪要如下:"]
    for index, document in enumerate(documents, 1):
        lines.append(f"{index}、审议《{document}》及配套政策")
        lead, partner = w.department(), w.department()
        lines.append(
            f"(1)会议原则同意《{document}》,由{lead}会同{partner}修改完善后,以{w.level}政府名义印发实施."
        )
        lines.append(f"(2){w.filler().replace('，', ',').replace('。', '.')}")
    lines.append(f"参加人员:(1){w.level}领导:{w.present()};(2)部门:{w.observers(',')}")
    return "\n".join(lines)


def _sentences(w: _Writer) -> str:
    lines = [
        w.opening() + f"第{_cn_number(w.rng.randint(10, 19))}届人民政府第 {w.number} 次常务会议。"
        "会议议定以下意见"
    ]
    for index in range(1, w.rng.randint(3, 7) + 1):
        if w.rng.random() < 0.5:
            lines.append(
                f"{_cn_number(index)}、会议审议并原则通过《{w.document()}》，由{w.department()}"
                "根据会议意见修改完善后印发实施。"
            )
        else:
            points = "".join(f"（{_cn_number(n)}）{w.filler(1, 2)}" for n in range(1, 4))
            lines.append(
                f"{_cn_number(index)}、会议听取了{w.department()}关于工作情况的汇报。{points}"
            )
    lines += [f"出席：{w.present()}", f"列席：{w.observers()}"]
    return "\n".join(lines)


def _combined(w: _Writer) -> str:
    lines = [
        f"{w.level}政府党组会议暨常务会议纪要",
        w.opening() + f"{w.level}政府党组会议暨常务会议。",
    ]
    for _ in range(w.rng.randint(3, 6)):
        lines.append(
            f"会议审议了《{w.document()}》，原则同意，由{w.department()}牵头组织实施。{w.filler()}"
        )
    lines += ["会议还研究了其他事项。", "出席：", f"（1）{w.level}领导：{w.present()}",
              f"（2）部门：{w.observers()}"]  # fmt: skip
    return "\n".join(lines)


def _traditional(w: _Writer) -> str:
    return _TRADITIONAL.convert(_reference(w))


SHAPES = (_reference, _reference, _county_page, _arabic_ascii, _sentences, _combined, _traditional)
ENCODINGS = (("utf-8", b""), ("utf-8", b""), ("gb18030", b""), ("utf-8", codecs.BOM_UTF8),
             ("utf-16-le", codecs.BOM_UTF16_LE))  # fmt: skip


def transcript_bytes(index: int, *, seed: int = 20240124) -> tuple[str, bytes]:
    """The file name and bytes of transcript ``index``."""
    rng = random.Random(f"{seed}:{index}")
    writer = _Writer(rng)
    shape = rng.choice(SHAPES)
    text = shape(writer) + "\n"
    encoding, bom = rng.choice(ENCODINGS)
    if shape is _traditional and encoding == "gb18030":
        encoding = "utf-8"  # GB18030 holds Traditional too, but sites serving it use UTF-8
    if rng.random() < 0.3:
        text = text.replace("\n", "\r\n")
    return f"bench_{index:06d}_{shape.__name__.strip('_')}.txt", bom + text.encode(encoding)


def transcripts_write(folder: Path, count: int, *, seed: int = 20240124) -> list[Path]:
    """Write ``count`` transcripts into ``folder``; returns their paths in order."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        name, data = transcript_bytes(index, seed=seed)
        path = folder / name
        path.write_bytes(data)
        paths.append(path)
    return paths
