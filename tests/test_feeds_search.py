"""The Atom feed of a search: newest matching meetings first, each with its marked snippet."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from archive.models import AgendaItem, Department

pytestmark = pytest.mark.django_db

INVALID_CHOICE = "选择一个有效的选项。 %s 不在可用的选项中。"

ATOM = "{http://www.w3.org/2005/Atom}"


def _feed(client, params: dict) -> tuple[ET.Element, list[ET.Element]]:
    response = client.get("/feeds/search.atom", params)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = ET.fromstring(response.content)
    return feed, feed.findall(f"{ATOM}entry")


def test_search_feed_lists_matches_newest_first(client, seeded):
    feed, entries = _feed(client, {"q": "王晨清"})
    assert feed.findtext(f"{ATOM}title") == "政府常务会议纪要档案 · 检索：王晨清"
    query = "q=%E7%8E%8B%E6%99%A8%E6%B8%85"
    alternate = feed.find(f"{ATOM}link[@rel='alternate']")
    assert alternate.get("href") == f"http://testserver/search/?{query}"
    self_link = feed.find(f"{ATOM}link[@rel='self']")
    assert self_link.get("href") == f"http://testserver/feeds/search.atom?{query}"
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == [
        "太仓市人民政府第41次常务会议",
        "太仓市人民政府第38次常务会议",
    ]


def test_search_feed_entry_carries_the_marked_snippet(client, seeded):
    _, [entry] = _feed(client, {"q": "排水许可"})
    assert entry.find(f"{ATOM}link").get("href") == (
        f"http://testserver{seeded[38].get_absolute_url()}"
    )
    summary = entry.findtext(f"{ATOM}summary")
    assert summary.startswith(
        '<p class="snippet">…》《太仓市2024年春节期间助企惠民若干措施》《关于加强全市'
        "<mark>排水许可</mark>管理工作的实施意见》《太仓市城镇内涝防治专项规划》"
        "《市城发集团优化在售商品房“以旧换新”实施细则（试行）》，听取宗教活动场所安全生产"
        "专业委员会、危废处置及辐射安全生产专业委…</p>"
        "<p>2024年1月24日下午，徐华东主持</p><ol><li>"
    )
    assert summary.count("<li>") == 7


def test_search_feed_applies_the_urls_filters(client, seeded):
    weather = Department.objects.get(name="市气象局")
    _, entries = _feed(client, {"q": "太仓", "department": weather.pk})
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["太仓市人民政府第41次常务会议"]


def test_search_feed_escapes_transcript_text(client, seeded):
    AgendaItem.objects.filter(meeting=seeded[38], order=1).update(title="<script>x</script>")
    _, [entry] = _feed(client, {"q": "排水许可"})
    summary = entry.findtext(f"{ATOM}summary")
    assert "<script>" not in summary
    assert "<li>&lt;script&gt;x&lt;/script&gt;</li>" in summary


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "参数 q 无效：请输入要查找的词语。\n"),
        ({"q": "-排水"}, "参数 q 无效：只有排除词的查询无法检索，请至少输入一个要查找的词。\n"),
        ({"q": "排水", "month": "13"}, f"参数 month 无效：{INVALID_CHOICE % '13'}\n"),
    ],
)
def test_bad_search_feed_parameters_are_named(client, seeded, params, message):
    response = client.get("/feeds/search.atom", params)
    assert response.status_code == 400
    assert response.content.decode() == message
