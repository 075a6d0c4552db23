"""Meeting.objects.search(): recall, query syntax, normalisation, domain terms, ranking."""

from __future__ import annotations

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.models import Decision, Meeting, Passage
from archive.search import engine
from archive.search.engine import meeting_search_ids
from archive.search.index import search_index_meeting
from archive.search.segment import LEXICON_MARK, Segmenter, normalize
from tests.search.conftest import transcript

pytestmark = pytest.mark.django_db


def _numbers(query: str, **kwargs) -> list[int]:
    return [hit.meeting.number for hit in Meeting.objects.search(query, **kwargs).hits]


def _bare_meeting(number: int, text: str) -> Meeting:
    meeting = Meeting.objects.create(
        number=number, source_name=f"gen-{number}.txt", source_text=text, source_encoding="utf-8"
    )
    search_index_meeting(meeting=meeting)
    return meeting


def test_recall_equals_a_substring_scan_on_generated_text(db):
    rng = random.Random(8)
    alphabet = "排水许可管理太仓倉市發展改革委员会经济低空１２3abＣ，。、（）《》\n "
    texts = ["".join(rng.choices(alphabet, k=rng.randint(50, 400))) for _ in range(40)]
    meetings = [_bare_meeting(n, text) for n, text in enumerate(texts, start=1)]
    normalized = {m.pk: normalize(m.source_text) for m in meetings}
    queries = []
    for _ in range(150):
        source = normalized[rng.choice(meetings).pk]
        start = rng.randrange(len(source))
        queries.append(source[start : start + rng.randint(1, 6)])
    queries += ["水许可管", "不在其中的词", "ＣＡＢ"]
    for query in queries:
        quoted = '"' + query.replace('"', "") + '"'
        term = normalize(query.replace('"', ""))
        if not term:
            continue
        expected = {pk for pk, text in normalized.items() if term in text}
        assert meeting_search_ids(Meeting.objects.all(), quoted) == expected, query
        results = Meeting.objects.search(quoted)
        assert results.count == len(expected), query
        assert len(results.hits) == min(20, len(expected))


def test_recall_equals_a_substring_scan_for_dictionary_words(db):
    # Words of jieba's dictionary, their parts, Traditional forms and line breaks, so that
    # whole words, words inside words and words only next to each other all occur.
    rng = random.Random(9)
    pieces = ["人民", "政府", "人民政府", "財政局", "财政", "局", "社会主义", "社會", "主义"]
    pieces += ["城市更新", "城市", "更新", "办公室", "\n", "，", "。"]
    texts = ["".join(rng.choices(pieces, k=rng.randint(3, 40))) for _ in range(40)]
    meetings = [_bare_meeting(n, text) for n, text in enumerate(texts, start=1)]
    normalized = {m.pk: normalize(m.source_text) for m in meetings}
    segments = Segmenter()
    queries = {
        word[1:]
        for text in normalized.values()
        for word in segments.words(text)
        if word.startswith(LEXICON_MARK)
    }
    assert {"人民政府", "财政局", "社会主义", "城市更新", "办公室"} <= queries
    for _ in range(60):
        source = normalized[rng.choice(meetings).pk]
        start = rng.randrange(len(source))
        queries.add(source[start : start + rng.randint(3, 6)])
    for query in sorted(queries):
        expected = {pk for pk, text in normalized.items() if query in text}
        assert meeting_search_ids(Meeting.objects.all(), f'"{query}"') == expected, query
        assert Meeting.objects.search(f'"{query}"').count == len(expected), query
        without = {pk for pk, text in normalized.items() if "人民" in text} - expected
        assert meeting_search_ids(Meeting.objects.all(), f"人民 -{query}") == without, query


def test_words_parts_of_words_and_numbers_are_found(seeded):
    assert _numbers("排水许可") == [38]
    assert _numbers("水许") == [38]  # across jieba's word boundary
    assert _numbers("12345") == [41]
    assert _numbers("涝") == [38]  # a single character
    assert set(_numbers("安全")) == {38, 41}


def test_query_syntax_against_the_seeds(seeded):
    assert _numbers("排水 气象") == []  # AND: no meeting has both
    assert set(_numbers("排水 OR 气象")) == {38, 41}
    assert _numbers('"低空经济"') == [38]
    assert _numbers("太仓 -排水") == [41]
    assert _numbers('太仓 -"气象探测"') == [38]
    assert _numbers("王晨清 排水") == [38]  # the terms may sit in different passages


def test_normalisation_on_the_query_side(seeded):
    assert set(_numbers("太倉")) == {38, 41}
    assert _numbers("１２３４５") == [41]
    assert _numbers("排 水 许 可") == [38]  # spaces inside Chinese are AND of characters
    assert _numbers('"排水 许可"') == [38]


