"""Paginators for long lists: counts that stop at a cap, or that are already known.

Counting every match of a filter exactly means visiting every match: tens of thousands of
rows per request on a large archive, only to print one number. Past ``COUNT_CAP`` the pages
say "超过 10,000" instead, and offer pages up to the cap (a narrower filter reaches the rest).
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.functional import cached_property

COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    """Counts at most ``cap`` objects; ``capped`` says whether there are more."""

    def __init__(self, *args, cap: int | None = None, known_count: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.cap = COUNT_CAP if cap is None else cap
        self.known_count = known_count

    @cached_property
    def full_count(self) -> int:
        """The number of objects, or ``cap + 1`` when there are more than ``cap``."""
        if self.known_count is not None:
            return self.known_count
        objects = self.object_list
        if hasattr(objects, "order_by"):
            # values("pk") leaves the list's annotations (a per-row subquery, say) out of the
            # count: a sliced count otherwise computes them for every row it counts.
            return objects.order_by().values("pk")[: self.cap + 1].count()
        return min(len(objects), self.cap + 1)

    @property
    def cap_display(self) -> str:
        return f"{self.cap:,}"

    @property
    def capped(self) -> bool:
        return self.full_count > self.cap

    @cached_property
    def count(self) -> int:
        return min(self.full_count, self.cap)
