"""The opening paragraph (date, chair, meeting number and type) and the header above it."""

from __future__ import annotations

import datetime
import re
from collections import Counter
from contextlib import suppress
from dataclasses import dataclass

from .numerals import CHINESE_NUMERAL_CHARS, ascii_digits, chinese_to_int
from .vocabulary import DOUBLE_SURNAMES, PERSON_TITLES, SURNAMES, looks_like_name

_NUMERAL = rf"[0-9{CHINESE_NUMERAL_CHARS}]"
# A weekday in brackets may stand between the date and the half-day: 12月19日（星期一）上午.
_WEEKDAY = r"(?:\s*[（(](?:星期|周|礼拜)[一二三四五六日天][）)])?"
_DATE_RE = re.compile(
    rf"(?P<year>[0-9]{{4}}|[〇○零一二三四五六七八九]{{4}})\s*年\s*"
    rf"(?P<month>{_NUMERAL}{{1,3}})\s*月\s*(?P<day>{_NUMERAL}{{1,3}})\s*日{_WEEKDAY}"
    r"\s*(?P<time>上午|下午|中午|晚上)?"
)
# A date in digits, as web pages write it: 2024.1.24, 2024-01-24, 2024/1/24.
_NUMERIC_DATE_RE = re.compile(
    r"(?<![0-9.\-/])(?P<year>(?:19|20)[0-9]{2})(?P<sep>[.\-/])(?P<month>[0-9]{1,2})(?P=sep)"
    rf"(?P<day>[0-9]{{1,2}})(?![0-9.\-/]){_WEEKDAY}\s*(?P<time>上午|下午|中午|晚上)?"
)
# A date without its year (1月5日上午): the meeting's day cannot be filed, only warned about,
# unless the meeting's number gives the year (1月5日…2024年第3次常务会议).
_YEARLESS_DATE_RE = re.compile(
    rf"(?<![0-9年])(?P<month>{_NUMERAL}{{1,2}})\s*月\s*(?P<day>{_NUMERAL}{{1,3}})\s*日{_WEEKDAY}"
    r"\s*(?P<time>上午|下午|中午|晚上)?"
)
# 第38次, 第三十八次, 十届四十二次, 第十届第四十二次, 五届104次, 第 32 次.
_NUMBER_RE = re.compile(rf"(?:第|届)\s*(?P<number>{_NUMERAL}+)\s*次")
# The term the number counts within (十届, 第十六届), written before the number.
_TERM_RE = re.compile(rf"(?:第\s*)?(?P<term>{_NUMERAL}{{1,4}})\s*届")
# Numbering that restarts every year: 2021年区政府第1次 (a year not followed by a month).
_NUMBER_YEAR_RE = re.compile(
    r"(?P<year>[0-9]{4}|[〇○零一二三四五六七八九]{4})\s*年(?!\s*[0-9一二三四五六七八九十]{1,2}\s*月)"
)
# The meeting the chair convened: 主持召开市政府第38次常务会议.
_CONVENED_RE = re.compile(r"(?:召开|举行)(?P<meeting>[^，。；]*?会议)(?![^，。；]*会议)")
_MEETING_TYPES = (
    "常务会议",
    "市长办公会议",
    "县长办公会议",
    "区长办公会议",
    "办公会议",
    "专题会议",
)
_MEETING_TYPES += ("党组会议", "全体会议", "联席会议")
_MEETING_TYPE_RE = re.compile("|".join(_MEETING_TYPES))
_CHAIR_TITLES = "|".join(PERSON_TITLES)
_CHAIR_AFTER_NAME_RE = re.compile(rf"(?P<title>{_CHAIR_TITLES})(?:主持|召集)")
# 市长王伟主持, 市长王伟在市政府第一会议室主持.
_CHAIR_BEFORE_NAME_RE = re.compile(
    rf"(?P<title>{_CHAIR_TITLES})(?P<name>[\u4e00-\u9fff]{{2,4}}?)"
    r"(?:在[^，。；,;]{1,24}?)?(?:主持|召集)"
)
# A chair named without a title: 2024年1月24日，王伟主持召开…, 会议由王伟同志主持.
_UNTITLED_CHAIR_RE = re.compile(
    r"(?:^|[，,。；;\s由日午])(?P<name>[\u4e00-\u9fff]{2,4}?)(?:同志)?"
    r"(?:在[^，。；,;]{1,24}?)?(?:主持|召集)"
)
# 市长王　伟主持, 王　伟市长主持: a two-character name spaced out to line up with longer ones.
_PADDED_CHAIR_RE = re.compile(
    r"(?P<surname>[\u4e00-\u9fff])[ \t\u3000]+(?P<given>[\u4e00-\u9fff])"
    rf"(?=(?:{_CHAIR_TITLES}|同志)?(?:在[^，。；,;]{{1,24}}?)?(?:主持|召集))"
)
_CJK_RUN_RE = re.compile(r"[\u4e00-\u9fff]+$")
# 常务会议纪要〔2024〕7号, 太政纪[2024]7号.
_DOC_NUMBER_RE = re.compile(r"[\u4e00-\u9fff]*[〔\[［(（][0-9]{4}[〕\]］)）]\s*第?[0-9]+\s*号")
_LEVEL_RE = re.compile(r"(?P<level>[市县区州旗])(?:人民)?政府")
# Words that end up before 市 / 县 in a sentence (会同市公安局, 关于市…, 关于加强城市…) but
# never in a place name.
_NOT_A_PLACE_RE = re.compile(
    r"关于|会同|由|要|报|的|和|及|与|向|对|在|将|把|为|是|各|全"
    r"|加强|推进|促进|做好|支持|建设|规范|开展|深化|实施|完善|提升|优化|调整|设立|成立|同意"
    r"|听取|审议|研究|讨论|通过"
)
_FULL_BODY_RE = re.compile(r"(?P<body>[\u4e00-\u9fff]{2,3}?[市县区州旗]人民政府)")


