"""Department tools: aliases in place, and merging departments that are really one."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from simple_history.admin import SimpleHistoryAdmin

from archive.models import Department, DepartmentAlias, Meeting
from archive.services.corrections import meeting_corrected
from archive.services.departments import DepartmentMergeError, department_merge


class DepartmentAliasInline(admin.TabularInline):
    model = DepartmentAlias
    extra = 1


@admin.register(Department)
class DepartmentAdmin(SimpleHistoryAdmin):
    list_display = ["name", "alias_names", "decision_count", "attendee_count"]
    search_fields = ["name", "aliases__name"]
    readonly_fields = ["match_key"]
    inlines = [DepartmentAliasInline]
    actions = ["merge_departments"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related("aliases")
            .annotate(
                decision_total=Count("decision_links", distinct=True),
                attendee_total=Count("attendees", distinct=True),
            )
        )

    @admin.display(description="别名")
    def alias_names(self, obj: Department) -> str:
        return "、".join(a.name for a in obj.aliases.all() if a.name != obj.name) or "—"

    @admin.display(description="议定事项", ordering="decision_total")
    def decision_count(self, obj: Department) -> int:
        return obj.decision_total

    @admin.display(description="参会", ordering="attendee_total")
    def attendee_count(self, obj: Department) -> int:
        return obj.attendee_total

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "name" in form.changed_data:
            # Every page that shows the department now shows the new name.
            meetings = Meeting.objects.filter(
                Q(agenda_items__decisions__department_links__department=obj)
                | Q(attendees__department=obj)
            ).distinct()
            for meeting in meetings:
                meeting_corrected(meeting, user=request.user)

    def has_merge_permission(self, request) -> bool:
        return request.user.has_perm("archive.merge_department")

    @admin.action(description="合并所选部门…", permissions=["merge"])
    def merge_departments(self, request, queryset):
        departments = list(queryset)
        if len(departments) < 2:
            self.message_user(request, "请至少选择两个部门。", messages.WARNING)
            return None
        if request.POST.get("post") == "yes":
            target = next((d for d in departments if str(d.pk) == request.POST.get("target")), None)
            if target is None:
                self.message_user(request, "请选择保留哪个部门。", messages.ERROR)
                return None
            sources = [d for d in departments if d.pk != target.pk]
            try:
                results = [
                    department_merge(source=d, target=target, user=request.user) for d in sources
                ]
            except DepartmentMergeError as error:
                self.message_user(request, str(error), messages.ERROR)
                return None
            names = "、".join(d.name for d in sources)
            self.log_change(request, target, f"并入了：{names}")
            self.message_user(
                request,
                f"已将 {names} 并入“{target.name}”：议定事项部门 "
                f"{sum(r.decision_links for r in results)} 条、参会人员 "
                f"{sum(r.attendees for r in results)} 位随之变更，"
                f"重复的 {sum(r.duplicate_links_removed for r in results)} 条已去除。",
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "合并部门",
            "opts": self.model._meta,
            "departments": departments,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "action": "merge_departments",
        }
        return TemplateResponse(request, "admin/archive/department/merge.html", context)


@admin.register(DepartmentAlias)
class DepartmentAliasAdmin(SimpleHistoryAdmin):
    list_display = ["name", "department"]
    search_fields = ["name", "department__name"]
    list_select_related = ["department"]
    autocomplete_fields = ["department"]
