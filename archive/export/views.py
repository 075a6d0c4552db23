"""Export views: a list's rows as a streamed CSV or JSON download, filtered by the URL."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header

from archive.export.formats import csv_lines, json_array_pieces
from archive.export.sources import (
    DECISION_COLUMNS,
    MEETING_COLUMNS,
    department_decision_rows,
    meeting_rows,
)
from archive.filters import MeetingFilter
from archive.models import Department, Meeting
from archive.search.selectors import search_all, search_filterset
from archive.search.syntax import parse_query

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
}


def export_response(
    fmt: str, filename: str, columns: Sequence[str], rows: Iterator[dict]
) -> StreamingHttpResponse:
    """Stream ``rows`` as ``fmt``; nothing is read from the database until the body is sent."""
    if fmt not in CONTENT_TYPES:
        raise Http404(f"不支持的导出格式：{fmt}")
    pieces = csv_lines(columns, rows) if fmt == "csv" else json_array_pieces(rows)
    response = StreamingHttpResponse(pieces, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{filename}.{fmt}"
    )
    return response


def bad_parameters(filterset: MeetingFilter) -> HttpResponse:
    """A 400 naming each filter parameter that was not understood."""
    lines = [
        f"参数 {name} 无效：{'；'.join(messages)}" for name, messages in filterset.errors.items()
    ]
    return HttpResponse(
        "\n".join(lines) + "\n", status=400, content_type="text/plain; charset=utf-8"
    )


def meeting_list_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The meeting list as it is filtered in the URL (year, department, …)."""
    filterset = MeetingFilter(data=request.GET, queryset=Meeting.objects.all())
    if not filterset.is_valid():
        return bad_parameters(filterset)
    return export_response(
        fmt, "meetings", MEETING_COLUMNS, meeting_rows(filterset.qs, request.build_absolute_uri)
    )


def department_meetings_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The meetings a department attended or acted in, with the URL's other filters."""
    department = get_object_or_404(Department, pk=pk)
    data = request.GET.copy()
    data["department"] = str(department.pk)
    filterset = MeetingFilter(data=data, queryset=Meeting.objects.all())
    if not filterset.is_valid():
        return bad_parameters(filterset)
    rows = meeting_rows(filterset.qs, request.build_absolute_uri)
    return export_response(fmt, f"department-{department.pk}-meetings", MEETING_COLUMNS, rows)


def department_decisions_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The decisions a department leads or supports."""
    department = get_object_or_404(Department, pk=pk)
    rows = department_decision_rows(department, request.build_absolute_uri)
    return export_response(fmt, f"department-{department.pk}-decisions", DECISION_COLUMNS, rows)


def search_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """Every meeting matching ``q`` (all pages) with the URL's filters, newest first."""
    query = request.GET.get("q", "")
    parsed = parse_query(query)
    if parsed.is_empty:
        message = "；".join(parsed.notes) or "请输入要查找的词语。"
        return HttpResponse(
            f"参数 q 无效：{message}\n", status=400, content_type="text/plain; charset=utf-8"
        )
    filterset = search_filterset(request.GET)
    if not filterset.is_valid():
        return bad_parameters(filterset)
    rows = meeting_rows(search_all(filterset.qs, query), request.build_absolute_uri)
    return export_response(fmt, "search", MEETING_COLUMNS, rows)
