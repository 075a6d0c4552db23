"""A department attended a meeting when one of its people (or the department as such) was
there: someone listed as on leave (请假) does not count (``Attendee.objects.attending``).

- The monthly counts of meetings attended (DepartmentMonth) are recounted without them: the
  rollup functions of migration 0020 get the condition, and everything is counted again.
  People keep counting every meeting they are listed in, on leave or not: their page shows
  how many times in each part.
- The search rows lose the ``attended:`` lexemes that only an absence put there.
- The index the department filter reads holds the role, so that leaving out absences costs
  no visit to the attendee rows.
"""

import importlib

from django.db import migrations, models

PEOPLE_CHAIRS = importlib.import_module("archive.migrations.0020_personstat_chairs")

NOT_ON_LEAVE = "a.role <> 'absent'"


def _replaced(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new)


FLUSH = _replaced(
    PEOPLE_CHAIRS.FLUSH,
    """            FROM touched t JOIN archive_attendee a ON a.meeting_id = t.id
            WHERE a.department_id = ANY(departments)""",
    f"""            FROM touched t JOIN archive_attendee a ON a.meeting_id = t.id
            WHERE a.department_id = ANY(departments) AND {NOT_ON_LEAVE}""",
)

REBUILD = _replaced(
    PEOPLE_CHAIRS.REBUILD,
    """        FROM archive_meeting m JOIN archive_attendee a ON a.meeting_id = m.id
        WHERE a.department_id IS NOT NULL""",
    f"""        FROM archive_meeting m JOIN archive_attendee a ON a.meeting_id = m.id
        WHERE a.department_id IS NOT NULL AND {NOT_ON_LEAVE}""",
)

# (The attendee triggers already mark both departments of a changed row for recounting,
# whichever column changed, so a role corrected to or from 请假 is recounted at commit.)
ROLLUPS = f"{FLUSH}\n\n{REBUILD}\n\nSELECT archive_rollup_rebuild();\n"
ROLLUPS_BACK = f"{PEOPLE_CHAIRS.FLUSH}\n\n{PEOPLE_CHAIRS.REBUILD}\n\nSELECT archive_rollup_rebuild();\n"

# A meeting's "attended:<department>" lexeme (migration 0022) stays while anyone of the
# department attended it; few rows change, so the GIN index is kept.
ABSENT_ONLY = r"""
SELECT a.meeting_id, array_agg(DISTINCT E'\nattended:' || a.department_id) AS lexemes
FROM archive_attendee a
WHERE a.role = 'absent' AND a.department_id IS NOT NULL{only}
GROUP BY a.meeting_id
"""
LEXEMES = f"""
UPDATE archive_meetingsearch s
SET grams = ts_delete(s.grams, gone.lexemes)
FROM ({
    ABSENT_ONLY.format(
        only='''
  AND NOT EXISTS (
      SELECT FROM archive_attendee b
      WHERE b.meeting_id = a.meeting_id AND b.department_id = a.department_id
        AND b.role <> 'absent'
  )'''
    )
}) gone
WHERE gone.meeting_id = s.meeting_id;
"""
LEXEMES_BACK = f"""
UPDATE archive_meetingsearch s
SET grams = s.grams || array_to_tsvector(back.lexemes)
FROM ({ABSENT_ONLY.format(only="")}) back
WHERE back.meeting_id = s.meeting_id;
"""


class Migration(migrations.Migration):
    dependencies = [("archive", "0022_search_department_grams")]

    operations = [
        migrations.RemoveIndex(model_name="attendee", name="attendee_dept_meeting_idx"),
        migrations.AddIndex(
            model_name="attendee",
            index=models.Index(
                fields=["department", "meeting"],
                include=("role",),
                name="attendee_dept_meeting_idx",
            ),
        ),
        migrations.RunSQL(ROLLUPS, ROLLUPS_BACK),
        migrations.RunSQL(LEXEMES, LEXEMES_BACK),
    ]
