"""Search: the results page and the same search as JSON. Both call Meeting.objects.search()."""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render

from archive.filters import MeetingFilter
from archive.models import Meeting

ORDERS = {"relevance": "相关度", "date": "日期（新→旧）"}


def _search(request):
    filterset = MeetingFilter(request.GET, queryset=Meeting.objects.all())
    query = request.GET.get("q", "")
    order = request.GET.get("order", "relevance")
    try:
        page = int(request.GET.get("page", 1))
    except ValueError:
        page = 1
    results = filterset.qs.search(query, order=order, page=page)
    return filterset, query, results


def search(request):
    filterset, query, results = _search(request)
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "archive/search.html",
        {
            "filter": filterset,
            "query": query,
            "results": results,
            "orders": ORDERS,
            "query_string": params.urlencode(),
        },
    )


def search_api(request):
    filterset, _query, results = _search(request)
    return JsonResponse(
        {
            "count": results.count,
            "estimated": results.estimated,
            "messages": results.messages,
            "errors": {name: list(errors) for name, errors in filterset.errors.items()},
            "results": [
                {
                    "meeting": {
                        "id": hit.meeting.pk,
                        "number": hit.meeting.number,
                        "date": hit.meeting.date.isoformat() if hit.meeting.date else None,
                        "url": request.build_absolute_uri(hit.meeting.get_absolute_url()),
                    },
                    "items": hit.items,
                    "snippet": hit.snippet.text,
                }
                for hit in results.hits
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )
