"""Department pages: every department under all its names, what it attended and leads."""

from __future__ import annotations

from collections import Counter

from django.core.paginator import Paginator
from django.db.models import Count, Max, Min, Q
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from archive.models import DecisionDepartment, Department, DepartmentRole, Meeting
from archive.views.charts import bar_chart, chart_periods
from archive.views.dates import ROW_FIELDS

PER_PAGE = 20


def departments_with_counts():
    """Departments with how many meetings each attended and how many decisions each leads."""
    return Department.objects.annotate(
        meeting_count=Count("attendees__meeting", distinct=True),
        led_count=Count(
            "decision_links", filter=Q(decision_links__role=DepartmentRole.LEAD), distinct=True
        ),
    )


def department_list(request):
    return render(
        request,
        "archive/department_list.html",
        {"departments": departments_with_counts().order_by("name")},
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
