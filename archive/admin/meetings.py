"""Correcting a meeting: its facts and attendees on one page, each agenda item and decision on
its own page with the records inside it, the original transcript always beside them."""

from __future__ import annotations

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html

from archive.admin.corrections import CorrectionAdmin, CorrectionInline
from archive.admin.filters import CorrectedListFilter, DepartmentListFilter, YearListFilter
from archive.ingest.load import ImportStatus, meeting_reparse
from archive.models import (
    AgendaItem,
    Attendee,
    Decision,
    DecisionDepartment,
    Meeting,
)


def _admin_link(obj) -> str:
    url = reverse(f"admin:archive_{obj._meta.model_name}_change", args=[obj.pk])
    return format_html('<a href="{}">{}</a>', url, obj)


class AgendaItemInline(CorrectionInline):
    model = AgendaItem
    fields = ["order", "number_text", "kind", "title", "documents", "decision_count", "edited"]
    readonly_fields = ["decision_count", "edited"]

    @admin.display(description="议定事项")
    def decision_count(self, obj) -> str:
        return f"{obj.decisions.count()} 条" if obj.pk else ""


class AttendeeInline(CorrectionInline):
    model = Attendee
    fields = ["order", "role", "department", "department_as_written", "name", "title", "note"]
    fields += ["edited"]
    readonly_fields = ["edited"]
    autocomplete_fields = ["department"]
    show_change_link = False


@admin.register(Meeting)
class MeetingAdmin(CorrectionAdmin):
    list_display = ["__str__", "date", "time_of_day", "chair", "meeting_type", "corrected_at"]
    list_display += ["source_name"]
    list_filter = [
        "meeting_type",
        YearListFilter,
        "date",
        DepartmentListFilter,
        ("attendees__role", admin.AllValuesFieldListFilter),
        CorrectedListFilter,
    ]
    search_fields = [
        "body",
        "chair",
        "doc_number",
        "source_name",
        "agenda_items__title",
        "attendees__name",
    ]
    date_hierarchy = "date"
    fieldsets = [
        (
            "会议",
            {
                "fields": [
                    ("body", "meeting_type", "number"),
                    ("date", "time_of_day"),
                    ("chair", "chair_as_written"),
                    "chair_title",
                    "doc_number",
                ]
            },
        ),
        ("内容", {"fields": ["opening", "written_approvals", "other_matters"]}),
        (
            "更正与来源",
            {
                "fields": [
                    "edited",
                    "corrected_at",
                    ("removed_item_orders", "removed_attendee_orders"),
                    "warnings",
                    ("source_name", "source_encoding"),
                    "content_hash",
                    ("imported_at", "updated_at"),
                ]
            },
        ),
    ]
    readonly_fields = [
        "chair_as_written",
        "edited",
        "corrected_at",
        "removed_item_orders",
        "removed_attendee_orders",
        "warnings",
        "source_name",
        "source_encoding",
        "content_hash",
        "imported_at",
        "updated_at",
    ]
    inlines = [AgendaItemInline, AttendeeInline]
    actions = ["reparse_meetings"]

    # Conflicts listed one message each, up to this many; the rest are counted.
    REPARSE_CONFLICTS_SHOWN = 10

    def meeting_of(self, obj: Meeting) -> Meeting:
        return obj

    @admin.action(description="用当前解析程序重新解析所选会议", permissions=["change"])
    def reparse_meetings(self, request, queryset):
        """Parse the selected meetings' original texts again; editors' corrections are kept."""
        results = [meeting_reparse(meeting_id=pk) for pk in queryset.values_list("pk", flat=True)]
        counts = {status: sum(r.status is status for r in results) for status in ImportStatus}
        self.message_user(
            request,
            f"已重新解析 {len(results)} 份会议：更新 {counts[ImportStatus.UPDATED]}，"
            f"未变 {counts[ImportStatus.UNCHANGED]}，失败 {counts[ImportStatus.FAILED]}。",
            messages.ERROR if counts[ImportStatus.FAILED] else messages.SUCCESS,
        )
        for result in results:
            if result.status is ImportStatus.FAILED:
                self.message_user(request, f"{result.path}：{result.message}", messages.ERROR)
        conflicts = [(r.path, c) for r in results for c in r.conflicts]
        for path, conflict in conflicts[: self.REPARSE_CONFLICTS_SHOWN]:
            self.message_user(request, f"{path}：{conflict}", messages.WARNING)
        if len(conflicts) > self.REPARSE_CONFLICTS_SHOWN:
            rest = len(conflicts) - self.REPARSE_CONFLICTS_SHOWN
            self.message_user(request, f"另有 {rest} 处保留了更正，未逐一列出。", messages.WARNING)

    def get_queryset(self, request):
        return super().get_queryset(request).defer("source_text")

    @admin.display(description="解析警告")
    def warnings(self, obj: Meeting) -> str:
        return "；".join(obj.parse_warnings) or "—"


