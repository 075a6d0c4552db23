"""``parse_transcript``: finds the header and the opening, then walks the body."""

from __future__ import annotations

from dataclasses import replace

from .body import Line, Walk, is_structural, walk_body
from .genre import news_report_marker
from .header import is_header_line, read_header
from .opening import find_body, has_date, mentions_meeting, opening_topic, read_opening
from .records import ParsedMeeting, ParseError, ParseErrorReason
from .traditional import AsWritten, to_simplified

# Fields whose values are the archive's own vocabulary, not text cut from the transcript.
_VOCABULARY_FIELDS = frozenset({"meeting_type", "body", "warnings"})


def parse_transcript(text: str) -> ParsedMeeting:
    """Parse the text of one set of meeting minutes into a ``ParsedMeeting``.

    Every non-empty line ends up in a field, is recognised as page chrome, or is named in a
    warning. Raises ParseError (with a ``reason``) when the text is not minutes at all:
    empty, no opening paragraph with a date or a meeting, or a news report about a meeting.
    Text in Traditional characters is read through its Simplified form and returned as written.
    """
    text = text.removeprefix("\ufeff")
    simplified = to_simplified(text)
    parsed = _parse_simplified(simplified)
    if simplified == text:
        return parsed
    as_written = AsWritten(text, simplified)
    restored = as_written.restore(parsed, keep=_VOCABULARY_FIELDS)
    return replace(restored, warnings=tuple(map(as_written.warning, parsed.warnings)))


def _parse_simplified(text: str) -> ParsedMeeting:
    lines = [Line(number, raw.strip()) for number, raw in enumerate(text.splitlines(), start=1)]
    if not any(line.text for line in lines):
        raise ParseError("文本为空，不是会议纪要", reason=ParseErrorReason.EMPTY)
    news = news_report_marker([line.text for line in lines])
    if news is not None:
        at, marker_line = news
        raise ParseError(
            f"这是关于会议的新闻报道（“{marker_line}”），不是会议纪要",
            line=lines[at].number,
            reason=ParseErrorReason.NEWS_REPORT,
        )
    warnings: list[str] = []
    opening_at, header = _find_opening(lines, warnings)
    opening_line = lines[opening_at]
    if not has_date(opening_line.text) and not mentions_meeting(opening_line.text):
        raise ParseError(
            "开头段落既没有会议日期，也没有提到会议，不是会议纪要", line=opening_line.number
        )
    body_at = opening_at + 1
    opening_parts = [opening_line.text]
    while body_at < len(lines) and lines[body_at].text and not is_structural(lines[body_at].text):
        opening_parts.append(lines[body_at].text)
        body_at += 1
    opening = "".join(opening_parts)

    facts = read_opening(opening)
    if facts.yearless_date is not None:
        warnings.append(
            f"第{opening_line.number}行：会议日期“{facts.yearless_date}”没有写年份，未能确定日期"
        )
    elif facts.date is None:
        warnings.append(f"第{opening_line.number}行：开头段落中没有完整的会议日期")
    if facts.meeting_type is None:
        warnings.append(f"第{opening_line.number}行：未能识别会议类型")

    walk = Walk(warnings=warnings, topic=opening_topic(opening))
    walk_body(lines, body_at, walk)
    found = read_header([line.text for line in header])
    header_text = "".join(line.text for line in header)
    return ParsedMeeting(
        meeting_type=facts.meeting_type or "会议",
        body=find_body(opening, header_text, text),
        number=facts.number,
        date=facts.date,
        time_of_day=facts.time_of_day,
        chair=facts.chair,
        chair_title=facts.chair_title,
        doc_number=found.doc_number,
        opening=opening,
        agenda_items=tuple(item.freeze() for item in walk.items),
        written_approvals=tuple(walk.written_approvals),
        other_matters=walk.other_matters,
        attendees=tuple(walk.attendees),
        warnings=tuple(walk.warnings),
        term=facts.term,
        number_text=facts.number_text,
        number_year=facts.number_year,
        issuing_office=found.issuing_office,
        issue_date=found.issue_date,
        metadata=tuple(found.metadata),
    )


def _find_opening(lines: list[Line], warnings: list[str]) -> tuple[int, list[Line]]:
    """The index of the opening paragraph's first line, and the header lines above it.

    The opening is the first line that says who chaired (主持) or dates a meeting; headers
    (document number, a …纪要 title, an issue date, disclosure metadata, page chrome) may
    come before it. When no line looks like an opening, the first line that is not a header
    is taken, for the caller to judge.
    """
    # Lines are judged from the top down to the opening only: a transcript's body can run to
    # hundreds of lines, and the opening is usually among the first few.
    first_candidate = opening_at = None
    for i, line in enumerate(lines):
        if not line.text or is_header_line(line.text):
            continue
        if first_candidate is None:
            first_candidate = i
        if "主持" in line.text or (has_date(line.text) and mentions_meeting(line.text)):
            opening_at = i
            break
    if first_candidate is None:
        first = next(line for line in lines if line.text)
        raise ParseError(
            "只有标题或文号，找不到开头段落，不是会议纪要",
            line=first.number,
            reason=ParseErrorReason.NO_OPENING,
        )
    if opening_at is None:
        opening_at = first_candidate
    header = [line for line in lines[:opening_at] if line.text]
    for line in header:
        if not is_header_line(line.text):
            warnings.append(f"第{line.number}行：开头段落之前无法归类的内容“{line.text}”")
    return opening_at, header
