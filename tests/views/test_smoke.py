"""Every public URL pattern answers 200 on the seeds, with a title and breadcrumbs."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.views import defaults

from archive import urls as archive_urls
from archive.models import Department

pytestmark = pytest.mark.django_db


def url_args(seeded) -> dict[str, list]:
    return {
        "home": [],
        "meeting_list": [],
        "meeting_detail": [seeded[38].pk],
        "archive_index": [],
        "archive_year": [2024],
        "archive_month": [2024, 1],
        "department_list": [],
        "department_detail": [Department.objects.get(name="市水务局").pk],
        "person_list": [],
        "person_detail": ["王晨清"],
        "search": [],
    }


def test_every_public_url_pattern_answers(client, seeded):
    cases = url_args(seeded)
    names = [pattern.name for pattern in archive_urls.urlpatterns]
    assert set(cases) == set(names), "a URL pattern has no smoke case"
    for name in names:
        url = reverse(f"archive:{name}", args=cases[name])
        response = client.get(url, {"q": "排水"} if name == "search" else {})
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "<title>" in html and "政府常务会议纪要档案</title>" in html, url
        assert html.count("<h1") == 1, url
        if name != "home":
            assert 'class="breadcrumbs"' in html and 'aria-current="page"' in html, url


def test_home_leads_with_the_search_form(client, seeded):
    response = client.get(reverse("archive:home"))
    html = response.content.decode()
    assert html.index('role="search"') < html.index("最新会议")
    assert 'action="/search/"' in html and 'name="q"' in html
    assert [m.number for m in response.context["newest"]] == [41, 38]
    assert f'href="{reverse("archive:archive_year", args=[2024])}"' in html
    assert "档案收录 2 次会议、39 项议定事项。" in html


def test_404_page_uses_the_site_layout(client, db):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "找不到这个页面" in html and 'class="site-header"' in html


def test_500_page_renders_without_a_request_context(rf, db):
    response = defaults.server_error(rf.get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "服务器出了点问题" in html and 'class="site-header"' in html


def test_every_page_does_a_bounded_number_of_queries(
    client, seeded, big_meeting, django_assert_max_num_queries
):
    cases = url_args(seeded)
    cases["meeting_detail"] = [big_meeting.pk]
    cases["department_detail"] = [Department.objects.get(name="市测试3局").pk]
    cases["person_detail"] = ["人员150"]
    for name, args in cases.items():
        # Includes the statement setting the request's time limit and, in a test's
        # transaction, the cache fingerprint of each archive-wide count the page shows
        # (the list's five choice lists: ten queries when the cache is cold, as here).
        with django_assert_max_num_queries(14):
            response = client.get(reverse(f"archive:{name}", args=args))
        assert response.status_code == 200, name
