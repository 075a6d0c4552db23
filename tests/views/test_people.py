"""Person pages: each name's appearances, roles and departments."""

from __future__ import annotations

import pytest
from django.db.models import Q
from django.urls import reverse

from archive.models import Attendee, PersonStat

pytestmark = pytest.mark.django_db


def test_person_page_lists_appearances_and_departments(client, seeded):
    response = client.get(reverse("archive:person_detail", args=["王晨清"]))
    assert response.status_code == 200
    assert response.context["meeting_count"] == 2
    assert [stint.department_name for stint in response.context["stints"]] == ["市政府办公室"]
    assert response.context["roles"] == [("列席", 2)]
    html = response.content.decode()
    assert seeded[38].get_absolute_url() + "#attendance" in html


def test_person_list_ranks_by_meetings(client, seeded):
    response = client.get(reverse("archive:person_list"))
    people = list(response.context["page_obj"])
    assert people[0].meeting_count == 2
    assert [p.meeting_count for p in people] == sorted(
        (p.meeting_count for p in people), reverse=True
    )
    wang = next(person for person in people if person.name == "王晨清")
    assert wang.meeting_count == 2
    assert (wang.first_date, wang.last_date) == (seeded[38].date, seeded[41].date)
    html = response.content.decode()
    assert f"{seeded[38].date.year}年{seeded[38].date.month}月{seeded[38].date.day}日" in html


def test_person_list_finds_names_holding_what_was_typed(client, seeded):
    response = client.get(reverse("archive:person_list"), {"name": " 晨清 "})
    assert [p.name for p in response.context["page_obj"]] == ["王晨清"]
    html = response.content.decode()
    assert "1 个姓名" in html
    assert 'value=" 晨清 "' in html
    # Typed in Traditional characters, a name stored in Simplified is found too.
    found = client.get(reverse("archive:person_list"), {"name": "華"}).context["page_obj"]
    expected = PersonStat.objects.filter(Q(name__contains="华") | Q(name__contains="華"))
    assert "华浩春" in {p.name for p in found}
    assert [p.name for p in found] == [p.name for p in expected.order_by("-meeting_count", "name")]
    empty = client.get(reverse("archive:person_list"), {"name": "不存在的人"})
    assert list(empty.context["page_obj"]) == []
    assert "0 个姓名" in empty.content.decode()


@pytest.mark.parametrize("name", ["\x00", "王" * 51, "%", "_"])
def test_person_list_name_filter_takes_any_input(client, seeded, name):
    response = client.get(reverse("archive:person_list"), {"name": name})
    assert response.status_code == 200
    if name in {"%", "_"}:  # not wildcards: no name holds them
        assert list(response.context["page_obj"]) == []
    else:
        assert response.context["filter"].form.errors


def test_meeting_page_links_attendees_to_their_person_page(client, seeded):
    html = client.get(seeded[38].get_absolute_url()).content.decode()
    assert f'href="{reverse("archive:person_detail", args=["王晨清"])}"' in html


def test_unknown_name_is_404(client, seeded):
    assert client.get(reverse("archive:person_detail", args=["无此人"])).status_code == 404


def test_a_chair_who_attended_no_meeting_has_a_person_page(client, seeded):
    # 徐华东 chairs both seeds and is in neither attendance list.
    response = client.get(reverse("archive:person_detail", args=["徐华东"]))
    assert response.status_code == 200
    assert response.context["chaired"] == 2
    assert response.context["meeting_count"] == 2
    assert response.context["roles"] == []
    assert response.context["titles"] == ["市长"]
    html = response.content.decode()
    chaired = reverse("archive:meeting_list") + "?chair=%E5%BE%90%E5%8D%8E%E4%B8%9C"
    assert (
        f'<dt>身份</dt><dd><a href="{chaired}" title="徐华东主持的会议">主持 2 次</a></dd>'
    ) in html
    assert "所在部门" not in html
    assert "出席名单中没有此人：档案只记有其主持的会议。" in html


def test_a_name_typed_in_traditional_characters_redirects_to_the_person(client, seeded):
    for typed, kept in [("吳敬宇", "吴敬宇"), ("徐華東", "徐华东")]:
        response = client.get(reverse("archive:person_detail", args=[typed]))
        assert response.status_code == 301
        assert response.headers["Location"] == reverse("archive:person_detail", args=[kept])
    # A Traditional name of no one is still unknown, not redirected to a 404.
    assert client.get(reverse("archive:person_detail", args=["無此人"])).status_code == 404
    # A name an editor kept as written is its own page.
    Attendee.objects.filter(meeting=seeded[41], name="吴敬宇").update(name="吳敬宇")
    kept = client.get(reverse("archive:person_detail", args=["吳敬宇"]))
    assert kept.status_code == 200
    assert kept.context["meeting_count"] == 1


