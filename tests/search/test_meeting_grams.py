"""The meeting-level index: one row per meeting answers AND, NOT, filters and counts."""

from __future__ import annotations

import datetime

import pytest

from archive.models import Meeting, MeetingSearch
from archive.search import engine
from archive.search.engine import meeting_search_ids
from archive.search.index import search_index_meeting

pytestmark = pytest.mark.django_db


def _meeting(number: int, text: str, day: int = 1) -> Meeting:
    meeting = Meeting.objects.create(
        number=number,
        date=datetime.date(2024, 1, day),
        source_name=f"gen-{number}.txt",
        source_text=text,
        source_encoding="utf-8",
    )
    search_index_meeting(meeting=meeting)
    return meeting


def test_every_indexed_meeting_has_one_row_of_its_passages(db):
    meeting = _meeting(1, "推进城市更新。\n会议要求加强排水管理。")
    row = MeetingSearch.objects.get(meeting=meeting)
    assert row.meeting_date == datetime.date(2024, 1, 1)
    assert "推进城市更新。" in row.text
    assert "\n" not in row.text.replace("\n", "", row.text.count("\n"))
    search_index_meeting(meeting=meeting)
    assert MeetingSearch.objects.filter(meeting=meeting).count() == 1


def test_grams_of_a_long_term_are_checked_against_the_text(db):
    # 城市 and 市更 both occur, 城市更 does not: the grams match, the text does not.
    _meeting(1, "城市建设。市更新。")
    found = _meeting(2, "推进城市更新。")
    assert meeting_search_ids(Meeting.objects.all(), "城市更") == {found.pk}
    results = Meeting.objects.search("城市更")
    assert ([h.meeting.pk for h in results.hits], results.count) == ([found.pk], 1)


def test_a_long_exclusion_is_checked_against_the_text(db):
    kept = _meeting(1, "城市建设。市更新。")
    _meeting(2, "城市建设，推进城市更新。")
    assert meeting_search_ids(Meeting.objects.all(), "城市 -城市更") == {kept.pk}
    assert Meeting.objects.search("城市 -城市更").count == 1
    assert Meeting.objects.search("城市 -更").count == 0
    assert [h.meeting.pk for h in Meeting.objects.search("城市 -推进").hits] == [kept.pk]


def test_and_needs_every_word_somewhere_in_the_meeting(db):
    both = _meeting(1, "推进城市更新。\n加强排水管理。")
    _meeting(2, "推进城市更新。")
    _meeting(3, "加强排水管理。")
    assert [hit.meeting.pk for hit in Meeting.objects.search("城市更新 排水").hits] == [both.pk]


def test_capped_ranking_takes_the_newest_matches(db, monkeypatch):
    monkeypatch.setattr(engine, "CANDIDATE_CAP", 3)
    for day in range(1, 9):
        _meeting(day, f"第{day}份材料：推进城市更新。", day=day)
    results = Meeting.objects.search("城市更新")
    assert results.capped
    assert sorted(hit.meeting.number for hit in results.hits) == [6, 7, 8]
    assert (results.count, results.estimated) == (8, False)


def test_a_long_term_with_many_matches_gets_an_estimated_count(db, monkeypatch):
    monkeypatch.setattr(engine, "CANDIDATE_CAP", 2)
    monkeypatch.setattr(engine, "RECHECK_LIMIT", 4)
    for day in range(1, 9):
        _meeting(day, "推进城市更新。", day=day)
    for day in range(9, 13):
        _meeting(day, "城市建设。市更新。", day=day)
    monkeypatch.setattr(engine, "SAMPLE_MEETINGS", 4)
    results = Meeting.objects.search("城市更新")
    # 12 meetings hold the grams; the newest 4 (the sample) fail the check, so the estimate
    # is 0, but three were found (two ranked, one more): the count is never below that.
    assert (results.count, results.estimated) == (3, True)
    monkeypatch.setattr(engine, "SAMPLE_MEETINGS", 12)
    results = Meeting.objects.search("城市更新")
    assert (results.count, results.estimated) == (8, True)
    assert len(results.hits) == 2


def test_short_terms_are_counted_exactly_from_the_grams(db, monkeypatch):
    monkeypatch.setattr(engine, "CANDIDATE_CAP", 2)
    monkeypatch.setattr(engine, "RECHECK_LIMIT", 1)
    for day in range(1, 6):
        _meeting(day, "推进城市更新。", day=day)
    _meeting(6, "其他。", day=6)
    results = Meeting.objects.search("城市")
    assert (results.count, results.estimated, results.capped) == (5, False, True)
    only_first = Meeting.objects.filter(number__lte=2).search("城市")
    assert (only_first.count, only_first.estimated) == (2, False)
