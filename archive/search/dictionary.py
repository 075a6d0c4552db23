"""The archive's own words for jieba, read from the database once per process."""

from __future__ import annotations

import threading

from django.db.models import Func, Max

from archive.search.segment import Segmenter

# Departments, chairs and people always go in; document titles, the most recent first, up to this
# many entries in all, so that building the dictionary stays well under a second.
MAX_ENTRIES = 20_000

_lock = threading.Lock()
_segmenter: Segmenter | None = None


def dictionary_words() -> list[str]:
    """Department names and aliases, people's names (chairs among them) and document titles,
    in that priority."""
    from archive.models import AgendaItem, Department, DepartmentAlias, PersonStat
    from archive.rollups import rollups_flush

    words: dict[str, None] = {}
    words |= dict.fromkeys(Department.objects.values_list("name", flat=True))
    words |= dict.fromkeys(DepartmentAlias.objects.values_list("name", flat=True))
    # People's names, chairs among them, from the counts kept at write time, the most present
    # first and chairs before others as present: a mayor who chairs every meeting is in no
    # attendance list, and a DISTINCT over every attendee row takes seconds on a large archive.
    rollups_flush()
    words |= dict.fromkeys(
        PersonStat.objects.order_by("-meeting_count", "-chaired_count", "name").values_list(
            "name", flat=True
        )[:MAX_ENTRIES]
    )
    room = MAX_ENTRIES - len(words)
    if room > 0:
        documents = (
            AgendaItem.objects.annotate(document=Func("documents", function="unnest"))
            .values("document")
            .annotate(latest=Max("meeting__date"))
            .order_by("-latest")
            .values_list("document", flat=True)[:room]
        )
        words |= dict.fromkeys(documents)
    return list(words)[:MAX_ENTRIES]


def segmenter() -> Segmenter:
    """This process's segmenter, built on first use from the database's words."""
    global _segmenter
    with _lock:
        if _segmenter is None:
            _segmenter = Segmenter(dictionary_words())
        return _segmenter


def segmenter_reset() -> None:
    """Forget the segmenter, so that the next use reads the database's words again."""
    global _segmenter
    with _lock:
        _segmenter = None
