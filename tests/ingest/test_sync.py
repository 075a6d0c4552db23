"""Re-importing a transcript keeps editors' corrections and reports what it did not take."""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

import pytest
from django.core.management import call_command

from archive.ingest.load import ImportStatus, meeting_import, meeting_save
from archive.ingest.parse import parse_transcript
from archive.ingest.read import transcript_read
from archive.ingest.sync import ImportConflict
from archive.models import Meeting
from archive.services.corrections import correction_mark, correction_removal_mark
from tests.conftest import SEED_38, SEED_41

pytestmark = pytest.mark.django_db


def _correct(record, **values) -> None:
    """What the admin does on save: mark the changed fields, then save."""
    for name, value in values.items():
        setattr(record, name, value)
    correction_mark(record, changed=values)
    record.save()


def _reimport(path: Path):
    transcript = transcript_read(path, max_bytes=10**7)
    return meeting_save(transcript=transcript, parsed=parse_transcript(transcript.text))


def _new_version(tmp_path: Path, source: Path, *replacements: tuple[str, str]) -> Path:
    text = source.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    changed = tmp_path / source.name
    changed.write_text(text, encoding="utf-8")
    return changed


def test_reimporting_the_same_transcript_keeps_edits_and_reports_them(seeded):
    meeting = seeded[38]
    _correct(meeting, chair="徐华栋")
    item = meeting.agenda_items.get(order=3)
    _correct(item, title="更正后的标题")
    attendee = meeting.attendees.get(order=2)
    original_name = attendee.name
    _correct(attendee, name="更正姓名")

    saved = _reimport(SEED_38)

    assert saved.created is False
    meeting.refresh_from_db()
    item.refresh_from_db()
    attendee.refresh_from_db()
    assert meeting.chair == "徐华栋"
    assert item.title == "更正后的标题"
    assert attendee.name == "更正姓名"
    records = {(c.record, c.field): c for c in saved.conflicts}
    assert set(records) == {("会议", "主持人"), ("第3项议题", "标题"), ("第2位参会人员", "姓名")}
    assert records["会议", "主持人"] == ImportConflict("会议", "主持人", "徐华栋", "徐华东")
    assert records["第2位参会人员", "姓名"].incoming == original_name
    assert str(records["会议", "主持人"]) == "会议 · 主持人：保留更正“徐华栋”，未采用导入的“徐华东”"


def test_unedited_records_keep_their_identity_across_reimport(seeded):
    meeting = seeded[38]
    ids = list(meeting.agenda_items.values_list("pk", flat=True))
    attendee_ids = list(meeting.attendees.values_list("pk", flat=True))
    saved = _reimport(SEED_38)
    assert saved.conflicts == ()
    assert list(meeting.agenda_items.values_list("pk", flat=True)) == ids
    assert list(meeting.attendees.values_list("pk", flat=True)) == attendee_ids


def test_a_new_version_updates_what_editors_left_alone(seeded, tmp_path):
    meeting = seeded[41]
    _correct(meeting, chair="编辑改的主持人")
    first_item = meeting.agenda_items.get(order=1)
    _correct(first_item, kind="hearing")
    new_version = _new_version(tmp_path, SEED_41, ("徐华东市长", "王小明副市长"))

    result = meeting_import(path=new_version)

    assert result.status is ImportStatus.UPDATED
    meeting.refresh_from_db()
    assert meeting.chair == "编辑改的主持人"  # the editor's value wins
    assert meeting.chair_title == "副市长"  # an unedited field follows the new version
    assert meeting.content_hash == hashlib.sha256(new_version.read_bytes()).hexdigest()
    first_item.refresh_from_db()
    assert first_item.kind == "hearing"
    assert [(c.record, c.field, c.kept, c.incoming) for c in result.conflicts] == [
        ("会议", "主持人", "编辑改的主持人", "王小明"),
    ]


def test_records_editors_removed_stay_removed(seeded):
    meeting = seeded[38]
    attendee = meeting.attendees.get(order=4)
    correction_removal_mark(attendee)
    attendee.delete()
    decision = meeting.agenda_items.get(order=2).decisions.get(order=3)
    correction_removal_mark(decision)
    decision.delete()

    saved = _reimport(SEED_38)

    assert not meeting.attendees.filter(order=4).exists()
    assert not meeting.agenda_items.get(order=2).decisions.filter(order=3).exists()
    removed = [(c.record, c.kept) for c in saved.conflicts]
    assert removed == [
        ("第2项议题第3条议定事项", "（已由编辑删除）"),
        ("第4位参会人员", "（已由编辑删除）"),
    ]


def test_an_edited_record_the_new_version_lacks_is_kept(seeded):
    meeting = seeded[38]
    last = meeting.agenda_items.get(order=7)
    _correct(last.decisions.get(order=2), outcome="同意")
    unedited = meeting.agenda_items.get(order=6)
    transcript = transcript_read(SEED_38, max_bytes=10**7)
    parsed = parse_transcript(transcript.text)
    fewer = dataclasses.replace(parsed, agenda_items=parsed.agenda_items[:5])

    saved = meeting_save(transcript=transcript, parsed=fewer)

    assert list(meeting.agenda_items.values_list("order", flat=True)) == [1, 2, 3, 4, 5, 7]
    assert not type(unedited).objects.filter(pk=unedited.pk).exists()
    assert [(c.record, c.incoming) for c in saved.conflicts] == [("第7项议题", "（新版本中没有）")]


def test_edited_department_links_are_kept_whole(seeded, tmp_path):
    meeting = seeded[38]
    decision = meeting.agenda_items.get(order=7).decisions.get(order=1)
    decision.department_links.filter(department__name="市公安局").delete()
    correction_mark(decision, changed=["departments"])
    decision.save()
    kept = sorted(decision.department_links.values_list("department__name", flat=True))

    saved = _reimport(SEED_38)

    assert sorted(decision.department_links.values_list("department__name", flat=True)) == kept
    [conflict] = saved.conflicts
    assert (conflict.record, conflict.field) == ("第7项议题第1条议定事项", "相关部门")
    assert "市公安局" in conflict.incoming and "市公安局" not in conflict.kept


def test_import_writes_history_with_its_reason(seeded):
    meeting = seeded[41]
    [record] = meeting.history.all()
    assert record.history_change_reason == f"导入 {SEED_41.name}"
    assert record.history_user is None
    item = meeting.agenda_items.get(order=1)
    assert item.history.get().history_change_reason == f"导入 {SEED_41.name}"


def test_import_command_prints_the_conflicts(seeded, tmp_path, capsys):
    _correct(seeded[41], chair="编辑改的主持人")
    new_version = _new_version(tmp_path, SEED_41, ("徐华东市长", "王小明副市长"))
    call_command("import_minutes", str(new_version), "--no-progress")
    captured = capsys.readouterr()
    assert "新增 0，更新 1，未变 0，失败 0" in captured.out
    assert (
        f"保留更正 {new_version}: 会议 · 主持人：保留更正“编辑改的主持人”，未采用导入的“王小明”"
        in captured.err
    )
    assert Meeting.objects.get(pk=seeded[41].pk).chair == "编辑改的主持人"
