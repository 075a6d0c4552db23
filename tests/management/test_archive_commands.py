"""dump_archive and load_archive: files in, files out, errors as messages."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from archive.models import Meeting

# Emptying the archive (flush) needs real commits, not a test transaction.
pytestmark = pytest.mark.django_db(transaction=True)


def test_dump_then_load_through_the_commands(tmp_path, seeded):
    first = tmp_path / "archive.jsonl"
    out = io.StringIO()
    call_command("dump_archive", str(first), stdout=out)
    assert out.getvalue().startswith("已导出 2 次会议、")

    call_command("flush", interactive=False, verbosity=0)
    out = io.StringIO()
    call_command("load_archive", str(first), stdout=out)
    assert out.getvalue().startswith("已载入 2 次会议、")
    assert sorted(Meeting.objects.values_list("number", flat=True)) == [38, 41]

    second = tmp_path / "again.jsonl"
    call_command("dump_archive", str(second), stdout=io.StringIO())
    assert second.read_bytes() == first.read_bytes()


def test_load_reports_a_missing_file(tmp_path, db):
    with pytest.raises(CommandError, match="无法读取"):
        call_command("load_archive", str(tmp_path / "absent.jsonl"))


def test_load_reports_the_bad_line(tmp_path, db):
    broken = tmp_path / "broken.jsonl"
    broken.write_text(
        '{"kind": "header", "format": "minutes-archive-dump", "version": 1}\n{"kind": 1\n',
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match=r"broken\.jsonl 第 2 行：不是有效的 JSON"):
        call_command("load_archive", str(broken))
