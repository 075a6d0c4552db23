"""Department pages: every department under all its names, what it attended and leads."""

from __future__ import annotations

import datetime
from collections import Counter

from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q, Sum
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from archive.aggregates import archive_aggregate, archive_cached
from archive.filters import department_meetings
from archive.models import Attendee, DecisionDepartment, Department, DepartmentMonth, Meeting
from archive.pagination import CappedPaginator
from archive.rollups import rollups_flush
from archive.views.charts import bar_chart, chart_periods
from archive.views.dates import ROW_FIELDS

PER_PAGE = 20


@archive_aggregate("department-counts")
def department_counts() -> dict[int, tuple[int, int]]:
    """{department ID: (meetings attended, decisions led)}, summed from the monthly counts
    PostgreSQL keeps at write time: a few hundred thousand rows on a large archive, so
    cached like the other archive-wide counts (tens of milliseconds when recomputed)."""
    rollups_flush()
    return {
        row["department"]: (row["attended"], row["led"])
        for row in DepartmentMonth.objects.order_by()
        .values("department")
        .annotate(attended=Sum("attended"), led=Sum("led"))
    }


def departments_with_counts(*, by_activity: bool = False) -> list[Department]:
    """Every department some meeting names, with ``meeting_count`` and ``led_count``, by
    name or by activity. One nothing names (added by hand, or left behind when a re-parse
    took its last link away) has nothing to show; its page stays."""
    counts = department_counts()
    named = Exists(DecisionDepartment.objects.filter(department=OuterRef("pk"))) | Exists(
        Attendee.objects.filter(department=OuterRef("pk"))
    )
    departments = list(Department.objects.filter(named).order_by("name"))
    for department in departments:
        department.meeting_count, department.led_count = counts.get(department.pk, (0, 0))
    if by_activity:
        departments.sort(key=lambda d: (-d.led_count, -d.meeting_count))
    return departments


def department_list(request):
    return render(
        request,
        "archive/department_list.html",
        {"departments": departments_with_counts()},
    )


def department_months(department: Department) -> list[tuple]:
    """(month, meetings attended, decisions led) rows of one department, kept at write time;
    the month is None for undated meetings."""
    rollups_flush()
    return list(
        DepartmentMonth.objects.filter(department=department).values_list(
            "month", "attended", "led"
        )
    )


def department_activity_chart(months: list[tuple]):
    """Meetings attended and decisions led per month (or per year, over long spans), or None.

    ``months`` are the department's rows from ``department_months``.
    """
    months = [row for row in months if row[0] is not None]
    if not months:
        return None
    # The whole archive's span, so that every department's chart reads on the same axis.
    span = Meeting.objects.aggregate(first=Min("date"), last=Max("date"))
    unit, periods = chart_periods([span["first"], span["last"]])

    attended: Counter[tuple[int, int]] = Counter()
    led: Counter[tuple[int, int]] = Counter()
    for month, attended_count, led_count in months:
        period = (month.year, month.month if unit == "month" else 0)
        attended[period] += attended_count
        led[period] += led_count

    if unit == "month":
        labels = [
            (
                _("%(month)d月") % {"month": month},
                _("%(year)d年%(month)d月") % {"year": year, "month": month},
            )
            for year, month in periods
        ]
        marks = {
            index: _("%(year)d年") % {"year": year}
            for index, (year, month) in enumerate(periods)
            if index == 0 or month == 1
        }
    else:
        labels = [(str(year), _("%(year)d年") % {"year": year}) for year, _month in periods]
        marks = {}
    return bar_chart(
        periods,
        labels,
        (_("出席会议"), _("牵头事项")),
        (attended, led),
        marks,
    )


