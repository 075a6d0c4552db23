# People's names join the registry of names the search index marks exactly
# (archive.search.names): every chair's and member's (出席, 参加, 请假) name not registered yet is registered,
# marked in the search rows already written, and ready, as migration 0026 did for the
# departments. Every row is looked at once and rewritten once, with all the new names it
# holds, the GIN index dropped meanwhile. Reversing leaves the names and their marks: a mark
# only says that the row's text holds the name, which stays true, and every writer marks
# every registered name.

from django.db import migrations

MARK_NAMES = """
UPDATE archive_meetingsearch s SET grams = s.grams || array_to_tsvector(found.marks)
FROM (
    SELECT meeting_id,
           ARRAY(SELECT chr(13) || name FROM unnest(%(names)s::text[]) AS name
                 WHERE strpos(text, name) > 0) AS marks
    FROM archive_meetingsearch
) AS found
WHERE found.meeting_id = s.meeting_id AND cardinality(found.marks) > 0
"""


def register_people(apps, schema_editor):
    from archive.search.names import LOCK_KEY, name_key

    Meeting = apps.get_model("archive", "Meeting")
    Attendee = apps.get_model("archive", "Attendee")
    written = {
        *Meeting.objects.values_list("chair", flat=True).distinct(),
        # Members: see archive.search.names.MEMBER_ROLES.
        *Attendee.objects.filter(role__in=["present", "participant", "absent"])
        .values_list("name", flat=True)
        .distinct(),
    }
    names = sorted({key for name in written if (key := name_key(name)) is not None})
    if not names:
        return
    from archive.search.segment import Segmenter

    segments = Segmenter()
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
        cursor.execute(
            "INSERT INTO archive_searchname (word, ready) SELECT unnest(%s::text[]), true"
            " ON CONFLICT (word) DO NOTHING RETURNING word",
            [names],
        )
        # Words of jieba's dictionary are marked already (migration 0025).
        unmarked = sorted(word for (word,) in cursor.fetchall() if not segments.in_lexicon(word))
        if not unmarked:
            return
        cursor.execute("SELECT to_regclass('meetingsearch_grams_gin') IS NOT NULL")
        indexed = cursor.fetchone()[0]
        if indexed:
            cursor.execute("DROP INDEX meetingsearch_grams_gin")
        cursor.execute(MARK_NAMES, {"names": unmarked})
        if indexed:
            cursor.execute(
                "CREATE INDEX meetingsearch_grams_gin ON archive_meetingsearch USING gin (grams)"
            )


class Migration(migrations.Migration):

    dependencies = [
        ("archive", "0026_search_names"),
    ]

    operations = [
        migrations.RunPython(register_people, migrations.RunPython.noop),
    ]
