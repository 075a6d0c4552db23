"""The meeting list's filters; their state lives in the URL so any view can be shared."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.db.models.functions import ExtractYear

from archive.models import Department, Meeting


def _year_choices() -> list[tuple[int, str]]:
    years = (
        Meeting.objects.exclude(date=None)
        .annotate(year=ExtractYear("date"))
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )
    return [(year, f"{year}年") for year in years]


class MeetingFilter(django_filters.FilterSet):
    year = django_filters.ChoiceFilter(
        label="年份", field_name="date__year", choices=_year_choices, empty_label="全部年份"
    )
    department = django_filters.ModelChoiceFilter(
        label="部门（出席或牵头）",
        queryset=Department.objects.all(),
        method="filter_department",
        empty_label="全部部门",
    )

    class Meta:
        model = Meeting
        fields = ["year", "department"]

    def filter_department(
        self, queryset: QuerySet[Meeting], name: str, value: Department
    ) -> QuerySet[Meeting]:
        involved = Meeting.objects.filter(
            Q(attendees__department=value)
            | Q(agenda_items__decisions__department_links__department=value)
        ).values("pk")
        return queryset.filter(pk__in=involved)
