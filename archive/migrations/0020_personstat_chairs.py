"""Chairs are counted with the people: PersonStat.meeting_count is the meetings a name
attended or chaired, chaired_count the meetings it chaired.

The functions of migration 0010 that count people are replaced by versions that read the
chair as well; a meeting added, removed, or given another chair or date marks its chairs
for recounting, as attendance changes mark attendees.
"""

import importlib
import re

from django.db import migrations, models

ROLLUPS = importlib.import_module("archive.migrations.0010_rollups")


def _function(name: str) -> str:
    """Migration 0010's definition of one function, as CREATE OR REPLACE."""
    match = re.search(rf"CREATE FUNCTION {name}\(\).*?END \$\$;", ROLLUPS.ROLLUP_SQL, re.DOTALL)
    return match.group(0).replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1)


def _replaced(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new)


# Both recounts: the people of `names` (the flush), or everyone (the rebuild).
PEOPLE_COUNTED = """
        SELECT name, count(DISTINCT meeting_id), count(DISTINCT meeting_id) FILTER (WHERE chaired),
               min(date), max(date)
        FROM (
            SELECT a.name, a.meeting_id, false AS chaired, m.date
            FROM archive_attendee a JOIN archive_meeting m ON m.id = a.meeting_id
            WHERE {attendee}
            UNION ALL
            SELECT m.chair, m.id, true, m.date FROM archive_meeting m WHERE {chair}
        ) appearances
        GROUP BY name;"""

FLUSH = _replaced(
    _function("archive_rollup_flush"),
    """        INSERT INTO archive_personstat (name, meeting_count, first_date, last_date)
        SELECT a.name, count(DISTINCT a.meeting_id), min(m.date), max(m.date)
        FROM archive_attendee a JOIN archive_meeting m ON m.id = a.meeting_id
        WHERE a.name = ANY(names)
        GROUP BY a.name;""",
    "        INSERT INTO archive_personstat"
    " (name, meeting_count, chaired_count, first_date, last_date)"
    + PEOPLE_COUNTED.format(attendee="a.name = ANY(names)", chair="m.chair = ANY(names)"),
)

REBUILD = _replaced(
    _function("archive_rollup_rebuild"),
    """    INSERT INTO archive_personstat (name, meeting_count, first_date, last_date)
    SELECT a.name, count(DISTINCT a.meeting_id), min(m.date), max(m.date)
    FROM archive_attendee a JOIN archive_meeting m ON m.id = a.meeting_id
    WHERE a.name <> ''
    GROUP BY a.name;""",
    "    INSERT INTO archive_personstat"
    " (name, meeting_count, chaired_count, first_date, last_date)"
    + PEOPLE_COUNTED.format(attendee="a.name <> ''", chair="m.chair <> ''"),
)

# A meeting given another chair or date: both chairs are recounted (the date moves a
# chair's first or last meeting), before the attendees and departments of 0010.
MEETING_CHANGED = _replaced(
    _function("archive_rollup_meeting_changed"),
    """BEGIN
    INSERT INTO archive_rollup_dirty_name
    SELECT DISTINCT a.name""",
    """BEGIN
    INSERT INTO archive_rollup_dirty_name
    SELECT DISTINCT v.chair
    FROM old_rows o JOIN new_rows n ON n.id = o.id
    CROSS JOIN LATERAL (VALUES (o.chair), (n.chair)) v(chair)
    WHERE (o.chair IS DISTINCT FROM n.chair OR o.date IS DISTINCT FROM n.date)
      AND v.chair <> '';
    GET DIAGNOSTICS counted = ROW_COUNT;
    touched := touched + counted;
    INSERT INTO archive_rollup_dirty_name
    SELECT DISTINCT a.name""",
)

FORWARD = f"""
{FLUSH}

{REBUILD}

{MEETING_CHANGED}

CREATE FUNCTION archive_rollup_meeting_added_or_removed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    counted bigint;
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO archive_rollup_dirty_name
        SELECT DISTINCT chair FROM new_rows WHERE chair <> '';
    ELSE
        INSERT INTO archive_rollup_dirty_name
        SELECT DISTINCT chair FROM old_rows WHERE chair <> '';
    END IF;
    GET DIAGNOSTICS counted = ROW_COUNT;
    IF counted > 0 THEN
        PERFORM archive_rollup_queue();
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER archive_rollup_meeting_insert AFTER INSERT ON archive_meeting
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION archive_rollup_meeting_added_or_removed();
CREATE TRIGGER archive_rollup_meeting_delete AFTER DELETE ON archive_meeting
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION archive_rollup_meeting_added_or_removed();

SELECT archive_rollup_rebuild();
"""

BACKWARD = f"""
DROP TRIGGER archive_rollup_meeting_delete ON archive_meeting;
DROP TRIGGER archive_rollup_meeting_insert ON archive_meeting;
DROP FUNCTION archive_rollup_meeting_added_or_removed();

{_function("archive_rollup_flush")}

{_function("archive_rollup_rebuild")}

{_function("archive_rollup_meeting_changed")}

SELECT archive_rollup_rebuild();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0019_meeting_chair_as_written"),
    ]

    operations = [
        migrations.AddField(
            model_name="personstat",
            name="chaired_count",
            field=models.PositiveIntegerField(db_default=0, verbose_name="主持会议数"),
        ),
        migrations.AlterField(
            model_name="personstat",
            name="meeting_count",
            field=models.PositiveIntegerField(verbose_name="会议数（出席、列席或主持）"),
        ),
        # Backward, 0010's functions run while chaired_count still exists: its database
        # default fills it in.
        migrations.RunSQL(FORWARD, BACKWARD),
    ]
