"""The meeting type, item kind and department filters, which a search applies in its GIN scan."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from archive.filters import MeetingFilter
from archive.models import (
    AgendaItem,
    Attendee,
    AttendeeRole,
    Decision,
    DecisionDepartment,
    Department,
    DepartmentRole,
    ItemKind,
    Meeting,
    MeetingSearch,
    MeetingType,
)
from archive.search.engine import meeting_search_ids
from archive.search.facets import HasItemKind, MeetingTypeIs, facets_apart
from archive.search.index import search_index_meeting

pytestmark = pytest.mark.django_db


def _lexemes(meeting: Meeting, facets: str) -> list[str]:
    """The lexemes of ``meeting``'s search row grams of these facets (``a|b``), sorted."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT array_agg(g ORDER BY g) FROM archive_meetingsearch,"
            " unnest(tsvector_to_array(grams)) g"
            " WHERE meeting_id = %s AND g ~ (E'^\\n(' || %s || '):')",
            [meeting.pk, facets],
        )
        return cursor.fetchone()[0] or []


def _facet_lexemes(meeting: Meeting) -> list[str]:
    return _lexemes(meeting, "type|kind")


def _meeting(number: int, text: str, meeting_type: str, kinds: list[str]) -> Meeting:
    meeting = Meeting.objects.create(
        number=number,
        date=datetime.date(2024, 1, number),
        meeting_type=meeting_type,
        source_name=f"facet-{number}.txt",
        source_text=text,
        source_encoding="utf-8",
    )
    for order, kind in enumerate(kinds, start=1):
        AgendaItem.objects.create(meeting=meeting, order=order, kind=kind, title=f"{text}{order}")
    search_index_meeting(meeting=meeting)
    return meeting


@pytest.fixture
def meetings() -> dict[int, Meeting]:
    return {
        1: _meeting(1, "城市更新", MeetingType.STANDING, [ItemKind.REVIEW, ItemKind.HEARING]),
        2: _meeting(2, "城市更新", MeetingType.STANDING, [ItemKind.REVIEW]),
        3: _meeting(3, "城市更新", MeetingType.EXECUTIVE, [ItemKind.HEARING]),
        4: _meeting(4, "城市更新", MeetingType.TOPICAL, []),
        5: _meeting(5, "乡村振兴", MeetingType.STANDING, [ItemKind.HEARING]),
    }


def test_a_search_row_holds_its_meetings_type_and_item_kinds(seeded, meetings):
    assert _facet_lexemes(meetings[1]) == ["\nkind:hearing", "\nkind:review", "\ntype:standing"]
    assert _facet_lexemes(meetings[4]) == ["\ntype:topical"]
    # Imported transcripts (the importer's own path) too.
    for meeting in seeded.values():
        kinds = set(meeting.agenda_items.values_list("kind", flat=True))
        assert _facet_lexemes(meeting) == sorted(
            [f"\nkind:{kind}" for kind in kinds] + [f"\ntype:{meeting.meeting_type}"]
        )


