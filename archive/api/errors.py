"""Errors as JSON that name the parameter at fault; no bad request ends in a server error."""

from __future__ import annotations

from django.db import OperationalError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import ValidationError

from minutes_site.statement_timeout import RETRY_AFTER_SECONDS, statement_timed_out

# The locations Ninja reports, in the words of the OpenAPI schema.
_LOCATIONS = {"query": "query", "path": "path"}

# pydantic's messages are English; the API speaks the archive's language. Keyed by pydantic's
# error type, formatted with the error's context (the bound, the choices); a type not listed
# here keeps pydantic's own message.
_MESSAGES = {
    "missing": "必须提供",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "int_type": "应为整数",
    "bool_parsing": "应为 true 或 false",
    "greater_than_equal": "不能小于 {ge}",
    "greater_than": "应大于 {gt}",
    "less_than_equal": "不能大于 {le}",
    "less_than": "应小于 {lt}",
    "string_too_long": "最多 {max_length} 个字符",
    "string_too_short": "至少 {min_length} 个字符",
    "string_type": "应为文字",
    "literal_error": "应为 {expected} 之一",
    "enum": "应为 {expected} 之一",
    "date_parsing": "不是有效的日期，应写作 YYYY-MM-DD，如 2024-01-31",
    "date_from_datetime_parsing": "不是有效的日期，应写作 YYYY-MM-DD，如 2024-01-31",
    "date_from_datetime_inexact": "应为日期，不带时间，如 2024-01-31",
    "date_type": "应为日期，如 2024-01-31",
}


def _message(error: dict) -> str:
    """``error``'s message in Chinese where its type is known, else pydantic's own."""
    template = _MESSAGES.get(error.get("type", ""))
    if template is None:
        return error.get("msg") or "格式不正确"
    context = {
        key: str(value).replace("' or '", "'、'").replace("', '", "'、'")
        for key, value in error.get("ctx", {}).items()
    }
    try:
        return template.format(**context)
    except (KeyError, IndexError):
        return error.get("msg") or "格式不正确"


class ParameterError(Exception):
    """A request parameter that is well-formed but not acceptable (e.g. an unknown department)."""

    def __init__(self, parameter: str, message: str, *, status: int = 422, location: str = "query"):
        super().__init__(message)
        self.parameter = parameter
        self.message = message
        self.status = status
        self.location = location


def error_body(errors: list[dict]) -> dict:
    """The error document: a sentence naming every bad parameter, and the details per parameter."""
    detail = "；".join(f"参数 {error['parameter']} 无效：{error['message']}" for error in errors)
    return {"detail": detail, "errors": errors}


def _validation_errors(exc: ValidationError) -> list[dict]:
    errors = []
    for error in exc.errors:
        location, *rest = [str(part) for part in error.get("loc", ())] or ["query"]
        # Ninja puts a query schema's fields under the schema's argument name; drop it.
        parameter = rest[-1] if rest else location
        errors.append(
            {
                "parameter": parameter,
                "location": _LOCATIONS.get(location, location),
                "message": _message(error),
            }
        )
    return errors


def install_error_handlers(api: NinjaAPI) -> None:
    """Replace Ninja's default error responses with ones that name the parameter."""

    @api.exception_handler(ValidationError)
    def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return api.create_response(request, error_body(_validation_errors(exc)), status=422)

    @api.exception_handler(ParameterError)
    def on_parameter_error(request: HttpRequest, exc: ParameterError) -> HttpResponse:
        body = error_body(
            [{"parameter": exc.parameter, "location": exc.location, "message": exc.message}]
        )
        return api.create_response(request, body, status=exc.status)

    @api.exception_handler(OperationalError)
    def on_database_error(request: HttpRequest, exc: OperationalError) -> HttpResponse:
        if not statement_timed_out(exc):
            raise exc
        body = {"detail": "查询用时太长，已被中止；请稍后再试或缩小筛选范围", "errors": []}
        response = api.create_response(request, body, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

    @api.exception_handler(Http404)
    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(request, {"detail": str(exc), "errors": []}, status=404)


def object_or_404(queryset: QuerySet, message: str, **lookup):
    """The one object matching ``lookup``, or a 404 with ``message`` saying what is missing."""
    found = queryset.filter(**lookup).first()
    if found is None:
        raise Http404(message)
    return found
