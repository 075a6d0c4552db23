from django.contrib import admin

from archive.models import (
    AgendaItem,
    Attendee,
    Decision,
    DecisionDepartment,
    Department,
    DepartmentAlias,
    Meeting,
)


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["order", "number_text", "kind", "title", "documents"]


class AttendeeInline(admin.TabularInline):
    model = Attendee
    extra = 0
    fields = ["order", "role", "department", "name", "title", "note"]
    autocomplete_fields = ["department"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "date", "time_of_day", "chair", "meeting_type", "source_name"]
    list_filter = ["meeting_type", "date"]
    search_fields = ["chair", "source_name", "opening"]
    date_hierarchy = "date"
    readonly_fields = ["source_name", "source_encoding", "content_hash", "source_text"]
    inlines = [AgendaItemInline, AttendeeInline]


class DecisionDepartmentInline(admin.TabularInline):
    model = DecisionDepartment
    extra = 0
    autocomplete_fields = ["department"]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "agenda_item", "outcome", "issuing_channel"]
    search_fields = ["text"]
    inlines = [DecisionDepartmentInline]


class DepartmentAliasInline(admin.TabularInline):
    model = DepartmentAlias
    extra = 1


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name", "aliases__name"]
    inlines = [DepartmentAliasInline]
