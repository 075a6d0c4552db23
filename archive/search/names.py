"""The archive's names that the search index marks exactly: department names and aliases,
and people's names (chairs and members, see MEMBER_ROLES).

A term of three or more characters that is no word of jieba's dictionary is found by its
character pairs and then checked against the text of every index match (see
``archive.search.engine``): a department named in thousands of meetings costs thousands of
such checks. A *registered* name is instead a lexeme of exactly the search rows whose text
holds it (``segment.lexicon_gram``), like a word of jieba's dictionary, and the index alone
finds, excludes and counts it.

Why a registry, and the lock. The segmenters that index rows know the archive's names as
they were when each process built its dictionary, so a name added since is missing from the
rows they write. A name may therefore be relied on only once every row holding it has its
lexeme, however and whenever the row was written. Three rules make that so:

- Every writer of search rows holds the advisory lock SHARED for its whole transaction
  (``names_for_writing``) and, inside it, reads the registry and marks every registered name
  its text holds, ready or not: the ones its segmenter knows are marked as it segments, the
  others are looked for here.
- Registering a name (``names_register``) holds the same lock EXCLUSIVELY while it adds the
  name, not ready: it waits for the writers in progress to commit, and every writer that
  starts later marks the name itself.
- Once the registration has committed, only rows written before it can lack the mark:
  marking them (``names_mark``) needs no lock, and the name is ready when none is left.
  Queries rely on ready names only (``names_ready``).

Departments are registered as they are saved (``department_saved``), a meeting's people as
its search row is written (``archive.search.index.search_index_meeting``), and an import's
people batch by batch, before the rows that hold them are written (``archive.ingest.batch``),
so that a new name costs no marking afterwards.

Marking rewrites each row that holds the name, search vector and GIN entries: about 26 ms a
row (BENCHMARKS.md). A name held by at most INLINE_ROWS rows is marked as it is registered
and is ready at once; one held by more (an alias, added in the admin, of a department named
in thousands of meetings) waits for ``manage.py mark_search_names``, which ``import_minutes``
and ``reindex_search`` also run at their end. Until then it is found as any other term is:
exactly, only more slowly.

Registering inside a larger transaction (a department created by an import's batch, say)
holds the lock exclusively until that transaction ends, so other writers wait for it; two
such transactions that each hold it shared and then both register a name deadlock, and
PostgreSQL ends one of them with an error (an import then writes its batch file by file).

A registered name's lexeme stays true of a row until its text changes, and every rewrite of
a row marks the names registered then, so names are never unregistered (a renamed
department's old name costs a row of the registry, nothing more).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property

from django.db import connection, transaction

from archive.models.choices import AttendeeRole
from archive.search.segment import (
    LEXICON_MIN,
    NAME_MARK,
    Segmenter,
    lexicon_gram,
    normalize,
    query_grams,
    tsquery_all,
    tsvector_literal,
)

# The advisory lock of the registry (any 64-bit key nothing else in the database uses).
LOCK_KEY = 0x6E_616D_6573  # "names"
MAX_NAME = 100  # the longest department name or alias
# A name held by at most this many stored rows is marked and ready as it is registered: at
# about 26 ms a row, a save in the admin waits a second and a half at most.
INLINE_ROWS = 50
MARK_BATCH = 500  # rows marked per transaction by names_mark
# More names than this not ready are marked reading every row once (see _mark_in_one_pass).
NAMES_ONE_BY_ONE = 50
# A writer looks for up to this many names its segmenter does not find one by one in each
# row's text; more (the people an import registers, unknown to the dictionary its segmenters
# started with; more people than archive.search.dictionary.MAX_ENTRIES) are looked for by
# their first character pair.
UNKNOWN_LOOKED_FOR = 100


def name_key(name: str) -> str | None:
    """The registered form of a name: normalised, or None if it is not worth registering
    (shorter terms are exact by their character pairs alone)."""
    key = normalize(name)
    return key if LEXICON_MIN <= len(key) <= MAX_NAME else None


@dataclass(frozen=True)
class WritingNames:
    """The registry as a writer of search rows needs it (see ``names_for_writing``)."""

    registered: frozenset[str] = frozenset()
    # The registered names that the segmenter the rows are cut with does not find.
    unknown: tuple[str, ...] = ()

    def marks(self, words: Iterable[str], text: str) -> set[str]:
        """The lexemes of the registered names in a search row's ``text`` (a name has no line
        break, so it is in the text exactly when it is in one of its passages): those its
        segmenter knows are among its ``words`` (with NAME_MARK), the others are looked for."""
        names = {
            word[1:] for word in words if word.startswith(NAME_MARK) and word[1:] in self.registered
        }
        if len(self.unknown) <= UNKNOWN_LOOKED_FOR:
            names.update(name for name in self.unknown if name in text)
        else:
            # Looking for each costs about 3 µs in a meeting's text: a set of its character
            # pairs first, under 1 ms, leaves only the names starting with one of them.
            pairs = {text[i : i + 2] for i in range(len(text) - 1)}
            starting = self._unknown_by_pair
            names.update(
                name
                for pair in pairs.intersection(starting)
                for name in starting[pair]
                if name in text
            )
        return {lexicon_gram(name) for name in names}

    @cached_property
    def _unknown_by_pair(self) -> dict[str, list[str]]:
        by_pair: dict[str, list[str]] = {}
        for name in self.unknown:
            by_pair.setdefault(name[:2], []).append(name)
        return by_pair


def names_for_writing(segments: Segmenter) -> WritingNames:
    """The registry, for rows cut with ``segments``.

    Call it inside the transaction that writes the rows, before building them: it takes the
    registry's lock shared until that transaction ends (see the module docstring).
    """
    global _last_writing
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock_shared(%s)", [LOCK_KEY])
        # Thousands of people are registered: the registry is read again only if it changed.
        cursor.execute(
            "SELECT count(*), coalesce(max(id), 0), coalesce(sum(hashtext(word)::bigint), 0)"
            " FROM archive_searchname"
        )
        key = (connection.alias, *cursor.fetchone())
        if _last_writing is not None and _last_writing[:2] == (key, segments):
            return _last_writing[2]
        cursor.execute("SELECT word FROM archive_searchname")
        registered = frozenset(word for (word,) in cursor.fetchall())
    names = WritingNames(
        registered, tuple(sorted(name for name in registered if not segments.finds(name)))
    )
    _last_writing = (key, segments, names)
    return names


# The last registry read by names_for_writing: what identifies it, the segmenter (held, so that
# no other takes its place), and what was read.
_last_writing: tuple[tuple, Segmenter, WritingNames] | None = None


def names_ready(terms: Iterable[str]) -> set[str]:
    """Those of ``terms`` (normalised) that are ready names: every row holding one marks it."""
    return _registered(terms, ready=True)


def _registered(terms: Iterable[str], *, ready: bool = False) -> set[str]:
    """Those of ``terms`` (normalised) that are registered, or ready if ``ready``."""
    terms = list(terms)
    if not terms:
        return set()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word FROM archive_searchname WHERE word = ANY(%s)"
            + (" AND ready" if ready else ""),
            [terms],
        )
        return {word for (word,) in cursor.fetchall()}


def names_register(names: Iterable[str], *, mark: bool = True) -> list[str]:
    """Register ``names`` (as written); return the ones that were new (normalised). Each is
    marked in the rows already written and ready at once if at most INLINE_ROWS rows hold
    it; the others, and all of them without ``mark`` (every row is about to be written again
    anyway: ``reindex_search``), wait for ``names_mark``. Inside a larger transaction, the
    lock is held until it ends."""
    keys = {key for name in names if (key := name_key(name)) is not None}
    if not keys:
        return []
    # Those registered already need no lock: their registration has committed.
    keys -= _registered(keys)
    if not keys:
        return []
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
        cursor.execute(
            "INSERT INTO archive_searchname (word, ready) SELECT unnest(%s::text[]), false"
            " ON CONFLICT (word) DO NOTHING RETURNING word",
            [sorted(keys)],
        )
        new = sorted(word for (word,) in cursor.fetchall())
        for word in new if mark else ():
            # Every row written from now on marks it; those written before are visible now.
            if _mark_rows(cursor, word, INLINE_ROWS) <= INLINE_ROWS:
                cursor.execute("UPDATE archive_searchname SET ready = true WHERE word = %s", [word])
    return new


def _mark_rows(cursor, word: str, limit: int) -> int:
    """Mark ``word`` in the rows that hold it without its mark if there are at most ``limit``
    of them; return how many there were (up to ``limit`` + 1)."""
    cursor.execute(f"{_LACKING} LIMIT %s", [*_lacking_params(word), limit + 1])
    rows = [row[0] for row in cursor.fetchall()]
    if len(rows) <= limit and rows:
        cursor.execute(
            "UPDATE archive_meetingsearch SET grams = grams || %s::tsvector"
            " WHERE meeting_id = ANY(%s)",
            [tsvector_literal([lexicon_gram(word)]), rows],
        )
    return len(rows)


# The rows that hold a name and lack its mark (see _lacking_params).
_LACKING = (
    "SELECT meeting_id FROM archive_meetingsearch"
    " WHERE grams @@ %s::tsquery AND NOT grams @@ %s::tsquery AND strpos(text, %s) > 0"
)


def _lacking_params(word: str) -> list[str]:
    return [tsquery_all(query_grams(word)), tsquery_all([lexicon_gram(word)]), word]


def names_mark(progress: Callable[[str, int], None] | None = None) -> list[str]:
    """Mark every registered name that is not ready in the rows that lack it, MARK_BATCH rows
    per transaction, and make it ready; return the names made ready. ``progress`` is called
    with a name and the rows marked so far."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT word FROM archive_searchname WHERE NOT ready ORDER BY id")
        pending = [word for (word,) in cursor.fetchall()]
    if len(pending) > NAMES_ONE_BY_ONE:
        _mark_in_one_pass(pending, progress)
        return pending
    for word in pending:
        marked = 0
        while True:
            # No lock: rows written since the name was registered mark it themselves.
            with transaction.atomic(), connection.cursor() as cursor:
                count = _mark_some(cursor, word, MARK_BATCH)
                marked += count
                if count == 0:
                    cursor.execute(
                        "UPDATE archive_searchname SET ready = true WHERE word = %s", [word]
                    )
            if progress is not None:
                progress(word, marked)
            if count == 0:
                break
    return pending


