"""The search results page; the same search as data is in archive/api, archive/export, feeds."""

from __future__ import annotations

from django.shortcuts import render

from archive.search.selectors import ORDERS, search_filterset, search_page


def search(request):
    filterset = search_filterset(request.GET)
    query = request.GET.get("q", "")
    try:
        page = int(request.GET.get("page", 1))
    except ValueError:
        page = 1
    results = search_page(
        filterset.qs, query, order=request.GET.get("order", "relevance"), page=page
    )
    # The list's sort means nothing here: results are ordered by ``order``.
    filtered = any(request.GET.get(name) for name in filterset.filters if name != "sort")
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "archive/search.html",
        {
            "filter": filterset,
            "filtered": filtered,
            "query": query,
            "results": results,
            "orders": ORDERS,
            "query_string": params.urlencode(),
        },
    )
