"""Meeting pages: the filterable list and one meeting's full structure."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, render
from django_filters.views import FilterView

from archive.filters import SORT_ORDERINGS, MeetingFilter
from archive.models import AgendaItem, Attendee, Decision, DecisionDepartment, Department, Meeting
from archive.pagination import CappedPaginator
from archive.views.dates import ROW_FIELDS, NumberGap, number_gap


class MeetingListView(FilterView):
    filterset_class = MeetingFilter
    paginate_by = 20
    # A filter matching tens of thousands of meetings is counted up to a cap, not exactly.
    paginator_class = CappedPaginator
    template_name = "archive/meeting_list.html"
    context_object_name = "meetings"

    def get_queryset(self):
        # A subquery, not a join with GROUP BY: the paginator's count then leaves it out
        # and counts meetings alone, and only the page's rows count their items.
        items = (
            AgendaItem.objects.filter(meeting=OuterRef("pk"))
            .order_by()
            .values("meeting")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return (
            Meeting.objects.only(*ROW_FIELDS)
            .annotate(item_count=Coalesce(Subquery(items), 0))
            .order_by(*SORT_ORDERINGS["-date"])
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET.copy()
        params.pop("page", None)
        context["query_string"] = params.urlencode()
        context["is_filtered"] = any(value for key, value in params.items() if key != "sort")
        return context


@dataclass
class DepartmentGroup:
    department: Department | None
    written_as: str
    people: list[Attendee] = field(default_factory=list)


@dataclass
class RoleGroup:
    role: str
    label: str
    departments: list[DepartmentGroup] = field(default_factory=list)


def attendance_groups(attendees: list[Attendee]) -> list[RoleGroup]:
    """Attendees by role, then by department, each in the order the minutes first name them."""
    roles: dict[str, RoleGroup] = {}
    departments: dict[tuple[str, object], DepartmentGroup] = {}
    for attendee in attendees:
        role = roles.get(attendee.role)
        if role is None:
            role = roles[attendee.role] = RoleGroup(attendee.role, attendee.get_role_display())
        key = (attendee.role, attendee.department_id or attendee.department_as_written)
        group = departments.get(key)
        if group is None:
            group = departments[key] = DepartmentGroup(
                attendee.department, attendee.department_as_written
            )
            role.departments.append(group)
        group.people.append(attendee)
    return list(roles.values())


def meeting_neighbours(meeting: Meeting) -> tuple[Meeting | None, Meeting | None]:
    """The meetings just before and after this one by date (same-day meetings by id)."""
    if meeting.date is None:
        return None, None
    rows = Meeting.objects.only(*ROW_FIELDS)
    before = Q(date__lt=meeting.date) | Q(date=meeting.date, pk__lt=meeting.pk)
    after = Q(date__gt=meeting.date) | Q(date=meeting.date, pk__gt=meeting.pk)
    # The redundant bound on the date is what lets the date index start at this meeting:
    # with the OR alone, PostgreSQL walks the index from the newest (or oldest) meeting of
    # the archive and filters every row on the way (25 ms for an old meeting of 100,000).
    previous = rows.filter(before, date__lte=meeting.date).order_by("-date", "-pk").first()
    following = rows.filter(after, date__gte=meeting.date).order_by("date", "pk").first()
    return previous, following


def meeting_detail(request, pk: int):
    decisions = Decision.objects.prefetch_related(
        Prefetch(
            "department_links",
            queryset=DecisionDepartment.objects.select_related("department"),
        )
    )
    meeting = get_object_or_404(
        Meeting.objects.prefetch_related(
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.prefetch_related(
                    Prefetch("decisions", queryset=decisions)
                ),
            ),
            Prefetch("attendees", queryset=Attendee.objects.select_related("department")),
        ),
        pk=pk,
    )
    items = list(meeting.agenda_items.all())
    attendees = list(meeting.attendees.all())
    on_leave = sum(attendee.on_leave for attendee in attendees)
    previous, following = meeting_neighbours(meeting)
    gaps: list[NumberGap] = [
        gap
        for gap in (number_gap(previous, meeting), number_gap(meeting, following))
        if gap is not None
    ]
    return render(
        request,
        "archive/meeting_detail.html",
        {
            "meeting": meeting,
            "items": items,
            "decision_count": sum(len(item.decisions.all()) for item in items),
            "documents": [(item, doc) for item in items for doc in item.documents],
            "attendance": attendance_groups(attendees),
            "attendee_count": len(attendees) - on_leave,
            "absent_count": on_leave,
            "previous": previous,
            "following": following,
            "gaps": gaps,
        },
    )
