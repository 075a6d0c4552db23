from django.db import migrations, models

# People are told apart by name, and a name written in Traditional characters (陳國華) was a
# person of its own beside the 陈国华 of the other transcripts. An attendee's name is now kept
# in Simplified characters, the written form beside it when it differs; this converts the
# attendees already stored (the rollup triggers recount both names' people).


def attendee_names_simplify(apps, schema_editor):
    from archive.ingest.parse.traditional import to_simplified

    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT name FROM archive_attendee WHERE name <> ''")
        names = [row[0] for row in cursor.fetchall()]
        for name in names:
            simplified = to_simplified(name)
            if simplified != name:
                cursor.execute(
                    "UPDATE archive_attendee SET name = %s, name_as_written = name"
                    " WHERE name = %s",
                    [simplified, name],
                )


class Migration(migrations.Migration):
    dependencies = [("archive", "0017_department_keys_for_added_departments")]

    operations = [
        migrations.AddField(
            model_name="attendee",
            name="name_as_written",
            field=models.CharField(
                blank=True, default="", max_length=50, verbose_name="姓名原文写法"
            ),
        ),
        migrations.AddField(
            model_name="historicalattendee",
            name="name_as_written",
            field=models.CharField(
                blank=True, default="", max_length=50, verbose_name="姓名原文写法"
            ),
        ),
        migrations.RunPython(attendee_names_simplify, migrations.RunPython.noop),
    ]
