"""Full-text search: the place for ``GET /api/search?q=`` once the search module provides it.

The endpoint goes on ``router`` below and appears in the schema by that alone. Its contract:
``{"count": int, "results": [{"meeting": MeetingRef, "items": [...], "snippet": str}]}``, with
``MeetingRef`` from ``archive.api.schemas`` and hits found by ``Meeting.objects.search(query)``;
a bad ``q`` answers 422 with ``archive.api.errors.ParameterError("q", ...)``.
"""

from __future__ import annotations

from ninja import Router

router = Router(tags=["搜索"])
