"""What a parsed transcript is made of: enums, frozen dataclasses and their JSON form."""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass
from typing import Any


class ParseErrorReason(enum.StrEnum):
    """Why a text was refused, for callers that sort refusals rather than print them."""

    EMPTY = "empty"
    NO_OPENING = "no_opening"
    NOT_MINUTES = "not_minutes"
    NEWS_REPORT = "news_report"


class ParseError(ValueError):
    """The text is not meeting minutes at all; the message says why (in Chinese)."""

    def __init__(
        self,
        message: str,
        *,
        line: int | None = None,
        reason: ParseErrorReason = ParseErrorReason.NOT_MINUTES,
    ) -> None:
        # The line number is prefixed to the message so that a bare ``str(error)`` is enough
        # for an importer's report, and kept as an attribute for callers that want it.
        super().__init__(f"第{line}行：{message}" if line is not None else message)
        self.line = line
        self.reason = reason

    def __reduce__(self):
        # Errors cross process boundaries in parallel imports; keep line and reason intact.
        return _rebuild_parse_error, (self.args[0], self.line, self.reason)


def _rebuild_parse_error(text: str, line: int | None, reason: ParseErrorReason) -> ParseError:
    error = ParseError(text, reason=reason)
    error.line = line
    return error


class ItemKind(enum.StrEnum):
    """What the meeting did with an agenda item, from the heading's leading verb."""

    REVIEW = "审议"
    HEARING = "听取"
    WRITTEN = "书面审议"
    OTHER = "其他"


class AttendeeRole(enum.StrEnum):
    """How a person took part, from the attendance label (出席：, 列席：…)."""

    PRESENT = "出席"
    OBSERVER = "列席"
    INVITED = "应邀列席"
    ABSENT = "请假"
    PARTICIPANT = "参加"


@dataclass(frozen=True)
class ParsedDecision:
    """One numbered decision (议定事项) of an agenda item."""

    order: int
    text: str
    lead_departments: tuple[str, ...]
    supporting_departments: tuple[str, ...]
    outcome: str | None
    issuing_channel: str | None


@dataclass(frozen=True)
class ParsedAgendaItem:
    """One agenda item (议题) with its decisions."""

    order: int
    number_text: str
    kind: ItemKind
    title: str
    documents: tuple[str, ...]
    decisions: tuple[ParsedDecision, ...]

    @property
    def lead_departments(self) -> tuple[str, ...]:
        """The union of the decisions' lead departments, in first-seen order."""
        return tuple(
            dict.fromkeys(name for decision in self.decisions for name in decision.lead_departments)
        )


@dataclass(frozen=True)
class ParsedAttendee:
    """One attendance record; ``name`` is None for a department's unnamed representative."""

    name: str | None
    role: AttendeeRole
    department: str | None
    title: str | None
    note: str | None


@dataclass(frozen=True)
class ParsedMeeting:
    """Everything the parser read from one transcript."""

    meeting_type: str
    body: str | None
    number: int | None
    date: datetime.date | None
    time_of_day: str | None
    chair: str | None
    chair_title: str | None
    doc_number: str | None
    opening: str
    agenda_items: tuple[ParsedAgendaItem, ...]
    written_approvals: tuple[str, ...]
    other_matters: bool
    attendees: tuple[ParsedAttendee, ...]
    warnings: tuple[str, ...]
    # The meeting number as written (十届四十二次, 第 32 次) and what it is counted within: a
    # government's term (届) or, where numbering restarts every year, the year.
    term: int | None = None
    number_text: str | None = None
    number_year: int | None = None
    # From the header: who issued the minutes and when (not the meeting's own date), and the
    # information-disclosure fields of a web page (索引号, 发布机构, …) as written.
    issuing_office: str | None = None
    issue_date: datetime.date | None = None
    metadata: tuple[tuple[str, str], ...] = ()


def meeting_to_dict(meeting: ParsedMeeting) -> dict[str, Any]:
    """The meeting as JSON-ready data, in the key order that ``parse_minutes --json`` shows."""
    return {
        "meeting_type": meeting.meeting_type,
        "body": meeting.body,
        "number": meeting.number,
        "date": meeting.date.isoformat() if meeting.date else None,
        "time_of_day": meeting.time_of_day,
        "chair": meeting.chair,
        "chair_title": meeting.chair_title,
        "doc_number": meeting.doc_number,
        "agenda_items": [
            {
                "order": item.order,
                "kind": item.kind.value,
                "title": item.title,
                "documents": list(item.documents),
                "decisions": [
                    {
                        "order": decision.order,
                        "text": decision.text,
                        "lead_departments": list(decision.lead_departments),
                        "supporting_departments": list(decision.supporting_departments),
                        "outcome": decision.outcome,
                        "issuing_channel": decision.issuing_channel,
                    }
                    for decision in item.decisions
                ],
            }
            for item in meeting.agenda_items
        ],
        "written_approvals": list(meeting.written_approvals),
        "attendees": [
            {
                "name": attendee.name,
                "role": attendee.role.value,
                "department": attendee.department,
                "title": attendee.title,
            }
            for attendee in meeting.attendees
        ],
        "warnings": list(meeting.warnings),
        "term": meeting.term,
        "number_text": meeting.number_text,
        "number_year": meeting.number_year,
        "issuing_office": meeting.issuing_office,
        "issue_date": meeting.issue_date.isoformat() if meeting.issue_date else None,
        "metadata": dict(meeting.metadata),
    }