class DecisionInline(CorrectionInline):
    model = Decision
    fields = ["order", "outcome", "issuing_channel", "text", "departments_shown", "edited"]
    readonly_fields = ["departments_shown", "edited"]

    @admin.display(description="相关部门")
    def departments_shown(self, obj: Decision) -> str:
        if not obj.pk:
            return ""
        return (
            "、".join(
                f"{link.get_role_display()}：{link.department.name}"
                for link in obj.department_links.select_related("department")
            )
            or "—"
        )


@admin.register(AgendaItem)
class AgendaItemAdmin(CorrectionAdmin):
    list_display = ["__str__", "meeting", "kind"]
    list_filter = ["kind", "meeting__meeting_type"]
    search_fields = ["title", "meeting__source_name"]
    list_select_related = ["meeting"]
    fields = ["meeting_link", ("order", "number_text", "kind"), "title", "documents", "edited"]
    readonly_fields = ["meeting_link", "edited"]
    inlines = [DecisionInline]

    def meeting_of(self, obj: AgendaItem) -> Meeting:
        return obj.meeting

    @admin.display(description="会议")
    def meeting_link(self, obj: AgendaItem) -> str:
        return _admin_link(obj.meeting)


class DecisionDepartmentInline(admin.TabularInline):
    model = DecisionDepartment
    extra = 0
    fields = ["role", "position", "department", "name_as_written"]
    autocomplete_fields = ["department"]


@admin.register(Decision)
class DecisionAdmin(CorrectionAdmin):
    list_display = ["__str__", "agenda_item", "outcome", "issuing_channel"]
    list_filter = [("department_links__role", admin.ChoicesFieldListFilter), "outcome"]
    search_fields = ["text", "department_links__department__name"]
    list_select_related = ["agenda_item"]
    fields = ["item_link", "order", "text", ("outcome", "issuing_channel"), "edited"]
    readonly_fields = ["item_link", "edited"]
    inlines = [DecisionDepartmentInline]

    def meeting_of(self, obj: Decision) -> Meeting:
        return obj.agenda_item.meeting

    @admin.display(description="议题")
    def item_link(self, obj: Decision) -> str:
        return format_html(
            "{}（{}）", _admin_link(obj.agenda_item), _admin_link(self.meeting_of(obj))
        )


@admin.register(Attendee)
class AttendeeAdmin(CorrectionAdmin):
    list_display = ["__str__", "department", "title", "meeting", "edited"]
    list_filter = [
        "role",
        "meeting__meeting_type",
        ("department", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["name", "department_as_written", "department__name", "title"]
    list_select_related = ["meeting", "department"]
    fields = [
        "meeting_link",
        ("order", "role"),
        ("department", "department_as_written"),
        ("name", "title"),
        "note",
        "edited",
    ]
    readonly_fields = ["meeting_link", "edited"]
    autocomplete_fields = ["department"]

    def meeting_of(self, obj: Attendee) -> Meeting:
        return obj.meeting

    @admin.display(description="会议")
    def meeting_link(self, obj: Attendee) -> str:
        return _admin_link(obj.meeting)