# What the meeting took up, as the opening says it: …主持召开…会议，听取市住建局关于…的汇报。
_TOPIC_RE = re.compile(r"(?:^|[，,；;。])\s*(?P<topic>(?:会议)?(?:审议|听取|研究|讨论)[^。]+)")


def opening_topic(opening: str) -> str | None:
    """The opening's account of what the meeting took up (审议《甲》，听取乙的汇报), if any."""
    match = _TOPIC_RE.search(opening)
    return match.group("topic").rstrip("，,；; ") if match else None


@dataclass(frozen=True)
class OpeningFacts:
    """What the opening paragraph says about the meeting itself."""

    meeting_type: str | None
    number: int | None
    date: datetime.date | None
    time_of_day: str | None
    chair: str | None
    chair_title: str | None
    term: int | None = None
    number_text: str | None = None
    number_year: int | None = None
    yearless_date: str | None = None  # 1月5日, when the opening gives no year


def read_opening(opening: str) -> OpeningFacts:
    """Date, half-day, chair, meeting number and type from the opening paragraph."""
    text = ascii_digits(opening)
    date, time_of_day = _read_date(text)
    convened = _CONVENED_RE.search(text)
    meeting_phrase = convened.group("meeting") if convened else text
    chair, chair_title = _read_chair(text)
    yearless = found = None
    if date is None and time_of_day is None:
        found = _YEARLESS_DATE_RE.search(text)
        if found:
            yearless = opening[found.start() : text.index("日", found.end("day")) + 1]
            time_of_day = found.group("time")
    offset = convened.start("meeting") if convened and _NUMBER_RE.search(meeting_phrase) else 0
    number = _read_number(text[offset:] if offset else text, original=opening[offset:])
    if found and number and number.year:
        # 1月24日…2024年第3次常务会议: numbered within 2024, so held in it.
        with suppress(ValueError):
            date = datetime.date(
                number.year,
                chinese_to_int(found.group("month")),
                chinese_to_int(found.group("day")),
            )
            yearless = None
    return OpeningFacts(
        meeting_type=_read_meeting_type(meeting_phrase) or _read_meeting_type(text),
        number=number.value if number else None,
        date=date,
        time_of_day=time_of_day,
        chair=chair,
        chair_title=chair_title,
        term=number.term if number else None,
        number_text=number.text if number else None,
        number_year=number.year if number else None,
        yearless_date=yearless,
    )


def mentions_meeting(text: str) -> bool:
    """Whether ``text`` speaks of a meeting at all (召开…会议, 主持, 常务会议…)."""
    return "会议" in text or "主持" in text


def has_date(text: str) -> bool:
    """Whether ``text`` holds a full date such as 2024年1月24日."""
    return _DATE_RE.search(ascii_digits(text)) is not None


def read_date(text: str) -> datetime.date | None:
    """The first full date in ``text`` (2024年1月26日, 二〇二二年十二月二十日), if valid."""
    return _read_date(ascii_digits(text))[0]


def date_span(text: str) -> tuple[int, int] | None:
    """Where the first full date in ``text`` stands."""
    match = _DATE_RE.search(ascii_digits(text))
    return match.span() if match else None


def is_date_only(text: str) -> bool:
    """Whether ``text`` is nothing but a date (an issue date in a header)."""
    return _DATE_RE.fullmatch(ascii_digits(text).strip()) is not None


def find_doc_number(text: str) -> str | None:
    """A document number such as ``常务会议纪要〔2024〕7号`` in a header line."""
    match = _DOC_NUMBER_RE.search(ascii_digits(text))
    return text[match.start() : match.end()] if match else None


