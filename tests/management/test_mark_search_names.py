"""mark_search_names, and the marking import_minutes does at its end."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from archive.models import Department, DepartmentAlias, Meeting, SearchName
from archive.search import names as registry
from archive.search.engine import meeting_search_ids
from archive.search.names import names_ready
from tests.conftest import SEED_38, SEED_41

pytestmark = pytest.mark.django_db


def test_mark_search_names_registers_and_marks_what_a_save_did_not(seeded):
    office = Department.objects.get(name="市政府办公室")
    # Written without the model's save: not registered.
    DepartmentAlias.objects.bulk_create([DepartmentAlias(name="市府办公室", department=office)])
    assert not SearchName.objects.filter(word="市府办公室").exists()
    out = io.StringIO()
    call_command("mark_search_names", stdout=out)
    assert names_ready(["市府办公室", "市政府办公室"]) == {"市府办公室", "市政府办公室"}
    assert out.getvalue() == ""  # held by no stored meeting: ready as it was registered


def test_import_minutes_marks_the_names_too_many_meetings_hold(monkeypatch):
    monkeypatch.setattr(registry, "INLINE_ROWS", 0)
    out = io.StringIO()
    call_command("import_minutes", str(SEED_38), "--no-progress", "--workers", "0", stdout=out)
    # Its departments, named by no stored meeting, were ready as they were saved; its chair and
    # members, registered before its rows were written, are marked in them and made ready.
    assert "标记检索专名" not in out.getvalue()
    assert out.getvalue().endswith("6 个检索专名已就绪\n")
    assert names_ready(["徐华东"]) == {"徐华东"}
    out = io.StringIO()
    # An alias that the stored meeting already holds: too many rows to mark as it is saved.
    alias = "生态环境局"
    assert not SearchName.objects.filter(word=alias).exists()
    DepartmentAlias.objects.create(name=alias, department=Department.objects.first())
    assert names_ready([alias]) == set()
    call_command("import_minutes", str(SEED_41), "--no-progress", "--workers", "0", stdout=out)
    assert "标记检索专名“生态环境局”：已标记 1 次会议" in out.getvalue()
    assert "标记检索专名" not in out.getvalue().replace("标记检索专名“生态环境局”", "")
    assert names_ready([alias]) == {alias}
    assert not SearchName.objects.filter(ready=False).exists()
    holding = Meeting.objects.filter(search_row__text__contains=alias)
    assert meeting_search_ids(Meeting.objects.all(), alias) == set(
        holding.values_list("pk", flat=True)
    )
    # Both seeds hold it: the second's row was marked as it was written, the first's at the end.
    assert holding.count() == 2
