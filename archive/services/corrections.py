"""Corrections: what an editor changed, so that re-importing a transcript keeps it.

Policy (the README's "Corrections survive re-import" says the same for editors):

* Every record the importer writes (meeting, agenda item, decision, attendee) keeps in
  ``edited_fields`` the imported fields an editor changed; a record an editor added has all of
  them marked. A decision's department links count as one field, ``"departments"``.
* A parsed record an editor deleted is remembered by its order on its parent
  (``removed_item_orders``, ``removed_attendee_orders``, ``removed_decision_orders``).
* Re-importing (the same transcript or a new version of it) writes every field that is not
  marked, keeps every marked one, does not re-create removed records, keeps edited records the
  new version no longer has, and reports each value it did not take as a conflict.

Every save of a meeting or of anything inside it made through the admin ends in
``meeting_corrected``: the one place that makes a correction visible everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.utils import timezone

from archive.models import AgendaItem, Attendee, Decision, Meeting
from archive.search.index import search_index_meeting

# The fields the importer writes on each kind of record; only these can be marked as edited.
IMPORTED_FIELDS: dict[type[models.Model], tuple[str, ...]] = {
    Meeting: (
        "body",
        "meeting_type",
        "number",
        "date",
        "time_of_day",
        "chair",
        "chair_title",
        "doc_number",
        "opening",
        "written_approvals",
        "other_matters",
        "term",
        "number_text",
        "number_year",
        "issuing_office",
        "issue_date",
        "disclosure_metadata",
    ),
    AgendaItem: ("number_text", "kind", "title", "documents"),
    Decision: ("text", "outcome", "issuing_channel", "departments"),
    Attendee: ("name", "role", "department", "department_as_written", "title", "note"),
}

# A decision's department links are edited as a whole, under this name.
DEPARTMENTS_FIELD = "departments"


def correction_mark(record: models.Model, *, changed: Iterable[str], created: bool = False) -> None:
    """Mark the imported fields of ``record`` in ``changed`` (all of them if ``created``) as
    edited, in memory: the caller saves the record.

    Changing a record's ``order`` moves it away from the parsed record it came from, so the
    old order is remembered as removed and the whole record counts as the editor's.
    """
    imported = IMPORTED_FIELDS[type(record)]
    changed = set(changed)
    if "order" in changed and not created:
        original = type(record).objects.only("order").get(pk=record.pk).order
        correction_removal_mark(record, order=original)
        created = True
    marked = set(imported) if created else changed & set(imported)
    record.edited_fields = sorted(set(record.edited_fields) | marked)


def correction_mark_changes(record: models.Model) -> None:
    """Prepare ``record`` to be saved over its stored row by an editor, in memory.

    Only the imported fields and ``order`` are the editor's to set: everything else (the
    transcript, its hash, the marks and removals) is taken from the stored row, so that
    restoring an earlier version from the history cannot roll the bookkeeping back. The
    imported fields that differ from the stored row are marked as edited.
    """
    stored = type(record)._default_manager.get(pk=record.pk)
    editable = set(IMPORTED_FIELDS[type(record)]) | {"order"}
    changed = []
    for field in record._meta.concrete_fields:
        if field.primary_key:
            continue
        if field.name not in editable:
            setattr(record, field.attname, getattr(stored, field.attname))
        elif getattr(record, field.attname) != getattr(stored, field.attname):
            changed.append(field.name)
    correction_mark(record, changed=changed)


def correction_removal_mark(record: models.Model, *, order: int | None = None) -> None:
    """Remember on its parent that an editor removed the parsed ``record`` (at ``order``)."""
    order = record.order if order is None else order
    if isinstance(record, AgendaItem):
        parent, field = record.meeting, "removed_item_orders"
    elif isinstance(record, Attendee):
        parent, field = record.meeting, "removed_attendee_orders"
    elif isinstance(record, Decision):
        parent, field = record.agenda_item, "removed_decision_orders"
    else:
        raise TypeError(f"{type(record).__name__} is not an imported record")
    # A queryset update: the removal itself is in the removed record's history already.
    orders = sorted(set(getattr(type(parent).objects.get(pk=parent.pk), field)) | {order})
    type(parent).objects.filter(pk=parent.pk).update(**{field: orders})
    setattr(parent, field, orders)


def decision_departments_mark(decision: Decision) -> None:
    """Mark a decision's department links as edited (an editor added, changed or removed one)."""
    if DEPARTMENTS_FIELD not in decision.edited_fields:
        decision.edited_fields = sorted([*decision.edited_fields, DEPARTMENTS_FIELD])
        decision.save(update_fields=["edited_fields"])


def meeting_corrected(meeting: Meeting, *, user) -> None:
    """A correction to ``meeting`` or to anything inside it has been saved by ``user``.

    The single place every admin write path reaches: it stamps the meeting's last-corrected
    time (shown on the public page); anything else that must follow a correction, such as the
    search index, belongs here too.
    """
    now = timezone.now()
    # A queryset update, so that the stamp is not itself a revision in the history.
    Meeting.objects.filter(pk=meeting.pk).update(corrected_at=now)
    meeting.corrected_at = now
    search_index_meeting(meeting=meeting)