def test_a_name_postgresql_cannot_store_is_404_not_500(client, seeded):
    assert client.get("/people/%00/").status_code == 404
    assert client.get(reverse("archive:meeting_list"), {"chair": "\x00"}).status_code == 200


def test_person_page_pages_appearances_and_sums_in_sql(client, db):
    import datetime

    from tests.views.conftest import make_meeting

    for number in range(1, 103):
        date = datetime.date(2020, 1, 1) + datetime.timedelta(days=number)
        make_meeting(number=number, date=date, items=1, attendees=1)
    url = reverse("archive:person_detail", args=["人员1"])

    first = client.get(url)
    assert first.context["meeting_count"] == 102
    assert len(first.context["page_obj"]) == 100
    assert first.context["page_obj"][0].meeting.number == 102  # newest first
    assert first.context["roles"] == [("出席", 102)]
    [stint] = first.context["stints"]
    assert (stint.department_name, stint.count) == ("", 102)
    assert (stint.first, stint.last) == (datetime.date(2020, 1, 2), datetime.date(2020, 4, 12))
    assert "第 1 / 2 页" in first.content.decode()

    second = client.get(url, {"page": 2})
    assert [a.meeting.number for a in second.context["page_obj"]] == [2, 1]


def test_a_name_written_in_traditional_characters_is_the_same_person(client, seeded, tmp_path):
    """吳敬宇 in a Traditional transcript is the 吴敬宇 of the seeds: one person page, and the
    meeting page shows the name as its transcript writes it."""
    from archive.ingest.load import ImportStatus, meeting_import
    from archive.ingest.read import encode_transcript
    from archive.models import Attendee, Meeting
    from archive.rollups import rollups_flush

    rollups_flush()  # the counts are kept at commit; the test's transaction never commits
    before = PersonStat.objects.get(name="吴敬宇").meeting_count
    path = tmp_path / "traditional.txt"
    path.write_bytes(
        encode_transcript(
            "2024年5月8日下午，市長徐華東主持召開市政府第45次常務會議。\n"
            "一、審議《太倉市氣象災害防禦辦法》\n"
            "（一）會議原則同意。\n"
            "出席：吳敬宇、王晨清\n",
            "utf-8",
        )
    )
    assert meeting_import(path=path).status is ImportStatus.CREATED
    meeting = Meeting.objects.get(number=45)
    wu = Attendee.objects.get(meeting=meeting, order=1)
    assert (wu.name, wu.name_as_written, wu.shown_name) == ("吴敬宇", "吳敬宇", "吳敬宇")
    wang = Attendee.objects.get(meeting=meeting, order=2)
    assert (wang.name, wang.name_as_written, wang.shown_name) == ("王晨清", "", "王晨清")

    response = client.get(reverse("archive:person_detail", args=["吴敬宇"]))
    assert response.context["meeting_count"] == before + 1
    assert meeting.get_absolute_url() + "#attendance" in response.content.decode()
    rollups_flush()
    assert not PersonStat.objects.filter(name="吳敬宇").exists()
    page = client.get(meeting.get_absolute_url()).content.decode()
    person_url = reverse("archive:person_detail", args=["吴敬宇"])
    assert f'<a href="{person_url}">吳敬宇</a>' in page

    # An editor's correction of the name leaves the written form behind: it is not shown.
    wu.name = "吴敬予"
    wu.save()
    assert wu.shown_name == "吴敬予"


