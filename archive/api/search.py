"""Full-text search: ``GET /api/search?q=``, the search page's results as data.

Hits come from ``archive.search.selectors.search_page`` (``Meeting.objects.search()`` on the
meetings the list filters leave), the same call the search page makes.
"""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from archive.api.meetings import MeetingFilters, meetings_filtered_noted
from archive.api.schemas import ErrorOut, MeetingRef
from archive.search.engine import MAX_PAGE
from archive.search.selectors import search_page
from archive.search.syntax import parse_query

router = Router(tags=["搜索"])


class SearchParams(MeetingFilters):
    q: str = Field(
        ...,
        min_length=1,
        description=(
            '检索词：空格分隔的词须同时出现；"…" 为短语；OR 表示任一；-词 排除。'
            "超过 200 字只用前 200 字"
        ),
    )
    order: Literal["relevance", "date"] = Field("relevance", description="排序：相关度或日期")
    page: int = Field(1, ge=1, le=MAX_PAGE, description="页码，从 1 开始")


class SearchDecision(Schema):
    item: int = Field(description="所属议题的序号")
    order: int = Field(description="在该议题议定事项中的序号")
    anchor: str = Field(description="会议页面上的锚点（url 加 #anchor 直达）")


class SearchHit(Schema):
    meeting: MeetingRef
    items: list[int] = Field(description="匹配的议题序号（会议页面上的 #item-N）")
    decisions: list[SearchDecision] = Field(description="文本匹配的议定事项，按议题和序号排列")
    snippet: str = Field(description="原文中最相关的一段（纯文本）")


class SearchOut(Schema):
    count: int = Field(description="匹配的会议数")
    estimated: bool = Field(description="count 为估计数（匹配极多时）")
    messages: list[str] = Field(description="给读者的说明，如查询被截短、排序只在部分结果中进行")
    errors: dict[str, list[str]] = Field(
        description="使结果为空的筛选参数及原因（如没有会议的年份）；参数格式有误时返回 422"
    )
    results: list[SearchHit]


@router.get(
    "/search",
    response={200: SearchOut, 404: ErrorOut, 422: ErrorOut},
    summary="全文检索（筛选同会议列表页）",
)
def search(request: HttpRequest, params: Query[SearchParams]):
    """Meetings matching ``q``, ranked, a page at a time, with matched items and a snippet.

    A query with nothing to look for (only exclusions, only quotes) finds nothing and says
    why in ``messages``: it is a well-formed request, so it is not rejected.
    """
    query = parse_query(params.q)
    if query.is_empty:
        notes = list(query.notes) or ["请输入要查找的词语。"]
        return {"count": 0, "estimated": False, "messages": notes, "errors": {}, "results": []}
    meetings, errors = meetings_filtered_noted(params)
    if errors:  # a filter that leaves no meetings: nothing to search
        return {"count": 0, "estimated": False, "messages": [], "errors": errors, "results": []}
    results = search_page(
        meetings, params.q, order=params.order, page=params.page, per_page=params.page_size
    )
    return {
        "count": results.count,
        "estimated": results.estimated,
        "messages": results.messages,
        "errors": errors,
        "results": [
            {
                "meeting": hit.meeting,
                "items": hit.items,
                "decisions": [
                    {"item": d.item, "order": d.order, "anchor": d.anchor} for d in hit.decisions
                ],
                "snippet": hit.snippet.text,
            }
            for hit in results.hits
        ],
    }
