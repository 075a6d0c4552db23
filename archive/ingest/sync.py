"""Bringing a meeting's stored records in line with a new parse, keeping editors' corrections.

Used by ``meeting_save`` (load.py), which states the policy. Records are matched by their
place in the transcript (``order``); new records are written in bulk, changed ones one by one,
and every write goes into the history with the import as its reason.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Prefetch
from simple_history.utils import bulk_create_with_history

from archive.ingest.meeting_fields import attendee_names, item_kind_choice
from archive.ingest.parse import ParsedAgendaItem, ParsedAttendee, ParsedDecision
from archive.models import (
    AgendaItem,
    Attendee,
    AttendeeRole,
    Decision,
    DecisionDepartment,
    Department,
    DepartmentRole,
    Meeting,
)
from archive.services.corrections import DEPARTMENTS_FIELD


def _by_label(choices: type) -> dict[str, str]:
    return {str(label): value for value, label in choices.choices}


_ROLES = _by_label(AttendeeRole)
_GONE = "（新版本中没有）"
_REMOVED = "（已由编辑删除）"


@dataclass(frozen=True)
class ImportConflict:
    """A parsed value the importer did not write because an editor had corrected it."""

    record: str  # 会议, 第3项议题, 第3项议题第2条议定事项, 第12位参会人员
    field: str  # the field's Chinese name; "" when the whole record is meant
    kept: str
    incoming: str

    def __str__(self) -> str:
        where = f"{self.record} · {self.field}" if self.field else self.record
        return f"{where}：保留更正“{_short(self.kept)}”，未采用导入的“{_short(self.incoming)}”"


class MeetingSync:
    """One import's pass over one meeting's records; collects the conflicts it skips."""

    def __init__(
        self, meeting: Meeting, *, reason: str, resolve: Callable[[str], Department]
    ) -> None:
        self.meeting = meeting
        self.reason = reason
        self.resolve = resolve
        self.conflicts: list[ImportConflict] = []
        # Whether this pass wrote anything (saved, created or deleted a record).
        self.changed = False

    def apply(self, record: models.Model, values: dict[str, Any], where: str) -> bool:
        """Write ``values`` into ``record``, except edited fields; whether anything changed."""
        changed = False
        for name, value in values.items():
            current = getattr(record, name)
            if _key(current) == _key(value):
                continue
            if name in record.edited_fields:
                field = record._meta.get_field(name)
                self._conflict(
                    where, str(field.verbose_name), _shown(field, current), _shown(field, value)
                )
                continue
            setattr(record, name, value)
            changed = True
        self.changed |= changed
        return changed

    def agenda_items(self, parsed_items: Sequence[ParsedAgendaItem]) -> None:
        """Agenda items, then their decisions, then the decisions' department links."""
        decisions = Decision.objects.prefetch_related("department_links")
        stored = {
            item.order: item
            for item in self.meeting.agenda_items.prefetch_related(
                Prefetch("decisions", queryset=decisions)
            )
        }
        new: list[AgendaItem] = []
        pairs: list[tuple[AgendaItem, ParsedAgendaItem, bool]] = []
        for parsed in parsed_items:
            where = f"第{parsed.order}项议题"
            values = {
                "number_text": parsed.number_text,
                "kind": item_kind_choice(parsed),
                "title": parsed.title,
                "documents": list(parsed.documents),
            }
            item = stored.pop(parsed.order, None)
            is_new = item is None
            if is_new:
                if parsed.order in self.meeting.removed_item_orders:
                    self._conflict(where, "", _REMOVED, parsed.title)
                    continue
                item = AgendaItem(meeting=self.meeting, order=parsed.order, **values)
                new.append(item)
            elif self.apply(item, values, where):
                self._save(item)
            pairs.append((item, parsed, is_new))
        self._create(AgendaItem, new)
        for item in stored.values():
            edited = bool(item.edited_fields) or any(d.edited_fields for d in item.decisions.all())
            self._drop(item, f"第{item.order}项议题", item.title, edited=edited)
        self._decisions(pairs)

    def _decisions(self, pairs: list[tuple[AgendaItem, ParsedAgendaItem, bool]]) -> None:
        new: list[Decision] = []
        linked: list[tuple[Decision, ParsedDecision, bool]] = []
        for item, parsed_item, item_is_new in pairs:
            stored = {} if item_is_new else {d.order: d for d in item.decisions.all()}
            for parsed in parsed_item.decisions:
                where = f"第{item.order}项议题第{parsed.order}条议定事项"
                values = {
                    "text": parsed.text,
                    "outcome": parsed.outcome or "",
                    "issuing_channel": parsed.issuing_channel or "",
                }
                decision = stored.pop(parsed.order, None)
                if decision is None:
                    if parsed.order in item.removed_decision_orders:
                        self._conflict(where, "", _REMOVED, parsed.text)
                        continue
                    decision = Decision(agenda_item=item, order=parsed.order, **values)
                    new.append(decision)
                    linked.append((decision, parsed, True))
                    continue
                if self.apply(decision, values, where):
                    self._save(decision)
                linked.append((decision, parsed, False))
            for decision in stored.values():
                where = f"第{item.order}项议题第{decision.order}条议定事项"
                self._drop(decision, where, decision.text, edited=bool(decision.edited_fields))
        self._create(Decision, new)
        self._links(linked)

    def _links(self, linked: list[tuple[Decision, ParsedDecision, bool]]) -> None:
        new: list[DecisionDepartment] = []
        for decision, parsed, decision_is_new in linked:
            wanted = self._wanted_links(decision, parsed)
            stored = [] if decision_is_new else list(decision.department_links.all())
            if sorted(map(_link_key, stored)) == sorted(map(_link_key, wanted)):
                continue
            if DEPARTMENTS_FIELD in decision.edited_fields:
                where = f"第{decision.agenda_item.order}项议题第{decision.order}条议定事项"
                self._conflict(where, "相关部门", _links_shown(stored), _links_shown(wanted))
                continue
            for link in stored:
                link._change_reason = self.reason
                link.delete()
                self.changed = True
            new.extend(wanted)
        self._create(DecisionDepartment, new)

    def _wanted_links(self, decision: Decision, parsed: ParsedDecision) -> list[DecisionDepartment]:
        links: list[DecisionDepartment] = []
        for role, names in (
            (DepartmentRole.LEAD, parsed.lead_departments),
            (DepartmentRole.SUPPORTING, parsed.supporting_departments),
        ):
            seen: set[int] = set()
            for position, name in enumerate(names):
                department = self.resolve(name)
                if department.pk in seen:
                    continue
                seen.add(department.pk)
                links.append(
                    DecisionDepartment(
                        decision=decision,
                        department=department,
                        role=role,
                        name_as_written=name,
                        position=position,
                    )
                )
        return links

    def attendees(self, parsed_attendees: Sequence[ParsedAttendee]) -> None:
        stored = {a.order: a for a in self.meeting.attendees.select_related("department")}
        new: list[Attendee] = []
        for order, parsed in enumerate(parsed_attendees, start=1):
            where = f"第{order}位参会人员"
            values = {
                **attendee_names(parsed.name),
                "role": _ROLES.get(parsed.role.value, AttendeeRole.OBSERVER),
                "department": self.resolve(parsed.department) if parsed.department else None,
                "department_as_written": parsed.department or "",
                "title": parsed.title or "",
                "note": parsed.note or "",
            }
            attendee = stored.pop(order, None)
            if attendee is None:
                if order in self.meeting.removed_attendee_orders:
                    shown = parsed.name or f"{parsed.department or ''}的代表"
                    self._conflict(where, "", _REMOVED, shown)
                    continue
                new.append(Attendee(meeting=self.meeting, order=order, **values))
            elif self.apply(attendee, values, where):
                self._save(attendee)
        self._create(Attendee, new)
        for attendee in stored.values():
            where = f"第{attendee.order}位参会人员"
            self._drop(attendee, where, str(attendee), edited=bool(attendee.edited_fields))

    def _conflict(self, where: str, field: str, kept: str, incoming: str) -> None:
        self.conflicts.append(ImportConflict(where, field, kept, incoming))

    def _save(self, record: models.Model) -> None:
        record._change_reason = self.reason
        record.save()

    def _create(self, model: type[models.Model], records: list) -> None:
        if records:
            bulk_create_with_history(records, model, default_change_reason=self.reason)
            self.changed = True

    def _drop(self, record: models.Model, where: str, shown: str, *, edited: bool) -> None:
        """A stored record the new parse no longer has: kept if edited, else deleted."""
        if edited:
            self._conflict(where, "", shown, _GONE)
            return
        record._change_reason = self.reason
        record.delete()
        self.changed = True


def _key(value: Any) -> Any:
    return value.pk if isinstance(value, models.Model) else value


def _link_key(link: DecisionDepartment) -> tuple:
    return (link.role, link.position, link.department_id, link.name_as_written)


def _links_shown(links: list[DecisionDepartment]) -> str:
    if not links:
        return "（无）"
    return "、".join(f"{link.get_role_display()}：{link.department.name}" for link in links)


def _shown(field: models.Field, value: Any) -> str:
    """A value as an editor reads it in a conflict report."""
    if value is None or value in ("", []):
        return "（空）"
    if isinstance(value, models.Model):
        return str(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "；".join(map(str, value))
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
