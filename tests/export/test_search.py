"""Exports of a search: every matching meeting, the URL's filters applied, exact bodies."""

from __future__ import annotations

import json

import pytest
from django.http import StreamingHttpResponse

from archive.models import Department
from tests.export.test_views import HEADER

pytestmark = pytest.mark.django_db

INVALID_CHOICE = "选择一个有效的选项。 %s 不在可用的选项中。"


def _body(response) -> str:
    return b"".join(response.streaming_content).decode()


def test_search_csv_is_streamed_and_exact(client, seeded):
    response = client.get("/search/export.csv", {"q": "排水许可"})
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="search.csv"'
    m38 = seeded[38]
    assert _body(response) == (
        HEADER + f"{m38.pk},太仓市人民政府第38次常务会议,38,2024-01-24,pm,standing,太仓市人民政府,"
        f"徐华东,市长,,7,21,http://testserver/meetings/{m38.pk}/,\r\n"
    )


def test_search_json_lists_every_match_newest_first(client, seeded):
    response = client.get("/search/export.json", {"q": "王晨清"})
    assert response["Content-Type"] == "application/json; charset=utf-8"
    rows = json.loads(_body(response))
    assert [(row["id"], row["number"], row["date"]) for row in rows] == [
        (seeded[41].pk, 41, "2024-03-16"),
        (seeded[38].pk, 38, "2024-01-24"),
    ]


def test_search_export_applies_the_urls_filters(client, seeded):
    weather = Department.objects.get(name="市气象局")
    response = client.get("/search/export.json", {"q": "太仓", "department": weather.pk})
    assert [row["number"] for row in json.loads(_body(response))] == [41]


def test_search_export_with_no_match_is_an_empty_list(client, seeded):
    assert _body(client.get("/search/export.json", {"q": "不存在的词语组合"})) == "[\n]\n"
    assert _body(client.get("/search/export.csv", {"q": "不存在的词语组合"})) == HEADER


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "参数 q 无效：请输入要查找的词语。\n"),
        ({"q": "-排水"}, "参数 q 无效：只有排除词的查询无法检索，请至少输入一个要查找的词。\n"),
        ({"q": "排水", "year": "abc"}, f"参数 year 无效：{INVALID_CHOICE % 'abc'}\n"),
    ],
)
def test_bad_search_export_parameters_are_named(client, seeded, params, message):
    response = client.get("/search/export.csv", params)
    assert response.status_code == 400
    assert response.content.decode() == message
