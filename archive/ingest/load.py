"""Writing parsed transcripts into the database: one atomic, idempotent step per file."""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from archive.ingest.departments import (
    department_canonical_name,
    department_match_key,
    department_preferred_name,
)
from archive.ingest.parse import ParsedMeeting, ParseError, parse_transcript
from archive.ingest.read import Transcript, TranscriptReadError, transcript_read
from archive.models import (
    AgendaItem,
    Attendee,
    AttendeeRole,
    Decision,
    DecisionDepartment,
    Department,
    DepartmentAlias,
    DepartmentRole,
    ItemKind,
    Meeting,
    MeetingType,
    TimeOfDay,
)
from archive.search.index import search_index_meeting


class ImportStatus(enum.StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    FAILED = "failed"


@dataclass(frozen=True)
class ImportResult:
    """What importing one file did."""

    path: Path
    status: ImportStatus
    meeting_id: int | None = None
    message: str = ""
    warnings: tuple[str, ...] = ()


logger = logging.getLogger(__name__)


def _by_label(choices: type) -> dict[str, str]:
    return {str(label): value for value, label in choices.choices}


_ITEM_KINDS = _by_label(ItemKind)
_ROLES = _by_label(AttendeeRole)
_MEETING_TYPES = _by_label(MeetingType)
_TIMES_OF_DAY = _by_label(TimeOfDay)


def meeting_import(*, path: Path) -> ImportResult:
    """Import one transcript file; never raises for a bad file, reports it instead."""
    try:
        transcript = transcript_read(path, max_bytes=settings.MINUTES_MAX_FILE_BYTES)
        existing = Meeting.objects.filter(source_name=transcript.name).first()
        if existing is not None and existing.content_hash == transcript.content_hash:
            return ImportResult(path, ImportStatus.UNCHANGED, existing.pk)
        parsed = parse_transcript(transcript.text)
        meeting, created = meeting_save(transcript=transcript, parsed=parsed)
    except (TranscriptReadError, ParseError) as error:
        return ImportResult(path, ImportStatus.FAILED, message=str(error))
    except Exception as error:
        # One bad file must not stop a batch: report it, keep the details in the log.
        logger.exception("importing %s failed", path)
        message = f"内部错误（{type(error).__name__}: {error}），该文件未写入任何内容"
        return ImportResult(path, ImportStatus.FAILED, message=message)
    status = ImportStatus.CREATED if created else ImportStatus.UPDATED
    return ImportResult(path, status, meeting.pk, warnings=parsed.warnings)


@transaction.atomic
def meeting_save(*, transcript: Transcript, parsed: ParsedMeeting) -> tuple[Meeting, bool]:
    """Create or replace the meeting of ``transcript`` with the structure in ``parsed``."""
    meeting = Meeting.objects.select_for_update().filter(source_name=transcript.name).first()
    created = meeting is None
    if created:
        meeting = Meeting(source_name=transcript.name)
    else:
        meeting.agenda_items.all().delete()
        meeting.attendees.all().delete()

    meeting.body = parsed.body or ""
    meeting.meeting_type = _MEETING_TYPES.get(parsed.meeting_type, MeetingType.OTHER)
    meeting.number = parsed.number
    meeting.date = parsed.date
    meeting.time_of_day = _TIMES_OF_DAY.get(parsed.time_of_day or "", "")
    meeting.chair = parsed.chair or ""
    meeting.chair_title = parsed.chair_title or ""
    meeting.doc_number = parsed.doc_number or ""
    meeting.opening = parsed.opening
    meeting.written_approvals = list(parsed.written_approvals)
    meeting.other_matters = parsed.other_matters
    meeting.parse_warnings = list(parsed.warnings)
    meeting.source_text = transcript.text
    meeting.source_encoding = transcript.encoding
    meeting.content_hash = transcript.content_hash
    meeting.save()

    departments = _DepartmentResolver()
    links: list[DecisionDepartment] = []
    for parsed_item in parsed.agenda_items:
        item = AgendaItem.objects.create(
            meeting=meeting,
            order=parsed_item.order,
            number_text=parsed_item.number_text,
            kind=_ITEM_KINDS.get(parsed_item.kind.value, ItemKind.OTHER),
            title=parsed_item.title,
            documents=list(parsed_item.documents),
        )
        decisions = Decision.objects.bulk_create(
            Decision(
                agenda_item=item,
                order=parsed_decision.order,
                text=parsed_decision.text,
                outcome=parsed_decision.outcome or "",
                issuing_channel=parsed_decision.issuing_channel or "",
            )
            for parsed_decision in parsed_item.decisions
        )
        for decision, parsed_decision in zip(decisions, parsed_item.decisions, strict=True):
            for role, names in (
                (DepartmentRole.LEAD, parsed_decision.lead_departments),
                (DepartmentRole.SUPPORTING, parsed_decision.supporting_departments),
            ):
                seen: set[int] = set()
                for position, name in enumerate(names):
                    department = departments.resolve(name)
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
    DecisionDepartment.objects.bulk_create(links)

    Attendee.objects.bulk_create(
        Attendee(
            meeting=meeting,
            order=order,
            name=attendee.name or "",
            role=_ROLES.get(attendee.role.value, AttendeeRole.OBSERVER),
            department=departments.resolve(attendee.department) if attendee.department else None,
            department_as_written=attendee.department or "",
            title=attendee.title or "",
            note=attendee.note or "",
        )
        for order, attendee in enumerate(parsed.attendees, start=1)
    )
    search_index_meeting(meeting=meeting)
    return meeting, created


class _DepartmentResolver:
    """Finds (or creates) the one department behind each written name, caching per import."""

    def __init__(self) -> None:
        self._cache: dict[str, Department] = {}

    def resolve(self, written: str) -> Department:
        written = written.strip()
        if written not in self._cache:
            self._cache[written] = department_resolve(written)
        return self._cache[written]


def department_resolve(written: str) -> Department:
    """The department a written name denotes, recording the name as an alias of it."""
    alias = DepartmentAlias.objects.select_related("department").filter(name=written).first()
    if alias is not None:
        return alias.department
    canonical = department_canonical_name(written)
    department, _ = Department.objects.get_or_create(
        match_key=department_match_key(canonical), defaults={"name": canonical}
    )
    preferred = department_preferred_name(department.name, canonical)
    if preferred != department.name:
        department.name = preferred
        department.save(update_fields=["name"])
    DepartmentAlias.objects.get_or_create(name=written, defaults={"department": department})
    if department.name != written:
        DepartmentAlias.objects.get_or_create(
            name=department.name, defaults={"department": department}
        )
    return department
