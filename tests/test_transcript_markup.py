"""A transcript that contains HTML and script tags is shown as text on every surface.

The seed transcript is imported with markup spliced into its agenda item titles, decision
texts and chair's name; no page, feed, admin screen or API answer may carry it as markup.
"""

from __future__ import annotations

import json
from xml.etree import ElementTree

import pytest

from archive.ingest.load import ImportStatus, meeting_import
from archive.models import AgendaItem, Decision, DecisionDepartment, Meeting
from tests.conftest import SEED_38

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def marked_up(tmp_path) -> Meeting:
    text = SEED_38.read_text(encoding="utf-8").replace("分解落实情况", f"分解落实情况{SCRIPT}")
    path = tmp_path / "markup.txt"
    path.write_text(text, encoding="utf-8")
    result = meeting_import(path=path)
    assert result.status is ImportStatus.CREATED, result.message
    meeting = Meeting.objects.get(pk=result.meeting_id)
    assert SCRIPT in meeting.source_text
    assert AgendaItem.objects.filter(meeting=meeting, title__contains=SCRIPT).exists()
    assert Decision.objects.filter(agenda_item__meeting=meeting, text__contains=SCRIPT).exists()
    return meeting


def assert_shown_as_text(html: str, where: str) -> None:
    assert "<script>alert" not in html, where
    assert "<img src=x" not in html, where
    assert ESCAPED in html, where


def lead_department(meeting: Meeting) -> int:
    link = DecisionDepartment.objects.filter(
        decision__agenda_item__meeting=meeting, decision__text__contains=SCRIPT
    ).first()
    assert link is not None
    return link.department_id


def test_public_pages_escape_transcript_markup(client, marked_up):
    department = lead_department(marked_up)
    for url in [
        marked_up.get_absolute_url(),
        f"/departments/{department}/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_shown_as_text(response.content.decode(), url)


def test_the_admin_escapes_transcript_markup(admin_client, marked_up):
    item = AgendaItem.objects.filter(meeting=marked_up, title__contains=SCRIPT).first()
    decision = Decision.objects.filter(agenda_item=item, text__contains=SCRIPT).first()
    for url in [
        f"/admin/archive/meeting/{marked_up.pk}/change/",
        f"/admin/archive/agendaitem/{item.pk}/change/",
        "/admin/archive/agendaitem/?q=script",
        f"/admin/archive/decision/{decision.pk}/change/",
    ]:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html, url
        assert "&lt;script&gt;alert" in html, url


def test_feeds_carry_transcript_markup_as_escaped_text(client, marked_up):
    department = lead_department(marked_up)
    for url in ["/feeds/meetings.atom", f"/feeds/departments/{department}/decisions.atom"]:
        response = client.get(url)
        assert response.status_code == 200, url
        feed = ElementTree.fromstring(response.content)
        summaries = [entry.findtext(f"{ATOM}summary") for entry in feed.iter(f"{ATOM}entry")]
        # The summary is HTML for a feed reader: the markup arrives escaped within it.
        assert any(ESCAPED in (summary or "") for summary in summaries), url
        assert not any("<script>" in (summary or "") for summary in summaries), url


def test_the_api_returns_transcript_markup_as_plain_json_strings(client, marked_up):
    response = client.get(f"/api/meetings/{marked_up.pk}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["X-Content-Type-Options"] == "nosniff"
    body = json.loads(response.content)
    titles = [item["title"] for item in body["agenda_items"]]
    assert any(title.endswith(f"分解落实情况{SCRIPT}") for title in titles)
    assert SCRIPT in body["source"]["text"]


def test_exports_are_downloads_never_rendered_pages(client, marked_up):
    response = client.get("/meetings/export.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_search_results_and_snippets_escape_transcript_markup(client, marked_up):
    response = client.get("/search/", {"q": "alert"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html and "<mark>alert</mark>" in html

    api = client.get("/api/search", {"q": "alert"})
    assert api["Content-Type"].startswith("application/json")
    body = api.json()
    assert body["count"] == 1
    # The API's snippet is plain text, neither escaped nor marked up: the client shows it.
    snippets = [result["snippet"] for result in body["results"]]
    assert any('<script>alert("x")</script>' in snippet for snippet in snippets)
    assert not any("<mark>" in snippet for snippet in snippets)

    feed = ElementTree.fromstring(client.get("/feeds/search.atom", {"q": "alert"}).content)
    summaries = [entry.findtext(f"{ATOM}summary") or "" for entry in feed.iter(f"{ATOM}entry")]
    assert summaries and not any("<script>" in summary for summary in summaries)
