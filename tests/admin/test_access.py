"""Who reaches the admin: staff only, editors only where correction work needs them."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _pages(seeded) -> list[str]:
    meeting = seeded[38]
    item = meeting.agenda_items.get(order=7)
    decision = item.decisions.get(order=1)
    attendee = meeting.attendees.get(order=1)
    department = decision.departments.first()
    return [
        reverse("admin:index"),
        reverse("admin:archive_meeting_changelist"),
        reverse("admin:archive_meeting_change", args=[meeting.pk]),
        reverse("admin:archive_meeting_history", args=[meeting.pk]),
        reverse("admin:archive_agendaitem_change", args=[item.pk]),
        reverse("admin:archive_decision_change", args=[decision.pk]),
        reverse("admin:archive_attendee_changelist"),
        reverse("admin:archive_attendee_change", args=[attendee.pk]),
        reverse("admin:archive_department_changelist"),
        reverse("admin:archive_department_change", args=[department.pk]),
        reverse("admin:archive_departmentalias_changelist"),
    ]


def test_every_correction_page_loads_for_an_editor(seeded, editor_client):
    for url in _pages(seeded):
        response = editor_client.get(url)
        assert response.status_code == 200, url


def test_anonymous_visitors_are_sent_to_the_login_page(seeded, client):
    for url in _pages(seeded):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("admin:login") + "?next="), url


def test_signed_in_non_staff_are_sent_to_the_login_page(seeded, client):
    client.force_login(User.objects.create_user("reader", password="x-long-password"))
    for url in _pages(seeded):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("admin:login")), url


def test_staff_without_the_editors_group_cannot_open_a_meeting(seeded, client):
    client.force_login(User.objects.create_user("clerk", password="x-long-pw", is_staff=True))
    url = reverse("admin:archive_meeting_change", args=[seeded[38].pk])
    assert client.get(url).status_code == 403


def test_editors_cannot_add_or_delete_meetings_nor_manage_users(seeded, editor_client):
    meeting = seeded[38]
    assert editor_client.get(reverse("admin:archive_meeting_add")).status_code == 403
    delete = reverse("admin:archive_meeting_delete", args=[meeting.pk])
    assert editor_client.get(delete).status_code == 403
    assert editor_client.get(reverse("admin:auth_user_changelist")).status_code == 403


def test_filters_and_search_fit_the_data(seeded, editor_client):
    changelist = reverse("admin:archive_meeting_changelist")
    seeded[41].attendees.filter(order=3).update(role="absent")
    cases = {
        "year=2024": {38, 41},
        "year=1999": set(),
        "meeting_type__exact=standing": {38, 41},
        "meeting_type__exact=topical": set(),
        "attendees__role=absent": {41},
        "attendees__role=observer": {38, 41},
        "q=低空经济": {38},
        "corrected=yes": set(),
        "corrected=no": {38, 41},
    }
    for query, numbers in cases.items():
        response = editor_client.get(f"{changelist}?{query}")
        assert response.status_code == 200, query
        shown = {meeting.number for meeting in response.context["cl"].result_list}
        assert shown == numbers, query


def test_department_filter_lists_meetings_where_the_department_leads(seeded, editor_client):
    from archive.models import Department

    religion = Department.objects.get(name="市民宗局")
    expected = {
        m.number
        for m in seeded.values()
        if m.agenda_items.filter(decisions__department_links__department=religion).exists()
    }
    assert 38 in expected
    response = editor_client.get(
        reverse("admin:archive_meeting_changelist") + f"?department={religion.pk}"
    )
    assert {m.number for m in response.context["cl"].result_list} == expected