def test_facet_filters_are_searched_in_the_index_and_find_what_the_filters_hold(meetings):
    def numbers(data: dict, query: str = "城市") -> list[int]:
        filtered = MeetingFilter(data=data, queryset=Meeting.objects.all()).qs
        return sorted(hit.meeting.number for hit in filtered.search(query).hits)

    assert numbers({"item_kind": "hearing"}) == [1, 3]
    assert numbers({"item_kind": "review"}) == [1, 2]
    assert numbers({"meeting_type": "standing"}) == [1, 2]
    assert numbers({"meeting_type": "standing", "item_kind": "hearing"}) == [1]
    assert numbers({"meeting_type": "standing", "item_kind": "hearing"}, "乡村") == [5]
    assert numbers({"meeting_type": "topical", "item_kind": "hearing"}) == []
    # A kind no meeting has is not among the filter's choices; the facet itself finds nothing.
    written = Meeting.objects.filter(HasItemKind(ItemKind.WRITTEN)).search("城市")
    assert (written.count, written.hits) == (0, [])
    # With another filter, which stays a condition of the meetings.
    assert numbers({"item_kind": "hearing", "date_from": "2024-01-02"}) == [3]
    assert numbers({"item_kind": "hearing", "date_to": "2024-01-02"}) == [1]

    filtered = MeetingFilter(data={"item_kind": "hearing"}, queryset=Meeting.objects.all()).qs
    assert meeting_search_ids(filtered, "城市") == {meetings[1].pk, meetings[3].pk}
    results = filtered.search("城市")
    assert (results.count, results.estimated) == (2, False)
    # The list filter itself: the same meetings, by SQL alone.
    assert sorted(filtered.values_list("number", flat=True)) == [1, 3, 5]
    with CaptureQueriesContext(connection) as statements:
        filtered.search("城市")
    searched = [s["sql"] for s in statements if "archive_meetingsearch s" in s["sql"]]
    assert searched and not any("archive_agendaitem" in sql for sql in searched)


def test_only_facets_at_the_top_are_taken_out(meetings):
    hearing = HasItemKind(ItemKind.HEARING)
    reduced, lexemes = facets_apart(Meeting.objects.filter(hearing).filter(number__gte=2))
    assert lexemes == ("'\nkind:hearing'",)
    assert sorted(reduced.values_list("number", flat=True)) == [2, 3, 4, 5]
    # Facets joined by OR are searched as an OR of their lexemes.
    either = Meeting.objects.filter(Q(hearing) | Q(MeetingTypeIs(MeetingType.TOPICAL)))
    reduced, queries = facets_apart(either)
    assert queries == ("(('\nkind:hearing') | ('\ntype:topical'))",)
    assert not reduced.query.has_filters()
    assert sorted(hit.meeting.number for hit in either.search("城市").hits) == [1, 3, 4]
    # Negated or in an OR, a facet stays a condition: searched exactly, only not in the index.
    for queryset, expected in [
        (Meeting.objects.exclude(hearing), [2, 4]),
        (Meeting.objects.filter(Q(hearing) | Q(number=4)), [1, 3, 4]),
        (Meeting.objects.filter(~Q(MeetingTypeIs(MeetingType.STANDING))), [3, 4]),
    ]:
        assert facets_apart(queryset) == (queryset, ())
        found = sorted(hit.meeting.number for hit in queryset.search("城市").hits)
        assert found == expected


def test_a_corrected_item_kind_is_searched_at_once(meetings):
    item = meetings[2].agenda_items.get()
    item.kind = ItemKind.HEARING
    item.save()
    search_index_meeting(meeting=meetings[2])  # as every correction does (meeting_corrected)
    hearing = MeetingFilter(data={"item_kind": "hearing"}, queryset=Meeting.objects.all()).qs
    assert sorted(hit.meeting.number for hit in hearing.search("城市").hits) == [1, 2, 3]
    assert _facet_lexemes(meetings[2]) == ["\nkind:hearing", "\ntype:standing"]


def test_migration_adds_the_facets_of_each_meeting_to_its_grams(meetings):
    from django.db.migrations.executor import MigrationExecutor

    expected = dict(MeetingSearch.objects.values_list("meeting_id", "grams"))
    with connection.cursor() as cursor:
        # No pending checks on the meetings' history before migrating back alters its table.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    executor = MigrationExecutor(connection)
    executor.migrate([("archive", "0020_personstat_chairs")])
    assert _facet_lexemes(meetings[1]) == []
    assert "\ntype" not in MeetingSearch.objects.get(meeting=meetings[4]).grams
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert dict(MeetingSearch.objects.values_list("meeting_id", "grams")) == expected


def _department_lexemes(meeting: Meeting) -> list[str]:
    return _lexemes(meeting, "attended|led")