def _mark_in_one_pass(
    pending: list[str], progress: Callable[[str, int], None] | None = None
) -> None:
    """Mark ``pending`` names in every row, reading each row once, MARK_BATCH rows per
    transaction, and make them ready: an import registers each new person's name (see
    archive.ingest.batch), and looking for hundreds of names one by one would cost each one
    a scan of the index and of the texts of its character pairs' rows."""
    names = WritingNames(frozenset(pending), tuple(pending))
    label = f"{pending[0]}等 {len(pending)} 个名称"
    after, marked = 0, 0
    while True:
        # No lock: rows written since the names were registered mark them themselves.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT meeting_id, text FROM archive_meetingsearch WHERE meeting_id > %s"
                " ORDER BY meeting_id LIMIT %s",
                [after, MARK_BATCH],
            )
            rows = cursor.fetchall()
            if not rows:
                cursor.execute(
                    "UPDATE archive_searchname SET ready = true WHERE word = ANY(%s)", [pending]
                )
                break
            after = rows[-1][0]
            held = [(pk, sorted(marks)) for pk, text in rows if (marks := names.marks((), text))]
            for pk, marks in held:
                # Rows that mark them all already (written since) are left alone.
                cursor.execute(
                    "UPDATE archive_meetingsearch SET grams = grams || %s::tsvector"
                    " WHERE meeting_id = %s AND NOT grams @@ %s::tsquery",
                    [tsvector_literal(marks), pk, tsquery_all(marks)],
                )
                marked += cursor.rowcount
        if progress is not None:
            progress(label, marked)


