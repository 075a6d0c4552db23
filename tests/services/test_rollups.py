"""The counts kept at write time (PersonStat, DepartmentMonth) stay exact after every write.

Each test compares the kept counts with the same counts computed here, in Python, from the
attendee and decision-link rows, after an import, a re-import, a correction, a merge, a
deletion, a bulk load and a raw SQL copy; and checks some of them by hand.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict

import pytest
from django.db import connection, transaction

from archive.ingest.load import ImportStatus, meeting_import
from archive.models import (
    Attendee,
    DecisionDepartment,
    Department,
    DepartmentMonth,
    DepartmentRole,
    Meeting,
    PersonStat,
)
from archive.rollups import rollups_flush, rollups_rebuild
from archive.services.departments import department_merge
from tests.conftest import SEED_38, SEED_41


def _month(date: datetime.date | None) -> datetime.date | None:
    return date.replace(day=1) if date else None


def counted_people() -> dict[str, tuple[int, int, datetime.date | None, datetime.date | None]]:
    """{name: (meetings attended or chaired, meetings chaired, first date, last date)} straight
    from the attendee rows and the meetings' chairs."""
    meetings: dict[str, set[int]] = defaultdict(set)
    chaired: dict[str, set[int]] = defaultdict(set)
    dates: dict[str, list[datetime.date]] = defaultdict(list)
    appearances = list(
        Attendee.objects.exclude(name="").values_list("name", "meeting_id", "meeting__date")
    )
    for name, meeting_id, date in Meeting.objects.exclude(chair="").values_list(
        "chair", "pk", "date"
    ):
        chaired[name].add(meeting_id)
        appearances.append((name, meeting_id, date))
    for name, meeting_id, date in appearances:
        meetings[name].add(meeting_id)
        if date is not None:
            dates[name].append(date)
    return {
        name: (
            len(ids),
            len(chaired[name]),
            min(dates[name], default=None),
            max(dates[name], default=None),
        )
        for name, ids in meetings.items()
    }


def counted_departments() -> dict[tuple[int, datetime.date | None], tuple[int, int]]:
    """{(department, month): (meetings attended, decisions led)} straight from the rows; a
    department on leave (请假) did not attend."""
    attended: dict[tuple, set[int]] = defaultdict(set)
    for department, meeting_id, date in (
        Attendee.objects.exclude(department=None)
        .exclude(role="absent")
        .values_list("department_id", "meeting_id", "meeting__date")
    ):
        attended[(department, _month(date))].add(meeting_id)
    led = Counter(
        (department, _month(date))
        for department, date in DecisionDepartment.objects.filter(
            role=DepartmentRole.LEAD
        ).values_list("department_id", "decision__agenda_item__meeting__date")
    )
    return {
        key: (len(attended.get(key, ())), led.get(key, 0)) for key in attended.keys() | led.keys()
    }


def kept_people() -> dict[str, tuple[int, int, datetime.date | None, datetime.date | None]]:
    rollups_flush()
    return {
        row.name: (row.meeting_count, row.chaired_count, row.first_date, row.last_date)
        for row in PersonStat.objects.all()
    }


def kept_departments() -> dict[tuple[int, datetime.date | None], tuple[int, int]]:
    rollups_flush()
    return {
        (row.department_id, row.month): (row.attended, row.led)
        for row in DepartmentMonth.objects.all()
    }


def assert_exact() -> None:
    assert kept_people() == counted_people()
    assert kept_departments() == counted_departments()


def test_import_counts_every_name_and_department(seeded):
    assert_exact()
    people = kept_people()
    # 王晨清 is listed in both seed meetings, under 市政府办.
    assert people["王晨清"] == (2, 0, seeded[38].date, seeded[41].date)
    assert len(people) == len(counted_people()) > 100
    office = Department.objects.get(name="市政府办公室")
    months = {
        month: counts
        for (department, month), counts in kept_departments().items()
        if department == office.pk
    }
    assert set(months) == {_month(seeded[38].date), _month(seeded[41].date)}
    assert sum(attended for attended, _led in months.values()) == 2


