"""The querysets the API reads, with exactly the related rows each shape needs."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from archive.models import AgendaItem, Attendee, Decision, DecisionDepartment, Meeting

# Columns no list needs; the full text is only for one meeting at a time.
HEAVY_MEETING_FIELDS = ("source_text", "opening")


def meeting_list_rows() -> QuerySet[Meeting]:
    return Meeting.objects.defer(*HEAVY_MEETING_FIELDS)


def _department_links() -> Prefetch:
    return Prefetch(
        "department_links", queryset=DecisionDepartment.objects.select_related("department")
    )


def meeting_with_structure() -> QuerySet[Meeting]:
    """Meetings with items, decisions, their departments and attendees in six queries."""
    decisions = Decision.objects.select_related("agenda_item").prefetch_related(_department_links())
    return Meeting.objects.prefetch_related(
        Prefetch(
            "agenda_items",
            queryset=AgendaItem.objects.prefetch_related(Prefetch("decisions", queryset=decisions)),
        ),
        Prefetch("attendees", queryset=Attendee.objects.select_related("department")),
    )


def meeting_link_structure(meeting: Meeting) -> Meeting:
    """Point each prefetched decision at the item and meeting already loaded.

    A decision's URL names its meeting; without this each decision would fetch the
    meeting again (prefetching leaves the decisions holding copies of their items).
    """
    for item in meeting.agenda_items.all():
        item.meeting = meeting
        for decision in item.decisions.all():
            decision.agenda_item = item
    return meeting


def decision_with_context() -> QuerySet[Decision]:
    return (
        Decision.objects.select_related("agenda_item__meeting")
        .defer(*(f"agenda_item__meeting__{field}" for field in HEAVY_MEETING_FIELDS))
        .prefetch_related(_department_links())
    )
