"""Creating the meetings of a whole batch of new files at once.

The common case of a bulk import is a batch in which every file is a meeting the archive does
not have yet. For such a batch nothing needs comparing with stored records (no corrections to
keep, nothing to remove), so every row ``meeting_save`` would write can be built in Python and
each table written with one COPY per batch (the search rows mostly built in advance by the
parse workers, see prepare.new_meeting_index). What is written is exactly what ``meeting_save``
writes file by file: the same rows in the same order (hence the same IDs on a fresh database),
the same history rows with the reason "导入 <file>", the same departments and aliases created
in the same order, the same passages and search rows. The caller runs this inside a
transaction and, if it raises, rolls the batch back and writes it file by file instead.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import chain
from typing import Any

from django.db import connection, models
from django.utils import timezone

from archive.ingest.load import (
    ImportResult,
    ImportStatus,
    _DepartmentResolver,
    _meeting_values,
)
from archive.ingest.meeting_fields import attendee_names, item_kind_choice
from archive.ingest.parse import ParsedDecision, ParsedMeeting
from archive.ingest.prepare import PreparedTranscript
from archive.ingest.read import Transcript
from archive.ingest.sync import _ROLES, MeetingSync
from archive.models import (
    AgendaItem,
    Attendee,
    AttendeeRole,
    Decision,
    DecisionDepartment,
    DepartmentAlias,
    DepartmentRole,
    Meeting,
    MeetingSearch,
    Passage,
)
from archive.search.dictionary import segmenter
from archive.search.index import meeting_drafts, meeting_search_fields, passage_rows
from archive.search.names import WritingNames, names_for_writing
from archive.search.passages import PassageDraft
from archive.search.segment import KnownWords, department_facet_grams, tsvector_literal


def meetings_create(batch: Sequence[PreparedTranscript]) -> list[ImportResult]:
    """Write every file of ``batch`` as a new meeting; one ImportResult per file, in order.

    Files that could not be read or parsed are reported as failed and write nothing. Every
    other file must be a meeting not stored yet, each name once (see ``batch_is_new``). Must
    run inside a transaction; raises on any database error, leaving the rollback to the caller.
    """
    resolver = _DepartmentResolver()
    writable = [item for item in batch if _parsed(item)]
    _known_aliases(writable, resolver)
    meetings: list[Meeting] = []
    for item in writable:
        transcript, parsed = item.transcript, item.parsed
        assert transcript is not None and parsed is not None
        # Departments are looked up (and created) in the order meeting_save meets them:
        # the decisions' links first, then the attendees.
        for parsed_item in parsed.agenda_items:
            for decision in parsed_item.decisions:
                for name in (*decision.lead_departments, *decision.supporting_departments):
                    resolver.resolve(name)
        for attendee in parsed.attendees:
            if attendee.department:
                resolver.resolve(attendee.department)
        meetings.append(_meeting(transcript, parsed))
    _create(Meeting, meetings)

    items: list[AgendaItem] = []
    item_pairs: list[tuple[AgendaItem, list[tuple[Decision, ParsedDecision]]]] = []
    for meeting, item in zip(meetings, writable, strict=True):
        for parsed_item in item.parsed.agenda_items:  # type: ignore[union-attr]
            agenda_item = AgendaItem(
                meeting=meeting,
                order=parsed_item.order,
                number_text=parsed_item.number_text,
                kind=item_kind_choice(parsed_item),
                title=parsed_item.title,
                documents=list(parsed_item.documents),
            )
            agenda_item._change_reason = meeting._change_reason
            items.append(agenda_item)
            decisions = [
                (
                    Decision(
                        agenda_item=agenda_item,
                        order=parsed.order,
                        text=parsed.text,
                        outcome=parsed.outcome or "",
                        issuing_channel=parsed.issuing_channel or "",
                    ),
                    parsed,
                )
                for parsed in parsed_item.decisions
            ]
            item_pairs.append((agenda_item, decisions))
    _create(AgendaItem, items)

    decisions: list[Decision] = []
    for agenda_item, pairs in item_pairs:
        for decision, _parsed_decision in pairs:
            decision.agenda_item = agenda_item  # now with its ID
            decision._change_reason = agenda_item._change_reason
            decisions.append(decision)
    _create(Decision, decisions)

    links: list[DecisionDepartment] = []
    # Only the sync's department look-up is used: one for the whole batch.
    sync = MeetingSync(Meeting(), reason="", resolve=resolver.resolve)
    for _agenda_item, pairs in item_pairs:
        for decision, parsed in pairs:
            links.extend(_links(decision, parsed, sync))
    _create(DecisionDepartment, links)

    attendees: list[Attendee] = []
    for meeting, item in zip(meetings, writable, strict=True):
        for order, parsed in enumerate(item.parsed.attendees, start=1):  # type: ignore[union-attr]
            attendee = Attendee(
                meeting=meeting,
                order=order,
                **attendee_names(parsed.name),
                role=_ROLES.get(parsed.role.value, AttendeeRole.OBSERVER),
                department=resolver.resolve(parsed.department) if parsed.department else None,
                department_as_written=parsed.department or "",
                title=parsed.title or "",
                note=parsed.note or "",
            )
            attendee._change_reason = meeting._change_reason
            attendees.append(attendee)
    _create(Attendee, attendees)

    _index(meetings, writable, item_pairs, _departments(attendees, links))

    results: list[ImportResult] = []
    created = iter(meetings)
    for item in batch:
        if not _parsed(item):
            results.append(ImportResult(item.path, ImportStatus.FAILED, message=item.error or ""))
            continue
        meeting = next(created)
        warnings = item.parsed.warnings  # type: ignore[union-attr]
        results.append(ImportResult(item.path, ImportStatus.CREATED, meeting.pk, warnings=warnings))
    return results


def _known_aliases(writable: list[PreparedTranscript], resolver: _DepartmentResolver) -> None:
    """Look up at once the names of the batch already recorded as a department's alias:
    department_resolve would find each by its alias and change nothing."""
    names: set[str] = set()
    for item in writable:
        parsed = item.parsed
        assert parsed is not None
        names.update(a.department.strip() for a in parsed.attendees if a.department)
        for parsed_item in parsed.agenda_items:
            for decision in parsed_item.decisions:
                names.update(name.strip() for name in decision.lead_departments)
                names.update(name.strip() for name in decision.supporting_departments)
    unknown = [name for name in names if not resolver.known(name)]
    for alias in DepartmentAlias.objects.select_related("department").filter(name__in=unknown):
        resolver.remember(alias.name, alias.department)


def batch_is_new(batch: Sequence[PreparedTranscript], stored: Mapping[str, object]) -> bool:
    """Whether every file of ``batch`` is a meeting not stored yet, each name once."""
    names = [item.transcript.name for item in batch if _parsed(item)]  # type: ignore[union-attr]
    if len(set(names)) != len(names):
        return False
    # A stored file that no longer parses is still reported unchanged when its bytes are.
    read = [item.transcript.name for item in batch if item.transcript is not None]
    return not any(name in stored for name in read)


def _parsed(item: PreparedTranscript) -> bool:
    return item.error is None and item.transcript is not None and item.parsed is not None


def _meeting(transcript: Transcript, parsed: ParsedMeeting) -> Meeting:
    meeting = Meeting(
        source_name=transcript.name,
        **_meeting_values(parsed),
        parse_warnings=list(parsed.warnings),
        source_text=transcript.text,
        source_encoding=transcript.encoding,
        content_hash=transcript.content_hash,
    )
    meeting._change_reason = f"导入 {transcript.name}"
    return meeting


def _links(
    decision: Decision, parsed: ParsedDecision, sync: MeetingSync
) -> list[DecisionDepartment]:
    """The decision's department links, as meeting_save makes them for a new decision."""
    links = sync._wanted_links(decision, parsed)
    for link in links:
        link._change_reason = decision._change_reason
    return links


