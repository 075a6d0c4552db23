"""The read-only JSON API: one NinjaAPI with a router per kind of record."""

from __future__ import annotations

from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from archive.api import departments, meetings, people, search
from archive.api.errors import install_error_handlers


class ReadableJSONRenderer(JSONRenderer):
    """JSON with Chinese characters as they are, not as \\u escapes."""

    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="政府常务会议纪要档案 API",
    version="1",
    description=(
        "会议纪要档案的只读数据接口。所有列表按页返回（page、page_size）；"
        "参数有误时返回 4xx，`detail` 指明出错的参数。"
        "议题与议定事项的 `id` 是稳定编号（会议编号-议题序号[-议定事项序号]）。"
    ),
    urls_namespace="api",
    renderer=ReadableJSONRenderer(),
)
install_error_handlers(api)

for router in (meetings.router, departments.router, people.router, search.router):
    api.add_router("", router)
