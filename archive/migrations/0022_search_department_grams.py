from django.db import migrations

# The departments' parts in each existing meeting, as lexemes of its grams (a line break,
# "attended:" or "led:", and the department's ID), as
# archive.search.index.meeting_departments builds them for a newly indexed meeting, so that
# a search applies the department filter in its GIN scan (archive/search/facets.py). Only the
# meetings with a department change; when there are any, the GIN index is dropped first and
# built again at the end, as in 0021.
DEPARTMENT_GRAMS = r"""
DO $$
DECLARE
    indexed boolean := to_regclass('meetingsearch_grams_gin') IS NOT NULL;
BEGIN
    IF NOT EXISTS (SELECT FROM archive_attendee WHERE department_id IS NOT NULL)
       AND NOT EXISTS (SELECT FROM archive_decisiondepartment WHERE role = 'lead') THEN
        RETURN;
    END IF;
    IF indexed THEN
        DROP INDEX meetingsearch_grams_gin;
    END IF;
    UPDATE archive_meetingsearch s
    SET grams = s.grams || array_to_tsvector(parts.lexemes)
    FROM (
        SELECT meeting_id,
               array_agg(DISTINCT E'\n' || part || ':' || department_id) AS lexemes
        FROM (
            SELECT meeting_id, 'attended' AS part, department_id
            FROM archive_attendee
            WHERE department_id IS NOT NULL
            UNION
            SELECT a.meeting_id, 'led', l.department_id
            FROM archive_decisiondepartment l
            JOIN archive_decision d ON d.id = l.decision_id
            JOIN archive_agendaitem a ON a.id = d.agenda_item_id
            WHERE l.role = 'lead'
        ) department_parts
        GROUP BY meeting_id
    ) parts
    WHERE parts.meeting_id = s.meeting_id;
    IF indexed THEN
        CREATE INDEX meetingsearch_grams_gin ON archive_meetingsearch USING gin (grams);
    END IF;
END
$$
"""

# Back: the same lexemes taken out again.
NO_DEPARTMENT_GRAMS = r"""
UPDATE archive_meetingsearch s
SET grams = ts_delete(s.grams, ARRAY(
    SELECT lexeme FROM unnest(s.grams) AS u
    WHERE lexeme ~ E'^\n(attended|led):'
))
WHERE EXISTS (
    SELECT FROM unnest(s.grams) AS u
    WHERE lexeme ~ E'^\n(attended|led):'
);
"""


class Migration(migrations.Migration):
    dependencies = [("archive", "0021_search_facet_grams")]

    operations = [migrations.RunSQL(DEPARTMENT_GRAMS, NO_DEPARTMENT_GRAMS)]
