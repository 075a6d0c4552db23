"""Meetings: the filterable list (the list page's filters) and one meeting in full."""

from __future__ import annotations

import datetime
import re
from typing import Annotated, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from archive.api.errors import ParameterError, object_or_404
from archive.api.pagination import Page, PageParams, paginate
from archive.api.schemas import DecisionInContext, ErrorOut, MeetingDetail, MeetingSummary
from archive.api.selectors import (
    decision_with_context,
    meeting_link_structure,
    meeting_list_rows,
    meeting_with_structure,
)
from archive.filters import ROLE_ATTENDED, ROLE_LED, MeetingFilter
from archive.models import ItemKind, Meeting, MeetingType

router = Router(tags=["会议"])

MAX_ID = 2**63 - 1  # PostgreSQL bigint: a larger ID can name nothing
# The MeetingFilters fields that are list filters (the others page or search).
FILTER_FIELDS = frozenset(
    [
        "date_from",
        "date_to",
        "year",
        "body",
        "department",
        "department_role",
        "meeting_type",
        "chair",
        "item_kind",
    ]
)
# A value the archive holds no meeting for: an empty list, and why.
NOTHING_FOR = {
    "year": lambda value: f"档案中没有 {value} 年的会议",
    "body": lambda value: f"档案中没有机关“{value}”的会议",
    "meeting_type": lambda value: f"档案中没有{MeetingType(value).label}",
    "chair": lambda value: f"档案中没有“{value}”主持的会议",
    "item_kind": lambda value: f"档案中没有含{ItemKind(value).label}类议题的会议",
}


def _iso_date(value):
    """Only a date written YYYY-MM-DD: pydantic would also take 0 (1970-01-01) and datetimes."""
    if not isinstance(value, str) or not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        raise PydanticCustomError("date_format", "日期应写作 YYYY-MM-DD，如 2024-01-31")
    return value


IsoDate = Annotated[datetime.date, BeforeValidator(_iso_date)]


def _choices(what: str, choices) -> str:
    return f"{what}：" + "，".join(f"{value} {label}" for value, label in choices.choices)


class MeetingFilters(PageParams):
    date_from: IsoDate | None = Field(None, description="起始日期（含），如 2024-01-01")
    date_to: IsoDate | None = Field(None, description="截止日期（含）")
    year: int | None = Field(None, ge=1, le=9999, description="会议年份")
    body: str | None = Field(
        None, max_length=100, description="机关（会议的召开者），如 太仓市人民政府；须原样写出"
    )
    department: int | None = Field(
        None,
        ge=1,
        le=MAX_ID,
        description="部门 ID：其出席、列席或牵头落实议定事项的会议（只配合的不算）",
    )
    department_role: Literal[ROLE_ATTENDED, ROLE_LED] | None = Field(
        None,
        description=(
            "与 department 同用：attended 只要其出席或列席的会议，led 只要其牵头落实议定事项的会议"
        ),
    )
    meeting_type: MeetingType | None = Field(None, description=_choices("会议类型", MeetingType))
    chair: str | None = Field(
        None,
        max_length=50,
        description="主持人姓名，如 徐华东；繁体写法（如 賈紅偉）选中其简体（贾红伟）主持的会议",
    )
    item_kind: ItemKind | None = Field(None, description=_choices("含此类议题的会议", ItemKind))


def meetings_filtered(filters: MeetingFilters) -> QuerySet[Meeting]:
    """The list page's MeetingFilter applied to the API's parameters.

    A year, government, meeting type, chair or item kind with no meetings is an empty list; an
    unknown department is a 404, so that a caller can tell a wrong ID from a quiet department.
    """
    return meetings_filtered_noted(filters)[0]


def meetings_filtered_noted(filters: MeetingFilters) -> tuple[QuerySet[Meeting], dict]:
    """``meetings_filtered`` and, per parameter, why it left nothing (a year or a government
    with no meetings)."""
    data = {
        name: str(value)
        for name, value in filters.dict().items()
        if name in FILTER_FIELDS and value is not None
    }
    filterset = MeetingFilter(data=data, queryset=meeting_list_rows())
    if filterset.is_valid():
        return filterset.qs, {}
    for name, field_errors in filterset.errors.get_json_data().items():
        codes = {error["code"] for error in field_errors}
        if name in NOTHING_FOR and codes == {"invalid_choice"}:
            return Meeting.objects.none(), {name: [NOTHING_FOR[name](data[name])]}
        if name == "department" and codes == {"invalid_choice"}:
            raise ParameterError(name, f"没有 ID 为 {data[name]} 的部门", status=404)
        raise ParameterError(name, "；".join(error["message"] for error in field_errors))
    return filterset.qs, {}


@router.get(
    "/meetings",
    response={200: Page[MeetingSummary], 404: ErrorOut, 422: ErrorOut},
    summary="会议列表（筛选同会议列表页）",
)
def meeting_list(request: HttpRequest, filters: Query[MeetingFilters]):
    """Meetings newest first, filtered like the list page, a page at a time."""
    return paginate(request, meetings_filtered(filters), filters)


@router.get(
    "/meetings/{meeting_id}",
    response={200: MeetingDetail, 404: ErrorOut, 422: ErrorOut},
    summary="一次会议的完整结构与原文",
)
def meeting_detail(request: HttpRequest, meeting_id: int = Path(..., ge=1, le=MAX_ID)):
    """One meeting: agenda items, decisions with departments, attendees and the source text."""
    meeting = object_or_404(
        meeting_with_structure(), f"没有 ID 为 {meeting_id} 的会议", pk=meeting_id
    )
    return meeting_link_structure(meeting)


class DecisionPath(Schema):
    decision_id: str = Field(
        pattern=r"^[1-9][0-9]{0,17}-[1-9][0-9]{0,3}-[1-9][0-9]{0,3}$",
        description="稳定编号：会议编号-议题序号-议定事项序号",
    )


@router.get(
    "/decisions/{decision_id}",
    response={200: DecisionInContext, 404: ErrorOut, 422: ErrorOut},
    summary="按稳定编号取一条议定事项",
)
def decision_detail(request: HttpRequest, path: Path[DecisionPath]):
    """One decision by its stable ID, with its meeting and agenda item."""
    meeting_id, item_order, decision_order = (int(part) for part in path.decision_id.split("-"))
    return object_or_404(
        decision_with_context(),
        f"没有编号为 {path.decision_id} 的议定事项",
        agenda_item__meeting_id=meeting_id,
        agenda_item__order=item_order,
        order=decision_order,
    )