def test_a_chair_written_in_traditional_characters_is_the_same_chair(client, seeded, tmp_path):
    """市長徐華東 chairs the same meetings as the seeds' 徐华东: one entry in the chair filter,
    which finds all three, while the meeting's own pages show the name as written."""
    from archive.ingest.load import ImportStatus, meeting_import
    from archive.ingest.read import encode_transcript
    from archive.models import Meeting

    path = tmp_path / "traditional.txt"
    path.write_bytes(
        encode_transcript(
            "2024年5月8日下午，市長徐華東主持召開市政府第45次常務會議。\n"
            "一、審議《太倉市氣象災害防禦辦法》\n（一）會議原則同意。\n",
            "utf-8",
        )
    )
    assert meeting_import(path=path).status is ImportStatus.CREATED
    meeting = Meeting.objects.get(number=45)
    assert (meeting.chair, meeting.chair_as_written, meeting.shown_chair) == (
        "徐华东",
        "徐華東",
        "徐華東",
    )
    assert (seeded[38].chair, seeded[38].chair_as_written, seeded[38].shown_chair) == (
        "徐华东",
        "",
        "徐华东",
    )

    listing = client.get(reverse("archive:meeting_list"), {"chair": "徐华东"})
    assert [row.number for row in listing.context["page_obj"]] == [45, 41, 38]
    html = listing.content.decode()
    select = html[
        html.index('<select name="chair"') : html.index(
            "</select>", html.index('<select name="chair"')
        )
    ]
    assert '<option value="徐华东" selected>徐华东（3）</option>' in select
    assert "徐華東" not in select
    assert "徐華東市長主持" in html  # the meeting's row, as its transcript writes it
    # The chair typed (or linked) in Traditional characters selects the same chair.
    traditional = client.get(reverse("archive:meeting_list"), {"chair": "徐華東"})
    assert [row.number for row in traditional.context["page_obj"]] == [45, 41, 38]
    assert '<option value="徐华东" selected>' in traditional.content.decode()

    page = client.get(meeting.get_absolute_url()).content.decode()
    chaired = reverse("archive:meeting_list") + "?chair=%E5%BE%90%E5%8D%8E%E4%B8%9C"
    assert f'<a href="{chaired}" title="徐华东主持的会议">徐華東</a>（市長）' in page
    assert client.get(f"/api/meetings/{meeting.pk}").json()["chair_as_written"] == "徐華東"

    # A person page says how many meetings the name chaired, linking to them.
    m41 = Meeting.objects.get(number=41)
    m41.chair = "吴敬宇"
    m41.save()
    # 吴敬宇 attends the 41st meeting and now chairs it: one meeting, in two roles.
    response = client.get(reverse("archive:person_detail", args=["吴敬宇"]))
    assert response.context["meeting_count"] == 2
    chaired_by_wu = reverse("archive:meeting_list") + "?chair=%E5%90%B4%E6%95%AC%E5%AE%87"
    assert (
        f'<dt>身份</dt><dd><a href="{chaired_by_wu}" title="吴敬宇主持的会议">主持 1 次</a>，'
        "出席 2 次</dd>"
    ) in response.content.decode()
    assert client.get(reverse("archive:person_detail", args=["王莉萍"])).context["chaired"] == 0

    # An editor's correction of the chair leaves the written form behind: it is not shown.
    meeting.chair = "徐华栋"
    assert meeting.shown_chair == "徐华栋"


def test_migration_keeps_attendee_names_in_simplified_characters(db):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from archive.models import Attendee
    from archive.rollups import rollups_flush

    before = [("archive", "0017_department_keys_for_added_departments")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    meeting = old.get_model("archive", "Meeting").objects.create(
        number=1, source_name="m.txt", source_text="", source_encoding="utf-8"
    )
    attendee = old.get_model("archive", "Attendee").objects
    for order, name in enumerate(["陳國華", "陈国华", "王晨清", ""], start=1):
        attendee.create(meeting=meeting, order=order, name=name, role="present")
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    executor = MigrationExecutor(connection)
    executor.migrate([("archive", "0018_attendee_name_as_written")])
    rollups_flush()

    assert list(Attendee.objects.order_by("order").values_list("name", "name_as_written")) == [
        ("陈国华", "陳國華"),
        ("陈国华", ""),
        ("王晨清", ""),
        ("", ""),
    ]
    # The model's later columns are not there yet: only the count is read.
    assert PersonStat.objects.values_list("meeting_count", flat=True).get(name="陈国华") == 1
    assert not PersonStat.objects.filter(name="陳國華").exists()
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_migration_keeps_chairs_in_simplified_characters(db):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from archive.models import Meeting
    from archive.rollups import rollups_flush

    before = [("archive", "0018_attendee_name_as_written")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("archive", "Meeting").objects
    for number, chair in enumerate(["賈紅偉", "贾红伟", "王晨清", ""], start=1):
        old.create(
            number=number,
            chair=chair,
            source_name=f"m{number}.txt",
            source_text="",
            source_encoding="utf-8",
        )
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    executor = MigrationExecutor(connection)
    executor.migrate([("archive", "0019_meeting_chair_as_written")])

    assert list(Meeting.objects.order_by("number").values_list("chair", "chair_as_written")) == [
        ("贾红伟", "賈紅偉"),
        ("贾红伟", ""),
        ("王晨清", ""),
        ("", ""),
    ]

    # Migration 0020 counts the chairs with the people.
    executor = MigrationExecutor(connection)
    executor.migrate([("archive", "0020_personstat_chairs")])
    rollups_flush()
    assert PersonStat.objects.values_list("meeting_count", "chaired_count").get(name="贾红伟") == (
        2,
        2,
    )
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