def test_title_broken_across_lines_is_found_and_linked(seeded):
    meeting = seeded[41]
    title = Passage.objects.get(meeting=meeting, kind="title", agenda_item__order=2)
    assert "\n" in meeting.source_text[title.start : title.end]
    results = Meeting.objects.search('"2026年）实施方案和2024年重点工作任务"')
    assert [(hit.meeting.number, 2 in hit.items) for hit in results.hits] == [(41, True)]


def test_meeting_numbers_in_either_writing(seeded):
    assert _numbers("第41次") == [41]
    assert _numbers("41次常务会议") == [41]
    assert _numbers("第四十一次") == [41]
    assert _numbers("第三十八次常务会议") == [38]


def test_a_department_is_found_under_any_of_its_names(seeded):
    # The transcripts only ever write 市发改委.
    assert "市发展和改革委员会" not in seeded[38].source_text
    assert set(_numbers("市发展和改革委员会")) == {38, 41}
    assert set(_numbers("市发展改革委")) == {38, 41}


def test_ranking_title_above_decision_above_attendance(import_text):
    import_text(
        "a",
        transcript(
            number=1, date="2023年1月5日", items=[("审议《湿地公园保护办法》", ["原则同意。"])]
        ),
    )
    import_text(
        "b",
        transcript(number=2, date="2023年6月5日", items=[("审议《河道办法》", ["加强湿地公园。"])]),
    )
    import_text(
        "c",
        transcript(
            number=3,
            date="2024年1月5日",
            items=[("审议《河道办法》", ["原则同意。"])],
            observers="湿地公园管理处李强",
        ),
    )
    assert _numbers("湿地公园") == [1, 2, 3]
    assert _numbers("湿地公园", order="date") == [3, 2, 1]


def test_ties_go_to_the_newer_meeting(import_text):
    for number, date in ((1, "2022年1月5日"), (2, "2024年1月5日"), (3, "2023年1月5日")):
        import_text(
            f"m{number}",
            transcript(number=number, date=date, items=[("审议《湿地办法》", ["原则同意。"])]),
        )
    assert _numbers("湿地") == [2, 3, 1]


def test_phrase_and_whole_words_rank_above_scattered_matches(import_text):
    import_text(
        "scattered",
        transcript(
            number=1,
            date="2024年5月1日",
            items=[("审议《办法》", ["发展低空领域，壮大实体经济。"])],
        ),
    )
    import_text(
        "phrase",
        transcript(number=2, date="2023年5月1日", items=[("审议《办法》", ["发展低空经济。"])]),
    )
    assert _numbers("低空 经济") == [2, 1]


def test_scores_are_the_sum_of_the_documented_parts(import_text):
    """Each group scores the weight of the passage where its term first occurs, doubled for
    whole words; the sum doubles for the whole query as a phrase; each further occurrence
    adds 0.1, up to 1. Occurrences never overlap: 哈哈 occurs twice in 哈哈哈哈哈."""
    import_text(
        "m",
        transcript(
            number=1,
            date="2024年5月1日",
            items=[("审议《办法》", ["保护湿地，修复湿地，湿地湿地。", "笑声哈哈哈哈哈。"])],
        ),
    )

    def score(query: str) -> float:
        (hit,) = Meeting.objects.search(query).hits
        return hit.score

    # A decision (4), as whole words (×2), three further occurrences.
    assert score("湿地") == pytest.approx(8.3)
    # 4 × 2 for each group, the phrase 修复湿地 (×2), 1 + 4 - 2 further occurrences.
    assert score("修复 湿地") == pytest.approx(32.3)
    # No phrase: 8 + 8, 4 + 2 - 2 further occurrences (never overlapping: 2 of 哈哈, not 4).
    assert score("湿地 哈哈") == pytest.approx(16.4)
    # One group, its best alternative: 8, 4 + 2 - 1 further occurrences.
    assert score("湿地 OR 哈哈") == pytest.approx(8.5)
    assert score("哈哈") == pytest.approx(8.1)
    # Part of a word (修复湿 is no jieba word): 4, no further occurrence.
    assert score("修复湿") == pytest.approx(4.0)
    # In the title (8), as a whole word.
    assert score("办法") == pytest.approx(16.0)


def test_late_passages_of_a_long_transcript_are_found(db):
    filler = "会议要求各地各部门认真落实安全生产责任，加强督促检查。"
    body = filler * 1300
    assert len(body) > 33_000
    text = body + "最后提到的独特短语在这里。" + filler * 3
    meeting = _bare_meeting(99, text)
    results = Meeting.objects.search('"最后提到的独特短语"')
    assert [hit.meeting.pk for hit in results.hits] == [meeting.pk]
    assert "<mark>最后提到的独特短语</mark>" in results.hits[0].snippet.html


