"""Cutting meetings into passages that cover the transcript and point back into it."""

from __future__ import annotations

import itertools

from archive.ingest.parse import parse_transcript
from archive.search.passages import ItemText, Kind, meeting_passages
from archive.search.segment import normalize
from tests.conftest import SEED_38


def _seed_passages():
    text = SEED_38.read_text(encoding="utf-8")
    parsed = parse_transcript(text)
    items = [
        ItemText(
            item.order,
            item.title,
            item.documents,
            tuple((decision.order, decision.text) for decision in item.decisions),
        )
        for item in parsed.agenda_items
    ]
    passages = meeting_passages(
        source_text=text,
        opening=parsed.opening,
        items=items,
        written_approvals=parsed.written_approvals,
    )
    return text, passages


def test_passages_cover_the_whole_transcript_in_order():
    text, passages = _seed_passages()
    located = [p for p in passages if p.start is not None]
    assert len(located) == len(passages)
    assert "".join(p.text for p in passages) == normalize(text)
    assert all(a.end <= b.start for a, b in itertools.pairwise(located))


def test_each_passage_knows_its_kind_and_item():
    text, passages = _seed_passages()
    kinds = [p.kind for p in passages]
    assert kinds[0] is Kind.OPENING
    assert kinds[-1] is Kind.ATTENDANCE
    assert kinds.count(Kind.TITLE) == 7
    assert kinds.count(Kind.DECISION) == 21
    fifth = [p for p in passages if p.item_order == 5]
    assert [p.kind for p in fifth] == [Kind.TITLE, Kind.DECISION, Kind.DECISION, Kind.DECISION]
    assert fifth[1].decision_order == 1
    assert (
        text[fifth[0].start : fifth[0].end] == "五、审议《关于加强全市排水许可管理工作的实施意见》"
    )


def test_title_broken_across_lines_is_located():
    text = "会议纪要\n一、审议《关于加强全市排水\n许可管理工作的实施意见》\n（一）会议原则同意。\n"
    items = [
        ItemText(1, "审议《关于加强全市排水许可管理工作的实施意见》", (), ((1, "会议原则同意。"),))
    ]
    passages = meeting_passages(source_text=text, items=items)
    title = next(p for p in passages if p.kind is Kind.TITLE)
    # The short header and the numbering before the title join it.
    assert title.text == "会议纪要一、审议《关于加强全市排水许可管理工作的实施意见》"
    assert (
        text[title.start : title.end]
        == "会议纪要\n一、审议《关于加强全市排水\n许可管理工作的实施意见》"
    )


def test_an_edited_passage_that_left_the_transcript_keeps_its_text():
    items = [ItemText(1, "改过的标题", (), ())]
    passages = meeting_passages(source_text="原来的标题\n出席：张三。", items=items)
    edited = next(p for p in passages if p.kind is Kind.TITLE)
    assert (edited.text, edited.start, edited.end) == ("改过的标题", None, None)
    assert [p.kind for p in passages] == [Kind.OTHER, Kind.ATTENDANCE, Kind.TITLE]
