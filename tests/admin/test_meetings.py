"""Correcting a meeting in the admin: fields and inlines save, corrections are marked."""

from __future__ import annotations

import pytest
from django.urls import reverse

from archive.models import Attendee, Decision, DecisionDepartment, Department, Meeting
from tests.admin.forms import change_form_data, inline_prefix

pytestmark = pytest.mark.django_db


def _post_changes(client, url: str, changes: dict) -> None:
    page = client.get(url)
    data = change_form_data(page) | changes
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]


def test_meeting_fields_and_attendees_save_in_place(seeded, editor_client):
    meeting = seeded[38]
    url = reverse("admin:archive_meeting_change", args=[meeting.pk])
    page = editor_client.get(url)
    attendees = inline_prefix(page, "attendee")
    first = meeting.attendees.get(order=1)
    _post_changes(
        editor_client,
        url,
        {"chair": "徐华栋", f"{attendees}-0-name": "王某某", f"{attendees}-0-title": "副市长"},
    )
    meeting.refresh_from_db()
    first.refresh_from_db()
    assert meeting.chair == "徐华栋"
    assert meeting.edited_fields == ["chair"]
    assert (first.name, first.title) == ("王某某", "副市长")
    assert first.edited_fields == ["name", "title"]
    assert meeting.corrected_at is not None
    # Nothing else was marked: an unchanged submit marks nothing.
    assert Attendee.objects.exclude(edited_fields=[]).count() == 1


def test_deleting_an_attendee_inline_remembers_its_order(seeded, editor_client):
    meeting = seeded[41]
    url = reverse("admin:archive_meeting_change", args=[meeting.pk])
    prefix = inline_prefix(editor_client.get(url), "attendee")
    count = meeting.attendees.count()
    _post_changes(editor_client, url, {f"{prefix}-4-DELETE": "on"})
    meeting.refresh_from_db()
    assert meeting.attendees.count() == count - 1
    assert not meeting.attendees.filter(order=5).exists()
    assert meeting.removed_attendee_orders == [5]


def test_decisions_save_on_their_agenda_items_page(seeded, editor_client):
    item = seeded[38].agenda_items.get(order=2)
    url = reverse("admin:archive_agendaitem_change", args=[item.pk])
    prefix = inline_prefix(editor_client.get(url), "decision")
    _post_changes(editor_client, url, {"title": "更正后的标题", f"{prefix}-1-outcome": "同意"})
    item.refresh_from_db()
    second = item.decisions.get(order=2)
    assert item.title == "更正后的标题"
    assert item.edited_fields == ["title"]
    assert second.outcome == "同意"
    assert second.edited_fields == ["outcome"]
    assert Meeting.objects.get(pk=item.meeting_id).corrected_at is not None


def test_department_links_save_on_the_decisions_page(seeded, editor_client):
    decision = seeded[38].agenda_items.get(order=7).decisions.get(order=1)
    police = Department.objects.get(name="市公安局")
    weather = Department.objects.get(name="市气象局")
    url = reverse("admin:archive_decision_change", args=[decision.pk])
    page = editor_client.get(url)
    prefix = inline_prefix(page, "decisiondepartment")
    before = set(decision.departments.values_list("name", flat=True))
    forms = page.context["inline_admin_formsets"][0].formset.forms
    index = next(i for i, form in enumerate(forms) if form.instance.department_id == police.pk)
    changes = {
        f"{prefix}-{index}-department": str(weather.pk),
        f"{prefix}-{index}-name_as_written": "市气象局",
    }
    _post_changes(editor_client, url, changes)
    decision.refresh_from_db()
    assert decision.edited_fields == ["departments"]
    after = set(decision.departments.values_list("name", flat=True))
    assert after == before - {"市公安局"} | {"市气象局"}
    assert not DecisionDepartment.objects.filter(decision=decision, department=police).exists()


def test_adding_a_decision_marks_it_as_the_editors(seeded, editor_client):
    item = seeded[41].agenda_items.get(order=1)
    url = reverse("admin:archive_agendaitem_change", args=[item.pk])
    page = editor_client.get(url)
    prefix = inline_prefix(page, "decision")
    total = int(change_form_data(page)[f"{prefix}-TOTAL_FORMS"])
    _post_changes(
        editor_client,
        url,
        {
            f"{prefix}-TOTAL_FORMS": str(total + 1),
            f"{prefix}-{total}-order": "9",
            f"{prefix}-{total}-text": "补记的议定事项。",
            f"{prefix}-{total}-agenda_item": str(item.pk),
        },
    )
    added = Decision.objects.get(agenda_item=item, order=9)
    assert added.text == "补记的议定事项。"
    assert added.edited_fields == ["departments", "issuing_channel", "outcome", "text"]


