"""Meeting pages: the filterable list and one meeting's full structure."""

from __future__ import annotations

from itertools import groupby

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django_filters.views import FilterView

from archive.filters import MeetingFilter
from archive.models import (
    AgendaItem,
    Attendee,
    Decision,
    DecisionDepartment,
    Meeting,
)


class MeetingListView(FilterView):
    filterset_class = MeetingFilter
    paginate_by = 20
    template_name = "archive/meeting_list.html"
    context_object_name = "meetings"

    def get_queryset(self):
        return Meeting.objects.defer("source_text", "opening")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET.copy()
        params.pop("page", None)
        context["query_string"] = params.urlencode()
        return context


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
    attendance = [
        (
            role,
            [
                (department, list(people))
                for department, people in groupby(members, key=lambda attendee: attendee.department)
            ],
        )
        for role, members in groupby(meeting.attendees.all(), key=lambda a: a.get_role_display())
    ]
    return render(
        request,
        "archive/meeting_detail.html",
        {"meeting": meeting, "attendance": attendance},
    )