@pytest.fixture
def departments(meetings) -> dict[str, Department]:
    """财政局 attends meetings 1 and 2 and leads a decision of 3; 交通局 only supports one of
    meeting 1's decisions and leads one of 4's; 水务局 takes part in nothing. Someone of 财政局
    is on leave (请假) from meeting 2, where someone else of it attends, and from meeting 4;
    someone of 水务局 from meeting 5: an absence is no part in a meeting."""
    # The seeds' own, where a test imports them too.
    found = {
        name: Department.objects.get_or_create(match_key=name, defaults={"name": name})[0]
        for name in ("财政局", "交通局", "水务局")
    }

    def decision(meeting: Meeting, department: str, role: str) -> None:
        item = meeting.agenda_items.first() or AgendaItem.objects.create(
            meeting=meeting, order=1, kind=ItemKind.REVIEW, title="城市更新1"
        )
        made = Decision.objects.create(
            agenda_item=item, order=item.decisions.count() + 1, text="同意"
        )
        DecisionDepartment.objects.create(
            decision=made, department=found[department], role=role, name_as_written=department
        )

    for number in (1, 2):
        Attendee.objects.create(
            meeting=meetings[number],
            order=1,
            name="张三",
            role=AttendeeRole.OBSERVER,
            department=found["财政局"],
            department_as_written="财政局",
        )
    for number, department in ((2, "财政局"), (4, "财政局"), (5, "水务局")):
        Attendee.objects.create(
            meeting=meetings[number],
            order=2,
            name="李四",
            role=AttendeeRole.ABSENT,
            department=found[department],
            department_as_written=department,
        )
    decision(meetings[3], "财政局", DepartmentRole.LEAD)
    decision(meetings[1], "交通局", DepartmentRole.SUPPORTING)
    decision(meetings[4], "交通局", DepartmentRole.LEAD)
    for meeting in meetings.values():
        search_index_meeting(meeting=meeting)
    return found


def test_a_search_row_holds_the_departments_parts_in_its_meeting(seeded, meetings, departments):
    finance, transport = departments["财政局"].pk, departments["交通局"].pk
    # 交通局 only supports a decision of meeting 1: no part in the filter's sense.
    assert _department_lexemes(meetings[1]) == [f"\nattended:{finance}"]
    assert _department_lexemes(meetings[2]) == [f"\nattended:{finance}"]
    assert _department_lexemes(meetings[3]) == [f"\nled:{finance}"]
    assert _department_lexemes(meetings[4]) == [f"\nled:{transport}"]
    assert _department_lexemes(meetings[5]) == []
    # Imported transcripts too: one lexeme per department and part that the records hold.
    for meeting in seeded.values():
        attended = set(
            meeting.attendees.exclude(department=None).values_list("department_id", flat=True)
        )
        led = set(
            DecisionDepartment.objects.filter(
                decision__agenda_item__meeting=meeting, role=DepartmentRole.LEAD
            ).values_list("department_id", flat=True)
        )
        assert len(attended) > 5 and len(led) > 3
        assert _department_lexemes(meeting) == sorted(
            [f"\nattended:{pk}" for pk in attended] + [f"\nled:{pk}" for pk in led]
        )