def test_change_page_shows_the_transcript_escaped_beside_the_fields(seeded, editor_client):
    meeting = seeded[41]
    Meeting.objects.filter(pk=meeting.pk).update(
        source_text=meeting.source_text + "\n<script>alert('x')</script>"
    )
    page = editor_client.get(reverse("admin:archive_meeting_change", args=[meeting.pk]))
    html = page.content.decode()
    assert '<aside class="correction-transcript"' in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "<script>alert(" not in html
    assert html.index('class="correction-fields"') < html.index('class="correction-transcript"')


def test_view_on_site_leads_to_the_public_page(seeded, editor_client):
    meeting = seeded[38]
    page = editor_client.get(reverse("admin:archive_meeting_change", args=[meeting.pk]))
    html = page.content.decode()
    assert 'class="viewsitelink"' in html
    link = html.split('class="viewsitelink"')[0].rsplit('href="', 1)[1].split('"')[0]
    response = editor_client.get(link)
    assert response.status_code == 302
    assert response["Location"].endswith(meeting.get_absolute_url())


def test_public_page_says_when_the_meeting_was_last_corrected(seeded, editor_client, client):
    meeting = seeded[38]
    assert "最近更正于" not in client.get(meeting.get_absolute_url()).content.decode()
    url = reverse("admin:archive_meeting_change", args=[meeting.pk])
    _post_changes(editor_client, url, {"doc_number": "太政纪〔2024〕3号"})
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "本页内容经编辑更正，最近更正于" in html
    assert "太政纪〔2024〕3号" in html


def test_an_admin_correction_survives_a_new_version_of_the_transcript(
    seeded, editor_client, tmp_path
):
    from archive.ingest.load import meeting_import
    from tests.conftest import SEED_41

    meeting = seeded[41]
    url = reverse("admin:archive_meeting_change", args=[meeting.pk])
    prefix = inline_prefix(editor_client.get(url), "attendee")
    _post_changes(editor_client, url, {"chair_title": "代市长", f"{prefix}-0-name": "李某"})
    changed = tmp_path / SEED_41.name
    text = SEED_41.read_text(encoding="utf-8").replace("徐华东市长", "王小明市长", 1)
    changed.write_text(text, encoding="utf-8")

    result = meeting_import(path=changed)

    meeting.refresh_from_db()
    assert (meeting.chair, meeting.chair_title) == ("王小明", "代市长")
    assert meeting.attendees.get(order=1).name == "李某"
    assert [(c.record, c.field, c.kept) for c in result.conflicts] == [
        ("会议", "主持人职务", "代市长"),
        ("第1位参会人员", "姓名", "李某"),
    ]


def test_reparse_action_updates_the_selection_and_lists_kept_corrections(seeded, editor_client):
    from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

    from archive.services.corrections import correction_mark

    stale, corrected = seeded[38], seeded[41]
    Meeting.objects.filter(pk=stale.pk).update(chair="")
    item = corrected.agenda_items.get(order=1)
    parsed_title = item.title
    assert len(parsed_title) <= 60  # shown whole in the message
    item.title = "编辑更正的标题"
    correction_mark(item, changed={"title": item.title})
    item.save()
    url = reverse("admin:archive_meeting_changelist")

    page = editor_client.post(
        url,
        {"action": "reparse_meetings", ACTION_CHECKBOX_NAME: [stale.pk, corrected.pk]},
        follow=True,
    )

    shown = [str(m) for m in page.context["messages"]]
    assert shown == [
        "已重新解析 2 份会议：更新 1，未变 1，失败 0。",
        f"{corrected.source_name}：第1项议题 · 标题：保留更正“编辑更正的标题”，"
        f"未采用导入的“{parsed_title}”",
    ]
    assert Meeting.objects.get(pk=stale.pk).chair == "徐华东"
    assert corrected.agenda_items.get(order=1).title == "编辑更正的标题"


def test_reparse_action_needs_the_change_permission(seeded, client):
    from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
    from django.contrib.auth.models import Permission, User

    reader = User.objects.create_user("reader", password="a-long-reader-password", is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_meeting"))
    client.force_login(reader)
    Meeting.objects.filter(pk=seeded[38].pk).update(chair="")
    url = reverse("admin:archive_meeting_changelist")
    assert "reparse_meetings" not in client.get(url).content.decode()
    client.post(url, {"action": "reparse_meetings", ACTION_CHECKBOX_NAME: [seeded[38].pk]})
    assert Meeting.objects.get(pk=seeded[38].pk).chair == ""
