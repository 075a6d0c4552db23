"""A reproducible synthetic corpus of meeting minutes for the search benchmark; no Django.

Words are drawn from jieba's own dictionary with its corpus frequencies (a Zipf-like
distribution measured on real Chinese text), so that common words are as common and rare
words as rare as in real prose. Each meeting has the reference format's shape: an opening
that names the meeting and its documents, numbered agenda items of 审议《…》 with three
decisions each, and an attendance list of departments and people. Meeting ``i`` depends
only on the seed and ``i``, so any number of processes build the same corpus.
"""

from __future__ import annotations

import bisect
import datetime
import itertools
import os
import random
import re
from dataclasses import dataclass
from functools import cache

import jieba

VOCABULARY_SIZE = 60_000
_CJK = re.compile(r"^[\u4e00-\u9fff]+$")
_NUMERALS = "一二三四五六七八九"
_OFFICES = (
    "发改委 教育局 科技局 工信局 公安局 民政局 司法局 财政局 人社局 住建局"
    " 城管局 交运局 水务局 农业农村局 商务局 卫健委 应急局 审计局 医保局 金融监管局"
)
DEPARTMENTS = [f"市{name}" for name in _OFFICES.split()]
DEPARTMENTS += [f"{name}镇" for name in ["城厢", "沙溪", "浏河", "浮桥", "璜泾", "双凤"]]
# The city's leaders, named in no dictionary of jieba's: a mayor per term of 2,500 meetings
# chairs them; six of the ten vice-mayors attend each one. Others attending are drawn at random.
MAYORS = ["钱立峰", "孔德明", "严若冰", "韦嘉禾"]
VICE_MAYORS = ["邵鸿远", "龚晓岚", "覃永泽", "武清扬", "戴书恒", "莫云舒", "柯望舒", "幸思齐"]
VICE_MAYORS += ["晏秋白", "骆知远"]
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬斌宇浩凯健俊帆"


@dataclass(frozen=True)
class GeneratedMeeting:
    index: int
    number: int
    date: datetime.date
    opening: str
    items: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]  # title, documents, decisions
    attendance: str
    source_text: str


@cache
def vocabulary() -> tuple[list[str], list[int]]:
    """The most frequent all-CJK words of jieba's dictionary and their cumulative weights."""
    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    entries = []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            word, freq, *_ = line.split(" ")
            if _CJK.match(word):
                entries.append((int(freq), word))
    entries.sort(key=lambda entry: (-entry[0], entry[1]))
    words = [word for _, word in entries[:VOCABULARY_SIZE]]
    weights = list(itertools.accumulate(freq for freq, _ in entries[:VOCABULARY_SIZE]))
    return words, weights


def _words(rng: random.Random, count: int) -> list[str]:
    words, weights = vocabulary()
    total = weights[-1]
    return [words[bisect.bisect(weights, rng.random() * total)] for _ in range(count)]


def _prose(rng: random.Random, count: int) -> str:
    words = _words(rng, count)
    out: list[str] = []
    clause = rng.randint(5, 12)
    for index, word in enumerate(words, start=1):
        out.append(word)
        if index == clause:
            out.append("。" if rng.random() < 0.3 else "，")
            clause += rng.randint(5, 12)
    return "".join(out).rstrip("，。") + "。"


def _person(rng: random.Random) -> str:
    return rng.choice(_SURNAMES) + "".join(rng.choices(_GIVEN, k=rng.randint(1, 2)))


def generate_meeting(seed: int, index: int) -> GeneratedMeeting:
    """Meeting ``index`` of the corpus with ``seed``: about 4,000 characters."""
    rng = random.Random(seed * 1_000_003 + index)
    number = index % 120 + 1
    date = datetime.date(2000, 1, 1) + datetime.timedelta(days=index * 9125 // 100_000)
    date += datetime.timedelta(days=rng.randint(0, 60))
    items = []
    documents_all = []
    for _ in range(rng.randint(5, 8)):
        document = (
            "关于"
            + "".join(_words(rng, rng.randint(4, 7)))
            + rng.choice(["的实施意见", "实施方案", "管理办法", "若干措施", "专项规划"])
        )
        documents_all.append(document)
        title = f"审议《{document}》"
        decisions = (
            f"会议原则同意《{document}》。会后{rng.choice(DEPARTMENTS)}根据会议讨论意见"
            "作进一步修改完善，按程序以市政府名义印发。",
            _prose(rng, rng.randint(105, 165)),
            _prose(rng, rng.randint(105, 165)),
        )
        items.append((title, (document,), decisions))
    mayor = MAYORS[index // 2500 % len(MAYORS)]
    opening = (
        f"{date.year}年{date.month}月{date.day}日下午，{mayor}市长主持召开市政府"
        f"第{number}次常务会议，审议" + "".join(f"《{d}》" for d in documents_all) + "。"
    )
    attendance = (
        "出席："
        + "、".join([*rng.sample(VICE_MAYORS, 6), *(_person(rng) for _ in range(3))])
        + "。\n列席："
        + "，".join(
            department + "、".join(_person(rng) for _ in range(rng.randint(1, 3)))
            for department in rng.sample(DEPARTMENTS, 18)
        )
        + "。"
    )
    lines = [opening, "会议议定以下意见："]
    for order, (title, _documents, decisions) in enumerate(items, start=1):
        lines.append(f"{_NUMERALS[order - 1]}、{title}")
        lines.extend(f"（{_NUMERALS[k]}）{text}" for k, text in enumerate(decisions))
    lines += ["会议还研究了其他事项。", "", attendance, ""]
    return GeneratedMeeting(
        index=index,
        number=number,
        date=date,
        opening=opening,
        items=tuple(items),
        attendance=attendance,
        source_text="\n".join(lines),
    )


def dictionary_words() -> list[str]:
    """The corpus's department names and leaders, as the archive's dictionary would hold them."""
    return [*DEPARTMENTS, *MAYORS, *VICE_MAYORS]
