"""Restoring a JSON Lines dump (see dump.py) into an empty archive, all or nothing."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.management.color import no_style
from django.db import connection, transaction

from archive.models import (
    AgendaItem,
    Attendee,
    Decision,
    DecisionDepartment,
    Department,
    DepartmentAlias,
    Meeting,
)
from archive.search.index import search_index_rebuild
from archive.search.names import names_sync
from archive.services.dump import DUMP_FORMAT, DUMP_VERSION, SOURCE_FIELDS, dump_fields
from archive.services.records import RecordError, record_row

# Meetings written per batch; bounds memory for an archive of any size.
BATCH_SIZE = 200
ARCHIVE_MODELS = (
    Department,
    DepartmentAlias,
    Meeting,
    AgendaItem,
    Decision,
    DecisionDepartment,
    Attendee,
)


class DumpError(ValueError):
    """The dump cannot be loaded; the message names the file and line."""


@dataclass
class _Batch:
    meetings: list[Meeting] = field(default_factory=list)
    items: list[AgendaItem] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    links: list[DecisionDepartment] = field(default_factory=list)
    attendees: list[Attendee] = field(default_factory=list)

    def write(self) -> None:
        # bulk_create stamps auto_now fields with the present; the dump's times are put back.
        stamps = [(meeting.imported_at, meeting.updated_at) for meeting in self.meetings]
        Meeting.objects.bulk_create(self.meetings)
        for meeting, (imported_at, updated_at) in zip(self.meetings, stamps, strict=True):
            meeting.imported_at, meeting.updated_at = imported_at, updated_at
        Meeting.objects.bulk_update(self.meetings, ["imported_at", "updated_at"])
        AgendaItem.objects.bulk_create(self.items)
        Decision.objects.bulk_create(self.decisions)
        DecisionDepartment.objects.bulk_create(self.links)
        Attendee.objects.bulk_create(self.attendees)
        self.__init__()


def archive_is_empty() -> bool:
    return not (Meeting.objects.exists() or Department.objects.exists())


@transaction.atomic
def archive_load(*, lines: Iterable[str], name: str) -> dict[str, int]:
    """Load the dump in ``lines`` (from the file ``name``) into an empty archive.

    Every row keeps its primary key and times; on any error nothing is written and the
    DumpError says which line and field.
    """
    if not archive_is_empty():
        raise DumpError("数据库中已有会议或部门；只能载入到空的档案中")
    fields = dump_fields()
    counts = {"department": 0, "meeting": 0}
    departments: set[int] = set()
    batch = _Batch()
    line_number = 0
    for line_number, line in enumerate(lines, start=1):
        try:
            record = _parse(line)
            if line_number == 1:
                _check_header(record)
                continue
            kind = record.pop("kind", None)
            if kind in counts:
                counts[kind] += 1
            if kind == "department":
                aliases = record.pop("aliases", [])
                department = record_row(Department, record, fields["department"])
                department.save(force_insert=True)
                departments.add(department.pk)
                DepartmentAlias.objects.bulk_create(
                    _child(DepartmentAlias, alias, fields["alias"], department_id=department.pk)
                    for alias in aliases
                )
            elif kind == "meeting":
                _add_meeting(batch, record, fields, departments)
                if len(batch.meetings) >= BATCH_SIZE:
                    batch.write()
            else:
                raise RecordError(f"未知的记录类型 {kind!r}")
        except (RecordError, KeyError, TypeError, AttributeError) as error:
            raise DumpError(f"{name} 第 {line_number} 行：{_reason(error)}") from error
    if line_number == 0:
        raise DumpError(f"{name}：文件为空")
    batch.write()
    _reset_sequences()
    # The search index is derived data, not in the dump: build it for what was loaded, the
    # aliases (written without their model's save) registered first.
    names_sync()
    search_index_rebuild()
    return counts


def _parse(line: str) -> dict:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise RecordError(f"不是有效的 JSON（{error.msg}，第 {error.colno} 列）") from error
    if not isinstance(record, dict):
        raise RecordError("应为 JSON 对象")
    return record


def _check_header(record: dict) -> None:
    if record != {"kind": "header", "format": DUMP_FORMAT, "version": DUMP_VERSION}:
        raise RecordError(f"第一行应为 {DUMP_FORMAT} 第 {DUMP_VERSION} 版的文件头")


def _reason(error: Exception) -> str:
    if isinstance(error, KeyError):
        return f"缺少字段 {error.args[0]}"
    return str(error)


def _child(model, record: dict, fields: list, **parent):
    return record_row(
        model, {**record, **parent}, fields + [model._meta.get_field(name) for name in parent]
    )


def _add_meeting(batch: _Batch, record: dict, fields: dict, departments: set[int]) -> None:
    source = record.pop("source")
    items = record.pop("agenda_items")
    attendees = record.pop("attendees")
    for column, key in SOURCE_FIELDS.items():
        record[column] = source[key]
    meeting = record_row(
        Meeting, record, fields["meeting"] + [Meeting._meta.get_field(c) for c in SOURCE_FIELDS]
    )
    batch.meetings.append(meeting)
    for item_record in items:
        decisions = item_record.pop("decisions")
        item = _child(AgendaItem, item_record, fields["agenda_item"], meeting_id=meeting.pk)
        batch.items.append(item)
        for decision_record in decisions:
            links = decision_record.pop("department_links")
            decision = _child(Decision, decision_record, fields["decision"], agenda_item_id=item.pk)
            batch.decisions.append(decision)
            for link_record in links:
                link = _child(
                    DecisionDepartment,
                    link_record,
                    fields["department_link"],
                    decision_id=decision.pk,
                )
                _check_department(link.department_id, departments)
                batch.links.append(link)
    for attendee_record in attendees:
        attendee = _child(Attendee, attendee_record, fields["attendee"], meeting_id=meeting.pk)
        if attendee.department_id is not None:
            _check_department(attendee.department_id, departments)
        batch.attendees.append(attendee)


def _check_department(department_id: int, departments: set[int]) -> None:
    if department_id not in departments:
        raise RecordError(f"引用了文件中没有的部门 ID {department_id}")


def _reset_sequences() -> None:
    """Point each table's ID sequence past the loaded rows, so new imports do not collide."""
    statements = connection.ops.sequence_reset_sql(no_style(), ARCHIVE_MODELS)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
