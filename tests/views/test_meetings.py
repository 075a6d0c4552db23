"""The meeting list with its filters, and one meeting's page."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archive.models import Department, Meeting
from tests.views.conftest import make_meeting

pytestmark = pytest.mark.django_db
LIST = reverse("archive:meeting_list")


def numbers(response) -> list[int]:
    return [meeting.number for meeting in response.context["meetings"]]


def test_list_shows_newest_first(client, seeded):
    response = client.get(LIST)
    assert response.status_code == 200
    assert numbers(response) == [41, 38]
    assert "共 2 次会议" in response.content.decode()


def test_list_filters_by_year_and_department(client, seeded):
    assert list(client.get(LIST, {"year": 2024}).context["meetings"]) == [seeded[41], seeded[38]]
    assert list(client.get(LIST, {"year": 2023}).context["meetings"]) == []
    weather = Department.objects.get(name="市气象局")
    response = client.get(LIST, {"department": weather.pk})
    assert list(response.context["meetings"]) == [seeded[41]]


def test_department_filter_says_whether_attended_or_led(client, seeded):
    # 市水务局 attends both meetings but leads decisions only in the 38th.
    water = Department.objects.get(name="市水务局")
    assert numbers(client.get(LIST, {"department": water.pk})) == [41, 38]
    attended = {"department": water.pk, "department_role": "attended"}
    assert numbers(client.get(LIST, attended)) == [41, 38]
    led = {"department": water.pk, "department_role": "led"}
    assert numbers(client.get(LIST, led)) == [38]


def test_list_filters_by_date_range_month_chair_type_and_item_kind(client, seeded):
    assert numbers(client.get(LIST, {"date_from": "2024-02-01"})) == [41]
    assert numbers(client.get(LIST, {"date_to": "2024-02-01"})) == [38]
    assert numbers(client.get(LIST, {"month": 3})) == [41]
    assert numbers(client.get(LIST, {"chair": "徐华东"})) == [41, 38]
    assert numbers(client.get(LIST, {"meeting_type": "standing"})) == [41, 38]
    assert numbers(client.get(LIST, {"meeting_type": "topical"})) == []  # not a choice: error
    assert numbers(client.get(LIST, {"item_kind": "hearing"})) == [41, 38]
    assert numbers(client.get(LIST, {"item_kind": "review", "year": 2024})) == [41, 38]


def test_chairs_are_grouped_by_government_when_there_are_several(client, seeded):
    make_meeting(number=7, date=datetime.date(2024, 5, 1), body="清河县人民政府", chair="徐华东")
    make_meeting(number=8, date=datetime.date(2024, 5, 2), body="清河县人民政府", chair="李清")
    make_meeting(number=9, date=datetime.date(2024, 5, 3), body="", chair="王无")
    html = client.get(LIST, {"chair": "徐华东"}).content.decode()
    select = html[
        html.index('<select name="chair"') : html.index(
            "</select>", html.index('<select name="chair"')
        )
    ]
    assert [line.strip() for line in select.splitlines()[1:] if line.strip()] == [
        '<option value="">全部主持人</option>',
        '<optgroup label="太仓市人民政府">',
        '<option value="徐华东" selected>徐华东（2）</option>',
        "</optgroup>",
        '<optgroup label="清河县人民政府">',
        '<option value="徐华东">徐华东（1）</option>',
        '<option value="李清">李清（1）</option>',
        "</optgroup>",
        '<optgroup label="未注明机关">',
        '<option value="王无">王无（1）</option>',
        "</optgroup>",
    ]
    # The name selects every meeting it chaired; the government narrows it.
    assert numbers(client.get(LIST, {"chair": "徐华东"})) == [7, 41, 38]
    assert numbers(client.get(LIST, {"chair": "徐华东", "body": "清河县人民政府"})) == [7]


def test_list_filters_by_government(client, seeded):
    make_meeting(number=7, date=datetime.date(2024, 5, 1), body="清河县人民政府")
    assert numbers(client.get(LIST)) == [7, 41, 38]
    assert numbers(client.get(LIST, {"body": "太仓市人民政府"})) == [41, 38]
    assert numbers(client.get(LIST, {"body": "清河县人民政府", "year": 2024})) == [7]
    html = client.get(LIST, {"body": "清河县人民政府"}).content.decode()
    assert '<option value="太仓市人民政府">太仓市人民政府（2）</option>' in html
    assert '<option value="清河县人民政府" selected>清河县人民政府（1）</option>' in html
    # A government the archive does not hold is not a choice: the form says so, nothing is listed.
    response = client.get(LIST, {"body": "<b>无此县</b>"})
    assert numbers(response) == []
    assert "&lt;b&gt;无此县&lt;/b&gt;" in response.content.decode()


def test_list_sorts_by_date_or_number(client, db):
    make_meeting(number=5, date=datetime.date(2024, 6, 1))
    make_meeting(number=9, date=datetime.date(2024, 2, 1))
    make_meeting(number=7, date=datetime.date(2024, 4, 1))
    assert numbers(client.get(LIST)) == [5, 7, 9]
    assert numbers(client.get(LIST, {"sort": "date"})) == [9, 7, 5]
    assert numbers(client.get(LIST, {"sort": "-number"})) == [9, 7, 5]
    assert numbers(client.get(LIST, {"sort": "number"})) == [5, 7, 9]


def test_filter_choices_carry_counts(client, seeded):
    html = client.get(LIST).content.decode()
    assert ">2024年（2）</option>" in html
    assert ">徐华东（2）</option>" in html
    assert ">常务会议（2）</option>" in html
    assert ">听取（2）</option>" in html


def test_pagination_keeps_the_filters_in_the_url(client, db):
    for number in range(1, 26):
        make_meeting(number=number, date=datetime.date(2022, 1, 1) + datetime.timedelta(number))
    response = client.get(LIST, {"year": 2022, "sort": "number"})
    assert numbers(response) == list(range(1, 21))
    html = response.content.decode()
    assert 'href="?year=2022&amp;sort=number&amp;page=2"' in html
    assert numbers(client.get(LIST, {"year": 2022, "sort": "number", "page": 2})) == list(
        range(21, 26)
    )


def test_list_rejects_a_bad_filter_value_without_error(client, seeded):
    response = client.get(
        LIST, {"year": "abc", "department": "x", "date_from": "2024-13-45", "sort": "evil"}
    )
    assert response.status_code == 200
    assert set(response.context["filter"].errors) == {"year", "department", "date_from", "sort"}
    html = response.content.decode()
    assert "输入一个有效的日期。" in html
    assert "选择一个有效的选项。 abc 不在可用的选项中。" in html
    assert "档案中没有这个部门（可能已合并到另一个部门），请重新选择。" in html


def test_interface_is_chinese_whatever_the_browser_asks_for(client, seeded):
    response = client.get(LIST, headers={"accept-language": "en-US,en;q=0.9"})
    html = response.content.decode()
    assert '<html lang="zh-Hans">' in html
    assert "会议列表" in html and "全部年份" in html


def test_list_query_count_is_bounded(client, seeded, big_meeting, django_assert_max_num_queries):
    params = {"item_kind": "review", "department_role": "led"}
    client.get(LIST, params)  # computes and caches the archive-wide choice lists
    # Two per page (count, rows), the cache's fingerprint per choice list (once per request
    # outside tests' transactions), one for the departments, one setting the time limit.
    with django_assert_max_num_queries(10):
        response = client.get(LIST, params)
    assert response.status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_list_page_reads_the_fingerprint_once_and_the_departments_in_one_query(client):
    """Outside a transaction, as in production: the five kept choice lists share one read of
    the archive's fingerprint, and the department select is one plain query, not a cursor."""
    make_meeting(number=1, date=datetime.date(2024, 1, 5))
    client.get(LIST)  # computes and caches the archive-wide choice lists

    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST)

    statements = [query["sql"] for query in queries.captured_queries]
    assert response.status_code == 200
    assert sum("pg_stat_user_tables" in sql for sql in statements) == 1
    assert not [sql for sql in statements if sql.startswith(("DECLARE", "FETCH", "CLOSE"))]
    select = response.content.decode().split('name="department"')[1].split("</select>")[0]
    assert re.findall(r">(市测试\d+局)<", select) == sorted(f"市测试{n}局" for n in range(12))


