"""The one way every caller searches: the list filters first, then ``Meeting.objects.search()``.

The search page, the JSON API, the search exports and the search feed all come through here,
so that a URL's ``q``, ``order`` and filters mean the same thing in each of them.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import QuerySet

from archive.filters import MeetingFilter
from archive.models import Meeting
from archive.search.engine import SearchResults, meeting_search_ids

ORDERS = {"relevance": "相关度", "date": "日期（新→旧）"}
PER_PAGE = 20


def search_filterset(data: Mapping) -> MeetingFilter:
    """The list page's filters bound to ``data`` (a request's GET or the API's parameters)."""
    return MeetingFilter(data=data, queryset=Meeting.objects.all())


def search_page(
    meetings: QuerySet[Meeting],
    query: str,
    *,
    order: str = "relevance",
    page: int = 1,
    per_page: int = PER_PAGE,
) -> SearchResults:
    """One page of the meetings of ``meetings`` that match ``query``; never raises."""
    order = order if order in ORDERS else "relevance"
    return meetings.search(query, order=order, page=page, per_page=per_page)


def search_all(meetings: QuerySet[Meeting], query: str) -> QuerySet[Meeting]:
    """Every meeting of ``meetings`` that matches ``query`` (uncapped), newest first."""
    ids = meeting_search_ids(meetings, query)
    return meetings.filter(pk__in=ids).order_by("-date", "-number", "-pk")