def test_reimport_of_a_changed_transcript(seeded, tmp_path):
    changed = tmp_path / SEED_38.name
    text = SEED_38.read_text(encoding="utf-8")
    assert "王晨清" in text and "2024年1月24日" in text
    changed.write_text(
        text.replace("王晨清", "王晨新").replace("2024年1月24日", "2023年11月3日"), encoding="utf-8"
    )

    result = meeting_import(path=changed)

    assert result.status is ImportStatus.UPDATED
    assert_exact()
    people = kept_people()
    assert people["王晨清"] == (1, 0, seeded[41].date, seeded[41].date)
    assert people["王晨新"] == (1, 0, datetime.date(2023, 11, 3), datetime.date(2023, 11, 3))
    office = Department.objects.get(name="市政府办公室")
    assert (office.pk, datetime.date(2023, 11, 1)) in kept_departments()
    assert (office.pk, datetime.date(2024, 1, 1)) not in kept_departments()


def test_unchanged_reimport_writes_nothing(seeded):
    before = (kept_people(), kept_departments())
    assert meeting_import(path=SEED_38).status is ImportStatus.UNCHANGED
    assert (kept_people(), kept_departments()) == before


def test_corrections_of_names_departments_roles_and_dates(seeded):
    meeting = seeded[38]
    attendee = meeting.attendees.get(name="王晨清")
    attendee.name = "王晨"
    attendee.department = Department.objects.get(name="市公安局")
    attendee.save()
    link = DecisionDepartment.objects.filter(
        decision__agenda_item__meeting=meeting, role=DepartmentRole.LEAD
    ).first()
    link.role = DepartmentRole.SUPPORTING
    link.save()
    meeting.date = datetime.date(2022, 2, 2)
    meeting.save()

    assert_exact()
    assert kept_people()["王晨"] == (1, 0, datetime.date(2022, 2, 2), datetime.date(2022, 2, 2))
    assert kept_people()["王晨清"][0] == 1

    meeting.date = None
    meeting.save()
    assert_exact()
    assert kept_people()["王晨"] == (1, 0, None, None)


def test_merge_moves_the_counts_to_the_survivor(seeded):
    source = Department.objects.get(name="市政府办公室")
    target = Department.objects.get(name="市公安局")
    before = kept_departments()
    source_attended = sum(a for (d, _m), (a, _l) in before.items() if d == source.pk)
    assert source_attended == 2

    department_merge(source=source, target=target)

    assert_exact()
    assert not any(d == source.pk for d, _m in kept_departments())


def test_a_department_on_leave_did_not_attend(seeded):
    """Someone listed as on leave (请假) is counted as a person, not as their department's
    attendance; a role corrected either way is recounted."""
    office = Department.objects.get(name="市政府办公室")
    month = _month(seeded[38].date)
    attendees = seeded[38].attendees.filter(department=office)
    assert attendees.count() == 8
    assert kept_departments()[(office.pk, month)][0] == 1

    # One of eight on leave: the office still attended.
    attendees.filter(name="王晨清").update(role="absent")
    assert_exact()
    assert kept_departments()[(office.pk, month)][0] == 1
    # All eight: it did not.
    attendees.update(role="absent")
    assert_exact()
    assert kept_departments().get((office.pk, month), (0, 0))[0] == 0
    assert kept_people()["王晨清"] == (2, 0, seeded[38].date, seeded[41].date)
    rollups_rebuild()
    assert_exact()

    attendees.update(role="observer")
    assert_exact()
    assert kept_departments()[(office.pk, month)][0] == 1


def test_deleting_a_meeting_forgets_it(seeded):
    only_in_38 = set(seeded[38].attendees.values_list("name", flat=True)) - set(
        seeded[41].attendees.values_list("name", flat=True)
    )
    assert only_in_38
    seeded[38].delete()

    assert_exact()
    people = kept_people()
    assert not only_in_38 & set(people)
    assert people["王晨清"] == (1, 0, seeded[41].date, seeded[41].date)
    assert people["徐华东"] == (1, 1, seeded[41].date, seeded[41].date)


