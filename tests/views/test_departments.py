"""Department pages: aliases, what a department attended and leads, its chart."""

from __future__ import annotations

import datetime
from urllib.parse import quote

import pytest
from django.urls import reverse

from archive.models import Attendee, DecisionDepartment, Department
from tests.views.conftest import make_meeting

pytestmark = pytest.mark.django_db


def test_department_page_lists_aliases_and_led_decisions(client, seeded):
    office = Department.objects.get(name="市政府办公室")
    html = client.get(office.get_absolute_url()).content.decode()
    assert '<span class="tag">市政府办</span>' in html
    assert "牵头" in html
    assert seeded[38].display_title in html


def test_department_page_counts_and_chart(client, seeded):
    water = Department.objects.get(name="市水务局")
    response = client.get(water.get_absolute_url())
    assert response.context["meetings_page"].paginator.count == 2
    assert response.context["links_page"].paginator.count == 3
    chart = response.context["chart"]
    assert [group.full_label for group in chart.groups] == ["2024年1月", "2024年2月", "2024年3月"]
    assert [group.values for group in chart.groups] == [(1, 3), (0, 0), (1, 0)]
    html = response.content.decode()
    assert '<svg viewBox="0 0' in html
    assert html.count('class="bar bar-1"') == 3


def test_department_page_offers_each_government_s_meetings(client, db):
    for number, body in enumerate(
        ["清河县人民政府", "清河县人民政府", "永宁县人民政府", "", "清河县人民政府"], start=1
    ):
        make_meeting(number=number, date=datetime.date(2024, 1, number), body=body, attendees=1)
    department = Department.objects.get(name="市测试1局")  # in every meeting above
    response = client.get(department.get_absolute_url())
    assert response.context["bodies"] == [("清河县人民政府", 3), ("永宁县人民政府", 1)]
    html = response.content.decode()
    link = f"{reverse('archive:meeting_list')}?department={department.pk}&amp;body="
    assert f'<a href="{link}{quote("清河县人民政府")}">清河县人民政府（3）</a>' in html
    # Each link lists as many meetings as it says.
    listed = client.get(
        reverse("archive:meeting_list"), {"department": department.pk, "body": "清河县人民政府"}
    )
    assert listed.context["paginator"].count == 3


def test_government_names_on_the_department_page_are_escaped(client, db):
    make_meeting(number=1, date=datetime.date(2024, 1, 1), body="<b>甲县</b>&人民政府")
    make_meeting(number=2, date=datetime.date(2024, 1, 2), body="乙县人民政府")
    department = Department.objects.get(name="市测试1局")
    html = client.get(department.get_absolute_url()).content.decode()
    assert "&lt;b&gt;甲县&lt;/b&gt;&amp;人民政府（1）" in html
    assert f"body={quote('<b>甲县</b>&人民政府')}" in html
    assert "<b>甲县" not in html


def test_department_page_of_one_government_offers_no_breakdown(client, seeded):
    water = Department.objects.get(name="市水务局")
    response = client.get(water.get_absolute_url())
    assert response.context["bodies"] == [("太仓市人民政府", 2)]
    assert 'class="bodies"' not in response.content.decode()


def test_department_list_counts_meetings_and_led_decisions(client, seeded):
    response = client.get(reverse("archive:department_list"))
    water = next(d for d in response.context["departments"] if d.name == "市水务局")
    assert (water.meeting_count, water.led_count) == (2, 3)


def test_department_list_leaves_out_departments_no_meeting_names(client, seeded):
    unnamed = Department.objects.create(name="市档案馆")
    supporting_only = DecisionDepartment.objects.filter(role="supporting").first().department
    DecisionDepartment.objects.filter(department=supporting_only, role="lead").delete()
    Attendee.objects.filter(department=supporting_only).update(department=None)

    listed = client.get(reverse("archive:department_list")).context["departments"]

    names = [d.name for d in listed]
    assert "市档案馆" not in names
    assert supporting_only.name in names
    assert len(names) == Department.objects.count() - 1
    assert client.get(unnamed.get_absolute_url()).status_code == 200


