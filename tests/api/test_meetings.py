"""The meetings API: the list page's filters, one meeting in full, decisions by stable ID."""

from __future__ import annotations

import pytest

from archive.models import AgendaItem, Decision, Department, Meeting

pytestmark = pytest.mark.django_db


def test_list_is_newest_first_and_paginated(client, seeded):
    body = client.get("/api/meetings", {"page_size": 1}).json()
    assert body["count"] == 2
    assert [meeting["number"] for meeting in body["results"]] == [41]
    assert body["next"] == "http://testserver/api/meetings?page_size=1&page=2"
    assert body["previous"] is None
    second = client.get("/api/meetings", {"page_size": 1, "page": 2}).json()
    assert [meeting["number"] for meeting in second["results"]] == [38]
    assert second["next"] is None
    assert second["previous"] == "http://testserver/api/meetings?page_size=1&page=1"


def test_list_row_describes_the_meeting(client, seeded):
    meeting = seeded[38]
    row = client.get("/api/meetings", {"page": 2, "page_size": 1}).json()["results"][0]
    assert row == {
        "id": meeting.pk,
        "title": "太仓市人民政府第38次常务会议",
        "number": 38,
        "date": "2024-01-24",
        "url": f"http://testserver/meetings/{meeting.pk}/",
        "body": "太仓市人民政府",
        "meeting_type": "standing",
        "meeting_type_label": "常务会议",
        "time_of_day": "pm",
        "chair": "徐华东",
        "chair_as_written": "",
        "chair_title": "市长",
        "doc_number": "",
        "api_url": f"http://testserver/api/meetings/{meeting.pk}",
    }


def test_list_applies_the_list_pages_filters(client, seeded):
    def numbers(**params) -> list[int]:
        return [row["number"] for row in client.get("/api/meetings", params).json()["results"]]

    weather = Department.objects.get(name="市气象局")
    assert numbers(year=2024) == [41, 38]
    assert numbers(department=weather.pk) == [41]
    assert numbers(year=2024, department=weather.pk) == [41]
    # A year the archive has no meetings for is an empty list, not an error.
    assert numbers(year=1999) == []


def test_list_filters_by_dates_department_role_type_and_item_kind(client, seeded):
    # Before any request keeps the archive's choice lists (an update() leaves them as kept).
    AgendaItem.objects.filter(meeting=seeded[41], order=1).update(kind="written")

    def numbers(**params) -> list[int]:
        response = client.get("/api/meetings", params)
        assert response.status_code == 200, response.json()
        return [row["number"] for row in response.json()["results"]]

    assert numbers(date_from="2024-01-25") == [41]
    assert numbers(date_to="2024-01-24") == [38]
    assert numbers(date_from="2024-01-24", date_to="2024-03-16") == [41, 38]
    # 市水务局 attends both meetings but leads decisions only in the 38th.
    water = Department.objects.get(name="市水务局")
    assert numbers(department=water.pk, department_role="attended") == [41, 38]
    assert numbers(department=water.pk, department_role="led") == [38]
    assert numbers(meeting_type="standing") == [41, 38]
    assert numbers(meeting_type="topical") == []
    assert numbers(item_kind="hearing") == [41, 38]
    assert numbers(item_kind="written") == [41]


def test_list_filters_by_government(client, seeded):
    Meeting.objects.filter(pk=seeded[38].pk).update(body="沙溪镇人民政府")

    def numbers(**params) -> list[int]:
        response = client.get("/api/meetings", params)
        assert response.status_code == 200
        return [row["number"] for row in response.json()["results"]]

    assert numbers(body="太仓市人民政府") == [41]
    assert numbers(body="沙溪镇人民政府", year=2024) == [38]
    # A government the archive has no meetings for is an empty list, like a year.
    assert numbers(body="无此县人民政府") == []


def test_list_filters_by_chair_in_either_script(client, seeded):
    # Before any request keeps the archive's choice lists (an update() leaves them as kept).
    Meeting.objects.filter(pk=seeded[38].pk).update(chair="贾红伟")

    def listed(**params) -> dict:
        response = client.get("/api/meetings", params)
        assert response.status_code == 200, response.json()
        return response.json()

    def numbers(**params) -> list[int]:
        return [row["number"] for row in listed(**params)["results"]]

    assert numbers(chair="徐华东") == [41]
    assert numbers(chair="贾红伟") == [38]
    assert numbers(chair="賈紅偉") == [38]
    # A chair of no meeting is an empty list, like a year; search says why.
    assert numbers(chair="无此人") == []
    found = client.get("/api/search", {"q": "气象", "chair": "无此人"}).json()
    assert found["count"] == 0
    assert found["errors"] == {"chair": ["档案中没有“无此人”主持的会议"]}
    assert client.get("/api/search", {"q": "气象", "chair": "徐华东"}).json()["count"] == 1


