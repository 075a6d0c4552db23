"""The meeting-level index: one row per meeting answers AND, NOT, filters and counts."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.models import AgendaItem, ItemKind, Meeting, MeetingSearch
from archive.search import engine
from archive.search.engine import meeting_search_ids
from archive.search.index import search_index_meeting
from archive.search.passages import Kind, PassageDraft
from tests.search.conftest import indexed_meeting

pytestmark = pytest.mark.django_db


def test_every_indexed_meeting_has_one_row_of_its_passages(db):
    meeting = indexed_meeting(1, "推进城市更新。\n会议要求加强排水管理。")
    row = MeetingSearch.objects.get(meeting=meeting)
    assert row.meeting_date == datetime.date(2024, 1, 1)
    assert "推进城市更新。" in row.text
    assert "\n" not in row.text.replace("\n", "", row.text.count("\n"))
    search_index_meeting(meeting=meeting)
    assert MeetingSearch.objects.filter(meeting=meeting).count() == 1


def test_grams_of_a_long_term_are_checked_against_the_text(db):
    # 城市 and 市更 both occur, 城市更 does not: the grams match, the text does not.
    indexed_meeting(1, "城市建设。市更新。")
    found = indexed_meeting(2, "推进城市更新。")
    assert meeting_search_ids(Meeting.objects.all(), "城市更") == {found.pk}
    results = Meeting.objects.search("城市更")
    assert ([h.meeting.pk for h in results.hits], results.count) == ([found.pk], 1)


def test_a_long_exclusion_is_checked_against_the_text(db):
    kept = indexed_meeting(1, "城市建设。市更新。")
    indexed_meeting(2, "城市建设，推进城市更新。")
    assert meeting_search_ids(Meeting.objects.all(), "城市 -城市更") == {kept.pk}
    assert Meeting.objects.search("城市 -城市更").count == 1
    assert Meeting.objects.search("城市 -更").count == 0
    assert [h.meeting.pk for h in Meeting.objects.search("城市 -推进").hits] == [kept.pk]


def test_and_needs_every_word_somewhere_in_the_meeting(db):
    both = indexed_meeting(1, "推进城市更新。\n加强排水管理。")
    indexed_meeting(2, "推进城市更新。")
    indexed_meeting(3, "加强排水管理。")
    assert [hit.meeting.pk for hit in Meeting.objects.search("城市更新 排水").hits] == [both.pk]


def test_capped_ranking_takes_the_newest_matches(db, monkeypatch):
    monkeypatch.setattr(engine, "CANDIDATE_CAP", 3)
    for day in range(1, 9):
        indexed_meeting(day, f"第{day}份材料：推进城市更新。", day=day)
    results = Meeting.objects.search("城市更新")
    assert results.capped
    assert sorted(hit.meeting.number for hit in results.hits) == [6, 7, 8]
    assert (results.count, results.estimated) == (8, False)


def test_a_long_term_with_many_matches_gets_an_estimated_count(db, monkeypatch):
    monkeypatch.setattr(engine, "CANDIDATE_CAP", 2)
    monkeypatch.setattr(engine, "RECHECK_LIMIT", 4)
    monkeypatch.setattr(engine, "SAMPLE_MEETINGS", 4)
    for day in range(1, 9):
        indexed_meeting(day, "城市建设。市更新。", day=day)
    for day in range(9, 13):
        indexed_meeting(day, "推进城市更新。", day=day)
    # 城市更 is no lexicon word: its grams (城市, 市更) are checked against the text.
    results = Meeting.objects.search("城市更")
    # 12 meetings hold the grams (more than RECHECK_LIMIT); the newest 6 were checked (the
    # sample, twice the ranked 2 plus one), back to day 7. Of the 5 meetings after day 7, 4
    # hold the term; so do 4/5 of the 12 meetings searched: 9.6.
    assert (results.count, results.estimated, results.capped) == (10, True, True)
    assert sorted(hit.meeting.number for hit in results.hits) == [11, 12]


def test_a_long_term_is_searched_further_back_until_enough_pass_the_check(db, monkeypatch):
    monkeypatch.setattr(engine, "CANDIDATE_CAP", 2)
    monkeypatch.setattr(engine, "SAMPLE_MEETINGS", 4)
    for day in range(1, 9):
        indexed_meeting(day, "推进城市更新。", day=day)
    for day in range(9, 13):
        indexed_meeting(day, "城市建设。市更新。", day=day)
    results = Meeting.objects.search("城市更")
    # The newest 6 index matches hold only two real matches: the scan goes further back,
    # reaches every index match, and so counts exactly.
    assert (results.count, results.estimated, results.capped) == (8, False, True)
    assert sorted(hit.meeting.number for hit in results.hits) == [7, 8]
    monkeypatch.setattr(engine, "RECHECK_LIMIT", 4)
    assert Meeting.objects.search("城市更").count == 8


def test_short_terms_are_counted_exactly_from_the_grams(db, monkeypatch):
    monkeypatch.setattr(engine, "CANDIDATE_CAP", 2)
    monkeypatch.setattr(engine, "RECHECK_LIMIT", 1)
    for day in range(1, 6):
        indexed_meeting(day, "推进城市更新。", day=day)
    indexed_meeting(6, "其他。", day=6)
    results = Meeting.objects.search("城市")
    assert (results.count, results.estimated, results.capped) == (5, False, True)
    only_first = Meeting.objects.filter(number__lte=2).search("城市")
    assert (only_first.count, only_first.estimated) == (2, False)


def test_short_terms_above_the_count_limit_get_an_estimate(db, monkeypatch):
    monkeypatch.setattr(engine, "CANDIDATE_CAP", 2)
    monkeypatch.setattr(engine, "COUNT_LIMIT", 4)
    for day in range(1, 13):
        indexed_meeting(day, "推进城市更新。" if day % 2 else "其他。", day=day)
    results = Meeting.objects.search("城市")
    # 6 matches, more than COUNT_LIMIT. The newest 3 (days 11, 9, 7) were read: of the 5
    # meetings after day 7, 2 match; so do 2/5 of the 12 meetings: 4.8.
    assert (results.count, results.estimated) == (5, True)
    monkeypatch.setattr(engine, "COUNT_LIMIT", 6)
    exact = Meeting.objects.search("城市")
    assert (exact.count, exact.estimated) == (6, False)


def _dated(number: int, text: str, date: datetime.date) -> Meeting:
    meeting = Meeting.objects.create(
        number=number,
        date=date,
        source_name=f"gen-{number}.txt",
        source_text=text,
        source_encoding="utf-8",
    )
    search_index_meeting(meeting=meeting)
    return meeting


def test_newest_matches_are_taken_month_by_month_then_from_all(db, monkeypatch):
    monkeypatch.setattr(engine, "CANDIDATE_CAP", 2)
    monkeypatch.setattr(engine, "WINDOWS", (3, 6))
    old = _dated(1, "推进城市更新。旧城改造。", datetime.date(2019, 5, 1))
    undated = Meeting.objects.create(
        number=2, source_name="undated.txt", source_text="城市更新。", source_encoding="utf-8"
    )
    search_index_meeting(meeting=undated)
    months = {}
    for month in range(1, 9):
        text = "推进城市更新。" if month != 8 else "其他事项。"
        months[month] = _dated(10 + month, text, datetime.date(2024, month, 15))
    windows = engine._windows(Meeting.objects.all())[0].months
    # The newest 3 meetings are from June to August, the newest 6 from March to August; the
    # last window takes in all meetings.
    assert [w.count("|") + 1 if w else None for w in windows] == [3, 6, None]
    assert "\n2024-06" in windows[0] and "\n2024-05" not in windows[0]
    assert "\n2024-03" in windows[1] and "\n2024-02" not in windows[1]
    # June to August hold two matches, too few for the three wanted (two ranked and one more
    # to tell that there are more); March to August hold enough.
    results = Meeting.objects.search("城市")
    assert sorted(h.meeting.pk for h in results.hits) == [months[6].pk, months[7].pk]
    assert (results.count, results.estimated, results.capped) == (9, False, True)
    # A term in no window: every meeting is searched, the undated one included.
    assert [h.meeting.pk for h in Meeting.objects.search("旧城").hits] == [old.pk]
    by_date = Meeting.objects.search("城市", order="date", per_page=20)
    assert [h.meeting.pk for h in by_date.hits] == [
        *(months[m].pk for m in range(7, 0, -1)),
        old.pk,
        undated.pk,
    ]
    assert by_date.count == 9
    # A filter without undated meetings: its months restrict the GIN scan and the count.
    in_2024 = Meeting.objects.filter(date__year=2024)
    assert [w.count("|") + 1 for w in engine._windows(in_2024)[0].months] == [3, 6, 8]
    filtered = in_2024.search("城市")
    assert (filtered.count, filtered.estimated) == (7, False)
    assert sorted(h.meeting.pk for h in filtered.hits) == [months[6].pk, months[7].pk]
    assert engine._windows(Meeting.objects.filter(number__lte=2))[0].months[-1] is None  # undated
    assert [h.meeting.pk for h in in_2024.search("旧城").hits] == []


def test_a_filter_holding_few_meetings_is_searched_and_counted_in_one_scan(db, monkeypatch):
    monkeypatch.setattr(engine, "CANDIDATE_CAP", 2)
    monkeypatch.setattr(engine, "TITLE_CAP", 2)
    monkeypatch.setattr(engine, "WINDOWS", (3, 20))
    _dated(1, "推进城市更新。", datetime.date(2023, 12, 1))
    months = {}
    for month in range(1, 9):
        text = "推进城市更新。" if month != 8 else "其他事项。"
        months[month] = _dated(10 + month, text, datetime.date(2024, month, 15))
    in_2024 = Meeting.objects.filter(date__year=2024)
    windows = engine._windows(in_2024)[0]
    # Eight meetings, fewer than the largest window: all eight months in one window, counted.
    assert (windows.months[0].count("|") + 1, len(windows.months), windows.counted) == (8, 1, True)
    # The whole archive holds nine: the windows as before, nothing counted on the way.
    assert engine._windows(Meeting.objects.all())[0].counted is False

    with CaptureQueriesContext(connection) as statements:
        results = in_2024.search("城市")
    assert (results.count, results.estimated, results.capped) == (7, False, True)
    assert [h.meeting.pk for h in results.hits] == [months[7].pk, months[6].pk]
    finding = [s["sql"] for s in statements if "FROM archive_meetingsearch s" in s["sql"]]
    assert sum("count(*) OVER ()" in sql for sql in finding) == 1
    assert not any("SELECT count(*)" in sql for sql in finding)
    # By date, page 2: the same count, the meetings after the first page's two.
    by_date = in_2024.search("城市", order="date", page=2, per_page=2)
    assert by_date.count == 7
    assert [h.meeting.pk for h in by_date.hits] == [months[5].pk, months[4].pk]
    # A longer term is checked against the texts: counted apart, as in any window.
    longer = in_2024.search("城市更新")
    assert (longer.count, longer.estimated) == (7, False)
    assert in_2024.search("旧城").count == 0


def test_the_month_of_the_meeting_is_a_lexeme_of_its_grams(db):
    meeting = _dated(1, "推进城市更新。", datetime.date(2024, 3, 9))
    assert "'\n2024-03'" in MeetingSearch.objects.get(meeting=meeting).grams
    meeting.date = datetime.date(2023, 12, 31)
    meeting.save()
    search_index_meeting(meeting=meeting)
    grams = MeetingSearch.objects.get(meeting=meeting).grams
    assert "'\n2023-12'" in grams and "2024-03" not in grams


def test_search_row_runs_from_titles_to_attendance():
    from archive.search.engine import _kind_weight
    from archive.search.index import meeting_search_fields
    from archive.search.segment import Segmenter

    drafts = [
        PassageDraft(Kind.OPENING, "开头"),
        PassageDraft(Kind.TITLE, "标题一"),
        PassageDraft(Kind.DECISION, "议定"),
        PassageDraft(Kind.OTHER, "其他"),
        PassageDraft(Kind.ATTENDANCE, "出席:张三"),
        PassageDraft(Kind.TITLE, "标题二"),
    ]
    row = meeting_search_fields(
        meeting_id=1,
        meeting_date=None,
        meeting_type="topical",
        item_kinds=["review", "hearing", "review"],
        departments={"\nattended:7", "\nled:8"},
        drafts=drafts,
        segments=Segmenter(),
    )
    assert row["text"] == "开头\n标题一\n标题二\n议定\n其他\n出席:张三"
    ends = (row["heads_end"], row["decisions_end"], row["body_end"])
    assert ends == (10, 13, 16)
    # strpos is 1-based: where a term first occurs gives the weight of its heaviest passage.
    first = {term: row["text"].find(term) + 1 for term in ["标题二", "议定", "其他", "张三", "无"]}
    assert [_kind_weight(first[t], ends) for t in first] == [8, 4, 2, 1, 0]
    assert "'题二'" in row["grams"] and "'二议'" not in row["grams"]
    # The titles' and opening's grams once more, marked with a tab.
    marked = re.findall(r"'\t([^']*)'", row["grams"])
    assert marked == ["一", "二", "头", "开", "开头", "标", "标题", "题", "题一", "题二"]
    assert "'标题'" in row["words"] and "'议定'" in row["words"]
    # The meeting type, its items' kinds and the departments' parts, marked with a line break
    # (and no month: undated).
    assert re.findall(r"'\n([^']*)'", row["grams"]) == [
        "attended:7",
        "kind:hearing",
        "kind:review",
        "led:8",
        "type:topical",
    ]


def _bare_row(*passages: tuple[Kind, str]) -> dict:
    """The search row of an undated meeting of no type, kind or department with these
    (kind, text) passages."""
    from archive.search.index import meeting_search_fields
    from archive.search.segment import Segmenter

    return meeting_search_fields(
        meeting_id=1,
        meeting_date=None,
        meeting_type="",
        item_kinds=[],
        departments=(),
        drafts=[PassageDraft(kind, text) for kind, text in passages],
        segments=Segmenter(),
    )


def test_a_row_without_titles_or_decisions_ends_them_at_the_start():
    row = _bare_row((Kind.OTHER, "其他"), (Kind.ATTENDANCE, "出席:张三"))
    assert (row["heads_end"], row["decisions_end"], row["body_end"]) == (0, 0, 2)


def test_migration_builds_the_ranking_columns_from_stored_passages(db):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("archive", "0007_search_meeting_grams")]
    after = [("archive", "0008_search_rank_on_meeting_rows")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    meeting_id = (
        old_apps.get_model("archive", "Meeting")
        .objects.create(number=1, source_name="m.txt", source_text="", source_encoding="utf-8")
        .pk
    )
    with connection.cursor() as cursor:
        for weight, text, words in [
            (2, "其他", "'其他'"),
            (8, "标题一", "'标题'"),
            (4, "议定", "'议定'"),
            (1, "出席:张三", "'张三' '出席'"),
        ]:
            cursor.execute(
                "INSERT INTO archive_passage (meeting_id, kind, weight, text, grams, words)"
                " VALUES (%s, 'other', %s, %s, '', %s::tsvector)",
                [meeting_id, weight, text, words],
            )
        cursor.execute(
            "INSERT INTO archive_meetingsearch (meeting_id, text, grams) VALUES (%s, 'stale', '')",
            [meeting_id],
        )
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending checks before ALTER TABLE
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT text, heads_end, decisions_end, body_end, words::text"
            " FROM archive_meetingsearch WHERE meeting_id = %s",
            [meeting_id],
        )
        assert cursor.fetchone() == (
            "标题一\n议定\n其他\n出席:张三",
            3,
            6,
            9,
            "'其他' '出席' '张三' '标题' '议定'",
        )
    executor = MigrationExecutor(connection)
    executor.migrate([("archive", "0009_search_title_grams")])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT array_agg(g ORDER BY g) FROM archive_meetingsearch,"
            " unnest(tsvector_to_array(grams)) g WHERE meeting_id = %s",
            [meeting_id],
        )
        assert cursor.fetchone()[0] == ["\t一", "\t标", "\t标题", "\t题", "\t题一"]
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_migration_adds_the_month_of_each_meeting_to_its_grams(db):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    meeting = _dated(1, "推进城市更新。", datetime.date(2024, 3, 9))
    undated = indexed_meeting(2, "城市。")
    Meeting.objects.filter(pk=undated.pk).update(date=None)
    search_index_meeting(meeting=Meeting.objects.get(pk=undated.pk))
    expected = dict(MeetingSearch.objects.values_list("meeting_id", "grams"))
    with connection.cursor() as cursor:
        # No pending checks on the meetings' history before migrating back alters its table.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    executor = MigrationExecutor(connection)
    executor.migrate([("archive", "0012_list_indexes")])
    with connection.cursor() as cursor:
        cursor.execute("UPDATE archive_meetingsearch SET grams = ts_delete(grams, E'\\n2024-03')")
    assert "2024-03" not in MeetingSearch.objects.get(meeting=meeting).grams
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert dict(MeetingSearch.objects.values_list("meeting_id", "grams")) == expected


def test_window_dates_are_the_querysets_own(db, monkeypatch):
    """The probes read the compiled queryset: the same dates as asking the queryset itself,
    with plain, subquery and empty filters."""
    monkeypatch.setattr(engine, "WINDOWS", (2, 4))
    for day in range(1, 6):
        meeting = _dated(day, "推进城市更新。", datetime.date(2024, day, 10))
        if day % 2:
            AgendaItem.objects.create(meeting=meeting, order=1, kind=ItemKind.HEARING, title="汇报")
    Meeting.objects.create(
        number=9, source_name="undated.txt", source_text="城市。", source_encoding="utf-8"
    )
    hearing = AgendaItem.objects.filter(kind=ItemKind.HEARING).values("meeting_id")
    for queryset, undated in [
        (Meeting.objects.all(), True),
        (Meeting.objects.filter(date__year=2024), False),
        (Meeting.objects.filter(pk__in=hearing), False),
        (Meeting.objects.filter(date__year=1990), False),
    ]:
        dates = sorted(queryset.exclude(date=None).values_list("date", flat=True), reverse=True)
        newest, second, fourth, oldest, has_undated, _generation = engine._window_dates(queryset)
        assert [newest, second, fourth, oldest] == [
            dates[0] if dates else None,
            dates[1] if len(dates) > 1 else None,
            dates[3] if len(dates) > 3 else None,
            dates[-1] if dates else None,
        ]
        assert has_undated is undated
    # The hearing meetings are those of January, March and May.
    assert engine._window_dates(Meeting.objects.filter(pk__in=hearing))[:4] == (
        datetime.date(2024, 5, 10),
        datetime.date(2024, 3, 10),
        None,
        datetime.date(2024, 1, 10),
    )


def _lexicon_lexemes(meeting: Meeting) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT lexeme FROM archive_meetingsearch s, unnest(s.grams) AS u"
            " WHERE s.meeting_id = %s AND lexeme LIKE E'\\r%%' ORDER BY lexeme",
            [meeting.pk],
        )
        return [row[0] for row in cursor.fetchall()]


def test_a_row_holds_the_dictionary_words_of_its_text(db):
    meeting = indexed_meeting(1, "推进城市更新。\n市財政局会同有关部门办理。")
    assert _lexicon_lexemes(meeting) == ["\r城市更新", "\r财政局"]


def test_a_dictionary_word_is_found_and_counted_by_the_index_alone(db, monkeypatch):
    monkeypatch.setattr(engine, "CANDIDATE_CAP", 2)
    monkeypatch.setattr(engine, "SAMPLE_MEETINGS", 2)
    # Every meeting holds the grams of 财政局 (财政, 政局); only days 1 to 5 hold the word.
    for day in range(1, 6):
        indexed_meeting(day, "市财政局会同民政局办理。", day=day)
    for day in range(6, 13):
        indexed_meeting(day, "市财政和民政局办理。", day=day)
    with CaptureQueriesContext(connection) as queries:
        results = Meeting.objects.search("财政局")
        excluded = Meeting.objects.search("民政局 -财政局")
    assert (results.count, results.estimated, results.capped) == (5, False, True)
    assert sorted(hit.meeting.number for hit in results.hits) == [4, 5]
    assert (excluded.count, excluded.estimated) == (7, False)
    assert meeting_search_ids(Meeting.objects.all(), "財政局") == set(
        Meeting.objects.filter(number__lte=5).values_list("pk", flat=True)
    )
    # No text was read to find or count them: only to score and quote the page's meetings.
    assert not [q for q in queries if "strpos(s.text" in q["sql"]]


def test_a_dictionary_word_broken_across_lines_is_found(db):
    found = indexed_meeting(1, "会议听取了关于人民\n政府工作报告的汇报。")
    indexed_meeting(2, "人民群众。政府工作。")
    assert meeting_search_ids(Meeting.objects.all(), "人民政府") == {found.pk}


def test_migration_adds_the_dictionary_words_to_the_grams(db):
    from django.db.migrations.executor import MigrationExecutor

    meetings = [
        indexed_meeting(1, "推进城市更新。"),
        indexed_meeting(2, "市财政局会同民政局办理。"),
    ]
    indexed_meeting(3, "其他。")
    expected = dict(MeetingSearch.objects.values_list("meeting_id", "grams"))
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending checks before ALTER TABLE
    executor = MigrationExecutor(connection)
    executor.migrate([("archive", "0024_personstat_count_includes_leave")])
    assert [_lexicon_lexemes(meeting) for meeting in meetings] == [[], []]
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert dict(MeetingSearch.objects.values_list("meeting_id", "grams")) == expected
    assert _lexicon_lexemes(meetings[1]) == ["\r民政局", "\r财政局"]


def test_no_dictionary_word_is_marked_across_two_passages():
    row = _bare_row((Kind.OTHER, "推进城市"), (Kind.OTHER, "更新财政局"))
    # The row's text has a line break between the two, so 城市更新 is not in it either.
    assert "城市\n更新" in row["text"]
    assert "'\r财政局'" in row["grams"]
    assert "城市更新" not in row["grams"]
