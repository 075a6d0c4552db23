"""Department tools for editors: merging two departments into one."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from archive.models import Attendee, Department, DepartmentAlias, Meeting
from archive.services.corrections import meeting_corrected


@dataclass(frozen=True)
class MergeResult:
    """What merging one department into another moved."""

    decision_links: int
    duplicate_links_removed: int
    attendees: int
    aliases: int
    meetings: tuple[int, ...]


class DepartmentMergeError(ValueError):
    """The merge cannot be done; the message says why (in Chinese)."""


@transaction.atomic
def department_merge(*, source: Department, target: Department, user=None) -> MergeResult:
    """Fold ``source`` into ``target`` and delete ``source``.

    Every decision link, attendee and alias of ``source`` moves to ``target``; where both were
    linked to the same decision in the same role the source's link is dropped (the target's
    stays). The source's name and match key become aliases of the target, so that importing a
    transcript that writes the old name finds the target. Each change is saved record by
    record so that the history shows it, and every affected meeting counts as corrected.
    """
    if source.pk == target.pk:
        raise DepartmentMergeError("不能把部门合并到它自己")
    # Lock both rows so that two editors cannot merge crosswise at the same time.
    rows = Department.objects.select_for_update().filter(pk__in=[source.pk, target.pk])
    locked = {department.pk: department for department in rows}
    if len(locked) != 2:
        raise DepartmentMergeError("要合并的部门已不存在")
    source, target = locked[source.pk], locked[target.pk]

    meeting_ids = set(
        source.decision_links.values_list("decision__agenda_item__meeting_id", flat=True)
    ) | set(source.attendees.values_list("meeting_id", flat=True))

    taken = set(target.decision_links.values_list("decision_id", "role"))
    moved = dropped = 0
    for link in source.decision_links.all():
        link._history_user = user
        if (link.decision_id, link.role) in taken:
            link.delete()
            dropped += 1
        else:
            link.department = target
            link.save(update_fields=["department"])
            moved += 1

    attendees = 0
    for attendee in Attendee.objects.filter(department=source):
        attendee._history_user = user
        attendee.department = target
        attendee.save(update_fields=["department"])
        attendees += 1

    aliases = 0
    for alias in source.aliases.all():
        alias._history_user = user
        alias.department = target
        alias.save(update_fields=["department"])
        aliases += 1
    for written in (source.name, source.match_key):
        alias, created = DepartmentAlias.objects.get_or_create(
            name=written, defaults={"department": target}
        )
        if created:
            aliases += 1
        elif alias.department_id != target.pk:
            alias.department = target
            alias.save(update_fields=["department"])

    source._history_user = user
    source.delete()
    for meeting in Meeting.objects.filter(pk__in=meeting_ids):
        meeting_corrected(meeting, user=user)
    return MergeResult(moved, dropped, attendees, aliases, tuple(sorted(meeting_ids)))
