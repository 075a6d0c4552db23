"""Exports of the lists: the URL's filters apply, the body is streamed and exact."""

from __future__ import annotations

import inspect
import json

import pytest
from django.http import StreamingHttpResponse

from archive.export import sources
from archive.models import Decision, DecisionDepartment, Department

pytestmark = pytest.mark.django_db

HEADER = (
    "\ufeffid,title,number,date,time_of_day,meeting_type,body,chair,chair_title,doc_number,"
    "agenda_item_count,decision_count,url,chair_as_written\r\n"
)


def _body(response) -> str:
    return b"".join(response.streaming_content).decode()


def test_meeting_csv_is_streamed_and_exact(client, seeded):
    response = client.get("/meetings/export.csv", {"year": 2024})
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="meetings.csv"'
    m38, m41 = seeded[38], seeded[41]
    assert _body(response) == (
        HEADER + f"{m41.pk},太仓市人民政府第41次常务会议,41,2024-03-16,pm,standing,太仓市人民政府,"
        f"徐华东,市长,,6,18,http://testserver/meetings/{m41.pk}/,\r\n"
        + f"{m38.pk},太仓市人民政府第38次常务会议,38,2024-01-24,pm,standing,太仓市人民政府,"
        f"徐华东,市长,,7,21,http://testserver/meetings/{m38.pk}/,\r\n"
    )


def test_counts_in_the_export_match_the_database(client, seeded):
    rows = json.loads(_body(client.get("/meetings/export.json")))
    for row in rows:
        assert (
            row["decision_count"]
            == Decision.objects.filter(agenda_item__meeting_id=row["id"]).count()
        )


def test_meeting_json_applies_the_department_filter(client, seeded):
    weather = Department.objects.get(name="市气象局")
    response = client.get("/meetings/export.json", {"department": weather.pk})
    assert response["Content-Type"] == "application/json; charset=utf-8"
    rows = json.loads(_body(response))
    assert [row["number"] for row in rows] == [41]
    assert rows[0]["title"] == "太仓市人民政府第41次常务会议"


def test_department_meetings_take_the_urls_other_filters(client, seeded):
    weather = Department.objects.get(name="市气象局")
    rows = json.loads(_body(client.get(f"/departments/{weather.pk}/meetings.json", {"year": 2024})))
    assert [row["number"] for row in rows] == [41]


def test_a_department_without_meetings_exports_the_header_alone(client, seeded):
    quiet = Department.objects.create(name="市档案馆", match_key="档案馆")
    assert _body(client.get(f"/departments/{quiet.pk}/meetings.csv")) == HEADER


def test_bad_filter_values_are_a_400_naming_them(client, seeded):
    response = client.get("/meetings/export.csv", {"year": "abc", "department": "x"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "参数 year 无效" in text
    assert "参数 department 无效" in text


def test_unknown_format_or_department_is_404(client, seeded):
    assert client.get("/meetings/export.xml").status_code == 404
    assert client.get("/departments/987654/decisions.csv").status_code == 404


def test_department_decisions_export(client, seeded):
    water = Department.objects.get(name="市水务局")
    rows = json.loads(_body(client.get(f"/departments/{water.pk}/decisions.json")))
    links = DecisionDepartment.objects.filter(department=water)
    assert len(rows) == links.count()
    first = rows[0]
    decision = Decision.objects.get(
        agenda_item__meeting_id=first["meeting_id"],
        agenda_item__order=first["agenda_item_order"],
        order=first["decision_order"],
    )
    assert (
        first["id"]
        == f"{first['meeting_id']}-{first['agenda_item_order']}-{first['decision_order']}"
    )
    assert first["text"] == decision.text
    assert first["url"] == f"http://testserver{decision.get_absolute_url()}"


def test_rows_are_read_in_chunks_by_a_generator(seeded, django_assert_num_queries):
    """Nothing is fetched until the first row is asked for; then one cursor serves them all."""
    from archive.models import Meeting

    with django_assert_num_queries(0):
        rows = sources.meeting_rows(Meeting.objects.all(), lambda path: path)
        assert inspect.isgenerator(rows)
    with django_assert_num_queries(1):
        assert [row["number"] for row in rows] == [41, 38]
