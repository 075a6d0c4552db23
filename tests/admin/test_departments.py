"""Department tools in the admin: adding an alias in place, merging with confirmation."""

from __future__ import annotations

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from archive.models import Attendee, DecisionDepartment, Department, DepartmentAlias

pytestmark = pytest.mark.django_db


def test_merge_action_asks_which_to_keep_then_merges(seeded, editor_client):
    office = Department.objects.get(name="市政府办公室")
    police = Department.objects.get(name="市公安局")
    police_in_38 = Attendee.objects.filter(department=police, meeting=seeded[38]).count()
    url = reverse("admin:archive_department_changelist")
    selection = {"action": "merge_departments", ACTION_CHECKBOX_NAME: [office.pk, police.pk]}

    confirm = editor_client.post(url, selection)
    assert confirm.status_code == 200
    html = confirm.content.decode()
    assert "保留哪个部门？" in html
    assert f'value="{police.pk}"' in html and "市政府办公室" in html
    assert Department.objects.filter(pk=office.pk).exists()  # nothing merged yet

    done = editor_client.post(url, selection | {"post": "yes", "target": police.pk}, follow=True)
    assert "已将 市政府办公室 并入“市公安局”" in done.content.decode()
    assert not Department.objects.filter(pk=office.pk).exists()
    assert (
        Attendee.objects.filter(department=police, meeting=seeded[38]).count() == police_in_38 + 8
    )
    assert not DecisionDepartment.objects.filter(department_id=office.pk).exists()
    assert DepartmentAlias.objects.get(name="市政府办").department == police


def test_merge_needs_the_merge_permission(seeded, client):
    from django.contrib.auth.models import Permission, User

    clerk = User.objects.create_user("clerk", password="x-long-pw", is_staff=True)
    clerk.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_department", "change_department"])
    )
    client.force_login(clerk)
    url = reverse("admin:archive_department_changelist")
    page = client.get(url)
    assert "merge_departments" not in page.content.decode()
    office, police = Department.objects.filter(name__in=["市政府办公室", "市公安局"])
    client.post(
        url,
        {
            "action": "merge_departments",
            ACTION_CHECKBOX_NAME: [office.pk, police.pk],
            "post": "yes",
            "target": police.pk,
        },
    )
    assert Department.objects.filter(pk=office.pk).exists()


def test_an_alias_is_added_on_the_departments_page(seeded, editor_client):
    from tests.admin.forms import change_form_data, inline_prefix

    police = Department.objects.get(name="市公安局")
    url = reverse("admin:archive_department_change", args=[police.pk])
    page = editor_client.get(url)
    prefix = inline_prefix(page, "departmentalias")
    data = change_form_data(page)
    index = int(data[f"{prefix}-TOTAL_FORMS"]) - 1  # the empty extra row
    data |= {f"{prefix}-{index}-name": "公安局"}
    assert editor_client.post(url, data).status_code == 302
    assert DepartmentAlias.objects.get(name="公安局").department == police
