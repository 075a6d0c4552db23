"""Word lists the parser leans on: department suffixes, surnames and titles written before names."""

from __future__ import annotations

import re

# How department names end. Two-character suffixes are listed although their last character
# may be listed too: they document the intent and keep the list readable.
DEPARTMENT_SUFFIXES: tuple[str, ...] = (
    "局", "委", "办", "部", "中心", "集团", "会", "组", "大队", "支行", "分行", "银行",
    "区", "镇", "街道", "新城", "人大", "政协", "法院", "检察院", "监委", "乡", "村", "站",
    "所", "院", "公司", "室", "府", "厅", "处", "署", "队", "社", "馆", "台", "联", "协",
    "园", "司",
)  # fmt: skip

# Single-character surnames common enough in government rosters (from the 百家姓 and the
# present-day top surnames). Rare ones that are also everyday words are left out on purpose,
# because a surname match is what tells a name from the end of a department.
SURNAMES: frozenset[str] = frozenset(
    "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜戚谢邹喻柏窦章云苏潘"
    "葛奚范彭郎鲁韦昌马苗凤花方俞任袁柳酆鲍史唐费廉岑薛雷贺倪汤滕殷罗毕郝邬安常乐于时傅皮"
    "卞齐康伍余元卜顾孟平黄穆萧尹姚邵湛汪祁毛禹狄米贝明臧计伏成戴谈宋茅庞熊纪舒屈项祝董梁"
    "杜阮蓝闵席季麻强贾路娄危江童颜郭梅盛林刁钟徐邱骆高夏蔡田樊胡凌霍虞万支柯管卢莫经房裘"
    "缪干解应宗丁宣贲邓郁单杭洪包诸左石崔吉钮龚程嵇邢滑裴陆荣翁荀羊惠甄曲封芮羿储靳汲邴糜"
    "松井段富巫乌焦巴弓牧山谷车侯宓蓬全郗班仰秋仲伊宫宁仇栾暴甘厉戎祖武符刘景詹束龙叶幸司"
    "韶郜黎蓟薄印宿白怀蒲邰从鄂索咸籍赖卓蔺屠蒙池乔阴胥苍双闻莘党翟谭贡劳逄姬申扶堵冉宰郦"
    "雍璩桑桂濮牛寿边扈燕冀浦尚农温别庄晏柴瞿阎闫充慕连茹习宦艾鱼容向古易慎戈廖庾终暨居衡"
    "步都耿满弘匡国文寇广禄阙东欧沃利蔚越夔隆师巩聂晁勾敖融冷辛阚简饶曾沙养鞠须丰巢关蒯查"
    "荆游竺权盖益桓付覃岳帅麦冼谌揭肖"
)

DOUBLE_SURNAMES: frozenset[str] = frozenset(
    (
        "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文",
        "司徒", "夏侯", "轩辕", "令狐", "端木", "西门", "南宫", "独孤", "澹台", "公冶", "宗政",
        "濮阳", "太史", "申屠", "闻人", "呼延", "万俟", "钟离", "拓跋", "百里", "东郭", "第五",
    )
)  # fmt: skip

# Titles written before a name (副县长陈立伟, 县人大常委会副主任吴海燕). Longest first, so
# that 常务副市长 is preferred to 副市长 and 市长.
PERSON_TITLES: tuple[str, ...] = tuple(
    sorted(
        (
            "市长", "副市长", "常务副市长", "代市长", "县长", "副县长", "常务副县长", "代县长",
            "区长", "副区长", "常务副区长", "代区长", "州长", "副州长", "旗长", "副旗长",
            "镇长", "副镇长", "乡长", "副乡长", "书记", "副书记", "秘书长", "副秘书长",
            "主任", "副主任", "局长", "副局长", "部长", "副部长", "主席", "副主席",
            "院长", "副院长", "检察长", "副检察长", "调研员", "巡视员",
        ),
        key=len,
        reverse=True,
    )
)  # fmt: skip


# Many departments at once, so no one of them: 各镇, 市有关部门, 相关单位, 市直部门.
_GENERIC_DEPARTMENT_RE = re.compile(r"^各|有关|相关|(?:部门|单位)$")


def names_no_one_department(text: str) -> bool:
    """Whether ``text`` speaks of many departments at once (各镇, 市有关部门, 相关单位)."""
    return _GENERIC_DEPARTMENT_RE.search(text) is not None


def looks_like_department(text: str) -> bool:
    """Whether ``text`` reads as a department name: ends with a known suffix, no sentence inside."""
    if not 2 <= len(text) <= 24 or any(char in text for char in "的要，。；：、《》“”"):
        return False
    return text.endswith(DEPARTMENT_SUFFIXES)


def looks_like_name(text: str) -> bool:
    """Whether ``text`` reads as a person's name: 2-3 characters after a common surname, 4 with
    a double surname (3 with a double surname is allowed too: 欧阳明)."""
    if len(text) == 4 or (len(text) == 3 and text[:2] in DOUBLE_SURNAMES):
        return text[:2] in DOUBLE_SURNAMES
    return len(text) in (2, 3) and text[0] in SURNAMES


_TITLE_SET = frozenset(PERSON_TITLES)
_TITLE_LENGTHS = sorted({len(title) for title in PERSON_TITLES}, reverse=True)


def title_at_end(text: str) -> str | None:
    """The longest person title ``text`` ends with, if any."""
    # One look-up per title length rather than one test per title: the attendance parser asks
    # this of every name it reads.
    return next((text[-n:] for n in _TITLE_LENGTHS if text[-n:] in _TITLE_SET), None)


def title_at_start(text: str) -> str | None:
    """The longest person title ``text`` starts with, if any."""
    return next((text[:n] for n in _TITLE_LENGTHS if text[:n] in _TITLE_SET), None)