def test_many_matches_are_ranked_among_capped_candidates(db, monkeypatch):
    monkeypatch.setattr(engine, "CANDIDATE_CAP", 5)
    for number in range(1, 13):
        _bare_meeting(number, f"第{number}份材料：推进城市更新。")
    results = Meeting.objects.search("城市更新")
    assert results.capped
    assert results.count == 12
    assert not results.estimated
    assert any("相关度排序只在日期最新的 5 个" in message for message in results.messages)
    assert len(results.hits) == 5


@pytest.mark.parametrize("parallel_from", [0, 10_000])
def test_exact_count_of_a_long_term_checks_every_index_match(db, monkeypatch, parallel_from):
    monkeypatch.setattr(engine, "CANDIDATE_CAP", 3)
    monkeypatch.setattr(engine, "SAMPLE_MEETINGS", 4)
    monkeypatch.setattr(engine, "PARALLEL_RECHECK", parallel_from)
    for number in range(1, 15):
        # Every meeting has the grams of 政局会 (no lexicon word); only the odd ones hold it.
        text = "民政局会同办理。" if number % 2 else "民政局办理，当局会同办理。"
        _bare_meeting(number, text)
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        before = cursor.fetchone()[0]
        with CaptureQueriesContext(connection) as queries:
            results = Meeting.objects.search("政局会")
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] == before
    assert (results.count, results.estimated, results.capped) == (7, False, True)
    parallel = [q for q in queries if "max_parallel_workers_per_gather = 1" in q["sql"]]
    assert len(parallel) == (1 if parallel_from == 0 else 0)


def test_an_old_title_match_is_ranked_among_many_newer_matches(import_text, monkeypatch):
    monkeypatch.setattr(engine, "CANDIDATE_CAP", 3)
    monkeypatch.setattr(engine, "TITLE_CAP", 2)
    titled = import_text(
        "old",
        transcript(number=1, date="2020年1月5日", items=[("审议《湿地公园保护办法》", ["同意。"])]),
    )
    for number in range(2, 8):
        import_text(
            f"new{number}",
            transcript(
                number=number,
                date=f"2024年1月{number}日",
                items=[("审议《河道办法》", ["加强湿地公园。"])],
            ),
        )
    results = Meeting.objects.search("湿地公园")
    assert (results.count, results.capped, results.ranked) == (7, True, 4)
    # The oldest meeting is far beyond the newest three, but names the term in a title.
    assert [hit.meeting.number for hit in results.hits] == [1, 7, 6, 5]
    assert results.hits[0].meeting.pk == titled.pk
    assert results.hits[0].items == [1]


def test_hits_name_the_matching_items_and_decisions(import_text):
    meeting = import_text(
        "wetland",
        transcript(
            number=5,
            date="2024年3月1日",
            items=[
                ("审议《河道管理办法》", ["同意。", "由市水务局负责湿地修复。"]),
                ("听取湿地修复情况汇报", ["湿地修复要加快。", "同意。", "湿地修复列入考核。"]),
                ("审议《预算草案》", ["同意。"]),
            ],
        ),
    )
    [hit] = Meeting.objects.search("湿地修复").hits
    decisions = {
        (d.agenda_item.order, d.order): d.pk
        for d in Decision.objects.filter(agenda_item__meeting=meeting)
    }
    assert hit.items == [1, 2]
    assert [(d.item, d.order, d.pk) for d in hit.decisions] == [
        (1, 2, decisions[1, 2]),
        (2, 1, decisions[2, 1]),
        (2, 3, decisions[2, 3]),
    ]
    assert [(i.order, [d.order for d in i.decisions]) for i in hit.matched_items] == [
        (1, [2]),
        (2, [1, 3]),
    ]
    assert hit.decisions[0].anchor == f"decision-{decisions[1, 2]}"


def test_filters_restrict_the_search(seeded):
    only_41 = Meeting.objects.filter(number=41)
    assert [hit.meeting.number for hit in only_41.search("太仓").hits] == [41]
    assert only_41.search("排水").count == 0


@pytest.mark.parametrize("empty", [Meeting.objects.none, lambda: Meeting.objects.filter(pk__in=[])])
def test_a_queryset_that_holds_nothing_finds_nothing(seeded, empty):
    assert Meeting.objects.search("太仓").count == 2
    results = empty().search("太仓")
    assert (results.count, results.hits, results.messages) == (0, [], [])
    assert meeting_search_ids(empty(), "太仓") == set()


def test_pages(db):
    for number in range(1, 26):
        _bare_meeting(number, "推进城市更新。")
    first = Meeting.objects.search("城市更新")
    second = Meeting.objects.search("城市更新", page=2)
    assert (first.count, first.num_pages, len(first.hits), len(second.hits)) == (25, 2, 20, 5)
    assert not {h.meeting.pk for h in first.hits} & {h.meeting.pk for h in second.hits}
