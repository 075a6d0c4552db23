"""Atom feeds: new meetings, a department's meetings and its decisions."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from archive.models import AgendaItem, DecisionDepartment, Department

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def _entries(client, url: str) -> tuple[ET.Element, list[ET.Element]]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = ET.fromstring(response.content)
    return feed, feed.findall(f"{ATOM}entry")


def test_new_meetings_feed_lists_the_latest_imports_first(client, seeded):
    feed, entries = _entries(client, "/feeds/meetings.atom")
    assert feed.findtext(f"{ATOM}title") == "政府常务会议纪要档案 · 新增会议"
    # The 41st meeting was imported after the 38th.
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == [
        "太仓市人民政府第41次常务会议",
        "太仓市人民政府第38次常务会议",
    ]
    first = entries[0]
    assert first.find(f"{ATOM}link").get("href") == (
        f"http://testserver{seeded[41].get_absolute_url()}"
    )
    summary = first.findtext(f"{ATOM}summary")
    assert summary.startswith("<p>2024年3月16日下午，徐华东主持</p><ol><li>")
    assert summary.count("<li>") == 6


def test_feed_summaries_escape_transcript_text(client, seeded):
    AgendaItem.objects.filter(meeting=seeded[41], order=1).update(title="<script>x</script>")
    _, entries = _entries(client, "/feeds/meetings.atom")
    summary = entries[0].findtext(f"{ATOM}summary")
    # The summary is HTML for the reader: the title must arrive as text, not as a tag.
    assert "<script>" not in summary
    assert "&lt;script&gt;x&lt;/script&gt;" in summary


def test_department_meetings_feed(client, seeded):
    weather = Department.objects.get(name="市气象局")
    feed, entries = _entries(client, f"/feeds/departments/{weather.pk}/meetings.atom")
    assert feed.findtext(f"{ATOM}title") == "市气象局 · 相关会议"
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["太仓市人民政府第41次常务会议"]


def test_department_decisions_feed_has_stable_ids(client, seeded):
    water = Department.objects.get(name="市水务局")
    feed, entries = _entries(client, f"/feeds/departments/{water.pk}/decisions.atom")
    assert feed.findtext(f"{ATOM}title") == "市水务局 · 牵头与配合的议定事项"
    assert len(entries) == DecisionDepartment.objects.filter(department=water).count()
    link = (
        DecisionDepartment.objects.filter(department=water)
        .select_related("decision__agenda_item")
        .order_by(
            "-decision__agenda_item__meeting__date",
            "decision__agenda_item__order",
            "decision__order",
        )
        .first()
    )
    item = link.decision.agenda_item
    first = entries[0]
    assert first.findtext(f"{ATOM}id") == (
        f"urn:minutes-archive:decision:{item.meeting_id}-{item.order}-{link.decision.order}"
        f":{link.role}"
    )
    assert first.findtext(f"{ATOM}summary") == f"<p>{link.decision.text}</p>"


def test_unknown_department_feed_is_404(client, db):
    assert client.get("/feeds/departments/987654/meetings.atom").status_code == 404
    assert client.get("/feeds/departments/987654/decisions.atom").status_code == 404
