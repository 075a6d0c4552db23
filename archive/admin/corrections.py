"""What every admin of imported records shares: marking corrections and announcing them."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.forms import SimpleArrayField
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from archive.models import DecisionDepartment, Meeting
from archive.services.corrections import (
    IMPORTED_FIELDS,
    correction_mark,
    correction_mark_changes,
    correction_removal_mark,
    decision_departments_mark,
    meeting_corrected,
)


class LinesField(SimpleArrayField):
    """A list of titles edited one per line; blank lines are dropped."""

    def __init__(self, base_field: forms.Field, **kwargs) -> None:
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3, "cols": 60}))
        super().__init__(base_field, delimiter="\n", **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = "\n".join(line.strip() for line in value.splitlines() if line.strip())
        return super().to_python(value)


class CorrectionFormMixin:
    """Lists of titles as one-per-line text areas; long texts as modest text areas."""

    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 3})}}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, ArrayField) and db_field.editable:
            return LinesField(
                db_field.base_field.formfield(),
                required=not db_field.blank,
                label=db_field.verbose_name,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


def edited_marks(record) -> str:
    """The Chinese names of the fields an editor changed on ``record``."""
    labels = []
    for name in record.edited_fields:
        try:
            labels.append(str(record._meta.get_field(name).verbose_name))
        except Exception:  # "departments" on a decision is the links, not a model field
            labels.append("相关部门")
    return "、".join(labels) or "—"


class CorrectionInline(CorrectionFormMixin, admin.TabularInline):
    extra = 0
    show_change_link = True

    @admin.display(description="已更正")
    def edited(self, obj) -> str:
        return edited_marks(obj) if obj.pk else ""


class CorrectionAdmin(CorrectionFormMixin, SimpleHistoryAdmin):
    """Base of the admins for a meeting and the records inside it.

    Saving marks the imported fields an editor changed (so re-import keeps them), deleting a
    parsed record remembers its order (so re-import does not bring it back), and every write
    ends in ``meeting_corrected``. The call sits in the log_* hooks because every admin write
    path (add, change, list edit, history revert, delete, bulk delete) ends in exactly one of
    them, after all its records are saved; the history revert view never calls save_related.
    """

    change_form_template = "admin/archive/correction_change_form.html"

    def meeting_of(self, obj) -> Meeting:
        raise NotImplementedError

    def has_add_permission(self, request) -> bool:
        # Meetings come from the importer; their records are added on the parent's page.
        return False

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            meeting = self.meeting_of(obj)
            context.update(transcript=meeting.source_text, transcript_name=meeting.source_name)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        # Compared with the stored row rather than the form's initial data: on the history's
        # revert page the form starts from the old version, not from what is stored.
        if change:
            correction_mark_changes(obj)
        else:
            correction_mark(obj, changed=(), created=True)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        formset.save(commit=False)
        touched = bool(formset.new_objects or formset.changed_objects or formset.deleted_objects)
        imported = formset.model in IMPORTED_FIELDS
        for obj in formset.deleted_objects:
            if imported:
                correction_removal_mark(obj)
            obj.delete()
        for obj, changed in formset.changed_objects:
            if imported:
                correction_mark(obj, changed=changed)
            obj.save()
        for obj in formset.new_objects:
            if imported:
                correction_mark(obj, changed=(), created=True)
            obj.save()
        formset.save_m2m()
        if formset.model is DecisionDepartment and touched:
            decision_departments_mark(form.instance)

    def delete_model(self, request, obj):
        if not isinstance(obj, Meeting):
            correction_removal_mark(obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            if not isinstance(obj, Meeting):
                correction_removal_mark(obj)
        super().delete_queryset(request, queryset)

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        meeting_corrected(self.meeting_of(obj), user=request.user)
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        meeting_corrected(self.meeting_of(obj), user=request.user)
        return entry

    def log_deletions(self, request, queryset):
        entries = super().log_deletions(request, queryset)
        for meeting in {self.meeting_of(obj) for obj in queryset}:
            meeting_corrected(meeting, user=request.user)
        return entries

    @admin.display(description="已更正字段")
    def edited(self, obj) -> str:
        return edited_marks(obj)
