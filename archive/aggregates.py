"""Archive-wide counts, computed once and shared until the archive changes.

The home page, the department list and the meeting list's filter choices count over every
meeting, attendee and decision link. On a large archive (100,000 meetings, millions of
attendee rows) one such pass takes seconds, far too long to repeat for every visitor, while
the answers change only when meetings are imported or corrected. They are kept in the shared
cache (settings.CACHES) under a key holding a fingerprint of the meetings table (how many,
last updated), so an import shows at once; ``AGGREGATE_CACHE_SECONDS`` bounds how long a
correction elsewhere can leave them stale. ``manage.py refresh_aggregates`` computes them all
without the public statement time limit: run it after a large import, before visitors do.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from contextvars import ContextVar
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Max
from django.http import HttpResponse

from archive.models import Meeting

T = TypeVar("T")

_COMPUTE: dict[str, Callable[[], object]] = {}

# The fingerprint a request has read (see OneFingerprintPerRequest); None outside requests.
_request_memo: ContextVar[dict[str, str] | None] = ContextVar("archive_fingerprint", default=None)


def archive_fingerprint() -> str:
    """Changes whenever a meeting is added, removed or saved.

    In a transaction (tests, imports) it is read from the table, so that a change made in the
    same transaction shows. Otherwise (every public request) it is read from PostgreSQL's
    activity counters for the table, which cost nothing to read where counting and scanning
    100,000 meetings costs a fifth of a second; they lag a commit by a few seconds at most.
    """
    if connection.in_atomic_block:
        state = Meeting.objects.aggregate(count=Count("pk"), updated=Max("updated_at"))
        updated = state["updated"].timestamp() if state["updated"] else 0
        return f"{state['count']}:{updated}"
    memo = _request_memo.get()
    if memo is not None and "fingerprint" in memo:
        return memo["fingerprint"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n_tup_ins, n_tup_upd, n_tup_del, n_tup_hot_upd FROM pg_stat_user_tables"
            " WHERE relid = %s::regclass",
            [Meeting._meta.db_table],
        )
        row = cursor.fetchone()
    fingerprint = "stat:" + ":".join(map(str, row or ()))
    if memo is not None:
        memo["fingerprint"] = fingerprint
    return fingerprint


class OneFingerprintPerRequest:
    """Middleware: a request reads the archive's fingerprint once, however many kept values
    it shows (a list page's filter choices alone are five), and shows them all as of the
    same moment."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_memo.set({})
        try:
            return self.get_response(request)
        finally:
            _request_memo.reset(token)


def _key(name: str, fingerprint: str) -> str:
    return f"archive-aggregate:{name}:{fingerprint}"


def archive_aggregate(name: str) -> Callable[[Callable[[], T]], Callable[[], T]]:
    """Decorate a function computing an archive-wide value so that its value is cached."""

    def decorate(compute: Callable[[], T]) -> Callable[[], T]:
        _COMPUTE[name] = compute

        @functools.wraps(compute)
        def cached() -> T:
            return archive_cached(name, compute)

        return cached

    return decorate


def archive_cached(name: str, compute: Callable[[], T]) -> T:
    """``compute()``, kept like the archive-wide values (for a value of one department, say,
    whose ``name`` tells it apart)."""
    key = _key(name, archive_fingerprint())
    return cache.get_or_set(key, compute, settings.AGGREGATE_CACHE_SECONDS)


def aggregates_refresh() -> list[str]:
    """Compute every archive-wide value now and cache it; returns their names."""

    fingerprint = archive_fingerprint()
    for name, compute in _COMPUTE.items():
        cache.set(_key(name, fingerprint), compute(), settings.AGGREGATE_CACHE_SECONDS)
    return sorted(_COMPUTE)


def archive_page(view):
    """Keep a public page's HTML, like the counts above, until the archive changes.

    For pages that show only meetings' own fields (the calendars): a busy year holds
    thousands of meetings, and laying them out took longer than every query of the page.
    Only the body is kept; headers (security, caching) are set afresh on every response.
    """

    @functools.wraps(view)
    def cached(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = _key(f"page:{path}", archive_fingerprint())
        content = cache.get(key)
        if content is not None:
            return HttpResponse(content)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming:
            cache.set(key, response.content, settings.AGGREGATE_CACHE_SECONDS)
        return response

    return cached


@archive_aggregate("meeting-count")
def meeting_count() -> int:
    """How many meetings the archive holds (the home page, search's estimated counts)."""
    return Meeting.objects.count()
