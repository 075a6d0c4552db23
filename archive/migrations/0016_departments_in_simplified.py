from django.db import migrations
from django.db.models import Exists, OuterRef

# Departments first written in Traditional characters were kept as departments of their own
# (縣水務局 beside 县水务局). The import now names departments in Simplified characters and
# records the written form as an alias; this does the same for the departments already
# stored: each one named in Traditional characters goes into the department its Simplified
# name denotes, or, when there is none, is renamed to it. Its old name stays an alias, so
# that the next import of a transcript writing it lands in the same place.


def departments_simplify(apps, schema_editor):
    from archive.ingest.departments import department_canonical_name, department_match_key
    from archive.ingest.parse.traditional import to_simplified

    Department = apps.get_model("archive", "Department")
    DepartmentAlias = apps.get_model("archive", "DepartmentAlias")
    DecisionDepartment = apps.get_model("archive", "DecisionDepartment")
    Attendee = apps.get_model("archive", "Attendee")

    for department in Department.objects.order_by("pk"):
        if to_simplified(department.name) == department.name:
            continue
        old_name, old_key = department.name, department.match_key
        canonical = department_canonical_name(old_name)
        key = department_match_key(canonical)
        others = Department.objects.exclude(pk=department.pk)
        target = others.filter(match_key=key).first() or others.filter(name=canonical).first()
        if target is None:
            alias = DepartmentAlias.objects.filter(name__in=[canonical, key]).first()
            target = alias.department if alias and alias.department_id != department.pk else None
        if target is None:
            department.name, department.match_key = canonical, key
            department.save(update_fields=["name", "match_key"])
            names = {old_name, canonical}
        else:
            same_link = DecisionDepartment.objects.filter(
                department=target, decision_id=OuterRef("decision_id"), role=OuterRef("role")
            )
            links = DecisionDepartment.objects.filter(department=department)
            links.filter(Exists(same_link)).delete()
            links.update(department=target)
            Attendee.objects.filter(department=department).update(department=target)
            DepartmentAlias.objects.filter(department=department).update(department=target)
            department.delete()
            names = {old_name, old_key}
        for name in names:
            DepartmentAlias.objects.update_or_create(
                name=name, defaults={"department": target or department}
            )


class Migration(migrations.Migration):
    dependencies = [("archive", "0015_search_generation")]

    operations = [migrations.RunPython(departments_simplify, migrations.RunPython.noop)]
