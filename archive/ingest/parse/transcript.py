"""``parse_transcript``: walks a transcript line by line and places every line somewhere."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .attendance import attendance_label, attendance_prose, parse_attendance_list
from .items import (
    Marker,
    decision_marker,
    documents_in,
    has_unclosed_title,
    item_kind,
    item_marker,
    read_decision,
)
from .opening import (
    find_body,
    find_doc_number,
    has_date,
    is_date_only,
    mentions_meeting,
    read_opening,
)
from .records import (
    AttendeeRole,
    ParsedAgendaItem,
    ParsedAttendee,
    ParsedMeeting,
    ParseError,
)

# 会议议定以下意见：, 纪要如下：, 现将会议主要内容纪要如下：, with or without the colon.
_TRANSITION_RE = re.compile(r"^[^，。；]{0,16}(?:如下|以下意见|以下事项)[：:]?$")
_WRITTEN_APPROVAL_RE = re.compile(r"^会议(?:还)?书面审议(?:并)?(?:原则)?通过")
_OTHER_MATTERS_RE = re.compile(r"^会议还研究了?其他事项")
# A header line that is a title such as 太仓市人民政府常务会议纪要.
_HEADER_TITLE_RE = re.compile(r"^[^，。；]{0,30}纪要$")


@dataclass
class _Line:
    number: int
    text: str


@dataclass
class _DecisionDraft:
    order: int
    parts: list[str]


@dataclass
class _ItemDraft:
    order: int
    number_text: str
    title: str
    numbered_decisions: bool = False
    decisions: list[_DecisionDraft] = field(default_factory=list)

    def freeze(self) -> ParsedAgendaItem:
        return ParsedAgendaItem(
            order=self.order,
            number_text=self.number_text,
            kind=item_kind(self.title),
            title=self.title,
            documents=documents_in(self.title),
            decisions=tuple(read_decision(d.order, "".join(d.parts)) for d in self.decisions),
        )


@dataclass
class _Walk:
    """What has been read so far, while the body is walked line by line."""

    items: list[_ItemDraft] = field(default_factory=list)
    items_are_arabic: bool | None = None
    written_approvals: list[str] = field(default_factory=list)
    other_matters: bool = False
    attendees: list[ParsedAttendee] = field(default_factory=list)
    attendance_role: AttendeeRole | None = None
    closed: bool = False  # past the closing lines: only attendance may follow
    warnings: list[str] = field(default_factory=list)

    def unplaced(self, line: _Line) -> None:
        self.warnings.append(f"第{line.number}行：无法归类的内容“{line.text}”")


def parse_transcript(text: str) -> ParsedMeeting:
    """Parse the text of one set of meeting minutes into a ``ParsedMeeting``.

    Every non-empty line ends up in a field or, failing that, in a warning naming its line.
    Raises ParseError when the text is not minutes at all (empty, or an opening paragraph
    with neither a date nor any mention of a meeting).
    """
    lines = [
        _Line(number, raw.strip())
        for number, raw in enumerate(text.removeprefix("\ufeff").splitlines(), start=1)
    ]
    if not any(line.text for line in lines):
        raise ParseError("文本为空，不是会议纪要")
    warnings: list[str] = []
    opening_at, header = _find_opening(lines, warnings)
    opening_line = lines[opening_at]
    if not has_date(opening_line.text) and not mentions_meeting(opening_line.text):
        raise ParseError(
            "开头段落既没有会议日期，也没有提到会议，不是会议纪要", line=opening_line.number
        )
    body_at = opening_at + 1
    opening_parts = [opening_line.text]
    while body_at < len(lines) and lines[body_at].text and not _is_structural(lines[body_at].text):
        opening_parts.append(lines[body_at].text)
        body_at += 1
    opening = "".join(opening_parts)

    facts = read_opening(opening)
    if facts.date is None:
        warnings.append(f"第{opening_line.number}行：开头段落中没有完整的会议日期")
    if facts.meeting_type is None:
        warnings.append(f"第{opening_line.number}行：未能识别会议类型")

    walk = _Walk(warnings=warnings)
    _walk_body(lines, body_at, walk)
    header_text = "".join(line.text for line in header)
    return ParsedMeeting(
        meeting_type=facts.meeting_type or "会议",
        body=find_body(opening, header_text, text),
        number=facts.number,
        date=facts.date,
        time_of_day=facts.time_of_day,
        chair=facts.chair,
        chair_title=facts.chair_title,
        doc_number=next(filter(None, (find_doc_number(line.text) for line in header)), None),
        opening=opening,
        agenda_items=tuple(item.freeze() for item in walk.items),
        written_approvals=tuple(walk.written_approvals),
        other_matters=walk.other_matters,
        attendees=tuple(walk.attendees),
        warnings=tuple(walk.warnings),
    )


def _find_opening(lines: list[_Line], warnings: list[str]) -> tuple[int, list[_Line]]:
    """The index of the opening paragraph's first line, and the header lines above it.

    The opening is the first line that says who chaired (主持) or dates a meeting; headers
    (document number, a …纪要 title, an issue date) may come before it. When no line looks
    like an opening, the first line that is not a header is taken, for the caller to judge.
    """
    candidates = [i for i, line in enumerate(lines) if line.text and not _is_header(line.text)]
    if not candidates:
        first = next(line for line in lines if line.text)
        raise ParseError("只有标题或文号，找不到开头段落，不是会议纪要", line=first.number)
    opening_at = next(
        (
            i
            for i in candidates
            if "主持" in lines[i].text
            or (has_date(lines[i].text) and mentions_meeting(lines[i].text))
        ),
        candidates[0],
    )
    header = [line for line in lines[:opening_at] if line.text]
    for line in header:
        if not _is_header(line.text):
            warnings.append(f"第{line.number}行：开头段落之前无法归类的内容“{line.text}”")
    return opening_at, header


def _is_header(text: str) -> bool:
    return bool(find_doc_number(text) or is_date_only(text) or _HEADER_TITLE_RE.match(text))


def _is_structural(text: str) -> bool:
    """Whether a line starts something other than more of the opening paragraph."""
    return bool(
        _TRANSITION_RE.match(text)
        or item_marker(text)
        or decision_marker(text)
        or attendance_label(text)
        or text.startswith("会议")
    )


def _walk_body(lines: list[_Line], start: int, walk: _Walk) -> None:
    index = start
    while index < len(lines):
        line = lines[index]
        index += 1
        if not line.text:
            continue
        if _read_attendance(line, walk):
            continue
        if walk.attendance_role is not None:
            # Past the attendance lists only more attendance belongs; anything else is chrome.
            walk.unplaced(line)
        elif _WRITTEN_APPROVAL_RE.match(line.text):
            walk.written_approvals += documents_in(line.text)
            walk.closed = True
        elif _OTHER_MATTERS_RE.match(line.text):
            walk.other_matters = True
            walk.closed = True
        elif walk.closed:
            walk.unplaced(line)
        elif _TRANSITION_RE.match(line.text) and not walk.items:
            continue
        elif (marker := item_marker(line.text)) and _starts_item(marker, line, walk):
            index = _read_item_heading(marker, lines, index, walk)
        elif marker := decision_marker(line.text):
            _start_decision(marker, line, walk)
        elif walk.items:
            _continue_item(line, walk)
        else:
            walk.unplaced(line)


def _read_attendance(line: _Line, walk: _Walk) -> bool:
    """Read ``line`` as attendance if it is; report whether it was."""
    labelled = attendance_label(line.text)
    if labelled:
        role, body = labelled
        attendees, warnings = parse_attendance_list(role, body, line_number=line.number)
        walk.attendees += attendees
        walk.warnings += warnings
        walk.attendance_role = role
        return True
    prose = attendance_prose(line.text)
    if prose is None and walk.attendance_role is not None and "：" not in line.text:
        # A line after a list, such as 市委办的代表。, continues the last list, but only if
        # every group in it reads cleanly; otherwise it is some footer, not attendance.
        attendees, warnings = parse_attendance_list(
            walk.attendance_role, line.text, line_number=line.number
        )
        if attendees and not warnings:
            walk.attendees += attendees
            return True
        return False
    if prose is None:
        return False
    for role, who in prose:
        attendees, warnings = parse_attendance_list(role, who, line_number=line.number)
        walk.attendees += attendees
        walk.warnings += warnings
    walk.attendance_role = prose[-1][0]
    return True


def _starts_item(marker: Marker, line: _Line, walk: _Walk) -> bool:
    """Whether an item marker really starts the next item, warning about irregular ones.

    The first item sets the document's numbering style. A marker in the other style is a
    slip (6、 among 一、二、…) when its number is the next item's, and otherwise the start
    of a sub-list inside a decision.
    """
    expected = len(walk.items) + 1
    if walk.items_are_arabic is None:
        walk.items_are_arabic = marker.arabic
    if marker.arabic != walk.items_are_arabic:
        if marker.number != expected:
            return False
        walk.warnings.append(
            f"第{line.number}行：议题编号“{marker.text}”不规范，按第{expected}项处理"
        )
    elif marker.number != expected:
        walk.warnings.append(
            f"第{line.number}行：议题编号“{marker.text}”与顺序不符，按第{expected}项处理"
        )
    return True


def _read_item_heading(marker: Marker, lines: list[_Line], index: int, walk: _Walk) -> int:
    """Start an item; a heading whose 《 is closed only on a later line is joined to it.

    Returns the index of the first line after the heading.
    """
    title = marker.rest
    while has_unclosed_title(title) and index < len(lines) and lines[index].text:
        following = lines[index].text
        if _is_structural(following):
            break
        title += following
        index += 1
    walk.items.append(_ItemDraft(len(walk.items) + 1, marker.text, title))
    return index


def _start_decision(marker: Marker, line: _Line, walk: _Walk) -> None:
    if not walk.items:
        walk.unplaced(line)
        return
    item = walk.items[-1]
    expected = len(item.decisions) + 1
    if marker.number != expected:
        walk.warnings.append(
            f"第{line.number}行：议定事项编号“{marker.text}”与顺序不符，按第{expected}条处理"
        )
    item.numbered_decisions = True
    item.decisions.append(_DecisionDraft(expected, [marker.rest]))


def _continue_item(line: _Line, walk: _Walk) -> None:
    """An unnumbered line in an item: more of the last numbered decision (a wrapped
    paragraph), or, in an item without numbered decisions, a decision of its own."""
    item = walk.items[-1]
    if item.numbered_decisions:
        item.decisions[-1].parts.append(line.text)
    else:
        item.decisions.append(_DecisionDraft(len(item.decisions) + 1, [line.text]))
