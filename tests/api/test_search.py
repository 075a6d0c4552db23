"""GET /api/search: the search page's results as data, its filters and its errors."""

from __future__ import annotations

import pytest

from archive.models import Decision, Department

pytestmark = pytest.mark.django_db


def test_answers_with_meeting_items_and_plain_snippet(client, seeded):
    response = client.get("/api/search", {"q": "排水许可"})
    assert response.status_code == 200
    body = response.json()
    meeting = seeded[38]
    assert body["count"] == 1
    assert body["estimated"] is False
    assert body["messages"] == []
    assert body["errors"] == {}
    [result] = body["results"]
    assert result["meeting"] == {
        "id": meeting.pk,
        "title": "太仓市人民政府第38次常务会议",
        "number": 38,
        "date": "2024-01-24",
        "url": f"http://testserver{meeting.get_absolute_url()}",
    }
    assert result["items"] == [5]
    decisions = Decision.objects.filter(
        agenda_item__meeting=meeting, agenda_item__order=5, text__contains="排水许可"
    )
    assert result["decisions"] == [
        {"item": 5, "order": d.order, "anchor": f"decision-{d.pk}"} for d in decisions
    ]
    assert "排水许可" in result["snippet"]
    assert "<mark>" not in result["snippet"]


def test_same_hits_as_the_search_page(client, seeded):
    params = {"q": "王晨清"}
    page_hits = client.get("/search/", params).context["results"].hits
    body = client.get("/api/search", params).json()
    assert [r["meeting"]["id"] for r in body["results"]] == [h.meeting.pk for h in page_hits]
    assert [r["snippet"] for r in body["results"]] == [h.snippet.text for h in page_hits]


def test_list_filters_and_order_apply(client, seeded):
    assert client.get("/api/search", {"q": "太仓"}).json()["count"] == 2
    assert client.get("/api/search", {"q": "太仓", "year": 2024}).json()["count"] == 2
    weather = Department.objects.get(name="市气象局")
    body = client.get("/api/search", {"q": "太仓", "department": weather.pk}).json()
    assert [r["meeting"]["number"] for r in body["results"]] == [41]
    dated = client.get("/api/search", {"q": "王晨清", "order": "date"}).json()
    assert [r["meeting"]["number"] for r in dated["results"]] == [41, 38]


def test_the_search_pages_other_filters_apply(client, seeded):
    def numbers(**params) -> list[int]:
        response = client.get("/api/search", {"q": "太仓", **params})
        assert response.status_code == 200, response.json()
        return [r["meeting"]["number"] for r in response.json()["results"]]

    assert numbers(date_from="2024-02-01") == [41]
    assert numbers(date_to="2024-02-01") == [38]
    water = Department.objects.get(name="市水务局")
    assert numbers(department=water.pk, department_role="led") == [38]
    assert numbers(meeting_type="standing", item_kind="hearing") == [41, 38]
    for params in ({"date_from": "2024-02-01"}, {"item_kind": "hearing", "order": "date"}):
        page = client.get("/search/", {"q": "太仓", **params}).context["results"].hits
        assert numbers(**params) == [hit.meeting.number for hit in page]


def test_a_type_without_meetings_is_empty_and_says_why(client, seeded):
    body = client.get("/api/search", {"q": "太仓", "meeting_type": "topical"}).json()
    assert body["results"] == [] and body["count"] == 0
    assert body["errors"] == {"meeting_type": ["档案中没有专题会议"]}
    body = client.get("/api/search", {"q": "太仓", "item_kind": "written"}).json()
    assert body["errors"] == {"item_kind": ["档案中没有含书面审议类议题的会议"]}


def test_paged_by_page_size(client, seeded):
    first = client.get("/api/search", {"q": "太仓", "order": "date", "page_size": 1}).json()
    second = client.get(
        "/api/search", {"q": "太仓", "order": "date", "page_size": 1, "page": 2}
    ).json()
    assert first["count"] == second["count"] == 2
    assert [r["meeting"]["number"] for r in first["results"]] == [41]
    assert [r["meeting"]["number"] for r in second["results"]] == [38]