def another_meeting(body: str, date: datetime.date, chair: str = "") -> Meeting:
    """A 999th meeting, with no attendees."""
    return Meeting.objects.create(
        body=body,
        number=999,
        date=date,
        chair=chair,
        source_name="copy.txt",
        source_text="原文",
        source_encoding="utf-8",
        content_hash="0" * 64,
    )


def test_bulk_writes_and_raw_sql_are_counted(seeded):
    """Statement-level triggers: bulk_create (load_archive) and SQL copies (the load-test
    corpus) are counted like the importer's row-by-row writes."""
    meeting = seeded[41]
    copy = another_meeting(meeting.body, datetime.date(2020, 5, 6))
    Attendee.objects.bulk_create(
        Attendee(meeting=copy, order=a.order, name=a.name, role=a.role, department=a.department)
        for a in meeting.attendees.all()
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE archive_attendee SET name = '新名字' WHERE meeting_id = %s AND \"order\" = 1",
            [copy.pk],
        )
    assert_exact()
    assert kept_people()["新名字"] == (1, 0, datetime.date(2020, 5, 6), datetime.date(2020, 5, 6))
    assert kept_people()["王晨清"][0] == 3


def test_chairs_are_counted_with_the_people(seeded):
    """A chair is counted as a person: added, given another chair or date, or deleted, by
    the ORM or by raw SQL; a chair who also attends the meeting counts it once."""
    xu = seeded[38].date, seeded[41].date
    assert kept_people()["徐华东"] == (2, 2, *xu)
    assert_exact()

    meeting = seeded[38]
    meeting.chair = "王晨清"  # who attends it too
    meeting.save()
    assert_exact()
    assert kept_people()["王晨清"] == (2, 1, seeded[38].date, seeded[41].date)
    assert kept_people()["徐华东"] == (1, 1, seeded[41].date, seeded[41].date)

    another_meeting(meeting.body, datetime.date(2020, 5, 6), chair="周新")
    assert kept_people()["周新"] == (1, 1, datetime.date(2020, 5, 6), datetime.date(2020, 5, 6))
    with connection.cursor() as cursor:
        cursor.execute("UPDATE archive_meeting SET date = '2019-01-02' WHERE number = 999")
    assert kept_people()["周新"] == (1, 1, datetime.date(2019, 1, 2), datetime.date(2019, 1, 2))
    with connection.cursor() as cursor:
        cursor.execute("UPDATE archive_meeting SET chair = '' WHERE number = 999")
    assert "周新" not in kept_people()
    assert_exact()

    seeded[41].delete()
    assert "徐华东" not in kept_people()
    assert_exact()


def test_rebuild_gives_the_same_counts(seeded):
    before = (kept_people(), kept_departments())
    PersonStat.objects.all().delete()
    rollups_rebuild()
    assert (kept_people(), kept_departments()) == before


@pytest.mark.django_db(transaction=True)
def test_counts_follow_commits_and_ignore_rollbacks():
    """Outside tests nobody flushes: the deferred trigger recounts at commit."""
    assert meeting_import(path=SEED_38).status is ImportStatus.CREATED
    assert PersonStat.objects.get(name="王晨清").meeting_count == 1
    assert DepartmentMonth.objects.filter(month=datetime.date(2024, 1, 1)).exists()

    with pytest.raises(RuntimeError), transaction.atomic():
        assert meeting_import(path=SEED_41).status is ImportStatus.CREATED
        raise RuntimeError("rolled back")
    assert PersonStat.objects.get(name="王晨清").meeting_count == 1

    assert meeting_import(path=SEED_41).status is ImportStatus.CREATED
    assert PersonStat.objects.get(name="王晨清").meeting_count == 2
    with transaction.atomic():
        Meeting.objects.get(number=41).delete()
    assert PersonStat.objects.get(name="王晨清").meeting_count == 1
    assert not connection.in_atomic_block
    assert_exact()
