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


ADD_FORM = {
    "aliases-TOTAL_FORMS": "0",
    "aliases-INITIAL_FORMS": "0",
    "aliases-MIN_NUM_FORMS": "0",
    "aliases-MAX_NUM_FORMS": "1000",
}


def test_departments_added_by_an_editor_are_found_by_the_import(seeded, editor_client, tmp_path):
    from archive.ingest.load import ImportStatus, meeting_import
    from archive.ingest.read import encode_transcript

    url = reverse("admin:archive_department_add")
    for name in ("市数据局", "市低空经济办"):
        assert editor_client.post(url, ADD_FORM | {"name": name}).status_code == 302
    data = Department.objects.get(name="市数据局")
    assert (data.match_key, Department.objects.get(name="市低空经济办").match_key) == (
        "数据局",
        "低空经济办",
    )
    path = tmp_path / "m.txt"
    path.write_bytes(
        encode_transcript(
            "2024年6月5日上午，市长徐华东主持召开市政府第46次常务会议。\n"
            "一、审议《太仓市公共数据管理办法》\n"
            "（一）会议原则同意，会后数据局根据会议讨论意见修改完善。\n"
            "出席：徐华东\n",
            "utf-8",
        )
    )
    assert meeting_import(path=path).status is ImportStatus.CREATED
    link = DecisionDepartment.objects.get(decision__agenda_item__meeting__number=46)
    assert (link.name_as_written, link.department_id) == ("数据局", data.pk)


@pytest.mark.parametrize("name", ["气象局", "市氣象局", "市政府办"])
def test_a_new_department_that_is_another_way_of_writing_one_is_refused(
    seeded, editor_client, name
):
    count = Department.objects.count()
    response = editor_client.post(
        reverse("admin:archive_department_add"), ADD_FORM | {"name": name}
    )
    assert response.status_code == 200
    assert "是同一部门的不同写法；请在该部门下添加别名。" in response.content.decode()
    assert Department.objects.count() == count
