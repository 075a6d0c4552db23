"""How crawlers and browsers find the archive: robots.txt and the OpenSearch description."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET


def search_path() -> str:
    return reverse("archive:search")


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        # Result pages and downloads of whole lists are for people and programs, not indexes.
        f"Disallow: {search_path()}",
        "Disallow: /meetings/export.",
        f"Sitemap: {request.build_absolute_uri(reverse('open_data:sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def opensearch_description(request: HttpRequest) -> HttpResponse:
    context = {
        "search_url": request.build_absolute_uri(search_path()),
        "self_url": request.build_absolute_uri(reverse("open_data:opensearch")),
    }
    return render(
        request,
        "open_data/opensearch.xml",
        context,
        content_type="application/opensearchdescription+xml; charset=utf-8",
    )
