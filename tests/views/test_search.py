"""The search page: results, filters, escaping, bad input (the API's side is tests/api)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from archive.models import Decision, Department, Meeting

pytestmark = pytest.mark.django_db


def test_page_shows_meetings_items_and_marked_snippets(client, seeded):
    response = client.get(reverse("archive:search"), {"q": "排水许可"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "共 1 次会议" in html
    assert seeded[38].display_title in html
    assert "<mark>排水许可</mark>" in html
    assert f'href="{seeded[38].get_absolute_url()}#item-5"' in html


def test_page_links_the_matching_decisions(client, seeded):
    html = client.get(reverse("archive:search"), {"q": "气象站"}).content.decode()
    links = Decision.objects.filter(text__contains="气象站").select_related("agenda_item")
    assert len(links) == 3
    for decision in links:
        meeting = decision.agenda_item.meeting
        assert (
            f'<a href="{meeting.get_absolute_url()}#decision-{decision.pk}" '
            f'title="第{decision.agenda_item.order}项议定事项第{decision.order}条">'
            f"第{decision.order}条</a>"
        ) in html


def test_page_links_the_person_or_department_a_query_names(client, seeded):
    html = client.get(reverse("archive:search"), {"q": "王晨清"}).content.decode()
    person = reverse("archive:person_detail", args=["王晨清"])
    assert f'<a href="{person}">人员：王晨清</a>（2 次会议）' in html
    office = Department.objects.get(name="市政府办公室")
    # By an alias, and alongside other words.
    html = client.get(reverse("archive:search"), {"q": "市政府办 安全"}).content.decode()
    assert f'<a href="{office.get_absolute_url()}">部门：市政府办公室</a>' in html
    # A chair, in no attendance list, is a person too, with a link to the meetings they
    # chaired; typed in Traditional characters too.
    xu = reverse("archive:person_detail", args=["徐华东"])
    chaired = reverse("archive:meeting_list") + "?chair=%E5%BE%90%E5%8D%8E%E4%B8%9C"
    for query in ["徐华东", "徐華東 常务会议"]:
        html = client.get(reverse("archive:search"), {"q": query}).content.decode()
        assert (
            f'<a href="{xu}">人员：徐华东</a>（2 次会议，<a href="{chaired}">主持 2 次</a>）'
        ) in html
    for query in ["排水", "-王晨清 安全", "王晨", "-徐华东 安全"]:
        html = client.get(reverse("archive:search"), {"q": query}).content.decode()
        assert 'class="named"' not in html, query


def test_header_has_a_search_box_on_every_page(client, seeded):
    html = client.get(reverse("archive:meeting_list")).content.decode()
    assert 'role="search"' in html
    assert f'action="{reverse("archive:search")}"' in html


def test_filters_combine_with_a_query(client, seeded):
    url = reverse("archive:search")
    assert client.get(url, {"q": "太仓"}).context["results"].count == 2
    weather = Department.objects.get(name="市气象局")
    response = client.get(url, {"q": "太仓", "department": weather.pk})
    assert [hit.meeting.number for hit in response.context["results"].hits] == [41]


def test_government_filter_combines_with_a_query(client, seeded):
    Meeting.objects.filter(pk=seeded[38].pk).update(body="沙溪镇人民政府")
    url = reverse("archive:search")
    response = client.get(url, {"q": "太仓", "body": "太仓市人民政府"})
    assert [hit.meeting.number for hit in response.context["results"].hits] == [41]
    response = client.get(url, {"q": "太仓", "body": "沙溪镇人民政府"})
    assert [hit.meeting.number for hit in response.context["results"].hits] == [38]


def test_sort_by_date(client, seeded):
    response = client.get(reverse("archive:search"), {"q": "王晨清", "order": "date"})
    assert [hit.meeting.number for hit in response.context["results"].hits] == [41, 38]


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


def test_an_invalid_filter_value_finds_nothing_and_says_so(client, seeded):
    """As on the list page: a value the filter does not offer leaves nothing, not everything."""
    url = reverse("archive:search")
    assert "共 2 次会议" in client.get(url, {"q": "会议"}).content.decode()
    department = "档案中没有这个部门（可能已合并到另一个部门），请重新选择。"
    for params, says in [
        ({"item_kind": "written"}, "选择一个有效的选项。 written 不在可用的选项中。"),
        ({"year": "1990"}, "选择一个有效的选项。 1990 不在可用的选项中。"),
        ({"department": "x"}, department),
        ({"department": "999999"}, department),
    ]:
        response = client.get(url, {"q": "会议", **params})
        html = response.content.decode()
        assert response.status_code == 200
        assert response.context["results"].hits == []
        assert "筛选条件中有无效的值（见上方标注），请修改后再检索。" in html
        assert says in html  # the form says which field, and why


def test_empty_query_gets_a_helpful_message(client, seeded):
    html = client.get(reverse("archive:search"), {"q": "-排水"}).content.decode()
    assert "请至少输入一个要查找的词" in html


def test_page_links_the_exports_and_feed_of_the_same_search(client, seeded):
    weather = Department.objects.get(name="市气象局")
    params = {"q": "太仓", "department": weather.pk, "page": 1}
    html = client.get(reverse("archive:search"), params).content.decode()
    query = f"q=%E5%A4%AA%E4%BB%93&amp;department={weather.pk}"
    assert f'href="/search/export.csv?{query}" download>下载 CSV</a>' in html
    assert f'href="/search/export.json?{query}" download>下载 JSON</a>' in html
    head = html.split("</head>")[0]
    assert (
        '<link rel="alternate" type="application/atom+xml" title="检索：太仓"'
        f' href="/feeds/search.atom?{query}">'
    ) in head
    assert '<link rel="alternate" type="application/atom+xml" title="新收录的会议"' in head


def test_filters_fold_away_until_one_is_used(client, seeded):
    url = reverse("archive:search")
    plain = client.get(url, {"q": "排水"}).content.decode()
    assert '<details class="search-filters">' in plain
    # The list's sort would do nothing here: results follow ``order``.
    assert 'name="sort"' not in plain
    weather = Department.objects.get(name="市气象局")
    filtered = client.get(url, {"q": "排水", "department": weather.pk}).content.decode()
    assert '<details class="search-filters" open>' in filtered
    assert "筛选条件（已启用）" in filtered
