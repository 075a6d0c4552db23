"""The transcript parser: minutes text in, frozen dataclasses out (pure: no Django).

``parse_transcript`` is the entry point; ``meeting_to_dict`` gives its JSON form.
"""

from __future__ import annotations

from .attendance import split_department_and_name, split_department_title_name
from .records import (
    AttendeeRole,
    ItemKind,
    ParsedAgendaItem,
    ParsedAttendee,
    ParsedDecision,
    ParsedMeeting,
    ParseError,
    meeting_to_dict,
)
from .transcript import parse_transcript

__all__ = [
    "AttendeeRole",
    "ItemKind",
    "ParseError",
    "ParsedAgendaItem",
    "ParsedAttendee",
    "ParsedDecision",
    "ParsedMeeting",
    "meeting_to_dict",
    "parse_transcript",
    "split_department_and_name",
    "split_department_title_name",
]
