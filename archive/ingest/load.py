"""Writing parsed transcripts into the database: one atomic, idempotent step per file."""

from __future__ import annotations

import enum
import logging
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from django.conf import settings
from django.db import transaction

from archive.ingest.departments import (
    department_canonical_name,
    department_match_key,
    department_preferred_name,
)
from archive.ingest.meeting_fields import chair_names, meeting_header_fields
from archive.ingest.parse import ParsedMeeting, ParseError, parse_transcript
from archive.ingest.read import Transcript, TranscriptReadError, transcript_read
from archive.ingest.sync import ImportConflict, MeetingSync
from archive.models import Department, DepartmentAlias, Meeting, TimeOfDay
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
    # Parsed values not written because an editor had corrected them (see meeting_save).
    conflicts: tuple[ImportConflict, ...] = ()


class MeetingSaved(NamedTuple):
    """What ``meeting_save`` wrote."""

    meeting: Meeting
    created: bool
    conflicts: tuple[ImportConflict, ...]
    # Whether anything was written: False when the stored records already were the parse.
    changed: bool


logger = logging.getLogger(__name__)


def _by_label(choices: type) -> dict[str, str]:
    return {str(label): value for value, label in choices.choices}


_TIMES_OF_DAY = _by_label(TimeOfDay)


def meeting_import(*, path: Path) -> ImportResult:
    """Import one transcript file; never raises for a bad file, reports it instead."""
    try:
        transcript = transcript_read(path, max_bytes=settings.MINUTES_MAX_FILE_BYTES)
        existing = Meeting.objects.filter(source_name=transcript.name).first()
        if existing is not None and existing.content_hash == transcript.content_hash:
            return ImportResult(path, ImportStatus.UNCHANGED, existing.pk)
        parsed = parse_transcript(transcript.text)
        meeting, created, conflicts, _ = meeting_save(transcript=transcript, parsed=parsed)
    except (TranscriptReadError, ParseError) as error:
        return ImportResult(path, ImportStatus.FAILED, message=str(error))
    except Exception as error:
        # One bad file must not stop a batch: report it, keep the details in the log.
        logger.exception("importing %s failed", path)
        message = f"内部错误（{type(error).__name__}: {error}），该文件未写入任何内容"
        return ImportResult(path, ImportStatus.FAILED, message=message)
    status = ImportStatus.CREATED if created else ImportStatus.UPDATED
    return ImportResult(path, status, meeting.pk, warnings=parsed.warnings, conflicts=conflicts)


@transaction.atomic
def meeting_save(
    *,
    transcript: Transcript,
    parsed: ParsedMeeting,
    words: Mapping[str, Sequence[str]] | None = None,
    reason: str | None = None,
) -> MeetingSaved:
    """Create the meeting of ``transcript``, or bring it up to date with ``parsed``.

    Records are matched by their place in the transcript: agenda items and attendees by
    ``order`` within the meeting, decisions by ``order`` within their item, a decision's
    department links as one whole. Editors' corrections win (see services/corrections.py):
    a field in a record's ``edited_fields`` is never overwritten, a record an editor removed
    is not re-created, and an edited record the new parse no longer has is kept; each value
    not taken is returned as a conflict. Everything else follows the new parse. Every write
    is recorded in the history with ``reason`` (by default "导入 <file>"); when the stored
    records already are the parse, nothing is written, not even a history entry. ``words``:
    passages' jieba words already segmented (see search_index_meeting).
    """
    meeting = Meeting.objects.select_for_update().filter(source_name=transcript.name).first()
    created = meeting is None
    if created:
        meeting = Meeting(source_name=transcript.name)
    departments = _DepartmentResolver()
    reason = reason or f"导入 {transcript.name}"
    sync = MeetingSync(meeting, reason=reason, resolve=departments.resolve)
    sync.apply(meeting, _meeting_values(parsed), "会议")
    source = {
        "parse_warnings": list(parsed.warnings),
        "source_text": transcript.text,
        "source_encoding": transcript.encoding,
        "content_hash": transcript.content_hash,
    }
    meeting_changed = created or sync.changed
    for name, value in source.items():
        if getattr(meeting, name) != value:
            setattr(meeting, name, value)
            meeting_changed = True
    if meeting_changed:
        meeting._change_reason = reason
        meeting.save()
    sync.agenda_items(parsed.agenda_items)
    sync.attendees(parsed.attendees)
    if sync.changed and not meeting_changed:
        # Only records inside it changed: the meeting is still saved, since its updated_at is
        # what feeds, the sitemap and the archive's kept counts (aggregates.py) go by.
        meeting._change_reason = reason
        meeting.save()
    changed = meeting_changed or sync.changed
    if changed:
        search_index_meeting(meeting=meeting, words=words)
    return MeetingSaved(meeting, created, tuple(sync.conflicts), changed)