def _create(model: type[models.Model], records: list) -> None:
    """Insert ``records`` and their history rows (as simple_history writes them: type "+",
    each record's own reason, the user of the request if any), each table with one COPY."""
    if not records:
        return
    _copy(model, records)
    history = model.history.model  # type: ignore[attr-defined]
    user = history.get_default_history_user(records[0])
    own = {
        "history_date": timezone.now(),
        "history_user_id": user.pk if user is not None else None,
        "history_type": "+",
    }
    tracked = {field.attname for field in history.tracked_fields}
    fields = [field for field in history._meta.concrete_fields if field.attname != "history_id"]
    ids = _next_ids(history, len(records))
    values = [_prepared(field) for field in fields]
    rows = []
    for history_id, record in zip(ids, records, strict=True):
        own["history_change_reason"] = getattr(record, "_change_reason", None)
        rows.append(
            (
                history_id,
                *(
                    prepare(getattr(record, field.attname))
                    if field.attname in tracked
                    else own[field.attname]
                    for field, prepare in zip(fields, values, strict=True)
                ),
            )
        )
    _copy_rows(history, [history._meta.pk, *fields], rows)


def _copy(model: type[models.Model], records: list) -> None:
    """Insert ``records`` with one COPY, first giving each the next ID of its table in turn
    (as an INSERT of the same rows in the same order would)."""
    meta = model._meta
    if isinstance(meta.pk, models.AutoField):  # Big and small ones too
        for record, pk in zip(records, _next_ids(model, len(records)), strict=True):
            setattr(record, meta.pk.attname, pk)
    fields = meta.concrete_fields
    values = [_prepared(field) for field in fields]
    related = any(field.is_relation for field in fields)
    rows = []
    for record in records:
        if related:
            record._prepare_related_fields_for_save(operation_name="bulk_create")
        rows.append(
            tuple(
                prepare(field.pre_save(record, add=True))
                for field, prepare in zip(fields, values, strict=True)
            )
        )
        record._state.adding = False
        record._state.db = connection.alias
    _copy_rows(model, fields, rows)


