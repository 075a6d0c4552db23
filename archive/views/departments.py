"""Department pages: one department under all its names, what it attended and leads."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render

from archive.filters import MeetingFilter
from archive.models import DecisionDepartment, Department, Meeting


def department_detail(request, pk: int):
    department = get_object_or_404(Department.objects.prefetch_related("aliases"), pk=pk)
    meetings = Meeting.objects.filter(
        pk__in=MeetingFilter()
        .filter_department(Meeting.objects.all(), "department", department)
        .values("pk")
    ).defer("source_text", "opening")
    led = (
        DecisionDepartment.objects.filter(department=department)
        .select_related("decision__agenda_item__meeting")
        .order_by("-decision__agenda_item__meeting__date", "decision__agenda_item__order")
    )
    return render(
        request,
        "archive/department_detail.html",
        {"department": department, "meetings": meetings, "decision_links": led},
    )
