from django.db import migrations


def editors_group_create(apps, schema_editor):
    from archive.services.editors import editors_group_sync

    editors_group_sync(apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0002_corrections_history"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(editors_group_create, migrations.RunPython.noop)]
