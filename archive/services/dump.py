"""The archive as JSON Lines: a header, every department, then every meeting in full.

Each meeting line holds the original transcript (text, encoding, hash, file name) and
its whole structure with primary keys, so that ``archive_load`` rebuilds the same rows.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TextIO

from django.db.models import Prefetch

from archive.models import (
    AgendaItem,
    Attendee,
    Decision,
    DecisionDepartment,
    Department,
    DepartmentAlias,
    Meeting,
)
from archive.services.records import record_fields, row_record

DUMP_FORMAT = "minutes-archive-dump"
DUMP_VERSION = 1
CHUNK_SIZE = 200

SOURCE_FIELDS = {
    "source_name": "name",
    "source_encoding": "encoding",
    "content_hash": "content_hash",
    "source_text": "text",
}


def dump_fields() -> dict[str, list]:
    """The columns each kind of row carries; the loader checks records against the same."""
    return {
        "department": record_fields(Department),
        "alias": record_fields(DepartmentAlias, skip=("department_id",)),
        "meeting": record_fields(Meeting, skip=tuple(SOURCE_FIELDS)),
        "agenda_item": record_fields(AgendaItem, skip=("meeting_id",)),
        "decision": record_fields(Decision, skip=("agenda_item_id",)),
        "department_link": record_fields(DecisionDepartment, skip=("decision_id",)),
        "attendee": record_fields(Attendee, skip=("meeting_id",)),
    }


def dump_records() -> Iterator[dict]:
    """Every record of the archive in dump order, read a chunk of meetings at a time."""
    fields = dump_fields()
    yield {"kind": "header", "format": DUMP_FORMAT, "version": DUMP_VERSION}
    departments = Department.objects.prefetch_related(
        Prefetch("aliases", queryset=DepartmentAlias.objects.order_by("pk"))
    ).order_by("pk")
    for department in departments.iterator(chunk_size=CHUNK_SIZE):
        yield {
            "kind": "department",
            **row_record(department, fields["department"]),
            "aliases": [row_record(alias, fields["alias"]) for alias in department.aliases.all()],
        }
    meetings = Meeting.objects.order_by("pk").prefetch_related(
        Prefetch(
            "agenda_items",
            queryset=AgendaItem.objects.order_by("order").prefetch_related(
                Prefetch(
                    "decisions",
                    queryset=Decision.objects.order_by("order").prefetch_related(
                        Prefetch(
                            "department_links", queryset=DecisionDepartment.objects.order_by("pk")
                        )
                    ),
                )
            ),
        ),
        Prefetch("attendees", queryset=Attendee.objects.order_by("order")),
    )
    for meeting in meetings.iterator(chunk_size=CHUNK_SIZE):
        yield meeting_record(meeting, fields)


def meeting_record(meeting: Meeting, fields: dict[str, list]) -> dict:
    """One meeting with its source and structure, as a dump record."""
    return {
        "kind": "meeting",
        **row_record(meeting, fields["meeting"]),
        "source": {key: getattr(meeting, column) for column, key in SOURCE_FIELDS.items()},
        "agenda_items": [
            {
                **row_record(item, fields["agenda_item"]),
                "decisions": [
                    {
                        **row_record(decision, fields["decision"]),
                        "department_links": [
                            row_record(link, fields["department_link"])
                            for link in decision.department_links.all()
                        ],
                    }
                    for decision in item.decisions.all()
                ],
            }
            for item in meeting.agenda_items.all()
        ],
        "attendees": [
            row_record(attendee, fields["attendee"]) for attendee in meeting.attendees.all()
        ],
    }


def archive_dump(*, out: TextIO) -> dict[str, int]:
    """Write the whole archive to ``out`` as JSON Lines; return how many of each kind."""
    counts = {"department": 0, "meeting": 0}
    for record in dump_records():
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        if record["kind"] in counts:
            counts[record["kind"]] += 1
    return counts
