from django.db import migrations

# The grams of each existing meeting's titles, documents and opening (its text up to
# heads_end), marked with a tab and added to its grams, as
# archive.search.index.meeting_search_fields builds them for a newly indexed meeting: every
# character and pair of adjacent characters of each of those lines, no pair across two lines.
# Updating every row would re-insert each meeting's thousands of grams into their GIN index;
# dropping it first and building it again at the end is many times faster.
TITLE_GRAMS = r"""
DO $$
DECLARE
    indexed boolean := to_regclass('meetingsearch_grams_gin') IS NOT NULL;
BEGIN
    IF indexed THEN
        DROP INDEX meetingsearch_grams_gin;
    END IF;
    UPDATE archive_meetingsearch s
    SET grams = s.grams || coalesce(
        (SELECT array_to_tsvector(array_agg(DISTINCT E'\t' || gram))
         FROM (
             SELECT substr(line, i, 1) AS gram
             FROM string_to_table(left(s.text, s.heads_end), E'\n') AS line,
                  generate_series(1, length(line)) AS i
             UNION ALL
             SELECT substr(line, i, 2)
             FROM string_to_table(left(s.text, s.heads_end), E'\n') AS line,
                  generate_series(1, length(line) - 1) AS i
         ) grams
         WHERE gram <> ''),
        ''::tsvector)
    WHERE s.heads_end > 0;
    IF indexed THEN
        CREATE INDEX meetingsearch_grams_gin ON archive_meetingsearch USING gin (grams);
    END IF;
END
$$
"""


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0008_search_rank_on_meeting_rows"),
    ]

    operations = [
        migrations.RunSQL(TITLE_GRAMS, migrations.RunSQL.noop),
    ]