def test_a_department_on_leave_did_not_attend(client, seeded):
    """Someone on leave (请假) does not make their department's attendance: the page, the
    department list and the meeting list's filter leave that meeting out."""
    water = Department.objects.get(name="市水务局")
    absent = seeded[38].attendees.filter(department=water)
    assert absent.count() == 1
    absent.update(role="absent")

    response = client.get(water.get_absolute_url())
    meetings_page = response.context["meetings_page"]
    assert [meeting.pk for meeting in meetings_page] == [seeded[41].pk]
    assert meetings_page.paginator.count == 1
    assert "出席或列席 1 次会议" in response.content.decode()
    listed = client.get(reverse("archive:department_list")).context["departments"]
    assert next((d.meeting_count, d.led_count) for d in listed if d.name == "市水务局") == (1, 3)
    attended = client.get(
        reverse("archive:meeting_list"), {"department": water.pk, "department_role": "attended"}
    )
    assert [meeting.pk for meeting in attended.context["page_obj"]] == [seeded[41].pk]
    # The meeting's own page still names them, as on leave, with the reason.
    absent.update(note="出差")
    html = client.get(seeded[38].get_absolute_url()).content.decode()
    person = absent.get()
    link = reverse("archive:person_detail", args=[person.name])
    on_leave = html[html.index("<h3>请假</h3>") :]
    item = on_leave[on_leave.index("<li>") : on_leave.index("</li>") + 5]
    assert item == (
        f'<li><a href="{water.get_absolute_url()}">市水务局</a>：'
        f'<a href="{link}">{person.shown_name}</a><span class="meta">（出差）</span></li>'
    )
    assert "7 项议题，21 项议定事项，75 人次参会，1 人请假" in html


def test_department_page_query_count_is_bounded(
    client, seeded, big_meeting, django_assert_max_num_queries
):
    department = Department.objects.get(name="市测试1局")
    with django_assert_max_num_queries(11):
        response = client.get(department.get_absolute_url(), {"dp": 2})
    assert response.context["links_page"].number == 2


def test_unknown_department_is_404(client, db):
    assert client.get(reverse("archive:department_detail", args=[424242])).status_code == 404


def test_department_meetings_page_through_months_in_date_order(client, db):
    """Pages are fetched month by month from the kept counts; together they are exactly
    the department's meetings, newest first, undated ones first as before."""
    dates = [datetime.date(2021 + i % 3, 1 + (i * 5) % 12, 1 + i % 27) for i in range(44)]
    dates += [None, None, None]
    meetings = [
        make_meeting(number=number, date=date, items=1, attendees=11)
        for number, date in enumerate(dates, start=1)
    ]
    # Attendee 10 of each meeting is from 市测试10局; two more meetings it does not attend.
    make_meeting(number=900, date=datetime.date(2022, 6, 1), items=1, attendees=3)
    make_meeting(number=901, date=None, items=1, attendees=3)
    department = Department.objects.get(name="市测试10局")
    expected = [
        m.pk
        for m in sorted(
            meetings, key=lambda m: (m.date is not None, m.date and -m.date.toordinal(), -m.pk)
        )
    ]

    seen = []
    for page in (1, 2, 3):
        response = client.get(department.get_absolute_url(), {"mp": page})
        meetings_page = response.context["meetings_page"]
        assert meetings_page.paginator.count == 47
        assert meetings_page.paginator.num_pages == 3
        seen += [meeting.pk for meeting in meetings_page]
    assert seen == expected
    html = client.get(department.get_absolute_url(), {"mp": 3}).content.decode()
    assert "出席或列席 47 次会议" in html
    assert "第 3 / 3 页" in html


def test_department_links_page_through_months_exactly_as_the_whole_list(client, db):
    """Link pages are read from the newest months that hold them (by the decisions led, kept
    at write time); together they are exactly the whole list, undated meetings first."""
    from archive.models import DecisionDepartment
    from archive.views.departments import NewestLinks, department_months

    dates = [datetime.date(2020 + i % 4, 1 + (i * 7) % 12, 1 + i % 25) for i in range(12)]
    for number, date in enumerate([*dates, None, None], start=1):
        make_meeting(number=number, date=date, items=2, attendees=1)
    # Item 2 of every meeting: 市测试2局 leads its three decisions, 市测试3局 supports them.
    for name, links, led in (("市测试2局", 84, True), ("市测试3局", 42, False)):
        department = Department.objects.get(name=name)
        whole = list(
            DecisionDepartment.objects.of_department(department).values_list("pk", flat=True)
        )
        assert len(whole) == links
        # Led decisions make months to look in; supporting links alone leave only the whole list.
        newest = NewestLinks(DecisionDepartment.objects.none(), department_months(department))
        assert (newest._since(20) is not None) is led
        seen = []
        for page in range(1, 6):
            response = client.get(department.get_absolute_url(), {"dp": page})
            links_page = response.context["links_page"]
            assert links_page.paginator.count == links
            if page <= links_page.paginator.num_pages:
                seen += [link.pk for link in links_page]
        assert seen == whole, name
