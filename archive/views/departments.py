"""Department pages: every department under all its names, what it attended and leads."""

from __future__ import annotations

from collections import Counter

from django.core.paginator import Paginator
from django.db.models import Count, Max, Min
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from archive.aggregates import archive_aggregate
from archive.models import Attendee, DecisionDepartment, Department, DepartmentRole, Meeting
from archive.views.charts import bar_chart, chart_periods
from archive.views.dates import ROW_FIELDS

PER_PAGE = 20


@archive_aggregate("department-counts")
def department_counts() -> dict[int, tuple[int, int]]:
    """{department ID: (meetings attended, decisions led)}, two grouped passes, cached."""
    attended = dict(
        Attendee.objects.exclude(department=None)
        .order_by()
        .values("department")
        .annotate(count=Count("meeting", distinct=True))
        .values_list("department", "count")
    )
    led = dict(
        DecisionDepartment.objects.filter(role=DepartmentRole.LEAD)
        .order_by()
        .values("department")
        .annotate(count=Count("pk"))
        .values_list("department", "count")
    )
    return {pk: (attended.get(pk, 0), led.get(pk, 0)) for pk in attended.keys() | led.keys()}


def departments_with_counts(*, by_activity: bool = False) -> list[Department]:
    """Every department with ``meeting_count`` and ``led_count``, by name or by activity."""
    counts = department_counts()
    departments = list(Department.objects.order_by("name"))
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


def department_activity_chart(department: Department):
    """Meetings attended and decisions led per month (or per year, over long spans), or None."""
    attended = list(
        Meeting.objects.filter(attendees__department=department)
        .exclude(date=None)
        .distinct()
        .values_list("date", flat=True)
    )
    led = list(
        DecisionDepartment.objects.filter(department=department, role=DepartmentRole.LEAD)
        .exclude(decision__agenda_item__meeting__date=None)
        .values_list("decision__agenda_item__meeting__date", flat=True)
    )
    if not attended and not led:
        return None
    # The whole archive's span, so that every department's chart reads on the same axis.
    span = Meeting.objects.aggregate(first=Min("date"), last=Max("date"))
    unit, periods = chart_periods([span["first"], span["last"]])

    def key(date):
        return (date.year, date.month if unit == "month" else 0)

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
        (Counter(map(key, attended)), Counter(map(key, led))),
        marks,
    )


def department_detail(request, pk: int):
    department = get_object_or_404(Department.objects.prefetch_related("aliases"), pk=pk)
    attended = (
        Meeting.objects.filter(
            pk__in=Meeting.objects.filter(attendees__department=department).values("pk")
        )
        .only(*ROW_FIELDS)
        .order_by("-date", "-pk")
    )
    links = (
        DecisionDepartment.objects.filter(department=department)
        .select_related("decision__agenda_item__meeting")
        .defer(
            "decision__agenda_item__meeting__source_text",
            "decision__agenda_item__meeting__opening",
        )
        .order_by("-decision__agenda_item__meeting__date", "decision__agenda_item__order")
    )
    meetings_page = Paginator(attended, PER_PAGE).get_page(request.GET.get("mp"))
    links_page = Paginator(links, PER_PAGE).get_page(request.GET.get("dp"))
    return render(
        request,
        "archive/department_detail.html",
        {
            "department": department,
            "aliases": [a.name for a in department.aliases.all() if a.name != department.name],
            "meetings_page": meetings_page,
            "links_page": links_page,
            "chart": department_activity_chart(department),
        },
    )
