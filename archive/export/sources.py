"""What each exportable list contains: its columns and its rows, read in chunks."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from django.db.models import Count, QuerySet

from archive.identifiers import decision_key
from archive.models import DecisionDepartment, Department, Meeting

# Rows fetched per round trip; the export never holds more than this many at once.
CHUNK_SIZE = 500


MEETING_COLUMNS = (
    "id",
    "title",
    "number",
    "date",
    "time_of_day",
    "meeting_type",
    "body",
    "chair",
    "chair_title",
    "doc_number",
    "agenda_item_count",
    "decision_count",
    "url",
    # Appended, so that readers of the older columns by position keep working.
    "chair_as_written",
)

DECISION_COLUMNS = (
    "id",
    "meeting_id",
    "meeting_title",
    "meeting_date",
    "agenda_item_order",
    "agenda_item_title",
    "decision_order",
    "role",
    "name_as_written",
    "text",
    "outcome",
    "issuing_channel",
    "url",
)


def meeting_rows(meetings: QuerySet[Meeting], absolute: Callable[[str], str]) -> Iterator[dict]:
    """Each meeting as one flat row, in the queryset's order."""
    counted = (
        meetings.defer("source_text", "opening")
        .annotate(
            agenda_item_count=Count("agenda_items", distinct=True),
            decision_count=Count("agenda_items__decisions"),
        )
        .order_by("-date", "-number", "-pk")
    )
    for meeting in counted.iterator(chunk_size=CHUNK_SIZE):
        yield {
            "id": meeting.pk,
            "title": meeting.display_title,
            "number": meeting.number,
            "date": meeting.date,
            "time_of_day": meeting.time_of_day,
            "meeting_type": meeting.meeting_type,
            "body": meeting.body,
            "chair": meeting.chair,
            "chair_as_written": meeting.chair_as_written,
            "chair_title": meeting.chair_title,
            "doc_number": meeting.doc_number,
            "agenda_item_count": meeting.agenda_item_count,
            "decision_count": meeting.decision_count,
            "url": absolute(meeting.get_absolute_url()),
        }


def department_decision_rows(
    department: Department, absolute: Callable[[str], str]
) -> Iterator[dict]:
    """Every decision naming ``department`` (lead or supporting), newest meeting first."""
    links = DecisionDepartment.objects.of_department(department)
    for link in links.iterator(chunk_size=CHUNK_SIZE):
        decision = link.decision
        item = decision.agenda_item
        meeting = item.meeting
        yield {
            "id": decision_key(meeting.pk, item.order, decision.order),
            "meeting_id": meeting.pk,
            "meeting_title": meeting.display_title,
            "meeting_date": meeting.date,
            "agenda_item_order": item.order,
            "agenda_item_title": item.title,
            "decision_order": decision.order,
            "role": link.role,
            "name_as_written": link.name_as_written,
            "text": decision.text,
            "outcome": decision.outcome,
            "issuing_channel": decision.issuing_channel,
            "url": absolute(decision.get_absolute_url()),
        }
