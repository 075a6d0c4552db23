"""People: every name in the attendance lists or in the chair, with the meetings they appear
in."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Query, Router

from archive.api.pagination import Page, PageParams, paginate
from archive.api.schemas import ErrorOut, PersonOut
from archive.ingest.parse.traditional import to_simplified
from archive.models import Attendee, PersonStat
from archive.rollups import rollups_flush


class PeopleFilters(PageParams):
    name: str | None = Field(
        None,
        min_length=1,
        max_length=50,
        pattern=r"^[^\x00]+$",
        description="姓名（完全匹配；繁体写法如 吳敬宇 即其简体 吴敬宇）",
    )


router = Router(tags=["人员"])


@router.get("/people", response={200: Page[PersonOut], 422: ErrorOut}, summary="人员及其参会记录")
def person_list(request: HttpRequest, filters: Query[PeopleFilters]):
    """Names in attendance lists or in the chair, by name, each with every meeting they
    attended and how many they chaired."""
    # The names come from the counts kept at write time (PersonStat): grouping millions of
    # attendee rows on every request would not answer within the time limit.
    rollups_flush()
    names = PersonStat.objects.order_by("name")
    if filters.name is not None:
        # Names are kept in Simplified characters, whatever script their transcript used; the
        # name as typed still finds one an editor wrote otherwise.
        names = names.filter(name__in={filters.name, to_simplified(filters.name)})
    return paginate(
        request, names.values("name", "chaired_count"), filters, fetch=people_with_appearances
    )


def people_with_appearances(names) -> list[dict]:
    """The given page of names, each with its appearances and their count, in two queries."""
    people = {
        row["name"]: {"name": row["name"], "chaired_count": row["chaired_count"], "appearances": []}
        for row in names
    }
    appearances = (
        Attendee.objects.filter(name__in=people)
        .select_related("meeting", "department")
        .defer("meeting__source_text", "meeting__opening")
        .order_by("name", "-meeting__date", "-meeting__pk", "order")
    )
    for attendee in appearances:
        people[attendee.name]["appearances"].append(attendee)
    for person in people.values():
        person["appearance_count"] = len(person["appearances"])
    return list(people.values())