def _next_month(month: datetime.date) -> datetime.date:
    return datetime.date(month.year + month.month // 12, month.month % 12 + 1, 1)


class AttendedMeetings:
    """The meetings a department attended, newest first, for a paginator.

    A page is fetched within the months that hold it, found from the department's monthly
    counts: filtering every meeting on attendance and sorting by date let PostgreSQL walk the
    whole archive by date when the department is rare (over a second on 100,000 meetings).
    """

    def __init__(self, department: Department, months: list[tuple]):
        self.queryset = (
            Meeting.objects.filter(
                pk__in=Attendee.objects.attending()
                .filter(department=department)
                .values("meeting_id")
            )
            .only(*ROW_FIELDS)
            .order_by(F("date").desc(nulls_first=True), "-pk")
        )
        # In page order: undated meetings first (as PostgreSQL sorts NULL in descending
        # order), then the months from the newest.
        self.months = sorted(
            ((month, attended) for month, attended, _led in months if attended),
            key=lambda row: (row[0] is not None, -(row[0].toordinal() if row[0] else 0)),
        )

    def __len__(self) -> int:
        return sum(attended for _month, attended in self.months)

    def __getitem__(self, window: slice) -> list[Meeting]:
        start, stop = window.start or 0, window.stop
        position, skip, chosen = 0, None, []
        for month, attended in self.months:
            if position + attended > start and position < stop:
                chosen.append(month)
                if skip is None:
                    skip = start - position
            position += attended
        if not chosen:
            return []
        dated = [month for month in chosen if month is not None]
        # The chosen months follow each other in page order, and the months between them
        # (if any) hold none of the department's meetings: one date range covers them.
        within = Q(pk__in=[])
        if dated:
            within |= Q(date__gte=min(dated), date__lt=_next_month(max(dated)))
        if None in chosen:
            within |= Q(date=None)
        return list(self.queryset.filter(within)[skip : skip + stop - start])


class NewestLinks:
    """A department's decision links (``DecisionDepartment.objects.of_department``), for a
    capped paginator, each page looked for first among the newest months.

    Sorting every link of a busy department by its meeting's date joins thousands of links
    to their decisions, items and meetings (45 ms for a department named in 5,500 decisions
    of 100,000 meetings); restricted to the months that should hold the page, the same query
    reads a few hundred. The months come from the department's monthly counts of decisions
    led: each is a link, so months holding enough of them hold the page (supporting links
    only add to it). When the led decisions are too few, or the page holds less than it
    should (counts read while a write commits), the page is read from all the links. Either
    way it is exactly that of the whole list: every link outside the months is older than
    every link inside them.
    """

    def __init__(self, links, months: list[tuple]):
        self.links = links
        self.months = sorted(
            ((month, led) for month, _attended, led in months if month is not None),
            reverse=True,
        )

    def order_by(self, *fields):
        """The whole list (the paginator counts it up to its cap)."""
        return self.links.order_by(*fields)

    def _since(self, wanted: int) -> datetime.date | None:
        """The first day of the newest month from which the department led at least
        ``wanted`` decisions, or None when it led fewer in all."""
        led = 0
        for month, count in self.months:
            led += count
            if led >= wanted:
                return month
        return None

    def __getitem__(self, window: slice) -> list[DecisionDepartment]:
        start, stop = window.start or 0, window.stop
        since = self._since(stop)
        if since is not None:
            # Undated meetings sort first (NULL in descending order), so they stay in.
            date = "decision__agenda_item__meeting__date"
            recent = self.links.filter(Q(**{f"{date}__gte": since}) | Q(**{date: None}))
            page = list(recent[start:stop])
            if len(page) == stop - start:
                return page
        return list(self.links[start:stop])


def department_bodies(department: Department) -> list[tuple[str, int]]:
    """The governments (机关) in whose meetings the department took part (attended, or leads
    a decision of), with how many of their meetings, most first; meetings that name no
    government are left out.

    One department record stands for every government's department of that name (县财政局
    of each county), so the page offers the meeting list narrowed to each government.
    """

    def compute() -> list[tuple[str, int]]:
        # The meeting list's department filter, so that each count is what its link lists.
        return list(
            Meeting.objects.filter(department_meetings(department))
            .exclude(body="")
            .values("body")
            .annotate(count=Count("pk"))
            .order_by("-count", "body")
            .values_list("body", "count")
        )

    return archive_cached(f"department-bodies:{department.pk}", compute)


def department_detail(request, pk: int):
    department = get_object_or_404(Department.objects.prefetch_related("aliases"), pk=pk)
    links = DecisionDepartment.objects.of_department(department)
    # The meetings are counted at write time; the decision links are counted up to a cap.
    months = department_months(department)
    meetings_page = Paginator(AttendedMeetings(department, months), PER_PAGE).get_page(
        request.GET.get("mp")
    )
    links_page = CappedPaginator(NewestLinks(links, months), PER_PAGE).get_page(
        request.GET.get("dp")
    )
    return render(
        request,
        "archive/department_detail.html",
        {
            "department": department,
            "aliases": [a.name for a in department.aliases.all() if a.name != department.name],
            "meetings_page": meetings_page,
            "links_page": links_page,
            "chart": department_activity_chart(months),
            "bodies": department_bodies(department),
        },
    )
