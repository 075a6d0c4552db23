"""The editors group holds exactly the permissions correction work needs."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from archive.services.editors import EDITORS_GROUP, editors_group_sync

pytestmark = pytest.mark.django_db

EXPECTED = {
    "archive.view_meeting",
    "archive.change_meeting",
    "archive.view_agendaitem",
    "archive.add_agendaitem",
    "archive.change_agendaitem",
    "archive.delete_agendaitem",
    "archive.view_decision",
    "archive.add_decision",
    "archive.change_decision",
    "archive.delete_decision",
    "archive.view_decisiondepartment",
    "archive.add_decisiondepartment",
    "archive.change_decisiondepartment",
    "archive.delete_decisiondepartment",
    "archive.view_attendee",
    "archive.add_attendee",
    "archive.change_attendee",
    "archive.delete_attendee",
    "archive.view_departmentalias",
    "archive.add_departmentalias",
    "archive.change_departmentalias",
    "archive.delete_departmentalias",
    "archive.view_department",
    "archive.add_department",
    "archive.change_department",
    "archive.merge_department",
}


def _permissions(group: Group) -> set[str]:
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }


def test_the_migration_created_the_group_with_exact_permissions():
    assert _permissions(Group.objects.get(name=EDITORS_GROUP)) == EXPECTED


def test_an_editor_has_exactly_these_permissions(editor):
    assert editor.get_all_permissions() == EXPECTED
    assert not editor.has_perm("archive.delete_meeting")
    assert not editor.has_perm("archive.delete_department")
    assert not editor.has_perm("auth.change_user")


def test_sync_is_idempotent_and_resets_drift(capsys):
    group = Group.objects.get(name=EDITORS_GROUP)
    group.permissions.add(Permission.objects.get(codename="delete_meeting"))
    editors_group_sync()
    call_command("sync_editors_group")
    assert "组 editors：26 项权限" in capsys.readouterr().out
    assert Group.objects.filter(name=EDITORS_GROUP).count() == 1
    assert _permissions(Group.objects.get(name=EDITORS_GROUP)) == EXPECTED
