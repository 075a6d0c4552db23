"""The search results page; the same search as data is in archive/api, archive/export, feeds."""

from __future__ import annotations

from django.db.models import Q
from django.shortcuts import render

from archive.models import Department, DepartmentAlias, PersonStat
from archive.rollups import rollups_flush
from archive.search.engine import SearchResults
from archive.search.selectors import ORDERS, search_filterset, search_page
from archive.search.syntax import ParsedQuery, parse_query


def search(request):
    filterset = search_filterset(request.GET)
    query = request.GET.get("q", "")
    try:
        page = int(request.GET.get("page", 1))
    except ValueError:
        page = 1
    if filterset.is_valid():
        results = search_page(
            filterset.qs, query, order=request.GET.get("order", "relevance"), page=page
        )
    else:
        # As the list page: a filter value the archive does not offer (a stale link, a year
        # it holds no meeting of) filters out everything, rather than being left out unseen.
        results = SearchResults(
            query=parse_query(query),
            messages=["筛选条件中有无效的值（见上方标注），请修改后再检索。"],
        )
    # The list's sort means nothing here: results are ordered by ``order``.
    filtered = any(request.GET.get(name) for name in filterset.filters if name != "sort")
    params = request.GET.copy()
    params.pop("page", None)
    people, departments = named_in(results.query)
    return render(
        request,
        "archive/search.html",
        {
            "people": people,
            "departments": departments,
            "filter": filterset,
            "filtered": filtered,
            "query": query,
            "results": results,
            "orders": ORDERS,
            "query_string": params.urlencode(),
        },
    )


def named_in(query: ParsedQuery) -> tuple[list[PersonStat], list[Department]]:
    """The people (attendees and chairs) and departments a query's words name exactly, for
    links to their pages: a reader who types a name is often looking for that person or
    department itself."""
    terms = list(query.terms)
    if not terms:
        return [], []
    rollups_flush()  # PersonStat, inside a transaction that changed the archive (tests)
    people = list(PersonStat.objects.filter(name__in=terms).order_by("-meeting_count", "name"))
    aliased = DepartmentAlias.objects.filter(name__in=terms).values("department_id")
    departments = list(
        Department.objects.filter(Q(name__in=terms) | Q(pk__in=aliased)).order_by("name")
    )
    return people, departments