@pytest.mark.parametrize(
    ("params", "status", "parameter"),
    [
        ({"year": "abc"}, 422, "year"),
        ({"year": "0"}, 422, "year"),
        ({"department": "x"}, 422, "department"),
        ({"department": "999999"}, 404, "department"),
        ({"page": "0"}, 422, "page"),
        ({"page_size": "1000"}, 422, "page_size"),
        ({"date_from": "2024-13-45"}, 422, "date_from"),
        ({"date_to": "yesterday"}, 422, "date_to"),
        # pydantic alone would read these as 1970-01-01 and as a date.
        ({"date_from": "0"}, 422, "date_from"),
        ({"date_to": "2024-01-01T00:00:00"}, 422, "date_to"),
        ({"department_role": "chaired"}, 422, "department_role"),
        ({"meeting_type": "party"}, 422, "meeting_type"),
        ({"item_kind": "vote"}, 422, "item_kind"),
        ({"chair": "徐" * 51}, 422, "chair"),
    ],
)
def test_bad_parameters_are_named_in_a_4xx(client, seeded, params, status, parameter):
    response = client.get("/api/meetings", params)
    assert response.status_code == status
    body = response.json()
    assert body["errors"][0]["parameter"] == parameter
    assert body["detail"].startswith(f"参数 {parameter} 无效：")


def test_page_past_the_end_is_empty(client, seeded):
    body = client.get("/api/meetings", {"page": 5}).json()
    assert body["count"] == 2
    assert body["results"] == []
    assert body["next"] is None


def test_detail_has_the_full_structure(client, seeded):
    meeting = seeded[38]
    body = client.get(f"/api/meetings/{meeting.pk}").json()
    assert [item["id"] for item in body["agenda_items"]] == [
        f"{meeting.pk}-{order}" for order in range(1, 8)
    ]
    finance = body["agenda_items"][1]
    assert finance["kind"] == "review"
    assert finance["documents"] == ["关于推动太仓市金融更高质量服务实体经济的政策意见"]
    decision = finance["decisions"][0]
    assert decision["id"] == f"{meeting.pk}-2-1"
    assert decision["outcome"] == "原则同意"
    assert decision["issuing_channel"] == "以市政府名义印发"
    lead = decision["lead_departments"][0]
    assert lead["department"]["name"] == "市金融监管局"
    assert lead["name_as_written"] == "市地方金融监管局"
    assert decision["supporting_departments"] == []
    assert body["written_approvals"] == ["市城发集团优化在售商品房“以旧换新”实施细则（试行）"]
    assert body["other_matters"] is True
    assert body["attendees"][0] == {
        "order": 1,
        "name": "吴敬宇",
        "name_as_written": "",
        "role": "present",
        "role_label": "出席",
        "department": None,
        "department_as_written": "",
        "title": "",
        "note": "",
    }
    assert len(body["attendees"]) == meeting.attendees.count()


def test_detail_carries_the_source_verbatim(client, seeded):
    meeting = seeded[41]
    source = client.get(f"/api/meetings/{meeting.pk}").json()["source"]
    assert source == {
        "name": "003_ddc3f58452989f6f.txt",
        "encoding": meeting.source_encoding,
        "content_hash": meeting.content_hash,
        "text": meeting.source_text,
    }


def test_detail_query_count_is_bounded(client, seeded, django_assert_max_num_queries):
    with django_assert_max_num_queries(7):
        assert client.get(f"/api/meetings/{seeded[38].pk}").status_code == 200


def test_unknown_meeting_is_a_json_404(client, db):
    response = client.get("/api/meetings/424242")
    assert response.status_code == 404
    assert response.json() == {"detail": "没有 ID 为 424242 的会议", "errors": []}


def test_decision_by_stable_id(client, seeded):
    meeting = seeded[38]
    body = client.get(f"/api/decisions/{meeting.pk}-7-1").json()
    stored = Decision.objects.get(agenda_item__meeting=meeting, agenda_item__order=7, order=1)
    assert body["text"] == stored.text
    assert body["meeting"]["id"] == meeting.pk
    assert body["agenda_item"] == {
        "id": f"{meeting.pk}-7",
        "order": 7,
        "title": stored.agenda_item.title,
    }
    assert [link["department"]["name"] for link in body["lead_departments"]] == [
        "市民宗局",
        "太仓生态环境局",
        "市公安局",
    ]
    assert body["url"] == f"http://testserver/meetings/{meeting.pk}/#decision-{stored.pk}"


def test_decision_ids_survive_a_reimport(client, seeded):
    """Re-importing a changed transcript keeps the stable IDs and the page anchors."""
    from archive.ingest.load import meeting_save
    from archive.ingest.parse import parse_transcript
    from archive.ingest.read import Transcript

    meeting = seeded[38]
    before = client.get(f"/api/decisions/{meeting.pk}-2-1").json()
    text = meeting.source_text + "\n"
    transcript = Transcript(meeting.source_name, text, meeting.source_encoding, "0" * 64)
    meeting_save(transcript=transcript, parsed=parse_transcript(text))
    after = client.get(f"/api/decisions/{meeting.pk}-2-1").json()
    assert after["id"] == before["id"]
    assert after["text"] == before["text"]
    # Re-import updates rows in place (to keep editors' corrections), so anchors hold too.
    assert after["url"] == before["url"]


@pytest.mark.parametrize("decision_id", ["x", "1-2", "0-1-1", "1-1-1-1"])
def test_malformed_decision_id_is_422(client, db, decision_id):
    response = client.get(f"/api/decisions/{decision_id}")
    assert response.status_code == 422
    assert response.json()["errors"][0]["parameter"] == "decision_id"


def test_api_speaks_chinese_unescaped(client, seeded):
    assert "太仓市人民政府".encode() in client.get("/api/meetings").content
