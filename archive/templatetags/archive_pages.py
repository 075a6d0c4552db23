"""Template tags for paged lists whose page parameter is not always called `page`."""

from __future__ import annotations

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def page_query(context, param: str, number: int) -> str:
    """The current query string with `param` set to `number`, starting with `?`."""
    params = context["request"].GET.copy()
    params[param] = number
    return "?" + params.urlencode()