def _mark_some(cursor, word: str, limit: int) -> int:
    """Mark ``word`` in up to ``limit`` rows that hold it without its mark; return how many."""
    cursor.execute(
        "UPDATE archive_meetingsearch SET grams = grams || %s::tsvector"
        f" WHERE meeting_id IN ({_LACKING} LIMIT %s)",
        [tsvector_literal([lexicon_gram(word)]), *_lacking_params(word), limit],
    )
    return cursor.rowcount


# The people whose names are registered: the chair and the meeting's members (出席, 参加, and
# 请假 when away), the leaders named in thousands of meetings. Those attending for one item
# (列席, 应邀列席) are far more numerous and each in far fewer meetings: their names are
# checked against the text as any other term's, which costs each of them little, while
# registering each new one costs every import that meets it.
MEMBER_ROLES = (AttendeeRole.PRESENT, AttendeeRole.PARTICIPANT, AttendeeRole.ABSENT)


def archive_names() -> list[str]:
    """The names to register: every department's name and alias, and the people's names of
    every meeting (see ``meeting_people``)."""
    from archive.models import Attendee, Department, DepartmentAlias, Meeting

    return [
        *Department.objects.values_list("name", flat=True),
        *DepartmentAlias.objects.values_list("name", flat=True),
        *Meeting.objects.values_list("chair", flat=True).distinct(),
        *Attendee.objects.filter(role__in=MEMBER_ROLES).values_list("name", flat=True).distinct(),
    ]


def meeting_people(meeting) -> list[str]:
    """The people's names of a stored meeting that are registered: its chair and members."""
    members = meeting.attendees.filter(role__in=MEMBER_ROLES)
    return [meeting.chair, *members.values_list("name", flat=True)]


def names_sync(*, mark: bool = True) -> list[str]:
    """Register whatever name of the archive is not yet registered (departments created
    without their model's save, by a restore say, or people's names stored before people were
    registered); return the new ones. ``mark``: see ``names_register``."""
    return names_register(archive_names(), mark=mark)


def department_saved(sender, instance, raw: bool = False, **kwargs) -> None:
    """Register a department's name, or an alias, as it is saved (see ArchiveConfig.ready)."""
    if not raw:  # fixtures: their names are registered with names_sync
        names_register([instance.name])
