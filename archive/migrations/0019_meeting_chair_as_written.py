from django.db import migrations, models

# A chair written in Traditional characters (賈紅偉) was listed in the chair filter beside the
# 贾红伟 of the other transcripts. The chair is now kept in Simplified characters, as
# attendees' names are (0018), the written form beside it when it differs; this converts the
# meetings already stored.


def chairs_simplify(apps, schema_editor):
    from archive.ingest.parse.traditional import to_simplified

    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT chair FROM archive_meeting WHERE chair <> ''")
        chairs = [row[0] for row in cursor.fetchall()]
        for chair in chairs:
            simplified = to_simplified(chair)
            if simplified != chair:
                cursor.execute(
                    "UPDATE archive_meeting SET chair = %s, chair_as_written = chair"
                    " WHERE chair = %s",
                    [simplified, chair],
                )


class Migration(migrations.Migration):
    dependencies = [("archive", "0018_attendee_name_as_written")]

    operations = [
        migrations.AddField(
            model_name="meeting",
            name="chair_as_written",
            field=models.CharField(
                blank=True, default="", max_length=50, verbose_name="主持人原文写法"
            ),
        ),
        migrations.AddField(
            model_name="historicalmeeting",
            name="chair_as_written",
            field=models.CharField(
                blank=True, default="", max_length=50, verbose_name="主持人原文写法"
            ),
        ),
        # The chair filter and a person's 主持 count look meetings up by chair.
        migrations.AddIndex(
            model_name="meeting",
            index=models.Index(fields=["chair", "date"], name="meeting_chair_date_idx"),
        ),
        # The stored chairs, once the columns exist.
        migrations.RunPython(chairs_simplify, migrations.RunPython.noop),
    ]
