"""Cutting a meeting into the passages the search index holds; pure Python, no Django.

A passage is a piece of a meeting that a hit can point to: an agenda item's title, a decision,
the opening paragraph, the attendance list, or any other stretch of the transcript. Together
the passages cover every character of the original text, so the index finds whatever a scan
of the text would. Each passage is located in the original text (``start``/``end``), so that
snippets come from the transcript itself; a passage that an editor has changed so that it no
longer occurs in the transcript keeps its own text and no location.

Indexing passages rather than whole meetings also keeps every snippet local and every
passage far below the limits of a ``tsvector``.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from archive.search.segment import Segmenter, normalize, normalize_with_offsets

if TYPE_CHECKING:
    from archive.ingest.parse import ParsedMeeting


class Kind(enum.StrEnum):
    OPENING = "opening"
    TITLE = "title"
    DOCUMENT = "document"
    DECISION = "decision"
    ATTENDANCE = "attendance"
    OTHER = "other"


# A hit in a title or a document's name counts most, then one in a decision, then anything
# else, and the attendance list least. The opening paragraph names the meeting and every
# document it reviewed, so it ranks with the titles.
WEIGHTS = {
    Kind.OPENING: 8,
    Kind.TITLE: 8,
    Kind.DOCUMENT: 8,
    Kind.DECISION: 4,
    Kind.OTHER: 2,
    Kind.ATTENDANCE: 1,
}
TITLE_WEIGHT = WEIGHTS[Kind.TITLE]

# Where the attendance begins, in normalised text (full-width colons are half-width there).
_ATTENDANCE_RE = re.compile(r"(?:应邀列席|出席|列席|参加|请假)(?:人员|会议)?:")
# Text between two passages up to this long (numbering, a transition) joins the next one.
_SHORT_GAP = 16


@dataclass(frozen=True)
class ItemText:
    """What an agenda item says, as stored."""

    order: int
    title: str
    documents: tuple[str, ...] = ()
    decisions: tuple[tuple[int, str], ...] = ()  # (order, text)


@dataclass(frozen=True)
class PassageDraft:
    """One passage, ready to be stored."""

    kind: Kind
    text: str  # normalised
    start: int | None = None  # [start, end) in the original text
    end: int | None = None
    item_order: int | None = None
    decision_order: int | None = None

    @property
    def weight(self) -> int:
        return WEIGHTS[self.kind]


def meeting_passages(
    *,
    source_text: str,
    opening: str = "",
    items: tuple[ItemText, ...] | list[ItemText] = (),
    written_approvals: tuple[str, ...] | list[str] = (),
) -> list[PassageDraft]:
    """The passages of one meeting, in the order of the transcript."""
    normalized, offsets = normalize_with_offsets(source_text)
    wanted: list[tuple[Kind, str, int | None, int | None]] = [(Kind.OPENING, opening, None, None)]
    for item in items:
        wanted.append((Kind.TITLE, item.title, item.order, None))
        title = normalize(item.title)
        for document in item.documents:
            if normalize(document) not in title:
                wanted.append((Kind.DOCUMENT, document, item.order, None))
        for order, text in item.decisions:
            wanted.append((Kind.DECISION, text, item.order, order))
    wanted.extend((Kind.DOCUMENT, title, None, None) for title in written_approvals)

    located: list[tuple[int, int, PassageDraft]] = []  # normalised [start, end), passage
    unlocated: list[PassageDraft] = []
    cursor = 0
    for kind, raw, item_order, decision_order in wanted:
        text = normalize(raw)
        if not text:
            continue
        at = normalized.find(text, cursor)
        if at < 0:
            unlocated.append(PassageDraft(kind, text, None, None, item_order, decision_order))
            continue
        end = at + len(text)
        draft = PassageDraft(
            kind, text, offsets[at], offsets[end - 1] + 1, item_order, decision_order
        )
        located.append((at, end, draft))
        cursor = end

    passages: list[PassageDraft] = []
    cursor = 0
    for at, end, draft in [*located, (len(normalized), len(normalized), None)]:
        if draft is not None and 0 < at - cursor <= _SHORT_GAP:
            # Numbering such as （一） or 二、 joins the passage it introduces rather than
            # becoming a passage of its own.
            draft = replace(draft, text=normalized[cursor:end], start=offsets[cursor])
        elif at > cursor:
            passages.extend(_gap_passages(normalized, offsets, cursor, at))
        if draft is not None:
            passages.append(draft)
        cursor = end
    return passages + unlocated


def _gap_passages(normalized: str, offsets: list[int], start: int, end: int) -> list[PassageDraft]:
    """The stretch [start, end) between structured passages: other text, then attendance."""
    found = _ATTENDANCE_RE.search(normalized, start, end)
    if found is None:
        cuts = [(start, end, Kind.OTHER)]
    else:
        cuts = [(start, found.start(), Kind.OTHER), (found.start(), end, Kind.ATTENDANCE)]
    return [
        PassageDraft(kind, normalized[a:b], offsets[a], offsets[b - 1] + 1)
        for a, b, kind in cuts
        if b > a
    ]


def parsed_passages(parsed: ParsedMeeting, source_text: str) -> list[PassageDraft]:
    """The passages a meeting just created from ``parsed`` has: its items and decisions read
    back in their order, as search_index_meeting reads them (duplicate orders never get
    stored)."""
    return meeting_passages(
        source_text=source_text,
        opening=parsed.opening,
        items=[
            ItemText(
                order=item.order,
                title=item.title,
                documents=tuple(item.documents),
                decisions=tuple(
                    (d.order, d.text) for d in sorted(item.decisions, key=lambda d: d.order)
                ),
            )
            for item in sorted(parsed.agenda_items, key=lambda item: item.order)
        ],
        written_approvals=list(parsed.written_approvals),
    )


def passage_words(drafts: Sequence[PassageDraft], segments: Segmenter) -> dict:
    """The jieba words of each of ``drafts``, by passage text.

    Computed where the parse happens (in an import's worker processes), so that the writer
    need not segment; what an editor's correction changed is segmented again at indexing.
    """
    return {draft.text: tuple(segments.words(draft.text)) for draft in drafts}
