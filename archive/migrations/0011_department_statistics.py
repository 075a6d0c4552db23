"""Finer planner statistics on the department columns.

PostgreSQL keeps the 100 most common values of a column by default; an archive has hundreds
of departments, so a rare department was estimated at the average of the rest (thousands of
attendee rows for one with 40), and the planner walked every meeting by date to find its
few: over a second on 100,000 meetings, where reading its rows first takes a millisecond.
"""

from django.db import migrations

COLUMNS = (
    ("archive_attendee", "department_id"),
    ("archive_decisiondepartment", "department_id"),
)


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0010_rollups"),
    ]

    operations = [
        migrations.RunSQL(
            [f"ALTER TABLE {table} ALTER {column} SET STATISTICS 1000" for table, column in COLUMNS]
            + [f"ANALYZE {table} ({column})" for table, column in COLUMNS],
            [f"ALTER TABLE {table} ALTER {column} SET STATISTICS -1" for table, column in COLUMNS],
        ),
    ]