def find_body(opening: str, header: str, full_text: str) -> str | None:
    """The issuing government, e.g. 太仓市人民政府.

    Written out in full in a header it is taken as is; otherwise the opening's 市政府 (or
    县政府, 区政府) gives the level and the place is the one most often named in document
    titles and item headings (《太仓市…》).
    """
    for text in (header, opening):
        match = _FULL_BODY_RE.search(text)
        if match:
            return match.group("body")
    level_match = _LEVEL_RE.search(opening)
    if level_match is None:
        return None
    level = level_match.group("level")
    # The place must come right after a title's opening bracket or a verb, so that phrases
    # such as 加强全市 or 推动太仓市 do not put 加强 or 推动太 forward as the place; and 县长
    # after a name (张伟县长) is a title, not a county.
    place_re = re.compile(
        rf"(?:^|[《，、]|审议|听取|关于|推动)([\u4e00-\u9fff]{{2,3}}?){level}(?!长)"
    )
    places = Counter(
        match.group(1)
        for line in full_text.splitlines()
        for match in place_re.finditer(line.strip())
        if not _NOT_A_PLACE_RE.search(match.group(1))
    )
    if not places:
        return None
    place, _count = places.most_common(1)[0]
    return f"{place}{level}人民政府"


def _read_date(text: str) -> tuple[datetime.date | None, str | None]:
    match = _DATE_RE.search(text) or _NUMERIC_DATE_RE.search(text)
    if match is None:
        return None, None
    try:
        date = datetime.date(
            chinese_to_int(match.group("year")),
            chinese_to_int(match.group("month")),
            chinese_to_int(match.group("day")),
        )
    except ValueError:
        return None, match.group("time")
    return date, match.group("time")


@dataclass(frozen=True)
class _MeetingNumber:
    value: int
    text: str
    term: int | None
    year: int | None


def _numeral_or_none(numeral: str) -> int | None:
    """The value of a numeral, or None where it mixes digits and numerals (0十六, 一38)."""
    try:
        return chinese_to_int(numeral)
    except ValueError:
        return None


def _read_number(text: str, *, original: str) -> _MeetingNumber | None:
    """The meeting number in ``text`` (digits made ASCII), with its term, year and wording
    cut from ``original`` (the same text as written)."""
    match = _NUMBER_RE.search(text)
    if match is None:
        return None
    # Term and year belong to the same clause as the number.
    clause_start = max(text.rfind(mark, 0, match.start()) for mark in "，。；,;") + 1
    before = text[clause_start : match.start()]
    start = match.start()
    term = None
    term_match = None
    for term_match in _TERM_RE.finditer(before):  # noqa: B007 (the last one is wanted)
        continue
    if term_match is not None and not text[clause_start + term_match.end() : start].strip(
        "市县区州旗政府人民 "
    ):
        term = _numeral_or_none(term_match.group("term"))
        if term is not None:
            start = clause_start + term_match.start()
    elif match.group(0).startswith("届"):
        # 五届104次: the term digits come right before 届.
        digits = re.search(rf"{_NUMERAL}+$", text[clause_start : match.start()])
        if digits:
            term = _numeral_or_none(digits.group(0))
            if term is not None:
                start = clause_start + digits.start()
    value = _numeral_or_none(match.group("number"))
    if value is None:  # 第一38次 is no number
        return None
    year_match = _NUMBER_YEAR_RE.search(before)
    return _MeetingNumber(
        value=value,
        text=original[start : match.end()],
        term=term,
        year=_numeral_or_none(year_match.group("year")) if year_match else None,
    )


def _read_meeting_type(text: str) -> str | None:
    # A combined meeting (党组会议暨常务会议) keeps both names, so it is never filed as 常务会议.
    found = list(dict.fromkeys(_MEETING_TYPE_RE.findall(text)))
    return "暨".join(found) if found else None


def _read_chair(text: str) -> tuple[str | None, str | None]:
    text = _PADDED_CHAIR_RE.sub(_close_padded_name, text)
    for match in _CHAIR_AFTER_NAME_RE.finditer(text):
        run = _CJK_RUN_RE.search(text[: match.start()])
        name = _name_at_end(run.group(0)) if run else None
        if name:
            return name, match.group("title")
    match = _CHAIR_BEFORE_NAME_RE.search(text)
    if match:
        return match.group("name"), match.group("title")
    for match in _UNTITLED_CHAIR_RE.finditer(text):
        if looks_like_name(match.group("name")):
            return match.group("name"), None
    return None, None


def _close_padded_name(match: re.Match[str]) -> str:
    if match.group("surname") in SURNAMES:
        return match.group("surname") + match.group("given")
    return match.group(0)


def _name_at_end(run: str) -> str | None:
    """The person's name that ``run`` ends with (下午徐华东 -> 徐华东), by surname."""
    if len(run) >= 4 and run[-4:-2] in DOUBLE_SURNAMES:
        return run[-4:]
    for length in (3, 2):
        if len(run) >= length and run[-length] in SURNAMES:
            return run[-length:]
    return run[-3:] if len(run) >= 2 else None
