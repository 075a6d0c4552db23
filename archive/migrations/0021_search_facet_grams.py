from django.db import migrations

# The meeting type and the kinds of its agenda items, as lexemes of each existing meeting's
# grams (a line break, "type:" or "kind:", and the value), as
# archive.search.index.meeting_search_fields builds them for a newly indexed meeting, so that
# a search applies those list filters in its GIN scan (archive/search/facets.py). As in 0013,
# the GIN index is dropped first and built again at the end.
FACET_GRAMS = r"""
DO $$
DECLARE
    indexed boolean := to_regclass('meetingsearch_grams_gin') IS NOT NULL;
BEGIN
    IF indexed THEN
        DROP INDEX meetingsearch_grams_gin;
    END IF;
    UPDATE archive_meetingsearch s
    SET grams = s.grams || array_to_tsvector(
        ARRAY(SELECT E'\ntype:' || m.meeting_type WHERE m.meeting_type <> '')
        || ARRAY(SELECT DISTINCT E'\nkind:' || a.kind
                 FROM archive_agendaitem a WHERE a.meeting_id = s.meeting_id)
    )
    FROM archive_meeting m
    WHERE m.id = s.meeting_id;
    IF indexed THEN
        CREATE INDEX meetingsearch_grams_gin ON archive_meetingsearch USING gin (grams);
    END IF;
END
$$
"""

# Back: the same lexemes taken out again.
NO_FACET_GRAMS = r"""
UPDATE archive_meetingsearch s
SET grams = ts_delete(s.grams, ARRAY(
    SELECT lexeme FROM unnest(s.grams) AS u
    WHERE lexeme LIKE E'\ntype:%' OR lexeme LIKE E'\nkind:%'
))
WHERE EXISTS (
    SELECT FROM unnest(s.grams) AS u
    WHERE lexeme LIKE E'\ntype:%' OR lexeme LIKE E'\nkind:%'
);
"""


class Migration(migrations.Migration):
    dependencies = [("archive", "0020_personstat_chairs")]

    operations = [migrations.RunSQL(FACET_GRAMS, NO_FACET_GRAMS)]
