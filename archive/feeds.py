"""Atom feeds: new meetings, and a department's meetings and decisions.

Every feed of meetings derives from ``MeetingFeed``, which renders a meeting the same way
everywhere; a feed for a search is ``MeetingFeed`` with ``get_object`` reading ``q`` from
the request and ``items`` returning ``Meeting.objects.search(q)[:FEED_SIZE]``.
"""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, format_html_join

from archive.filters import MeetingFilter
from archive.identifiers import decision_key
from archive.models import AgendaItem, DecisionDepartment, Department, Meeting

FEED_SIZE = 30


def _with_items(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    return meetings.defer("source_text", "opening").prefetch_related(
        Prefetch("agenda_items", queryset=AgendaItem.objects.only("meeting_id", "order", "title"))
    )


class MeetingFeed(Feed):
    """A feed whose entries are meetings; subclasses choose which."""

    feed_type = Atom1Feed

    def item_title(self, meeting: Meeting) -> str:
        return meeting.display_title

    def item_description(self, meeting: Meeting) -> str:
        # HTML for the reader, built with format_html so that every transcript value is escaped.
        day = meeting.date
        when = f"{day.year}年{day.month}月{day.day}日" if day else "日期不详"
        chair = format_html("，{}主持", meeting.chair) if meeting.chair else ""
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
        return (
            DecisionDepartment.objects.filter(department=department)
            .select_related("decision__agenda_item__meeting")
            .defer(
                "decision__agenda_item__meeting__source_text",
                "decision__agenda_item__meeting__opening",
            )
            .order_by(
                "-decision__agenda_item__meeting__date",
                "-decision__agenda_item__meeting__pk",
                "decision__agenda_item__order",
                "decision__order",
            )[:FEED_SIZE]
        )

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