def test_a_fields_error_is_what_its_input_is_described_by(client, db):
    """Django points an invalid input's aria-describedby at ``<id>_error``: that element must
    exist and hold the message, for screen readers to read it with the field."""
    html = client.get(LIST, {"date_from": "2024-13-45"}).content.decode()

    described = re.search(r'name="date_from"[^>]*aria-describedby="([^"]+)"', html)[1]
    assert described == "id_date_from_error"
    assert f'<div id="{described}"><p class="error">输入一个有效的日期。</p></div>' in html


def test_detail_shows_the_structure(client, seeded):
    meeting = seeded[38]
    response = client.get(meeting.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="item-7"' in html
    assert "牵头：市民宗局" in html
    assert "《市城发集团优化在售商品房“以旧换新”实施细则（试行）》" in html
    assert html.count('<section class="agenda-item"') == 7
    assert 'id="source"' in html
    assert "7 项议题，21 项议定事项，76 人次参会" in html


def test_detail_groups_attendees_by_role_then_department(client, seeded):
    response = client.get(seeded[38].get_absolute_url())
    groups = response.context["attendance"]
    assert [group.label for group in groups] == ["出席", "列席"]
    office = next(g for g in groups[1].departments if g.written_as == "市政府办")
    assert [person.name for person in office.people] == [
        "王晨清", "倪明德", "赵隽春", "丁曜", "张贤峰", "孙方金", "华浩春", "王益锋",
    ]  # fmt: skip
    assert office.department.name == "市政府办公室"


def test_detail_links_previous_and_next_and_shows_the_gap(client, seeded):
    html = client.get(seeded[38].get_absolute_url()).content.decode()
    assert f'rel="next" href="{seeded[41].get_absolute_url()}"' in html
    assert 'rel="prev"' not in html
    assert "第39–40次会议不在档案中" in html
    html = client.get(seeded[41].get_absolute_url()).content.decode()
    assert f'rel="prev" href="{seeded[38].get_absolute_url()}"' in html


def test_neighbours_run_by_date_then_by_id_within_a_day(db):
    from archive.views.meetings import meeting_neighbours

    day = datetime.date(2023, 6, 1)
    older = make_meeting(number=1, date=day - datetime.timedelta(days=30), items=1, attendees=1)
    first, second, third = (
        make_meeting(number=number, date=day, items=1, attendees=1) for number in (2, 3, 4)
    )
    newer = make_meeting(number=5, date=day + datetime.timedelta(days=30), items=1, attendees=1)
    assert meeting_neighbours(older) == (None, first)
    assert meeting_neighbours(first) == (older, second)
    assert meeting_neighbours(second) == (first, third)
    assert meeting_neighbours(third) == (second, newer)
    assert meeting_neighbours(newer) == (third, None)


def test_detail_escapes_transcript_text(client, seeded):
    meeting = seeded[41]
    meeting.source_text = "<script>alert(1)</script>"
    meeting.save()
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_detail_query_count_is_bounded(client, seeded, django_assert_max_num_queries):
    # One of them sets the request's statement time limit.
    with django_assert_max_num_queries(8):
        client.get(seeded[38].get_absolute_url())


def test_detail_query_count_does_not_grow_with_the_meeting(
    client, big_meeting, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        response = client.get(big_meeting.get_absolute_url())
    html = response.content.decode()
    assert html.count('<section class="agenda-item"') == 60
    assert html.count('class="dept dept-lead"') == 180
    assert response.context["attendee_count"] == 200


def test_unknown_meeting_is_404(client, db):
    assert client.get(reverse("archive:meeting_detail", args=[999999])).status_code == 404


def test_quick_select_writes_what_djangos_select_writes(client, seeded):
    """The filter form's selects are written in Python for speed, in Django's own markup."""
    from django import forms

    from archive.filters import MeetingFilter, QuickSelect

    form = MeetingFilter(
        {"chair": seeded[38].chair, "year": str(seeded[38].date.year)},
        queryset=Meeting.objects.all(),
    ).form
    compared = 0
    for name, field in form.fields.items():
        if not isinstance(field.widget, QuickSelect):
            continue
        value = form[name].value()
        attrs = {"id": f"id_{name}", "aria-describedby": "x", "required": False, "disabled": True}
        plain = forms.Select(choices=field.widget.choices)
        assert field.widget.render(name, value, attrs) == plain.render(name, value, attrs)
        compared += 1
    assert compared == 9
    html = client.get(reverse("archive:meeting_list"), {"chair": seeded[38].chair}).content
    assert f'<option value="{seeded[38].chair}" selected>'.encode() in html


def test_list_counts_up_to_the_cap_then_says_more(client, db, monkeypatch):
    import archive.pagination

    for number in range(1, 8):
        make_meeting(number=number, date=datetime.date(2024, 1, number), items=1, attendees=1)
    monkeypatch.setattr(archive.pagination, "COUNT_CAP", 5)

    response = client.get(reverse("archive:meeting_list"))
    paginator = response.context["paginator"]
    assert (paginator.capped, paginator.count, paginator.full_count) == (True, 5, 6)
    assert "超过 5 次会议，只列出前 5 次；请用筛选条件缩小范围" in response.content.decode()

    response = client.get(reverse("archive:meeting_list"), {"date_from": "2024-01-03"})
    paginator = response.context["paginator"]
    assert (paginator.capped, paginator.count) == (False, 5)
    assert "共 5 次会议" in response.content.decode()
    assert len(response.context["meetings"]) == 5


def test_capped_count_reads_10000_with_a_thousands_separator():
    from archive.pagination import CappedPaginator

    paginator = CappedPaginator(list(range(10_005)), 20)
    assert (paginator.capped, paginator.count, paginator.num_pages) == (True, 10_000, 500)
    assert paginator.cap_display == "10,000"
    assert not CappedPaginator(list(range(10_000)), 20).capped
