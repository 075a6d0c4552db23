"""Atom feeds: new meetings, a department's meetings and decisions, and any search.

Every feed of meetings derives from ``MeetingFeed``, which renders a meeting the same way
everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, format_html_join

from archive.filters import MeetingFilter
from archive.identifiers import decision_key
from archive.models import AgendaItem, DecisionDepartment, Department, Meeting
from archive.search.selectors import search_filterset, search_page
from archive.search.syntax import parse_query

FEED_SIZE = 30


def _items_prefetch() -> Prefetch:
    items = AgendaItem.objects.only("meeting_id", "order", "title")
    return Prefetch("agenda_items", queryset=items)


def _with_items(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    return meetings.defer("source_text", "opening").prefetch_related(_items_prefetch())


class MeetingFeed(Feed):
    """A feed whose entries are meetings; subclasses choose which."""

    feed_type = Atom1Feed

    def item_title(self, meeting: Meeting) -> str:
        return meeting.display_title

    def item_description(self, meeting: Meeting) -> str:
        # HTML for the reader, built with format_html so that every transcript value is escaped.
        day = meeting.date
        when = f"{day.year}年{day.month}月{day.day}日" if day else "日期不详"
        chair = format_html("，{}主持", meeting.shown_chair) if meeting.chair else ""
        items = format_html_join(
            "", "<li>{}</li>", ((item.title,) for item in meeting.agenda_items.all())
        )
        return format_html(
            "<p>{}{}{}</p><ol>{}</ol>", when, meeting.get_time_of_day_display(), chair, items
        )

    def item_link(self, meeting: Meeting) -> str:
        return meeting.get_absolute_url()

    def item_pubdate(self, meeting: Meeting):
        return meeting.imported_at

    def item_updateddate(self, meeting: Meeting):
        return meeting.updated_at


class LatestMeetingsFeed(MeetingFeed):
    """The meetings most recently added to the archive."""

    title = "政府常务会议纪要档案 · 新增会议"
    subtitle = "最近收录的会议纪要"

    def link(self) -> str:
        return reverse("archive:meeting_list")

    def items(self) -> QuerySet[Meeting]:
        return _with_items(Meeting.objects.order_by("-imported_at", "-pk"))[:FEED_SIZE]


class DepartmentMeetingsFeed(MeetingFeed):
    """The meetings a department attended or acted in, newest first."""

    def get_object(self, request, pk: int) -> Department:
        return get_object_or_404(Department, pk=pk)

    def title(self, department: Department) -> str:
        return f"{department.name} · 相关会议"

    def link(self, department: Department) -> str:
        return department.get_absolute_url()

    def items(self, department: Department) -> QuerySet[Meeting]:
        meetings = MeetingFilter(data={"department": department.pk}).qs
        return _with_items(meetings.order_by("-date", "-number", "-pk"))[:FEED_SIZE]


@dataclass(frozen=True)
class _Search:
    query: str
    filterset: object
    query_string: str


class SearchFeed(MeetingFeed):
    """The newest meetings matching ``q`` (with the URL's list filters), each with its snippet."""

    def __call__(self, request, *args, **kwargs) -> HttpResponse:
        parsed = parse_query(request.GET.get("q", ""))
        problems = []
        if parsed.is_empty:
            problems.append(f"参数 q 无效：{'；'.join(parsed.notes) or '请输入要查找的词语。'}")
        filterset = search_filterset(request.GET)
        problems += [
            f"参数 {name} 无效：{'；'.join(messages)}"
            for name, messages in filterset.errors.items()
        ]
        if problems:
            return HttpResponse(
                "\n".join(problems) + "\n", status=400, content_type="text/plain; charset=utf-8"
            )
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request) -> _Search:
        params = request.GET.copy()
        params.pop("page", None)
        return _Search(request.GET["q"], search_filterset(request.GET), params.urlencode())

    def title(self, search: _Search) -> str:
        return f"政府常务会议纪要档案 · 检索：{search.query}"

    def link(self, search: _Search) -> str:
        return f"{reverse('archive:search')}?{search.query_string}"

    def feed_url(self, search: _Search) -> str:
        return f"{reverse('open_data:search_feed')}?{search.query_string}"

    def items(self, search: _Search) -> list[Meeting]:
        results = search_page(search.filterset.qs, search.query, order="date", per_page=FEED_SIZE)
        meetings = []
        for hit in results.hits:
            hit.meeting.search_snippet = hit.snippet
            meetings.append(hit.meeting)
        prefetch_related_objects(meetings, _items_prefetch())
        return meetings

    def item_description(self, meeting: Meeting) -> str:
        # The snippet's HTML was escaped before <mark> went in; the rest is format_html.
        return format_html(
            '<p class="snippet">{}</p>{}',
            meeting.search_snippet.markup,
            super().item_description(meeting),
        )


class DepartmentDecisionsFeed(Feed):
    """The decisions a department leads or supports, newest meeting first."""

    feed_type = Atom1Feed

    def get_object(self, request, pk: int) -> Department:
        return get_object_or_404(Department, pk=pk)

    def title(self, department: Department) -> str:
        return f"{department.name} · 牵头与配合的议定事项"

    def link(self, department: Department) -> str:
        return department.get_absolute_url()

    def items(self, department: Department) -> QuerySet[DecisionDepartment]:
        return DecisionDepartment.objects.of_department(department)[:FEED_SIZE]

    def item_title(self, link: DecisionDepartment) -> str:
        item = link.decision.agenda_item
        return f"{item.meeting.display_title} · {item.title}（{link.get_role_display()}）"

    def item_description(self, link: DecisionDepartment) -> str:
        return format_html("<p>{}</p>", link.decision.text)

    def item_link(self, link: DecisionDepartment) -> str:
        return link.decision.get_absolute_url()

    def item_guid(self, link: DecisionDepartment) -> str:
        # Stable across re-imports, unlike the row's primary key in the link's anchor.
        item = link.decision.agenda_item
        key = decision_key(item.meeting_id, item.order, link.decision.order)
        return f"urn:minutes-archive:decision:{key}:{link.role}"

    item_guid_is_permalink = False

    def item_pubdate(self, link: DecisionDepartment):
        return link.decision.agenda_item.meeting.imported_at

    def item_updateddate(self, link: DecisionDepartment):
        return link.decision.agenda_item.meeting.updated_at
