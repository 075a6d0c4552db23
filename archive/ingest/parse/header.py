"""What may stand above the opening paragraph (and around the text on a web page): document
numbers, the issuing office and issue date, information-disclosure metadata, page chrome."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from .numerals import ascii_digits
from .opening import date_span, find_doc_number, is_date_only, read_date
from .vocabulary import looks_like_department

# The fields of a government site's information-disclosure table (政府信息公开).
METADATA_KEYS: tuple[str, ...] = (
    "索引号", "发布机构", "发文机关", "发文机构", "公开方式", "公开范围", "公开时限", "公开形式",
    "成文日期", "发布日期", "生成日期", "印发日期", "主题分类", "组配分类", "体裁分类", "服务对象",
    "文号", "发文字号", "信息来源", "有效性", "信息分类", "主题词", "关键词", "责任部门",
    "公开责任部门", "所属机构", "文件编号", "信息名称", "浏览量",
    "发文日期", "成文时间", "发布时间", "公开日期",
)  # fmt: skip
_KEYS = "|".join(sorted(METADATA_KEYS, key=len, reverse=True))
_METADATA_LINE_RE = re.compile(rf"^(?:{_KEYS})\s*[：:]")
_METADATA_FIELD_RE = re.compile(
    rf"(?P<key>{_KEYS})\s*[：:]\s*(?P<value>.*?)\s*(?=(?:{_KEYS})\s*[：:]|$)"
)

# Navigation, print and share links, page counters: the web page around the minutes.
_CHROME_RE = re.compile(
    r"^(?:"
    r"第\s*[0-9]+\s*页\s*[/，,]?\s*(?:共\s*[0-9]+\s*页)?"
    r"|共\s*[0-9]+\s*页.*"
    r"|[-—－]\s*[0-9]+\s*[-—－]"
    r"|(?:首页|当前位置|您当前的位置|您现在的位置|您的位置)\s*[：:>＞›»].*"
    r"|.*[>＞›»]\s*(?:会议纪要|政务公开|政府信息公开|常务会议|信息公开).*"
    r"|(?:【[^】]{1,8}】\s*)+"
    r"|.*(?:打印本页|关闭窗口|返回顶部|分享到|扫一扫在手机|字号\s*[：:]\s*[大中小]).*"
    r")$"
)
# A title line (太仓市人民政府常务会议纪要) and an issue counter (第15期, 2023年第3期).
_TITLE_RE = re.compile(r"^[^，。；]{0,40}(?:纪要|纪录|记录)(?:[（(][^（）()]{1,12}[）)])?$")
_ISSUE_COUNTER_RE = re.compile(r"^(?:[0-9]{4}\s*年\s*)?第\s*[0-9一二三四五六七八九十百〇]+\s*期$")
# The issuing government or office alone on a line: 某某县人民政府, 东林市人民政府办公室.
_ISSUER_RE = re.compile(r"^[\u4e00-\u9fff]{1,12}(?:人民政府|政府)(?:办公室|办公厅)?$")
# Issued on: 印发 / 发布 after the date; the office before it.
_ISSUED_SUFFIX_RE = re.compile(r"^\s*(?:印发|发布|发)?\s*$")


@dataclass
class Header:
    """What the lines above the opening said about the document (not about the meeting)."""

    doc_number: str | None = None
    issuing_office: str | None = None
    issue_date: datetime.date | None = None
    metadata: list[tuple[str, str]] = field(default_factory=list)


def is_chrome(text: str) -> bool:
    """Whether ``text`` is page furniture (a page counter, 打印本页, a breadcrumb)."""
    return _CHROME_RE.match(ascii_digits(text)) is not None


def is_metadata(text: str) -> bool:
    """Whether ``text`` is a line of the information-disclosure table (索引号：…)."""
    return _METADATA_LINE_RE.match(text) is not None


def office_and_date(text: str) -> tuple[str, datetime.date] | None:
    """``(office, date)`` from an issue line: ``清河县人民政府办公室　2022年12月20日印发``."""
    span = date_span(text)
    if span is None or not _ISSUED_SUFFIX_RE.match(text[span[1] :]):
        return None
    office = text[: span[0]].strip(" \u3000\t")
    date = read_date(text)
    if date is None or not looks_like_department(office):
        return None
    return office, date


def is_header_line(text: str) -> bool:
    """Whether ``text`` belongs to the document's header or page chrome."""
    return bool(
        find_doc_number(text)
        or is_date_only(text)
        or _TITLE_RE.match(text)
        or _ISSUE_COUNTER_RE.match(ascii_digits(text))
        or is_metadata(text)
        or _ISSUER_RE.match(text)
        or is_chrome(text)
        or office_and_date(text)
    )


def read_header(lines: list[str]) -> Header:
    """The document facts in the header lines (in order; the first of each kind wins)."""
    header = Header()
    for text in lines:
        if is_metadata(text):
            header.metadata += [
                (match.group("key"), match.group("value"))
                for match in _METADATA_FIELD_RE.finditer(text)
            ]
        if header.doc_number is None:
            header.doc_number = find_doc_number(text)
        issued = office_and_date(text)
        if issued and header.issue_date is None:
            header.issuing_office, header.issue_date = issued
        elif is_date_only(text) and header.issue_date is None:
            header.issue_date = read_date(text)
    fields = dict(header.metadata)
    if header.issuing_office is None:
        header.issuing_office = fields.get("发布机构") or fields.get("发文机关") or None
    if header.issue_date is None:
        for key in ("成文日期", "成文时间", "发文日期", "印发日期"):
            header.issue_date = header.issue_date or _iso_date(fields.get(key, ""))
    return header


def _iso_date(text: str) -> datetime.date | None:
    match = re.match(r"^([0-9]{4})[-./]([0-9]{1,2})[-./]([0-9]{1,2})", ascii_digits(text))
    if match is None:
        return read_date(text)
    try:
        return datetime.date(*map(int, match.groups()))
    except ValueError:
        return None
