from django.db import migrations

# The words of jieba's own dictionary that each existing meeting's passages hold, marked, as
# lexemes of its grams (a carriage return and the word), as
# archive.search.index.meeting_search_fields builds them for a newly indexed meeting, so that
# a search finds and counts such a word from the GIN index alone, with no check of the text
# (archive.search.segment.exact_lexemes). The row's text holds each passage on a line of its
# own; jieba segments each line, which finds its words (see Segmenter.words). As in 0021, the
# GIN index is dropped first and built again at the end.
BATCH = 500

# Back: the same lexemes taken out again.
NO_LEXICON_WORDS = r"""
UPDATE archive_meetingsearch s
SET grams = ts_delete(s.grams, ARRAY(
    SELECT lexeme FROM unnest(s.grams) AS u WHERE lexeme LIKE E'\r%'
))
WHERE EXISTS (SELECT FROM unnest(s.grams) AS u WHERE lexeme LIKE E'\r%');
"""


def add_lexicon_words(apps, schema_editor):
    from archive.search.segment import LEXICON_MARK, Segmenter

    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT meeting_id FROM archive_meetingsearch ORDER BY meeting_id")
        ids = [row[0] for row in cursor.fetchall()]
        if not ids:
            return
        # jieba's own dictionary: the lexicon does not depend on the archive's words.
        segments = Segmenter()
        cursor.execute("SELECT to_regclass('meetingsearch_grams_gin') IS NOT NULL")
        indexed = cursor.fetchone()[0]
        if indexed:
            cursor.execute("DROP INDEX meetingsearch_grams_gin")
        for start in range(0, len(ids), BATCH):
            cursor.execute(
                "SELECT meeting_id, text FROM archive_meetingsearch WHERE meeting_id = ANY(%s)",
                [ids[start : start + BATCH]],
            )
            updates = []
            for meeting_id, text in cursor.fetchall():
                marked = {
                    word
                    for line in text.split("\n")
                    for word in segments.words(line)
                    if word.startswith(LEXICON_MARK)
                }
                if marked:
                    updates.append((sorted(marked), meeting_id))
            cursor.executemany(
                "UPDATE archive_meetingsearch SET grams = grams || array_to_tsvector(%s::text[])"
                " WHERE meeting_id = %s",
                updates,
            )
        if indexed:
            cursor.execute(
                "CREATE INDEX meetingsearch_grams_gin ON archive_meetingsearch USING gin (grams)"
            )


def remove_lexicon_words(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(NO_LEXICON_WORDS)


class Migration(migrations.Migration):
    dependencies = [("archive", "0024_personstat_count_includes_leave")]

    operations = [migrations.RunPython(add_lexicon_words, remove_lexicon_words)]
