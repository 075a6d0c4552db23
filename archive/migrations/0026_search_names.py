# The registry of names the search index marks exactly (archive.search.names): every
# department's name and alias, registered, marked in the search rows already written, ready.
# Those rows' segmenters knew the names but did not mark them, so every row is looked at once
# and rewritten once, with all the names it holds, the GIN index dropped meanwhile (built
# again after, it costs far less than its updates row by row). Reversing leaves the marks:
# a mark only says that the row's text holds the name, which stays true.

from django.db import migrations, models

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


def register_names(apps, schema_editor):
    from archive.search.names import LOCK_KEY, name_key

    Department = apps.get_model("archive", "Department")
    DepartmentAlias = apps.get_model("archive", "DepartmentAlias")
    written = [
        *Department.objects.values_list("name", flat=True),
        *DepartmentAlias.objects.values_list("name", flat=True),
    ]
    names = sorted({key for name in written if (key := name_key(name)) is not None})
    if not names:
        return
    from archive.search.segment import Segmenter

    # Words of jieba's dictionary (财政局) are marked already (migration 0025).
    segments = Segmenter()
    unmarked = [name for name in names if not segments.in_lexicon(name)]
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
        cursor.execute(
            "INSERT INTO archive_searchname (word, ready) SELECT unnest(%s::text[]), true"
            " ON CONFLICT (word) DO NOTHING",
            [names],
        )
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
        ("archive", "0025_search_lexicon_words"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchName",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "word",
                    models.CharField(max_length=100, unique=True, verbose_name="名称（规范化）"),
                ),
                ("ready", models.BooleanField(default=False, verbose_name="已标记")),
            ],
            options={
                "verbose_name": "检索专名",
                "verbose_name_plural": "检索专名",
            },
        ),
        migrations.RunPython(register_names, migrations.RunPython.noop),
    ]
