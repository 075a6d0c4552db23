"""Merging departments: every reference follows, nothing is orphaned, re-import agrees."""

from __future__ import annotations

import pytest

from archive.ingest.load import ImportStatus, meeting_import
from archive.models import Attendee, DecisionDepartment, Department, DepartmentAlias
from archive.services.departments import DepartmentMergeError, department_merge
from tests.conftest import SEED_38

pytestmark = pytest.mark.django_db


def _references(department: Department) -> tuple[int, int, int]:
    return (
        DecisionDepartment.objects.filter(department=department).count(),
        Attendee.objects.filter(department=department).count(),
        DepartmentAlias.objects.filter(department=department).count(),
    )


def test_merge_moves_links_attendees_and_aliases(seeded):
    source = Department.objects.get(name="市政府办公室")  # leads one decision, 8 attend
    target = Department.objects.get(name="市公安局")
    source_pk = source.pk
    links, attendees, _ = _references(source)
    target_links, target_attendees, _ = _references(target)
    source_aliases = set(source.aliases.values_list("name", flat=True))

    result = department_merge(source=source, target=target)

    assert not Department.objects.filter(pk=source_pk).exists()
    assert _references(Department(pk=source_pk))[:2] == (0, 0)
    assert not DepartmentAlias.objects.filter(department_id=source_pk).exists()
    assert (result.decision_links, result.attendees) == (links, attendees)
    assert _references(target)[:2] == (target_links + links, target_attendees + attendees)
    target_aliases = set(target.aliases.values_list("name", flat=True))
    assert source_aliases | {"市政府办公室", "政府办公室"} <= target_aliases
    assert set(result.meetings) == {seeded[38].pk, seeded[41].pk}


def test_merge_drops_the_sources_link_where_both_were_linked(seeded):
    decision = seeded[38].agenda_items.get(order=7).decisions.get(order=1)
    source = Department.objects.get(name="市民宗局")
    target = Department.objects.get(name="市公安局")
    assert {link.department for link in decision.department_links.filter(role="lead")} >= {
        source,
        target,
    }
    leads_before = decision.department_links.filter(role="lead").count()

    result = department_merge(source=source, target=target)

    assert result.duplicate_links_removed == 1
    leads = decision.department_links.filter(role="lead")
    assert leads.count() == leads_before - 1
    assert leads.filter(department=target).count() == 1


def test_only_the_meetings_that_mention_the_source_count_as_corrected(seeded):
    source = Department.objects.get(name="市民宗局")  # named once, in the 38th meeting
    department_merge(source=source, target=Department.objects.get(name="市公安局"))
    seeded[38].refresh_from_db()
    seeded[41].refresh_from_db()
    assert seeded[38].corrected_at is not None
    assert seeded[41].corrected_at is None


def test_reimport_after_a_merge_uses_the_surviving_department(seeded, tmp_path):
    source = Department.objects.get(name="市气象局")
    target = Department.objects.get(name="市公安局")
    department_merge(source=source, target=target)
    changed = tmp_path / SEED_38.name
    changed.write_text(SEED_38.read_text(encoding="utf-8") + "\n", encoding="utf-8")

    result = meeting_import(path=changed)

    assert result.status is ImportStatus.UPDATED
    assert not Department.objects.filter(name__in=["市气象局", "气象局"]).exists()
    assert DepartmentAlias.objects.get(name="气象局").department == target


def test_merging_into_itself_is_refused(seeded):
    department = Department.objects.get(name="市公安局")
    with pytest.raises(DepartmentMergeError, match="不能把部门合并到它自己"):
        department_merge(source=department, target=department)


def test_a_new_spelling_of_a_merged_department_finds_the_survivor(seeded):
    from archive.ingest.load import department_resolve

    source = Department.objects.get(name="市民宗局")
    assert set(source.aliases.values_list("name", flat=True)) == {"市民宗局"}
    target = Department.objects.get(name="市公安局")
    department_merge(source=source, target=target)

    assert department_resolve("民宗局") == target  # never written before the merge
    assert DepartmentAlias.objects.get(name="民宗局").department == target
    assert not Department.objects.filter(match_key="民宗局").exists()


def test_migration_puts_departments_written_in_traditional_into_the_simplified_ones(db):
    """0016: 縣水務局 goes into 县水务局 (a link both hold for the same decision is kept once),
    縣醫保局, with no Simplified twin, is renamed; the old names stay aliases."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("archive", "0015_search_generation")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    department = old.get_model("archive", "Department").objects
    alias = old.get_model("archive", "DepartmentAlias").objects
    water = department.create(name="县水务局", match_key="县水务局")
    water_written = department.create(name="縣水務局", match_key="縣水務局")
    insurance = department.create(name="縣醫保局", match_key="縣醫保局")
    for written in (water, water_written, insurance):
        alias.create(name=written.name, department=written)
    meeting = old.get_model("archive", "Meeting").objects.create(
        number=1, source_name="m.txt", source_text="", source_encoding="utf-8"
    )
    item = old.get_model("archive", "AgendaItem").objects.create(
        meeting=meeting, order=1, kind="review", title="审议"
    )
    decision = old.get_model("archive", "Decision").objects
    first = decision.create(agenda_item=item, order=1, text="一")
    second = decision.create(agenda_item=item, order=2, text="二")
    link = old.get_model("archive", "DecisionDepartment").objects
    for linked, department_of, role in [
        (first, water, "lead"),
        (first, water_written, "lead"),
        (second, water_written, "supporting"),
        (second, insurance, "lead"),
    ]:
        link.create(
            decision=linked, department=department_of, role=role, name_as_written=department_of.name
        )
    old.get_model("archive", "Attendee").objects.create(
        meeting=meeting, order=1, name="张三", role="observer", department=water_written
    )
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    executor = MigrationExecutor(connection)
    executor.migrate([("archive", "0016_departments_in_simplified")])

    assert sorted(Department.objects.values_list("pk", "name", "match_key")) == [
        (water.pk, "县水务局", "县水务局"),
        (insurance.pk, "县医保局", "县医保局"),
    ]
    assert sorted(
        DecisionDepartment.objects.values_list(
            "decision__order", "department_id", "role", "name_as_written"
        )
    ) == [
        (1, water.pk, "lead", "县水务局"),
        (2, water.pk, "supporting", "縣水務局"),
        (2, insurance.pk, "lead", "縣醫保局"),
    ]
    # Columns of the schema at 0016 only: later migrations add to the attendee table.
    assert Attendee.objects.filter(name="张三").values_list("department_id", flat=True).get() == (
        water.pk
    )
    assert sorted(DepartmentAlias.objects.values_list("name", "department_id")) == [
        ("县医保局", insurance.pk),
        ("县水务局", water.pk),
        ("縣水務局", water.pk),
        ("縣醫保局", insurance.pk),
    ]
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_migration_gives_a_department_added_without_a_key_its_key(db):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("archive", "0016_departments_in_simplified")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    added = old.get_model("archive", "Department").objects.create(name="市数据局", match_key="")

    executor = MigrationExecutor(connection)
    executor.migrate([("archive", "0017_department_keys_for_added_departments")])

    assert Department.objects.get(pk=added.pk).match_key == "数据局"
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
