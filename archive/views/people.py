"""Person pages: every name in the attendance lists or in the chair, where and in what role
it appears."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count, Max, Min
from django.http import Http404
from django.shortcuts import redirect, render

from archive.filters import PersonFilter
from archive.ingest.parse.traditional import to_simplified
from archive.models import Attendee, AttendeeRole, Department, Meeting, PersonStat
from archive.rollups import rollups_flush
from archive.views.dates import ROW_FIELDS

PER_PAGE = 100


def person_list(request):
    # Counted at write time (PersonStat): grouping millions of attendee rows per request
    # took tens of seconds on a large archive.
    rollups_flush()
    people = PersonFilter(
        request.GET, queryset=PersonStat.objects.order_by("-meeting_count", "name")
    )
    return render(
        request,
        "archive/person_list.html",
        {
            "filter": people,
            "page_obj": Paginator(people.qs, PER_PAGE).get_page(request.GET.get("page")),
        },
    )


@dataclass
class Stint:
    """One department (or none) under which a name appears, from its first to its last meeting."""

    department_name: str
    department: object
    first: object
    last: object
    count: int


def department_stints(name: str) -> list[Stint]:
    """The departments a name appears under, in order of first appearance (one grouped query)."""
    rows = (
        Attendee.objects.filter(name=name)
        .order_by()
        .values("department", "department_as_written")
        .annotate(first=Min("meeting__date"), last=Max("meeting__date"), count=Count("pk"))
    )
    departments = Department.objects.in_bulk({row["department"] for row in rows} - {None})
    stints: dict[object, Stint] = {}
    for row in sorted(rows, key=lambda r: (r["first"] is None, r["first"] or 0, r["count"])):
        department = departments.get(row["department"])
        key = row["department"] or row["department_as_written"]
        stint = stints.get(key)
        if stint is None:
            label = department.name if department else row["department_as_written"]
            stints[key] = Stint(label, department, row["first"], row["last"], row["count"])
        else:  # one department written several ways
            dates = [d for d in (stint.first, stint.last, row["first"], row["last"]) if d]
            stint.first, stint.last = min(dates, default=None), max(dates, default=None)
            stint.count += row["count"]
    return list(stints.values())


def chair_titles(name: str, chaired: int) -> set[str]:
    """The titles a name chaired meetings under (市长, 常务副市长, …)."""
    if not chaired:
        return set()
    return set(
        Meeting.objects.filter(chair=name)
        .exclude(chair_title="")
        .order_by()
        .values_list("chair_title", flat=True)
        .distinct()
    )


def _is_known(name: str) -> bool:
    """Whether a name has a person page: it attended or chaired a meeting."""
    return PersonStat.objects.filter(name=name).exists()


def person_detail(request, name: str):
    if "\x00" in name:  # PostgreSQL text cannot hold NUL, so no attendee is called that
        raise Http404("no such name")
    rollups_flush()
    simplified = to_simplified(name)
    if simplified != name and not _is_known(name) and _is_known(simplified):
        # Names are kept in Simplified characters: 吳敬宇 (typed, or in an older link) is 吴敬宇,
        # unless an editor kept the name as written.
        return redirect("archive:person_detail", simplified, permanent=True)
    # Chairs are counted with the attendees: a mayor who only ever chaired has a page too.
    stat = PersonStat.objects.filter(name=name).first()
    if stat is None:
        raise Http404("no such name")
    # The summary is grouped in SQL; the appearances are paged (a frequent name has
    # hundreds on a large archive).
    appearances = (
        Attendee.objects.filter(name=name)
        .select_related("meeting", "department")
        .only(
            *(f"meeting__{field}" for field in ROW_FIELDS if field != "pk"),
            "meeting",
            "department",
            "department__name",
            "order",
            "role",
            "title",
            "department_as_written",
        )
        .order_by("-meeting__date", "-meeting__pk", "order")
    )
    roles = dict(
        Attendee.objects.filter(name=name)
        .order_by()
        .values("role")
        .annotate(count=Count("pk"))
        .values_list("role", "count")
    )
    labels = dict(AttendeeRole.choices)
    return render(
        request,
        "archive/person_detail.html",
        {
            "name": name,
            "page_obj": Paginator(appearances, PER_PAGE).get_page(request.GET.get("page")),
            "meeting_count": stat.meeting_count,
            "roles": sorted(
                ((labels.get(role, role), count) for role, count in roles.items()),
                key=lambda pair: -pair[1],
            ),
            "stints": department_stints(name),
            # The meetings a name chaired are the meeting list's chair filter.
            "chaired": stat.chaired_count,
            "titles": sorted(
                set(
                    Attendee.objects.filter(name=name)
                    .exclude(title="")
                    .order_by()
                    .values_list("title", flat=True)
                    .distinct()
                )
                | chair_titles(name, stat.chaired_count)
            ),
        },
    )
