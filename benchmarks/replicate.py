"""Grow an imported corpus to N meetings by copying meetings, with everything they own, in SQL.

Copy k of a row gets the ID ``id + k * stride``, where a table's stride is one more than the
largest ID among the imported (uncopied) meetings' rows, so copies never collide with each
other, with the originals or with a later resume. Used by benchmarks/load_corpus.py only.
"""

from __future__ import annotations

from django.db import connection, models, transaction
from django.db.models import Model

from archive.models import (
    AgendaItem,
    Attendee,
    Decision,
    DecisionDepartment,
    Meeting,
    MeetingSearch,
    Passage,
)

# (model, the column whose rows belong to the copied meetings, {column: table whose stride
# shifts it}); parents before children. The source rows of each table are those reachable
# from the meetings being copied (the temporary table replicate_source).
TABLES: list[tuple[type[Model], str, dict[str, type[Model]]]] = [
    (Meeting, "id IN (SELECT id FROM replicate_source)", {"id": Meeting}),
    (
        AgendaItem,
        "meeting_id IN (SELECT id FROM replicate_source)",
        {"id": AgendaItem, "meeting_id": Meeting},
    ),
    (
        Decision,
        "agenda_item_id IN (SELECT id FROM {AgendaItem} WHERE meeting_id IN "
        "(SELECT id FROM replicate_source))",
        {"id": Decision, "agenda_item_id": AgendaItem},
    ),
    (
        DecisionDepartment,
        "decision_id IN (SELECT d.id FROM {Decision} d JOIN {AgendaItem} a "
        "ON a.id = d.agenda_item_id WHERE a.meeting_id IN (SELECT id FROM replicate_source))",
        {"id": DecisionDepartment, "decision_id": Decision},
    ),
    (
        Attendee,
        "meeting_id IN (SELECT id FROM replicate_source)",
        {"id": Attendee, "meeting_id": Meeting},
    ),
    # The search index: a copy is found by search as its original is, at its own date.
    (
        Passage,
        "meeting_id IN (SELECT id FROM replicate_source)",
        {
            "id": Passage,
            "meeting_id": Meeting,
            "agenda_item_id": AgendaItem,
            "decision_id": Decision,
        },
    ),
    (
        MeetingSearch,
        "meeting_id IN (SELECT id FROM replicate_source)",
        {"meeting_id": Meeting},
    ),
]
# The columns that a copy changes, besides its IDs.
CHANGES = {
    Meeting: {
        "source_name": "source_name || '#' || %(k)s",
        "date": "(date - make_interval(years => %(k)s))::date",
    },
    Passage: {"meeting_date": "(meeting_date - make_interval(years => %(k)s))::date"},
    MeetingSearch: {
        "meeting_date": "(meeting_date - make_interval(years => %(k)s))::date",
        # The month lexeme moves with the date (see archive.search.segment.month_gram).
        "grams": "CASE WHEN meeting_date IS NULL THEN grams ELSE ts_delete(grams,"
        " E'\\n' || to_char(meeting_date, 'YYYY-MM')) || array_to_tsvector(ARRAY[E'\\n' ||"
        " to_char(meeting_date - make_interval(years => %(k)s), 'YYYY-MM')]) END",
    },
}


def _names() -> dict[str, str]:
    return {model.__name__: model._meta.db_table for model, _where, _shift in TABLES}


def _strides(cursor) -> dict[type[Model], int]:
    """One more than the largest ID of each table's rows that belong to imported meetings."""
    cursor.execute(
        "CREATE TEMPORARY TABLE IF NOT EXISTS replicate_source (id bigint PRIMARY KEY)"
        " ON COMMIT DELETE ROWS"
    )
    cursor.execute(
        f"INSERT INTO replicate_source SELECT id FROM {Meeting._meta.db_table}"
        " WHERE position('#' in source_name) = 0"
    )
    strides = {}
    for model, where, _shift in TABLES:
        cursor.execute(
            f"SELECT coalesce(max({model._meta.pk.column}), 0) + 1 FROM {model._meta.db_table}"
            f" WHERE {where.format(**_names())}"
        )
        strides[model] = cursor.fetchone()[0]
    cursor.execute("DELETE FROM replicate_source")
    return strides


def _copy(cursor, k: int, limit: int, strides: dict[type[Model], int]) -> None:
    """Copy the first ``limit`` imported meetings (by ID) as copy number ``k``."""
    cursor.execute(
        f"INSERT INTO replicate_source SELECT id FROM {Meeting._meta.db_table}"
        " WHERE position('#' in source_name) = 0 ORDER BY id LIMIT %s",
        [limit],
    )
    for model, where, shift in TABLES:
        columns = [
            field.column
            for field in model._meta.concrete_fields
            if not getattr(field, "generated", False)
        ]
        values = []
        for column in columns:
            if column in shift:
                values.append(f'"{column}" + {k * strides[shift[column]]}')
            elif column in CHANGES.get(model, {}):
                values.append(CHANGES[model][column])
            else:
                values.append(f'"{column}"')
        table = model._meta.db_table
        quoted = ", ".join(f'"{column}"' for column in columns)
        cursor.execute(
            f"INSERT INTO {table} ({quoted}) SELECT {', '.join(values)}"
            f" FROM {table} WHERE {where.format(**_names())}",
            {"k": k},
        )
    cursor.execute("DELETE FROM replicate_source")


def meetings_replicate(size: int) -> int:
    """Copy imported meetings until the archive holds ``size`` meetings; return the count."""
    with connection.cursor() as cursor, transaction.atomic():
        strides = _strides(cursor)
    originals = Meeting.objects.exclude(source_name__contains="#").count()
    if originals == 0:
        return Meeting.objects.count()
    k = 1
    while (total := Meeting.objects.count()) < size:
        if not Meeting.objects.filter(source_name__endswith=f"#{k}").exists():
            with connection.cursor() as cursor, transaction.atomic():
                _copy(cursor, k, min(originals, size - total), strides)
            print(f"copy {k}: {Meeting.objects.count()} meetings", flush=True)
        k += 1
    with connection.cursor() as cursor:
        for model, _where, _shift in TABLES:
            table = model._meta.db_table
            # A table keyed by its meeting has no sequence of its own.
            if isinstance(model._meta.pk, models.AutoField):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                    f" (SELECT coalesce(max(id), 1) FROM {table}))"
                )
            cursor.execute(f"VACUUM ANALYZE {table}")
    return total
