"""The shapes the API returns; every field is documented in the OpenAPI schema from here."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from ninja import Field, Schema

from archive.identifiers import decision_key, item_key


def absolute_url(context: dict | None, path: str) -> str:
    """``path`` as an absolute URL on the host the request came to."""
    request: HttpRequest | None = (context or {}).get("request")
    return request.build_absolute_uri(path) if request is not None else path


class ParameterErrorOut(Schema):
    parameter: str = Field(description="出错的参数名")
    location: str = Field(description="参数位置：query 或 path")
    message: str


class ErrorOut(Schema):
    detail: str = Field(description="出错原因，指明出错的参数")
    errors: list[ParameterErrorOut] = Field(default_factory=list)


class MeetingRef(Schema):
    """A meeting named from elsewhere (a decision, a person's appearance, a search hit)."""

    id: int
    title: str = Field(description="会议名称，如 市政府第38次常务会议")
    number: int | None = Field(description="届次序号")
    date: datetime.date | None
    url: str = Field(description="会议页面地址")

    @staticmethod
    def resolve_title(obj, context) -> str:
        return obj.display_title

    @staticmethod
    def resolve_url(obj, context) -> str:
        return absolute_url(context, obj.get_absolute_url())


class MeetingSummary(MeetingRef):
    body: str = Field(description="机关，如 市政府；原文未写时为空")
    meeting_type: str = Field(description="standing | executive | topical | other")
    meeting_type_label: str
    time_of_day: str = Field(description="am | pm；原文未写时为空")
    chair: str = Field(description="主持人（简体，主持人筛选按此区分）；原文未写时为空")
    chair_as_written: str = Field(description="原文写法，如繁体的 賈紅偉；与 chair 相同时为空")
    chair_title: str
    doc_number: str = Field(description="纪要文号")
    api_url: str

    @staticmethod
    def resolve_meeting_type_label(obj, context) -> str:
        return obj.get_meeting_type_display()

    @staticmethod
    def resolve_api_url(obj, context) -> str:
        return absolute_url(context, f"/api/meetings/{obj.pk}")


class DepartmentRef(Schema):
    id: int
    name: str
    url: str

    @staticmethod
    def resolve_url(obj, context) -> str:
        return absolute_url(context, obj.get_absolute_url())


class DepartmentOut(DepartmentRef):
    aliases: list[str] = Field(description="原文中出现过的各种写法")
    api_url: str

    @staticmethod
    def resolve_aliases(obj, context) -> list[str]:
        return [alias.name for alias in obj.aliases.all()]

    @staticmethod
    def resolve_api_url(obj, context) -> str:
        return absolute_url(context, f"/api/departments/{obj.pk}")


class DepartmentLinkOut(Schema):
    department: DepartmentRef
    name_as_written: str = Field(description="原文写法")


class DecisionOut(Schema):
    id: str = Field(description="稳定编号：会议编号-议题序号-议定事项序号", examples=["1-2-1"])
    order: int
    text: str
    outcome: str
    issuing_channel: str = Field(description="印发渠道，如 以市政府名义印发")
    lead_departments: list[DepartmentLinkOut]
    supporting_departments: list[DepartmentLinkOut]
    url: str

    @staticmethod
    def resolve_id(obj, context) -> str:
        item = obj.agenda_item
        return decision_key(item.meeting_id, item.order, obj.order)

    @staticmethod
    def resolve_lead_departments(obj, context) -> list:
        return [link for link in obj.department_links.all() if link.role == "lead"]

    @staticmethod
    def resolve_supporting_departments(obj, context) -> list:
        return [link for link in obj.department_links.all() if link.role == "supporting"]

    @staticmethod
    def resolve_url(obj, context) -> str:
        return absolute_url(context, obj.get_absolute_url())


class AgendaItemOut(Schema):
    id: str = Field(description="稳定编号：会议编号-议题序号", examples=["1-2"])
    order: int
    number_text: str = Field(description="编号原文，如 二、")
    kind: str = Field(description="review | hearing | written | other")
    kind_label: str
    title: str
    documents: list[str] = Field(description="审议的文件名（不含书名号）")
    decisions: list[DecisionOut]

    @staticmethod
    def resolve_id(obj, context) -> str:
        return item_key(obj.meeting_id, obj.order)

    @staticmethod
    def resolve_kind_label(obj, context) -> str:
        return obj.get_kind_display()


class AttendeeOut(Schema):
    order: int
    name: str = Field(description="姓名（简体，人员页面按此区分）；只写了部门代表时为空")
    name_as_written: str = Field(description="原文写法，如繁体的 陳國華；与 name 相同时为空")
    role: str = Field(description="present | participant | observer | invited | absent")
    role_label: str
    department: DepartmentRef | None
    department_as_written: str
    title: str
    note: str

    @staticmethod
    def resolve_role_label(obj, context) -> str:
        return obj.get_role_display()


class SourceOut(Schema):
    name: str = Field(description="来源文件名")
    encoding: str = Field(description="原文件编码；按此编码可还原原文件字节")
    content_hash: str = Field(description="原文件字节的 SHA-256")
    text: str = Field(description="原文全文，逐字保存")


class MeetingDetail(MeetingSummary):
    opening: str = Field(description="开头段落")
    agenda_items: list[AgendaItemOut]
    written_approvals: list[str] = Field(description="书面审议通过的文件")
    other_matters: bool = Field(description="纪要写明“还研究了其他事项”")
    attendees: list[AttendeeOut]
    parse_warnings: list[str]
    source: SourceOut
    imported_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_source(obj, context) -> dict:
        return {
            "name": obj.source_name,
            "encoding": obj.source_encoding,
            "content_hash": obj.content_hash,
            "text": obj.source_text,
        }


class AgendaItemRef(Schema):
    id: str
    order: int
    title: str

    @staticmethod
    def resolve_id(obj, context) -> str:
        return item_key(obj.meeting_id, obj.order)


class DecisionInContext(DecisionOut):
    """A decision with the meeting and agenda item it belongs to."""

    meeting: MeetingRef
    agenda_item: AgendaItemRef

    @staticmethod
    def resolve_meeting(obj, context):
        return obj.agenda_item.meeting


class DepartmentDecisionOut(Schema):
    role: str = Field(description="lead（牵头）| supporting（配合）")
    name_as_written: str
    decision: DecisionInContext


class AppearanceOut(Schema):
    meeting: MeetingRef
    role: str = Field(description="present | participant | observer | invited | absent")
    role_label: str
    department: DepartmentRef | None
    title: str

    @staticmethod
    def resolve_role_label(obj, context) -> str:
        return obj.get_role_display()


class PersonOut(Schema):
    name: str
    appearance_count: int = Field(description="出席名单中出现的次数")
    chaired_count: int = Field(description="主持的会议数（主持人不在出席名单中）")
    appearances: list[AppearanceOut] = Field(description="按会议日期从新到旧")
