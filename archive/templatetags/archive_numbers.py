"""Counts written as readers of large numbers expect them: 18,950 rather than 18950.

Django's zh-hans format leaves numbers ungrouped (its THOUSAND_SEPARATOR is empty), and
USE_THOUSAND_SEPARATOR would group every number a template prints, years, meeting numbers and
ids in links included. Counts are grouped where they are shown instead, as the paginator's cap
is ("超过 10,000").
"""

from django import template

register = template.Library()


@register.filter(is_safe=True)
def grouped(value):
    """An integer with its thousands separated by commas; anything else as it is."""
    if isinstance(value, bool) or not isinstance(value, int):
        return value
    return f"{value:,}"
