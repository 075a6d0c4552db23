"""Stable identifiers for agenda items and decisions, kept across re-imports and dumps.

Rows are replaced when a transcript is re-imported, so their primary keys change; a
meeting keeps its ID and its items and decisions keep their numbers in the minutes.
"""

from __future__ import annotations


def item_key(meeting_id: int, item_order: int) -> str:
    """The stable ID of an agenda item: ``<meeting ID>-<item number>``."""
    return f"{meeting_id}-{item_order}"


def decision_key(meeting_id: int, item_order: int, decision_order: int) -> str:
    """The stable ID of a decision: ``<meeting ID>-<item number>-<decision number>``."""
    return f"{item_key(meeting_id, item_order)}-{decision_order}"
