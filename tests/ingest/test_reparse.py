"""Parsing stored transcripts again: parser improvements reach meetings already imported."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from archive.ingest.load import ImportStatus, meeting_reparse
from archive.models import AgendaItem, Attendee, Meeting
from archive.search.index import search_index_meeting
from archive.services.corrections import correction_mark
from tests.conftest import SEED_38

pytestmark = pytest.mark.django_db

REASON = "重新解析原文"


def _as_an_older_parser_left_it(meeting: Meeting) -> tuple[str, str]:
    """Make ``meeting``'s records differ from its parse, as an older parser's would, and index
    them as they are; return the agenda item's parsed title and the stale one written over it."""
    item = meeting.agenda_items.get(order=3)
    AgendaItem.objects.filter(pk=item.pk).update(title="旧版解析的标题")
    Attendee.objects.filter(meeting=meeting, order=5).delete()
    Meeting.objects.filter(pk=meeting.pk).update(chair="")
    search_index_meeting(meeting=Meeting.objects.get(pk=meeting.pk))
    return item.title, "旧版解析的标题"


def _history_count(meeting: Meeting) -> int:
    return (
        meeting.history.count()
        + AgendaItem.history.filter(meeting_id=meeting.pk).count()
        + Attendee.history.filter(meeting_id=meeting.pk).count()
    )


def test_reparse_brings_an_older_parse_up_to_date(seeded):
    meeting = seeded[38]
    attendees = meeting.attendees.count()
    parsed_title, stale_title = _as_an_older_parser_left_it(meeting)
    assert Meeting.objects.search(stale_title).count == 1

    result = meeting_reparse(meeting_id=meeting.pk)

    assert (result.status, result.meeting_id, result.conflicts) == (
        ImportStatus.UPDATED,
        meeting.pk,
        (),
    )
    assert str(result.path) == SEED_38.name
    meeting.refresh_from_db()
    assert meeting.chair == "徐华东"
    assert meeting.agenda_items.get(order=3).title == parsed_title
    assert meeting.attendees.count() == attendees
    assert meeting.history.latest().history_change_reason == REASON
    # The search index follows: the stale title is gone from it, the parsed one is found.
    assert Meeting.objects.search(stale_title).count == 0
    assert [h.meeting.pk for h in Meeting.objects.search(parsed_title).hits] == [meeting.pk]


def test_a_change_inside_a_meeting_marks_the_meeting_updated(seeded):
    """Feeds, the sitemap and the archive's kept counts go by the meeting's updated_at."""
    from archive.aggregates import archive_fingerprint

    meeting = seeded[38]
    Attendee.objects.filter(meeting=meeting, order=5).delete()
    updated_at = Meeting.objects.get(pk=meeting.pk).updated_at
    fingerprint = archive_fingerprint()

    assert meeting_reparse(meeting_id=meeting.pk).status is ImportStatus.UPDATED

    assert Meeting.objects.get(pk=meeting.pk).updated_at > updated_at
    assert archive_fingerprint() != fingerprint
    assert meeting.history.latest().history_change_reason == REASON
    assert meeting.attendees.filter(order=5).exists()


def test_reparse_keeps_editors_corrections_and_reports_them(seeded):
    meeting = seeded[38]
    item = meeting.agenda_items.get(order=3)
    parsed_title = item.title
    item.title = "编辑更正的标题"
    correction_mark(item, changed={"title": item.title})
    item.save()
    Meeting.objects.filter(pk=meeting.pk).update(chair="")

    result = meeting_reparse(meeting_id=meeting.pk)

    assert result.status is ImportStatus.UPDATED
    assert [(c.record, c.field, c.kept, c.incoming) for c in result.conflicts] == [
        ("第3项议题", "标题", "编辑更正的标题", parsed_title)
    ]
    assert meeting.agenda_items.get(order=3).title == "编辑更正的标题"
    assert Meeting.objects.get(pk=meeting.pk).chair == "徐华东"


def test_a_meeting_already_parsed_so_is_left_untouched(seeded):
    meeting = seeded[38]
    before = _history_count(meeting)
    updated_at = Meeting.objects.get(pk=meeting.pk).updated_at

    result = meeting_reparse(meeting_id=meeting.pk)

    assert (result.status, result.conflicts) == (ImportStatus.UNCHANGED, ())
    assert _history_count(meeting) == before
    assert Meeting.objects.get(pk=meeting.pk).updated_at == updated_at


def test_a_dry_run_reports_without_writing(seeded):
    meeting = seeded[38]
    _, stale_title = _as_an_older_parser_left_it(meeting)
    before = _history_count(meeting)

    result = meeting_reparse(meeting_id=meeting.pk, dry_run=True)

    assert result.status is ImportStatus.UPDATED
    assert meeting.agenda_items.get(order=3).title == stale_title
    assert Meeting.objects.get(pk=meeting.pk).chair == ""
    assert _history_count(meeting) == before


def test_a_text_that_no_longer_parses_fails_alone(seeded):
    meeting = seeded[38]
    Meeting.objects.filter(pk=meeting.pk).update(source_text="今天天气很好。")
    items = list(meeting.agenda_items.values_list("pk", "title"))

    result = meeting_reparse(meeting_id=meeting.pk)

    assert result.status is ImportStatus.FAILED
    assert result.message == "第1行：开头段落既没有会议日期，也没有提到会议，不是会议纪要"
    assert list(meeting.agenda_items.values_list("pk", "title")) == items


def test_the_command_reparses_and_summarises(seeded, capsys):
    _as_an_older_parser_left_it(seeded[38])

    call_command("reparse_minutes", "--no-progress")

    captured = capsys.readouterr()
    assert "重新解析 2 份：更新 1，未变 1，失败 0" in captured.out
    assert f"已更新 {SEED_38.name}（ID {seeded[38].pk}）" in captured.err
    assert Meeting.objects.get(pk=seeded[38].pk).chair == "徐华东"


def test_the_command_dry_run_and_chosen_meetings(seeded, capsys):
    _as_an_older_parser_left_it(seeded[38])

    call_command("reparse_minutes", str(seeded[38].pk), "--dry-run", "--no-progress")

    captured = capsys.readouterr()
    assert "重新解析 1 份：更新 1，未变 0，失败 0（试运行，未写入）" in captured.out
    assert f"将更新 {SEED_38.name}" in captured.err
    assert Meeting.objects.get(pk=seeded[38].pk).chair == ""


def test_the_command_names_unknown_meetings(seeded):
    missing = max(m.pk for m in seeded.values()) + 1
    with pytest.raises(CommandError, match=f"没有这些 ID 的会议：{missing}"):
        call_command("reparse_minutes", str(seeded[38].pk), str(missing), "--no-progress")


def test_the_command_fails_when_a_meeting_fails(seeded, capsys):
    Meeting.objects.filter(pk=seeded[41].pk).update(source_text="今天天气很好。")
    with pytest.raises(CommandError, match="1 份会议重新解析失败"):
        call_command("reparse_minutes", "--no-progress")
    captured = capsys.readouterr()
    assert f"失败 {seeded[41].source_name}（ID {seeded[41].pk}）" in captured.err
