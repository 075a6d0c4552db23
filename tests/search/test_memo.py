"""A search's ranking and count, kept between its pages until a commit changes what it reads.

These tests commit (transaction=True): inside a transaction nothing is kept (see _Memo).
"""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from archive.models import AgendaItem, Attendee, DecisionDepartment, Meeting, MeetingSearch
from archive.search import engine
from tests.search.conftest import transcript

pytestmark = pytest.mark.django_db(transaction=True)

RANKING_STATEMENT = "s.heads_end, s.decisions_end"  # the statement that scores candidates


def generation() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT value FROM archive_search_generation")
        return cursor.fetchone()[0]


def wetland_meetings(import_text, count: int) -> list[Meeting]:
    return [
        import_text(
            f"m{number}",
            transcript(
                number=number,
                date=f"2024年{1 + number // 28}月{1 + number % 28}日",
                items=[("审议《河道办法》", [f"第{number}次提到湿地公园。"])],
            ),
        )
        for number in range(1, count + 1)
    ]


def test_every_committed_change_to_what_a_search_reads_moves_the_generation(import_text):
    before = generation()
    [meeting] = wetland_meetings(import_text, 1)
    assert generation() > before

    for table in (Meeting, MeetingSearch, AgendaItem, Attendee, DecisionDepartment):
        before = generation()
        with connection.cursor() as cursor:  # a statement of its own, outside the ORM
            pk = table._meta.pk.column
            cursor.execute(f"UPDATE {table._meta.db_table} SET {pk} = {pk}")
        assert generation() == before + 1, table

    before = generation()
    with transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk).update(number=2)
        AgendaItem.objects.filter(meeting=meeting).update(title="审议《湖泊办法》")
        assert generation() == before  # moves at commit, once
    assert generation() == before + 1

    with pytest.raises(RuntimeError), transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk).update(number=3)
        raise RuntimeError("rolled back")
    assert generation() == before + 1


def test_later_pages_reuse_the_ranking_and_count(import_text, settings):
    meetings = wetland_meetings(import_text, 25)
    first = Meeting.objects.search("湿地公园")
    with CaptureQueriesContext(connection) as queries:
        second = Meeting.objects.search("湿地公园", page=2)
    assert not any(RANKING_STATEMENT in query["sql"] for query in queries)
    assert (first.count, second.count, second.ranked) == (25, 25, 25)
    settings.SEARCH_RESULT_CACHE_SECONDS = 0
    with CaptureQueriesContext(connection) as queries:
        fresh = [Meeting.objects.search("湿地公园", page=page) for page in (1, 2)]
    assert sum(RANKING_STATEMENT in query["sql"] for query in queries) == 2
    kept = [hit.meeting.pk for page in (first, second) for hit in page.hits]
    assert kept == [hit.meeting.pk for page in fresh for hit in page.hits]
    assert sorted(kept) == sorted(m.pk for m in meetings)
    assert [h.snippet.html for h in second.hits] == [h.snippet.html for h in fresh[1].hits]


def test_a_search_by_relevance_reuses_the_count_of_the_same_search_by_date(
    import_text, monkeypatch
):
    monkeypatch.setattr(engine, "CANDIDATE_CAP", 5)
    monkeypatch.setattr(engine, "SAMPLE_MEETINGS", 4)  # by relevance, not every match is read
    wetland_meetings(import_text, 25)
    by_date = Meeting.objects.search("湿地公园", order="date")
    with CaptureQueriesContext(connection) as queries:
        ranked = Meeting.objects.search("湿地公园")
    assert not any("count(*)" in query["sql"] for query in queries)
    assert (by_date.count, ranked.count, ranked.capped) == (25, 25, True)


def test_a_commit_shows_at_once(import_text):
    meetings = wetland_meetings(import_text, 3)
    assert Meeting.objects.search("湿地公园").count == 3
    assert Meeting.objects.search("湿地公园", order="date").count == 3

    newer = import_text(
        "m9",
        transcript(number=9, date="2024年9月9日", items=[("审议《湿地公园条例》", ["同意。"])]),
    )
    results = Meeting.objects.search("湿地公园")
    assert results.count == 4
    assert results.hits[0].meeting.pk == newer.pk  # a title match ranks first
    assert Meeting.objects.search("湿地公园", order="date").count == 4

    meetings[0].delete()
    assert Meeting.objects.search("湿地公园").count == 3
    assert meetings[0].pk not in {h.meeting.pk for h in Meeting.objects.search("湿地公园").hits}


def test_filters_are_kept_apart(import_text):
    meetings = wetland_meetings(import_text, 3)
    assert Meeting.objects.search("湿地公园").count == 3
    only = Meeting.objects.filter(pk=meetings[1].pk)
    assert [h.meeting.pk for h in only.search("湿地公园").hits] == [meetings[1].pk]
    assert Meeting.objects.search("湿地公园 -第2次").count == 2
