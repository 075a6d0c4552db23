from django.db import migrations

# The month of each existing meeting's date, as a lexeme of its grams (a line break and the
# year and month), as archive.search.index.meeting_search_fields builds it for a newly indexed
# meeting. As in 0009, the GIN index is dropped first and built again at the end.
MONTH_GRAMS = r"""
DO $$
DECLARE
    indexed boolean := to_regclass('meetingsearch_grams_gin') IS NOT NULL;
BEGIN
    IF indexed THEN
        DROP INDEX meetingsearch_grams_gin;
    END IF;
    UPDATE archive_meetingsearch
    SET grams = grams || array_to_tsvector(ARRAY[E'\n' || to_char(meeting_date, 'YYYY-MM')])
    WHERE meeting_date IS NOT NULL;
    IF indexed THEN
        CREATE INDEX meetingsearch_grams_gin ON archive_meetingsearch USING gin (grams);
    END IF;
END
$$
"""


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0012_list_indexes"),
    ]

    operations = [
        migrations.RunSQL(MONTH_GRAMS, migrations.RunSQL.noop),
    ]
