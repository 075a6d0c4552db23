"""What a term means in this archive beyond its characters: meeting numbers, departments."""

from __future__ import annotations

import re

from archive.ingest.parse.numerals import chinese_to_int
from archive.search.segment import normalize

_NUMBER_RE = re.compile(r"(\d{1,4}|[零〇一二两三四五六七八九十百千]{1,8})次")
_DIGITS = "零一二三四五六七八九"


def int_to_chinese(value: int) -> str:
    """38 -> 三十八, 10 -> 十, 104 -> 一百零四, 110 -> 一百一十 (0 < value < 10000)."""
    if not 0 < value < 10000:
        return str(value)
    parts: list[str] = []
    zero = False
    for unit_value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = value // unit_value % 10
        if digit == 0:
            zero = bool(parts)
            continue
        if zero:
            parts.append("零")
            zero = False
        if not (unit == "十" and digit == 1 and not parts):
            parts.append(_DIGITS[digit])
        parts.append(unit)
    return "".join(parts)


def meeting_number_forms(term: str) -> list[str]:
    """``term`` with its meeting number also written the other way: 第41次 ↔ 第四十一次."""
    match = _NUMBER_RE.search(term)
    if match is None:
        return [term]
    try:
        value = chinese_to_int(match.group(1))
    except ValueError:
        return [term]
    forms = [str(value), int_to_chinese(value)]
    return list(
        dict.fromkeys(
            [term] + [term[: match.start(1)] + form + term[match.end(1) :] for form in forms]
        )
    )


def department_names() -> dict[str, tuple[str, ...]]:
    """Every normalised way of writing a department, to all the ways of writing it."""
    from archive.ingest.departments import KNOWN_ALIASES
    from archive.models import DepartmentAlias

    by_department: dict[int, set[str]] = {}
    for name, department_id, department_name in DepartmentAlias.objects.values_list(
        "name", "department_id", "department__name"
    ):
        names = by_department.setdefault(department_id, set())
        names.update((normalize(name), normalize(department_name)))
        # Forms the importer knows to be the same department, even if no transcript used them.
        names.update(normalize(alias) for alias in KNOWN_ALIASES.get(department_name, ()))
    return {
        name: tuple(sorted(names, key=lambda n: (-len(n), n)))
        for names in by_department.values()
        for name in names
    }


def term_alternatives(term: str, departments: dict[str, tuple[str, ...]]) -> list[str]:
    """The strings any one of which counts as a match for ``term``."""
    alternatives = meeting_number_forms(term)
    if term in departments:
        alternatives += [name for name in departments[term] if name not in alternatives]
    return alternatives
