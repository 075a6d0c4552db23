"""Person pages: every name in the attendance lists, where and in what role it appears."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from archive.models import Attendee, PersonStat
from archive.rollups import rollups_flush

PER_PAGE = 100


def person_list(request):
    # Counted at write time (PersonStat): grouping millions of attendee rows per request
    # took tens of seconds on a large archive.
    rollups_flush()
    people = PersonStat.objects.order_by("-meeting_count", "name")
    return render(
        request,
        "archive/person_list.html",
        {"page_obj": Paginator(people, PER_PAGE).get_page(request.GET.get("page"))},
    )


@dataclass
class Stint:
    """One department (or none) under which a name appears, from its first to its last meeting."""

    department_name: str
    department: object
    first: object
    last: object
    count: int


def department_stints(appearances: list[Attendee]) -> list[Stint]:
    """The departments a name appears under, in order of first appearance."""
    stints: dict[object, Stint] = {}
    for attendee in sorted(appearances, key=lambda a: (a.meeting.date is None, a.meeting.date)):
        key = attendee.department_id or attendee.department_as_written
        date = attendee.meeting.date
        stint = stints.get(key)
        if stint is None:
            name = attendee.department.name if attendee.department else ""
            stints[key] = Stint(
                name or attendee.department_as_written, attendee.department, date, date, 1
            )
        else:
            stint.last = date or stint.last
            stint.count += 1
    return list(stints.values())


def person_detail(request, name: str):
    if "\x00" in name:  # PostgreSQL text cannot hold NUL, so no attendee is called that
        raise Http404("no such name")
    appearances = list(
        Attendee.objects.filter(name=name)
        .select_related("meeting", "department")
        .defer("meeting__source_text", "meeting__opening")
        .order_by("-meeting__date", "-meeting__pk", "order")
    )
    if not appearances:
        raise Http404("no such name")
    roles: dict[str, int] = {}
    for attendee in appearances:
        label = attendee.get_role_display()
        roles[label] = roles.get(label, 0) + 1
    return render(
        request,
        "archive/person_detail.html",
        {
            "name": name,
            "appearances": appearances,
            "meeting_count": len({a.meeting_id for a in appearances}),
            "roles": sorted(roles.items(), key=lambda pair: -pair[1]),
            "stints": department_stints(appearances),
            "titles": sorted({a.title for a in appearances if a.title}),
        },
    )
