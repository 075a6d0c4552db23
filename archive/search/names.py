"""The archive's names that the search index marks exactly: department names and aliases.

A term of three or more characters that is no word of jieba's dictionary is found by its
character pairs and then checked against the text of every index match (see
``archive.search.engine``): a department named in thousands of meetings costs thousands of
such checks. A *registered* name is instead a lexeme of exactly the search rows whose text
holds it (``segment.lexicon_gram``), like a word of jieba's dictionary, and the index alone
finds, excludes and counts it.

Why a registry, and the lock. The segmenters that index rows know the archive's names as
they were when each process built its dictionary, so a name added since is missing from the
rows they write. A name may therefore be relied on only once every row holding it has its
lexeme, however and whenever the row was written. Two rules make that so:

- Every writer of search rows holds the advisory lock SHARED for its whole transaction
  (``names_for_writing``) and, inside it, reads the registry and marks every registered name
  its text holds: the ones its segmenter knows are marked as it segments, the others are
  looked for here.
- Registering a name (``names_register``) holds the same lock EXCLUSIVELY: it waits for the
  writers in progress to commit, so that every row written before it is visible, marks the
  name in those of them that hold it, and commits the name with the marks. A writer that
  starts later reads the name and marks it itself.

Registering inside a larger transaction (a department created by an import's batch, say)
holds the lock exclusively until that transaction ends, so other writers wait for it; two
such transactions that each hold it shared and then both register a name deadlock, and
PostgreSQL ends one of them with an error (an import then writes its batch file by file).

A registered name's lexeme stays true of a row until its text changes, and every rewrite of
a row marks the names registered then, so names are never unregistered (a renamed
department's old name costs a row of the registry, nothing more).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, transaction

from archive.search.segment import (
    LEXICON_MIN,
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

    def marks(self, found: Iterable[str], text: str) -> set[str]:
        """The lexemes of the registered names in a search row's ``text`` (a name has no line
        break, so it is in the text exactly when it is in one of its passages), of which the
        segmenter ``found`` those it knows (the words it gave with NAME_MARK)."""
        names = {name for name in found if name in self.registered}
        names.update(name for name in self.unknown if name in text)
        return {lexicon_gram(name) for name in names}


def names_for_writing(segments: Segmenter) -> WritingNames:
    """The registry, for rows cut with ``segments``.

    Call it inside the transaction that writes the rows, before building them: it takes the
    registry's lock shared until that transaction ends (see the module docstring).
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock_shared(%s)", [LOCK_KEY])
        cursor.execute("SELECT word FROM archive_searchname")
        registered = frozenset(word for (word,) in cursor.fetchall())
    return WritingNames(
        registered, tuple(sorted(name for name in registered if not segments.finds(name)))
    )


def names_registered(terms: Iterable[str]) -> set[str]:
    """Those of ``terms`` (normalised) that are registered names."""
    terms = list(terms)
    if not terms:
        return set()
    with connection.cursor() as cursor:
        cursor.execute("SELECT word FROM archive_searchname WHERE word = ANY(%s)", [terms])
        return {word for (word,) in cursor.fetchall()}


def names_register(names: Iterable[str]) -> list[str]:
    """Register ``names`` (as written) and mark them in the rows already written; return the
    ones that were new. Inside a larger transaction, the lock is held until it ends."""
    keys = {key for name in names if (key := name_key(name)) is not None}
    # Those registered already need no lock: their registration has committed.
    keys = sorted(keys - names_registered(keys))
    if not keys:
        return []
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
        cursor.execute(
            "INSERT INTO archive_searchname (word) SELECT unnest(%s::text[])"
            " ON CONFLICT (word) DO NOTHING RETURNING word",
            [keys],
        )
        new = sorted(word for (word,) in cursor.fetchall())
        for word in new:
            lexeme = lexicon_gram(word)
            cursor.execute(
                "UPDATE archive_meetingsearch SET grams = grams || %s::tsvector"
                " WHERE grams @@ %s::tsquery AND NOT grams @@ %s::tsquery"
                " AND strpos(text, %s) > 0",
                [
                    tsvector_literal([lexeme]),
                    tsquery_all(query_grams(word)),
                    tsquery_all([lexeme]),
                    word,
                ],
            )
    return new


def archive_names() -> list[str]:
    """The names to register: every department's name and alias."""
    from archive.models import Department, DepartmentAlias

    return [
        *Department.objects.values_list("name", flat=True),
        *DepartmentAlias.objects.values_list("name", flat=True),
    ]


def names_sync() -> list[str]:
    """Register whatever department name or alias is not yet registered (departments created
    without their model's save, by a restore say); return the new ones."""
    return names_register(archive_names())


def department_saved(sender, instance, raw: bool = False, **kwargs) -> None:
    """Register a department's name, or an alias, as it is saved (see ArchiveConfig.ready)."""
    if not raw:  # fixtures: their names are registered with names_sync
        names_register([instance.name])
