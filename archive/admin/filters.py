"""List filters that fit the archive: by year, by department, by the state of corrections."""

from __future__ import annotations

from django.contrib import admin
from django.db.models.functions import ExtractYear

from archive.models import Department


class YearListFilter(admin.SimpleListFilter):
    title = "年份"
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = (
            model_admin.get_queryset(request)
            .exclude(date=None)
            .annotate(year=ExtractYear("date"))
            .values_list("year", flat=True)
            .distinct()
            .order_by("-year")
        )
        return [(str(year), f"{year}年") for year in years]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(date__year=int(self.value()))
        return queryset


class DepartmentListFilter(admin.SimpleListFilter):
    """Meetings in which a department leads or supports a decision or attends."""

    title = "部门"
    parameter_name = "department"
    lookup = "agenda_items__decisions__department_links__department"

    def lookups(self, request, model_admin):
        return [(str(d.pk), d.name) for d in Department.objects.only("name")]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(**{self.lookup: int(self.value())}).distinct()
        return queryset


class CorrectedListFilter(admin.SimpleListFilter):
    title = "更正情况"
    parameter_name = "corrected"

    def lookups(self, request, model_admin):
        return [("yes", "已更正"), ("no", "未更正"), ("warnings", "有解析警告")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(corrected_at=None)
        if self.value() == "no":
            return queryset.filter(corrected_at=None)
        if self.value() == "warnings":
            return queryset.exclude(parse_warnings=[])
        return queryset