def _prepared(field: models.Field) -> Callable[[Any], Any]:
    """How a value of ``field`` goes to the database: as it is, unless Django converts it."""
    if isinstance(field, models.JSONField | models.DateTimeField):
        return lambda value: field.get_db_prep_save(value, connection)
    return _as_is


def _as_is(value: Any) -> Any:
    return value


def _next_ids(model: type[models.Model], count: int) -> list[int]:
    """The next ``count`` IDs of ``model``'s table, in order."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s) ORDER BY 1",
            [model._meta.db_table, model._meta.pk.column, count],
        )
        return [pk for (pk,) in cursor.fetchall()]


def _copy_rows(model: type[models.Model], fields: Sequence[models.Field], rows: list) -> None:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    with connection.cursor() as cursor:
        sql = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
        with cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)


def _departments(
    attendees: Iterable[Attendee], links: Iterable[DecisionDepartment]
) -> dict[int, set[str]]:
    """The department facet lexemes of each new meeting, by meeting ID, as
    search_index_meeting reads them from the stored attendees and decision links."""
    attended: dict[int, list[int]] = defaultdict(list)
    led: dict[int, list[int]] = defaultdict(list)
    for attendee in attendees:
        if attendee.department_id is not None and not attendee.on_leave:
            attended[attendee.meeting_id].append(attendee.department_id)
    for link in links:
        if link.role == DepartmentRole.LEAD:
            led[link.decision.agenda_item.meeting_id].append(link.department_id)
    return {
        meeting_id: department_facet_grams(attended[meeting_id], led[meeting_id])
        for meeting_id in attended.keys() | led.keys()
    }


def _index(
    meetings: list[Meeting],
    writable: list[PreparedTranscript],
    item_pairs: list[tuple[AgendaItem, list[tuple[Decision, ParsedDecision]]]],
    departments: Mapping[int, set[str]],
) -> None:
    """The passages and search rows search_index_meeting would write for each new meeting;
    ``departments`` holds each meeting's department facet lexemes, by meeting ID."""
    by_meeting: dict[int, list[tuple[AgendaItem, list[Decision]]]] = {}
    for agenda_item, pairs in item_pairs:
        decisions = sorted((decision for decision, _ in pairs), key=lambda d: (d.order, d.pk))
        by_meeting.setdefault(agenda_item.meeting_id, []).append((agenda_item, decisions))
    passages: list[Passage] = []
    rows: list[MeetingSearch] = []
    # The workers segment with this process's dictionary (see batch.meetings_import).
    names = names_for_writing(segmenter())
    for meeting, item in zip(meetings, writable, strict=True):
        # In the order search_index_meeting reads them back: by order, then by ID.
        stored = sorted(
            by_meeting.get(meeting.pk, []), key=lambda pair: (pair[0].order, pair[0].pk)
        )
        if item.index is not None:  # built by a worker process
            drafts: Sequence[PassageDraft] = item.index.drafts
            fields = {**item.index.search_fields, "meeting_id": meeting.pk}
            # The worker could not know the departments' IDs, looked up here, nor the registry:
            # which of the archive's words it found are registered names, and the names
            # registered that its dictionary lacks.
            marks = names.marks(chain.from_iterable(item.index.words.values()), fields["text"])
            more = tsvector_literal(sorted(marks | departments.get(meeting.pk, set())))
            fields["grams"] = " ".join(part for part in (fields["grams"], more) if part)
        else:
            drafts, fields = _index_fields(
                meeting, item, stored, departments.get(meeting.pk, set()), names
            )
        passages.extend(
            passage_rows(
                meeting_id=meeting.pk,
                meeting_date=meeting.date,
                drafts=drafts,
                item_ids={agenda_item.order: agenda_item.pk for agenda_item, _ in stored},
                decision_ids={
                    (agenda_item.order, decision.order): decision.pk
                    for agenda_item, decisions in stored
                    for decision in decisions
                },
            )
        )
        rows.append(MeetingSearch(**fields))
    _copy(Passage, passages)
    _copy(MeetingSearch, rows)


def _index_fields(
    meeting: Meeting,
    item: PreparedTranscript,
    stored: list[tuple[AgendaItem, list[Decision]]],
    departments: set[str],
    names: WritingNames,
) -> tuple[Sequence[PassageDraft], dict]:
    """The passages and search row fields of a new meeting, as search_index_meeting has them."""
    drafts = meeting_drafts(meeting, stored)
    segments = KnownWords(segmenter(), item.words)
    fields = meeting_search_fields(
        meeting_id=meeting.pk,
        meeting_date=meeting.date,
        meeting_type=meeting.meeting_type,
        item_kinds=[agenda_item.kind for agenda_item, _decisions in stored],
        departments=departments,
        drafts=drafts,
        segments=segments,
        names=names,
    )
    return drafts, fields
