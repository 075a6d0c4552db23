"""Keeping the search index in step with the meetings: every import and correction calls it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from django.db import transaction

from archive.models import (
    AgendaItem,
    Attendee,
    Decision,
    DecisionDepartment,
    DepartmentRole,
    Meeting,
    MeetingSearch,
    Passage,
)
from archive.search.dictionary import segmenter
from archive.search.names import (
    WritingNames,
    meeting_people,
    names_for_writing,
    names_register,
)
from archive.search.passages import WEIGHTS, ItemText, Kind, PassageDraft, meeting_passages
from archive.search.segment import (
    LEXICON_MARK,
    NAME_MARK,
    KnownWords,
    Segmenter,
    department_facet_grams,
    index_grams,
    meeting_facet_grams,
    month_gram,
    title_gram,
    tsvector_literal,
)


def search_index_meeting(
    *, meeting: Meeting, words: Mapping[str, Sequence[str]] | None = None
) -> int:
    """Rebuild the passages of ``meeting`` from what is stored now; return how many there are.

    Call it after any change to a meeting, its agenda items or its decisions, inside the same
    transaction, and the index can never be stale. ``words`` may hold the jieba words of
    passage texts already segmented elsewhere (an import's worker processes, see
    ``archive.search.passages.passage_words``); any other passage is segmented here. The
    names of the meeting's chair and members are registered from now on (see
    ``archive.search.names``).
    """
    items = list(meeting.agenda_items.prefetch_related("decisions"))
    drafts = meeting_drafts(meeting, [(item, item.decisions.all()) for item in items])
    item_ids = {item.order: item.pk for item in items}
    decision_ids = {
        (item.order, decision.order): decision.pk
        for item in items
        for decision in item.decisions.all()
    }
    people = meeting_people(meeting)
    with transaction.atomic():
        # Registered before the lock is taken shared, so that registering can hold it.
        names_register(people)
        segments = segmenter()
        names = names_for_writing(segments)
        Passage.objects.filter(meeting=meeting).delete()
        Passage.objects.bulk_create(
            passage_rows(
                meeting_id=meeting.pk,
                meeting_date=meeting.date,
                drafts=drafts,
                item_ids=item_ids,
                decision_ids=decision_ids,
            )
        )
        MeetingSearch.objects.filter(meeting=meeting).delete()
        MeetingSearch.objects.create(
            **meeting_search_fields(
                meeting_id=meeting.pk,
                meeting_date=meeting.date,
                meeting_type=meeting.meeting_type,
                item_kinds=[item.kind for item in items],
                departments=meeting_departments(meeting),
                drafts=drafts,
                segments=KnownWords(segments, words or {}),
                names=names,
            )
        )
    return len(drafts)


def meeting_departments(meeting: Meeting) -> set[str]:
    """The department facet lexemes of ``meeting`` as stored now (see
    ``segment.department_facet_grams``)."""
    attended = Attendee.objects.attending().filter(meeting=meeting, department__isnull=False)
    led = DecisionDepartment.objects.filter(
        decision__agenda_item__meeting=meeting, role=DepartmentRole.LEAD
    )
    return department_facet_grams(
        attended.values_list("department_id", flat=True),
        led.values_list("department_id", flat=True),
    )


def meeting_drafts(
    meeting: Meeting, items: Iterable[tuple[AgendaItem, Iterable[Decision]]]
) -> list[PassageDraft]:
    """The passages of ``meeting`` with these agenda items and their decisions, as stored."""
    return meeting_passages(
        source_text=meeting.source_text,
        opening=meeting.opening,
        items=[
            ItemText(
                order=item.order,
                title=item.title,
                documents=tuple(item.documents),
                decisions=tuple((d.order, d.text) for d in decisions),
            )
            for item, decisions in items
        ],
        written_approvals=meeting.written_approvals,
    )


def meeting_search_fields(
    *,
    meeting_id: int,
    meeting_date,
    meeting_type: str,
    item_kinds: Iterable[str],
    departments: Iterable[str],
    drafts: Sequence[PassageDraft],
    segments: Segmenter | KnownWords,
    names: WritingNames | None = None,
) -> dict:
    """The MeetingSearch row of a meeting cut into these passages.

    Its text joins the passages' texts with line breaks (which normalised text never holds),
    heaviest first, and records where each weight's lines end; its grams are the union of the
    passages' grams (no pair across two passages), the words of jieba's dictionary each
    passage holds (marked, see ``segment.Segmenter.words``) and, marked, the grams of the
    titles, documents and opening once more, the month of the meeting (see
    ``segment.month_gram``), its type and its agenda items' kinds (see ``segment.facet_gram``)
    and ``departments``, the lexemes of the departments' parts in it (see
    ``meeting_departments``) and, marked, the registered names the passages hold (``names``,
    see ``archive.search.names.names_for_writing``; none if None); its words are those of
    jieba.
    """
    ordered = sorted(drafts, key=lambda draft: -draft.weight)  # stable: transcript order kept
    ends = {}
    length = -1  # the first line has no line break before it
    grams: set[str] = set()
    heads_grams: set[str] = set()
    words: set[str] = set()
    found: set[str] = set()
    for draft in ordered:
        length += 1 + len(draft.text)
        for bound, floor in _BOUNDS:
            if draft.weight >= floor:
                ends[bound] = length
        draft_grams = index_grams(draft.text)
        grams.update(draft_grams)
        if draft.weight >= WEIGHTS[Kind.TITLE]:
            heads_grams.update(draft_grams)
        for word in segments.words(draft.text):
            # Lexicon words, marked, are lexemes of the grams (see Segmenter.words).
            if word.startswith(LEXICON_MARK):
                grams.add(word)
            elif word.startswith(NAME_MARK):
                found.add(word)
            else:
                words.add(word)
    text = "\n".join(draft.text for draft in ordered)
    if names is not None:
        grams.update(names.marks(found, text))
    return {
        "meeting_id": meeting_id,
        "meeting_date": meeting_date,
        "text": text,
        "heads_end": ends.get("heads_end", 0),
        "decisions_end": ends.get("decisions_end", 0),
        "body_end": ends.get("body_end", 0),
        "grams": tsvector_literal(
            sorted(
                grams
                | {title_gram(gram) for gram in heads_grams}
                | ({month_gram(meeting_date)} if meeting_date else set())
                | meeting_facet_grams(meeting_type, item_kinds)
                | set(departments)
            )
        ),
        "words": tsvector_literal(sorted(words)),
    }


# Each end is the last character of the lines whose weight is at least the floor.
_BOUNDS = (
    ("heads_end", WEIGHTS[Kind.TITLE]),
    ("decisions_end", WEIGHTS[Kind.DECISION]),
    ("body_end", WEIGHTS[Kind.OTHER]),
)


def passage_rows(
    *,
    meeting_id: int,
    meeting_date,
    drafts: Iterable[PassageDraft],
    item_ids: dict[int, int],
    decision_ids: dict[tuple[int, int], int],
) -> list[Passage]:
    """Unsaved Passage rows for ``drafts``."""
    return [
        Passage(
            meeting_id=meeting_id,
            agenda_item_id=item_ids.get(draft.item_order) if draft.item_order else None,
            decision_id=decision_ids.get((draft.item_order, draft.decision_order))
            if draft.decision_order
            else None,
            kind=draft.kind.value,
            weight=draft.weight,
            meeting_date=meeting_date,
            text=draft.text,
            start=draft.start,
            end=draft.end,
        )
        for draft in drafts
    ]


def search_index_rebuild(*, meetings: Iterable[Meeting] | None = None) -> int:
    """Rebuild the index of ``meetings`` (all by default); return how many were indexed."""
    count = 0
    for meeting in meetings if meetings is not None else Meeting.objects.iterator(chunk_size=200):
        search_index_meeting(meeting=meeting)
        count += 1
    return count
