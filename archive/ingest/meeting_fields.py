"""How a parse maps onto Meeting's columns where the parser's words are not the model's."""

from __future__ import annotations

from typing import Any

from archive.ingest.parse import ParsedAgendaItem, ParsedMeeting
from archive.ingest.parse.traditional import to_simplified
from archive.models import ItemKind, MeetingType

# The parser names an item's kind by the model's label (审议, 听取, …).
_ITEM_KINDS = {str(label): value for value, label in ItemKind.choices}


def meeting_type_choice(written: str) -> str:
    """The MeetingType for a type as the minutes name it; look-alikes are never 常务会议.

    县长办公会议 and 区长办公会议 are the county's and district's 市长办公会议; a combined
    meeting (党组会议暨常务会议) is filed as such, whatever else it is.
    """
    if "暨" in written:
        return MeetingType.COMBINED
    if written == "常务会议":
        return MeetingType.STANDING
    if written.endswith("办公会议"):
        return MeetingType.EXECUTIVE
    if written == "专题会议":
        return MeetingType.TOPICAL
    return MeetingType.OTHER


def item_kind_choice(parsed: ParsedAgendaItem) -> str:
    """The ItemKind an agenda item is stored with; a kind the model does not know is 其他."""
    return _ITEM_KINDS.get(parsed.kind.value, ItemKind.OTHER)


def meeting_header_fields(parsed: ParsedMeeting) -> dict[str, Any]:
    """Meeting's numbering and document-header columns, from ``parsed``."""
    return {
        "meeting_type": meeting_type_choice(parsed.meeting_type),
        "term": parsed.term,
        "number_text": parsed.number_text or "",
        "number_year": parsed.number_year,
        "issuing_office": parsed.issuing_office or "",
        "issue_date": parsed.issue_date,
        "disclosure_metadata": dict(parsed.metadata),
    }


def simplified_and_written(written: str | None) -> tuple[str, str]:
    """A name as the transcript writes it, as two columns: the name in Simplified characters,
    by which people are told apart, and the written form when it differs (else empty)."""
    written = written or ""
    name = to_simplified(written)
    return name, written if written != name else ""


def attendee_names(written: str | None) -> dict[str, str]:
    """Attendee's name columns for a name as the transcript writes it."""
    name, as_written = simplified_and_written(written)
    return {"name": name, "name_as_written": as_written}


def chair_names(written: str | None) -> dict[str, str]:
    """Meeting's chair columns for a chair as the transcript writes it."""
    chair, as_written = simplified_and_written(written)
    return {"chair": chair, "chair_as_written": as_written}