def meeting_reparse(*, meeting_id: int, dry_run: bool = False) -> ImportResult:
    """Parse a stored meeting's original text again and bring its records up to date.

    For parser improvements to reach meetings imported before them (an unchanged file is
    skipped on import). Goes through ``meeting_save``, so editors' corrections are kept and
    reported as conflicts, and a meeting whose records already are the parse is left as it
    is. ``dry_run``: report what would change, write nothing. Never raises for a meeting
    whose text no longer parses: reports it, and that meeting is left as it was.
    """
    meeting = Meeting.objects.only("source_name", "source_text", "source_encoding", "content_hash")
    meeting = meeting.get(pk=meeting_id)
    path = Path(meeting.source_name)
    transcript = Transcript(
        name=meeting.source_name,
        text=meeting.source_text,
        encoding=meeting.source_encoding,
        content_hash=meeting.content_hash,
    )
    try:
        with transaction.atomic():
            parsed = parse_transcript(transcript.text)
            saved = meeting_save(transcript=transcript, parsed=parsed, reason="重新解析原文")
            if dry_run:
                transaction.set_rollback(True)
    except ParseError as error:
        return ImportResult(path, ImportStatus.FAILED, meeting_id, message=str(error))
    except Exception as error:
        logger.exception("re-parsing meeting %s failed", meeting_id)
        message = f"内部错误（{type(error).__name__}: {error}），该会议未作改动"
        return ImportResult(path, ImportStatus.FAILED, meeting_id, message=message)
    status = ImportStatus.UPDATED if saved.changed else ImportStatus.UNCHANGED
    return ImportResult(
        path, status, meeting_id, warnings=parsed.warnings, conflicts=saved.conflicts
    )


def _meeting_values(parsed: ParsedMeeting) -> dict[str, Any]:
    # The header columns (numbering, issuing office, meeting type with look-alikes told
    # apart) go through the same corrections check as the rest.
    return {
        "body": parsed.body or "",
        "number": parsed.number,
        "date": parsed.date,
        "time_of_day": _TIMES_OF_DAY.get(parsed.time_of_day or "", ""),
        **chair_names(parsed.chair),
        "chair_title": parsed.chair_title or "",
        "doc_number": parsed.doc_number or "",
        "opening": parsed.opening,
        "written_approvals": list(parsed.written_approvals),
        "other_matters": parsed.other_matters,
        **meeting_header_fields(parsed),
    }


# Written name -> Department, shared by every file of one batched import (see department_cache);
# without one, each file caches on its own.
_shared_departments: ContextVar[dict[str, Department] | None] = ContextVar(
    "shared_departments", default=None
)


@contextmanager
def department_cache(
    cache: dict[str, Department] | None = None,
) -> Iterator[dict[str, Department]]:
    """Share department look-ups between the meeting_save calls inside the block.

    ``cache``: look-ups kept from earlier blocks of the same import, if any. The caller must
    clear the cache whenever a transaction or savepoint that used it is rolled back, since
    the departments created inside it are gone with it.
    """
    cache = {} if cache is None else cache
    token = _shared_departments.set(cache)
    try:
        yield cache
    finally:
        _shared_departments.reset(token)


class _DepartmentResolver:
    """Finds (or creates) the one department behind each written name, caching per import."""

    def __init__(self) -> None:
        shared = _shared_departments.get()
        self._cache: dict[str, Department] = shared if shared is not None else {}

    def known(self, written: str) -> bool:
        return written.strip() in self._cache

    def remember(self, written: str, department: Department) -> None:
        """Record what department_resolve would answer for ``written`` (looked up elsewhere)."""
        self._cache[written.strip()] = department

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
    key = department_match_key(canonical)
    department = Department.objects.filter(match_key=key).first()
    if department is None:
        # A department merged into another leaves its name and match key behind as aliases
        # of the one it went into; other spellings of it must land there too.
        merged = (
            DepartmentAlias.objects.select_related("department")
            .filter(name__in=[canonical, key])
            .first()
        )
        if merged is not None:
            DepartmentAlias.objects.create(name=written, department=merged.department)
            return merged.department
        department, _ = Department.objects.get_or_create(
            match_key=key, defaults={"name": canonical}
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