def test_year_without_meetings_is_empty_and_says_why(client, seeded):
    body = client.get("/api/search", {"q": "太仓", "year": 2023}).json()
    assert body == {
        "count": 0,
        "estimated": False,
        "messages": [],
        "errors": {"year": ["档案中没有 2023 年的会议"]},
        "results": [],
    }


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({}, "q"),
        ({"q": ""}, "q"),
        ({"q": "排水", "order": "nonsense"}, "order"),
        ({"q": "排水", "page": "x"}, "page"),
        ({"q": "排水", "page": "0"}, "page"),
        ({"q": "排水", "page": "99999999999"}, "page"),
        ({"q": "排水", "page_size": "1000"}, "page_size"),
        ({"q": "排水", "year": "abc"}, "year"),
        ({"q": "排水", "department": "x"}, "department"),
        ({"q": "排水", "date_from": "2024-02-30"}, "date_from"),
        ({"q": "排水", "department_role": "x"}, "department_role"),
        ({"q": "排水", "meeting_type": "x"}, "meeting_type"),
        ({"q": "排水", "item_kind": "x"}, "item_kind"),
    ],
)
def test_bad_parameters_are_422_naming_the_parameter(client, seeded, params, parameter):
    response = client.get("/api/search", params)
    assert response.status_code == 422
    body = response.json()
    assert [error["parameter"] for error in body["errors"]] == [parameter]
    assert f"参数 {parameter} 无效" in body["detail"]


@pytest.mark.parametrize(
    ("params", "detail"),
    [
        ({}, "参数 q 无效：必须提供"),
        ({"q": "排水", "page": "x"}, "参数 page 无效：应为整数"),
        ({"q": "排水", "page": "0"}, "参数 page 无效：不能小于 1"),
        ({"q": "排水", "page": "99999999999"}, "参数 page 无效：不能大于 500"),
        ({"q": "排水", "order": "nonsense"}, "参数 order 无效：应为 'relevance'、'date' 之一"),
        (
            {"q": "排水", "date_from": "2024-02-30"},
            "参数 date_from 无效：不是有效的日期，应写作 YYYY-MM-DD，如 2024-01-31",
        ),
        ({"q": ""}, "参数 q 无效：至少 1 个字符"),
        ({"q": "排水", "page_size": "1000"}, "参数 page_size 无效：不能大于 100"),
    ],
)
def test_bad_parameters_are_explained_in_chinese(client, seeded, params, detail):
    body = client.get("/api/search", params).json()
    assert body["detail"] == detail
    assert body["errors"][0]["message"] == detail.split("：", 1)[1]


def test_exclusion_only_query_says_what_to_do(client, seeded):
    response = client.get("/api/search", {"q": "-排水"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 0 and body["results"] == []
    assert body["messages"] == ["只有排除词的查询无法检索，请至少输入一个要查找的词。"]


def test_quote_only_query_finds_nothing_without_error(client, seeded):
    response = client.get("/api/search", {"q": '"'})
    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_unknown_department_is_404(client, seeded):
    response = client.get("/api/search", {"q": "排水", "department": 999999})
    assert response.status_code == 404
    assert "999999" in response.json()["detail"]


@pytest.mark.parametrize("query", ["'; DROP TABLE archive_passage; --", "\\ ' & | ! : * ( ) <->"])
def test_query_syntax_never_errors(client, seeded, query):
    response = client.get("/api/search", {"q": query})
    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_government_without_meetings_is_empty_and_says_why(client, seeded):
    body = client.get("/api/search", {"q": "太仓", "body": "无此县人民政府"}).json()
    assert body == {
        "count": 0,
        "estimated": False,
        "messages": [],
        "errors": {"body": ["档案中没有机关“无此县人民政府”的会议"]},
        "results": [],
    }
    assert client.get("/api/search", {"q": "太仓", "body": "太仓市人民政府"}).json()["count"] == 2
