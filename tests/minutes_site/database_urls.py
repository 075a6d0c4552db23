"""DATABASE_URLs for subprocesses that must reach the database the tests use."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from django.db import connection


def current_database_url(name: str | None = None) -> str:
    """A URL for the test run's database (or another database ``name`` on the same server)."""
    settings = connection.settings_dict
    name = name or settings["NAME"]
    auth = quote(settings["USER"] or "")
    if settings["PASSWORD"]:
        auth += ":" + quote(settings["PASSWORD"])
    host = settings["HOST"] or settings["OPTIONS"].get("host", "")
    port = f":{settings['PORT']}" if settings["PORT"] else ""
    if host.startswith("/"):  # a Unix socket directory (the embedded server)
        return f"postgres://{auth}@/{name}?{urlencode({'host': host})}"
    return f"postgres://{auth}@{host}{port}/{name}"
