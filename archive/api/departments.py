"""Departments under all their written names, and the decisions they lead or support."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from ninja import Field, Path, Query, Router

from archive.api.errors import object_or_404
from archive.api.meetings import MAX_ID
from archive.api.pagination import Page, PageParams, paginate
from archive.api.schemas import DepartmentDecisionOut, DepartmentOut, ErrorOut
from archive.models import DecisionDepartment, Department

router = Router(tags=["部门"])


class DepartmentDecisionFilters(PageParams):
    role: Literal["lead", "supporting"] | None = Field(
        None, description="lead（牵头）或 supporting（配合）；不填为两者"
    )


@router.get("/departments", response={200: Page[DepartmentOut], 422: ErrorOut}, summary="部门列表")
def department_list(request: HttpRequest, page: Query[PageParams]):
    """Every department by name, with the ways the transcripts write it."""
    return paginate(request, Department.objects.prefetch_related("aliases"), page)


@router.get(
    "/departments/{department_id}",
    response={200: DepartmentOut, 404: ErrorOut, 422: ErrorOut},
    summary="一个部门及其别名",
)
def department_detail(request: HttpRequest, department_id: int = Path(..., ge=1, le=MAX_ID)):
    """One department; its meetings are at /api/meetings?department=ID."""
    return object_or_404(
        Department.objects.prefetch_related("aliases"),
        f"没有 ID 为 {department_id} 的部门",
        pk=department_id,
    )


@router.get(
    "/departments/{department_id}/decisions",
    response={200: Page[DepartmentDecisionOut], 404: ErrorOut, 422: ErrorOut},
    summary="部门牵头或配合的议定事项",
)
def department_decisions(
    request: HttpRequest,
    filters: Query[DepartmentDecisionFilters],
    department_id: int = Path(..., ge=1, le=MAX_ID),
):
    """The decisions naming the department, newest meeting first."""
    department = object_or_404(
        Department.objects.all(), f"没有 ID 为 {department_id} 的部门", pk=department_id
    )
    links = department_decision_links(department=department, role=filters.role)
    return paginate(request, links, filters)


def department_decision_links(*, department: Department, role: str | None):
    """The department's decision links with everything a listing shows, newest meeting first."""
    links = DecisionDepartment.objects.of_department(department).prefetch_related(
        "decision__department_links__department"
    )
    return links.filter(role=role) if role is not None else links
