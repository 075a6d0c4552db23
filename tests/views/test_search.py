"""The search page and GET /api/search: same search, filters, escaping, bad input."""

from __future__ import annotations

import pytest
from django.urls import reverse

from archive.models import Department

pytestmark = pytest.mark.django_db


def test_page_shows_meetings_items_and_marked_snippets(client, seeded):
    response = client.get(reverse("archive:search"), {"q": "排水许可"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "共 1 次会议" in html
    assert seeded[38].display_title in html
    assert "<mark>排水许可</mark>" in html
    assert f'href="{seeded[38].get_absolute_url()}#item-5"' in html


def test_header_has_a_search_box_on_every_page(client, seeded):
    html = client.get(reverse("archive:meeting_list")).content.decode()
    assert 'role="search"' in html
    assert f'action="{reverse("archive:search")}"' in html


def test_api_answers_the_same_search(client, seeded):
    data = client.get(reverse("archive:search_api"), {"q": "排水许可"}).json()
    meeting = seeded[38]
    assert data["count"] == 1
    assert data["estimated"] is False
    [result] = data["results"]
    assert result["meeting"] == {
        "id": meeting.pk,
        "number": 38,
        "date": "2024-01-24",
        "url": f"http://testserver{meeting.get_absolute_url()}",
    }
    assert result["items"] == [5]
    assert "排水许可" in result["snippet"]
    assert "<mark>" not in result["snippet"]


def test_filters_combine_with_a_query(client, seeded):
    url = reverse("archive:search_api")
    assert client.get(url, {"q": "太仓"}).json()["count"] == 2
    assert client.get(url, {"q": "太仓", "year": 2024}).json()["count"] == 2
    # A year without meetings is not a choice: reported, not silently applied.
    assert client.get(url, {"q": "太仓", "year": 2023}).json()["errors"]["year"]
    weather = Department.objects.get(name="市气象局")
    data = client.get(url, {"q": "太仓", "department": weather.pk}).json()
    assert [r["meeting"]["number"] for r in data["results"]] == [41]


def test_sort_by_date(client, seeded):
    data = client.get(reverse("archive:search_api"), {"q": "王晨清", "order": "date"}).json()
    assert [r["meeting"]["number"] for r in data["results"]] == [41, 38]


def test_query_and_transcript_text_are_escaped(client, seeded):
    meeting = seeded[41]
    meeting.source_text = meeting.source_text.replace("沙溪镇", "<b>沙溪镇</b>", 1)
    meeting.save()
    from archive.search.index import search_index_meeting

    search_index_meeting(meeting=meeting)
    html = client.get(reverse("archive:search"), {"q": "<b>沙溪镇"}).content.decode()
    assert "&lt;b&gt;" in html
    assert "<b>沙溪镇" not in html
    assert "<mark>&lt;b&gt;沙溪镇</mark>" in html


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": ""},
        {"q": '"'},
        {"q": "-排水"},
        {"q": "OR"},
        {"q": "排水", "page": "x"},
        {"q": "排水", "page": "-5"},
        {"q": "排水", "page": "99999999999"},
        {"q": "排水", "order": "nonsense", "year": "abc", "department": "x"},
        {"q": "'; DROP TABLE archive_passage; --"},
        {"q": "\\ ' & | ! : * ( ) <->"},
    ],
)
def test_bad_input_never_errors(client, seeded, params):
    assert client.get(reverse("archive:search"), params).status_code == 200
    assert client.get(reverse("archive:search_api"), params).status_code == 200


def test_empty_query_gets_a_helpful_message(client, seeded):
    html = client.get(reverse("archive:search"), {"q": "-排水"}).content.decode()
    assert "请至少输入一个要查找的词" in html
