"""Page-numbered lists: one shape for every list the API returns."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema

T = TypeVar("T")

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
# Deep enough for any real archive; it bounds OFFSET so that no page number overflows it.
MAX_PAGE = 100_000


class PageParams(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE, description="页码，从 1 开始")
    page_size: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="每页条数")


class Page(Schema, Generic[T]):
    count: int = Field(description="符合条件的总条数")
    page: int
    page_size: int
    next: str | None = Field(description="下一页地址；已是最后一页时为 null")
    previous: str | None = Field(description="上一页地址；已是第一页时为 null")
    results: list[T]


def paginate(
    request: HttpRequest,
    rows: QuerySet | Sequence,
    params: PageParams,
    *,
    fetch: Callable[[QuerySet | Sequence], list] | None = None,
) -> dict:
    """The page of ``rows`` that ``params`` asks for; a page past the end is empty, not an error.

    ``fetch`` turns the sliced rows into the results (e.g. to prefetch only for that page).
    """
    count = rows.count() if isinstance(rows, QuerySet) else len(rows)
    start = (params.page - 1) * params.page_size
    window = rows[start : start + params.page_size]
    results = fetch(window) if fetch is not None else list(window)

    def link(page: int) -> str:
        query = request.GET.copy()
        query["page"] = str(page)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    has_next = start + params.page_size < count
    has_previous = params.page > 1 and start - params.page_size < count
    return {
        "count": count,
        "page": params.page,
        "page_size": params.page_size,
        "next": link(params.page + 1) if has_next else None,
        "previous": link(params.page - 1) if has_previous else None,
        "results": results,
    }
