"""The public pages: list with filters, meeting detail, department page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from archive.models import Department

pytestmark = pytest.mark.django_db


def test_list_shows_newest_first(client, seeded):
    response = client.get(reverse("archive:meeting_list"))
    assert response.status_code == 200
    meetings = list(response.context["meetings"])
    assert [meeting.number for meeting in meetings] == [41, 38]
    assert "共 2 次会议" in response.content.decode()


def test_list_filters_by_year_and_department(client, seeded):
    url = reverse("archive:meeting_list")
    assert list(client.get(url, {"year": 2024}).context["meetings"]) == [seeded[41], seeded[38]]
    assert list(client.get(url, {"year": 2023}).context["meetings"]) == []
    weather = Department.objects.get(name="市气象局")
    response = client.get(url, {"department": weather.pk})
    assert list(response.context["meetings"]) == [seeded[41]]


def test_list_rejects_a_bad_filter_value_without_error(client, seeded):
    response = client.get(reverse("archive:meeting_list"), {"year": "abc", "department": "x"})
    assert response.status_code == 200
    assert response.context["filter"].errors


def test_detail_shows_the_structure(client, seeded):
    meeting = seeded[38]
    response = client.get(meeting.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="item-7"' in html
    assert "牵头：市民宗局" in html
    assert "《市城发集团优化在售商品房“以旧换新”实施细则（试行）》" in html
    assert html.count('<section class="agenda-item"') == 7


def test_detail_escapes_transcript_text(client, seeded):
    meeting = seeded[41]
    meeting.source_text = "<script>alert(1)</script>"
    meeting.save()
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_detail_query_count_is_bounded(client, seeded, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        client.get(seeded[38].get_absolute_url())


def test_unknown_meeting_is_404(client, db):
    assert client.get(reverse("archive:meeting_detail", args=[999999])).status_code == 404


def test_department_page_lists_aliases_and_led_decisions(client, seeded):
    office = Department.objects.get(name="市政府办公室")
    html = client.get(office.get_absolute_url()).content.decode()
    assert "市政府办" in html
    assert "牵头" in html
    assert seeded[38].display_title in html
