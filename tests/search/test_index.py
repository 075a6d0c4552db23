"""The index follows every import and every correction."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from archive.ingest.load import ImportStatus, meeting_import
from archive.models import Meeting, Passage
from archive.search.index import search_index_meeting
from tests.conftest import SEED_38

pytestmark = pytest.mark.django_db


def test_import_indexes_the_meeting(seeded):
    meeting = seeded[38]
    passages = Passage.objects.filter(meeting=meeting)
    assert passages.filter(kind="title").count() == 7
    assert passages.filter(kind="decision").count() == 21
    assert passages.filter(kind="attendance").count() == 1
    fifth = passages.get(kind="title", agenda_item__order=5)
    assert fifth.weight == 8
    assert fifth.meeting_date == meeting.date
    assert meeting.source_text[fifth.start : fifth.end].endswith("排水许可管理工作的实施意见》")
    decision = passages.filter(kind="decision", agenda_item__order=5).first()
    assert decision.decision.order == 1


def test_reimport_of_a_changed_file_replaces_the_passages(seeded, tmp_path):
    changed = tmp_path / SEED_38.name
    changed.write_text(
        SEED_38.read_text(encoding="utf-8").replace("排水许可", "污水许可"), encoding="utf-8"
    )
    assert meeting_import(path=changed).status is ImportStatus.UPDATED
    assert not Meeting.objects.search("排水许可").hits
    assert [hit.meeting.number for hit in Meeting.objects.search("污水许可").hits] == [38]


def test_a_correction_is_searchable_once_reindexed(seeded):
    meeting = seeded[41]
    item = meeting.agenda_items.get(order=1)
    item.title = "审议《关于校对后才出现的标题的意见》"
    item.save()
    search_index_meeting(meeting=meeting)
    hits = Meeting.objects.search("校对后才出现").hits
    assert [(hit.meeting.number, hit.items) for hit in hits] == [(41, [1])]
    # The corrected title no longer occurs in the transcript: the snippet is the title itself.
    assert "<mark>校对后才出现</mark>" in hits[0].snippet.html


def test_reindex_command_rebuilds_everything(seeded, capsys):
    Passage.objects.all().delete()
    call_command("reindex_search")
    assert "已重建 2 次会议" in capsys.readouterr().out
    assert Passage.objects.filter(meeting=seeded[38]).count() > 30


def test_reindex_missing_indexes_only_meetings_without_passages(seeded, capsys):
    kept = Passage.objects.filter(meeting=seeded[38]).count()
    indexed = Passage.objects.filter(meeting=seeded[41]).count()
    Passage.objects.filter(meeting=seeded[41]).delete()
    call_command("reindex_search", "--missing")
    assert "已重建 1 次会议" in capsys.readouterr().out
    assert Passage.objects.filter(meeting=seeded[41]).count() == indexed > 0
    assert Passage.objects.filter(meeting=seeded[38]).count() == kept
    call_command("reindex_search", "--missing")
    assert "已重建 0 次会议" in capsys.readouterr().out
