"""The date archive: years, a year's calendar, a month's calendar, and gaps in the numbering."""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from archive.aggregates import archive_aggregate, archive_page
from archive.models import Meeting

# Numbers further apart than this belong to different series (a new term restarts at 1),
# so the distance between them says nothing about missing minutes.
MAX_GAP = 30
# Columns a meeting row or a calendar cell needs; the transcript stays in the database.
ROW_FIELDS = (
    "pk",
    "body",
    "meeting_type",
    "number",
    "date",
    "time_of_day",
    "chair",
    "chair_as_written",
    "chair_title",
)
# Calendar column headings, Monday first: what is shown and what a screen reader says.
WEEKDAYS = [
    (_("一"), _("星期一")),
    (_("二"), _("星期二")),
    (_("三"), _("星期三")),
    (_("四"), _("星期四")),
    (_("五"), _("星期五")),
    (_("六"), _("星期六")),
    (_("日"), _("星期日")),
]


@dataclass(frozen=True)
class NumberGap:
    """Meeting numbers missing from the archive between two meetings of the same series."""

    first: int
    last: int

    @property
    def size(self) -> int:
        return self.last - self.first + 1


def _series(meeting: Meeting) -> tuple[str, str]:
    return (meeting.body, meeting.meeting_type)


def number_gap(before: Meeting | None, after: Meeting | None) -> NumberGap | None:
    """The numbers missing between two consecutive meetings, if they share a numbered series."""
    if before is None or after is None or before.number is None or after.number is None:
        return None
    if _series(before) != _series(after):
        return None
    if 1 < after.number - before.number <= MAX_GAP:
        return NumberGap(before.number + 1, after.number - 1)
    return None


def number_sequence(meetings: list[Meeting]) -> list[Meeting | NumberGap]:
    """Numbered meetings in number order per series, with the gaps between them in place."""
    numbered = sorted(
        (m for m in meetings if m.number is not None),
        key=lambda m: (*_series(m), m.number, m.date or datetime.date.min),
    )
    sequence: list[Meeting | NumberGap] = []
    previous = None
    for meeting in numbered:
        gap = number_gap(previous, meeting)
        if gap is not None:
            sequence.append(gap)
        sequence.append(meeting)
        previous = meeting
    return sequence


@dataclass
class Day:
    date: datetime.date
    in_month: bool
    meetings: list[Meeting]


def month_weeks(year: int, month: int, by_day: dict[datetime.date, list[Meeting]]):
    """Weeks (Monday first) of one month, each day with its meetings."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    return [[Day(day, day.month == month, by_day.get(day, [])) for day in week] for week in weeks]


def _meetings_by_day(meetings: list[Meeting]) -> dict[datetime.date, list[Meeting]]:
    by_day: dict[datetime.date, list[Meeting]] = defaultdict(list)
    for meeting in meetings:
        by_day[meeting.date].append(meeting)
    return by_day


def _dated_meetings(year: int, month: int | None = None) -> list[Meeting]:
    meetings = Meeting.objects.only(*ROW_FIELDS).filter(date__year=year)
    if month is not None:
        meetings = meetings.filter(date__month=month)
    return list(meetings.order_by("date", "number", "pk"))


@archive_aggregate("year-counts")
def year_counts() -> list[dict]:
    """Every year with meetings, newest first, with how many."""
    return list(
        Meeting.objects.exclude(date=None)
        .annotate(year=ExtractYear("date"))
        .values("year")
        .annotate(count=Count("pk"))
        .order_by("-year")
    )


@archive_aggregate("months-with-meetings")
def months_with_meetings_list() -> list[tuple[int, int]]:
    """Every (year, month) with a meeting, in order."""
    return sorted(
        set(
            Meeting.objects.exclude(date=None)
            .order_by()
            .values_list("date__year", "date__month")
            .distinct()
        )
    )


def _check_year(year: int) -> None:
    if not 1900 <= year <= 2200:
        raise Http404("no such year")


def archive_index(request):
    return render(
        request,
        "archive/archive_index.html",
        {"years": year_counts(), "undated": Meeting.objects.filter(date=None).count()},
    )


@archive_page
def archive_year(request, year: int):
    _check_year(year)
    meetings = _dated_meetings(year)
    if not meetings:
        raise Http404("no meetings that year")
    by_day = _meetings_by_day(meetings)
    months = [
        {
            "number": month,
            "weeks": month_weeks(year, month, by_day),
            "count": sum(1 for m in meetings if m.date.month == month),
        }
        for month in range(1, 13)
    ]
    years = [row["year"] for row in year_counts()]
    return render(
        request,
        "archive/archive_year.html",
        {
            "year": year,
            "meetings": meetings,
            "months": months,
            "weekdays": WEEKDAYS,
            "sequence": number_sequence(meetings),
            "previous_year": max((y for y in years if y < year), default=None),
            "next_year": min((y for y in years if y > year), default=None),
        },
    )


@archive_page
def archive_month(request, year: int, month: int):
    _check_year(year)
    if not 1 <= month <= 12:
        raise Http404("no such month")
    meetings = _dated_meetings(year, month)
    months_with_meetings = months_with_meetings_list()
    here = (year, month)
    return render(
        request,
        "archive/archive_month.html",
        {
            "year": year,
            "month": month,
            "meetings": meetings,
            "weekdays": WEEKDAYS,
            "weeks": month_weeks(year, month, _meetings_by_day(meetings)),
            "sequence": number_sequence(meetings),
            "previous_month": max((m for m in months_with_meetings if m < here), default=None),
            "next_month": min((m for m in months_with_meetings if m > here), default=None),
        },
    )
