"""The archive's read-only JSON API: schema at /api/openapi.json, docs at /api/docs."""

from archive.api.app import api

__all__ = ["api"]
