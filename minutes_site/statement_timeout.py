"""A time limit on every database statement of a public request, and a 503 when one runs over.

One expensive request (a deep filter, a crawler's odd URL) must not hold a database backend
for long while others queue behind it. Public requests run with PostgreSQL's
``statement_timeout`` set to ``PUBLIC_STATEMENT_TIMEOUT_MS``; the admin is exempt (editors'
saves and merges may take longer), and so are management commands such as ``import_minutes``,
which never pass through here. The setting is made per request because a persistent
connection serves public and admin requests in turn.
"""

from __future__ import annotations

from django.conf import settings
from django.db import OperationalError, connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

QUERY_CANCELED = "57014"  # PostgreSQL's SQLSTATE for a statement cancelled by its timeout
RETRY_AFTER_SECONDS = 30


def statement_timed_out(error: BaseException) -> bool:
    """Whether ``error`` is a statement cancelled by ``statement_timeout``."""
    return isinstance(error, OperationalError) and (
        getattr(error.__cause__, "sqlstate", None) == QUERY_CANCELED
    )


def timeout_for(request: HttpRequest) -> int:
    """The statement timeout in milliseconds for ``request``; 0 means none."""
    if request.path.startswith("/admin/"):
        return 0
    return settings.PUBLIC_STATEMENT_TIMEOUT_MS


class StatementTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('statement_timeout', %s, false)", [f"{timeout_for(request)}ms"]
            )
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if not statement_timed_out(exception):
            return None
        response = render(request, "503.html", status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
