"""History: every admin change recorded with who, when, old and new; restoring a version."""

from __future__ import annotations

import pytest
from django.urls import reverse

from archive.models import Meeting
from tests.admin.forms import change_form_data, inline_prefix

pytestmark = pytest.mark.django_db


def _edit_chair(client, meeting: Meeting, chair: str) -> None:
    url = reverse("admin:archive_meeting_change", args=[meeting.pk])
    data = change_form_data(client.get(url)) | {"chair": chair}
    assert client.post(url, data).status_code == 302


def test_an_admin_change_is_recorded_with_user_and_diff(seeded, editor_client, editor):
    meeting = seeded[38]
    _edit_chair(editor_client, meeting, "徐华栋")

    latest, imported = meeting.history.all()[:2]
    assert latest.history_user == editor
    assert latest.history_type == "~"
    assert imported.history_change_reason == "导入 000_98fefd519604f624.txt"
    delta = latest.diff_against(imported)
    changes = {change.field: (change.old, change.new) for change in delta.changes}
    assert changes == {"chair": ("徐华东", "徐华栋"), "edited_fields": ([], ["chair"])}


def test_inline_changes_are_recorded_on_the_inline_record(seeded, editor_client, editor):
    meeting = seeded[38]
    url = reverse("admin:archive_meeting_change", args=[meeting.pk])
    page = editor_client.get(url)
    prefix = inline_prefix(page, "attendee")
    data = change_form_data(page) | {f"{prefix}-2-title": "秘书长"}
    assert editor_client.post(url, data).status_code == 302
    attendee = meeting.attendees.get(order=3)
    latest = attendee.history.first()
    assert latest.history_user == editor
    delta = latest.diff_against(latest.prev_record)
    assert [(c.field, c.new) for c in delta.changes if c.field == "title"] == [("title", "秘书长")]


def test_the_history_page_shows_who_and_what(seeded, editor_client):
    meeting = seeded[38]
    _edit_chair(editor_client, meeting, "徐华栋")
    page = editor_client.get(reverse("admin:archive_meeting_history", args=[meeting.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "editor" in html
    assert "徐华东" in html and "徐华栋" in html


def test_restoring_an_earlier_version(seeded, editor_client, editor):
    meeting = seeded[38]
    url = reverse("admin:archive_meeting_change", args=[meeting.pk])
    page = editor_client.get(url)
    prefix = inline_prefix(page, "attendee")
    data = change_form_data(page) | {"chair": "徐华栋", f"{prefix}-4-DELETE": "on"}
    assert editor_client.post(url, data).status_code == 302
    _edit_chair(editor_client, meeting, "错误的名字")
    original = meeting.history.earliest()
    url = reverse("admin:archive_meeting_simple_history", args=[meeting.pk, original.history_id])
    page = editor_client.get(url)
    assert page.status_code == 200

    response = editor_client.post(url, change_form_data(page))

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.chair == "徐华东"
    assert meeting.corrected_at is not None
    # The restore is an editor's choice too; the record of the deleted attendee stays.
    assert meeting.edited_fields == ["chair"]
    assert meeting.removed_attendee_orders == [5]
    restored = meeting.history.first()
    assert restored.history_user == editor
    assert restored.chair == "徐华东"
    assert meeting.history.count() == 4  # import, two edits, the restore
