"""The home page: the search box first, the newest meetings, ways in by year and department."""

from __future__ import annotations

from django.shortcuts import render

from archive.aggregates import archive_aggregate, meeting_count
from archive.models import Decision, Meeting
from archive.views.dates import ROW_FIELDS, year_counts
from archive.views.departments import departments_with_counts

NEWEST = 8
DEPARTMENTS = 16


@archive_aggregate("decision-count")
def decision_count() -> int:
    return Decision.objects.count()


def home(request):
    newest = Meeting.objects.only(*ROW_FIELDS).order_by("-date", "-number", "-pk")[:NEWEST]
    departments = departments_with_counts(by_activity=True)[:DEPARTMENTS]
    return render(
        request,
        "archive/home.html",
        {
            "newest": newest,
            "years": year_counts(),
            "departments": departments,
            "meeting_count": meeting_count(),
            "decision_count": decision_count(),
        },
    )
