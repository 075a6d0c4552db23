from django.db import migrations

# A department added in the admin was saved without a match key (the field is not on the
# form), so the import never found it, and a second one could not be added at all. Such a
# department (there can be one: the key is unique) gets the key an imported department of that
# name would have, unless another department holds that key already; an editor merges those.


def department_keys_fill(apps, schema_editor):
    from archive.ingest.departments import department_match_key

    Department = apps.get_model("archive", "Department")
    for department in Department.objects.filter(match_key=""):
        key = department_match_key(department.name)
        if not Department.objects.filter(match_key=key).exists():
            department.match_key = key
            department.save(update_fields=["match_key"])


class Migration(migrations.Migration):
    dependencies = [("archive", "0016_departments_in_simplified")]

    operations = [migrations.RunPython(department_keys_fill, migrations.RunPython.noop)]