@pytest.mark.parametrize(
    ("department", "role", "expected"),
    [
        ("财政局", "", [1, 2, 3]),
        ("财政局", "attended", [1, 2]),
        ("财政局", "led", [3]),
        ("交通局", "", [4]),  # supporting a decision is not taking part in the filter's sense
        ("交通局", "attended", []),
        ("水务局", "", []),
    ],
)
def test_the_department_filter_is_searched_in_the_index(departments, department, role, expected):
    data = {"department": departments[department].pk, "department_role": role}
    filtered = MeetingFilter(data=data, queryset=Meeting.objects.all()).qs
    # The list filter by SQL alone, and the search by the index alone, find the same meetings.
    assert sorted(filtered.values_list("number", flat=True)) == expected
    assert facets_apart(filtered)[0].query.where.children == []
    with CaptureQueriesContext(connection) as statements:
        results = filtered.search("城市")
    assert sorted(hit.meeting.number for hit in results.hits) == expected
    assert (results.count, results.estimated) == (len(expected), False)
    searched = [s["sql"] for s in statements if "archive_meetingsearch s" in s["sql"]]
    assert searched and not any(
        "archive_attendee" in sql or "archive_decisiondepartment" in sql for sql in searched
    )
    # With the other facets and a date, which stays a condition of the meetings.
    data.update(meeting_type="standing", date_to="2024-01-02")
    filtered = MeetingFilter(data=data, queryset=Meeting.objects.all()).qs
    assert sorted(hit.meeting.number for hit in filtered.search("城市").hits) == [
        number for number in expected if number <= 2
    ]


def test_a_role_corrected_to_leave_is_searched_at_once(departments):
    finance = departments["财政局"]

    def attended() -> list[int]:
        data = {"department": finance.pk, "department_role": "attended"}
        filtered = MeetingFilter(data=data, queryset=Meeting.objects.all()).qs
        return sorted(hit.meeting.number for hit in filtered.search("城市").hits)

    attendee = Meeting.objects.get(number=1).attendees.get(department=finance)
    for role, expected in ((AttendeeRole.ABSENT, [2]), (AttendeeRole.PRESENT, [1, 2])):
        attendee.role = role
        attendee.save()
        search_index_meeting(meeting=attendee.meeting)  # as meeting_corrected does
        assert attended() == expected


def test_a_department_merge_moves_its_meetings_in_the_index(departments):
    from archive.services.departments import department_merge

    finance, transport = departments["财政局"], departments["交通局"]
    department_merge(source=finance, target=transport)

    def searched(data: dict) -> list[int]:
        filtered = MeetingFilter(data=data, queryset=Meeting.objects.all()).qs
        return sorted(hit.meeting.number for hit in filtered.search("城市").hits)

    assert searched({"department": transport.pk}) == [1, 2, 3, 4]
    assert searched({"department": transport.pk, "department_role": "led"}) == [3, 4]
    assert searched({"department": transport.pk, "department_role": "attended"}) == [1, 2]
    # Nothing is left under the merged department's ID.
    assert _department_lexemes(Meeting.objects.get(number=1)) == [f"\nattended:{transport.pk}"]
    assert not any(
        lexeme.endswith(f":{finance.pk}")
        for meeting in Meeting.objects.all()
        for lexeme in _department_lexemes(meeting)
    )


def test_migration_adds_the_departments_parts_to_the_grams(seeded, departments):
    from django.db.migrations.executor import MigrationExecutor

    expected = dict(MeetingSearch.objects.values_list("meeting_id", "grams"))
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    executor = MigrationExecutor(connection)
    executor.migrate([("archive", "0021_search_facet_grams")])
    assert all(_department_lexemes(meeting) == [] for meeting in Meeting.objects.all())
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert dict(MeetingSearch.objects.values_list("meeting_id", "grams")) == expected
    assert len(_department_lexemes(seeded[41])) > 10


@pytest.mark.parametrize(
    "data",
    [
        {"item_kind": "review"},
        {"department": 1},
        {"department": 1, "department_role": "attended"},
        {"department": 1, "department_role": "led"},
    ],
)
def test_a_facet_on_a_list_page_is_an_unordered_subquery(data):
    Department.objects.create(pk=1, name="财政局", match_key="财政局")
    sql = str(MeetingFilter(data=data, queryset=Meeting.objects.all()).qs.query)
    # Only the list's own order: a subquery that sorted its rows by their meetings' dates
    # joined and sorted every one of them (a list page 1 ms → 30 ms at 10,000 meetings).
    assert sql.count("ORDER BY") == 1
    assert 'JOIN "archive_meeting"' not in sql
