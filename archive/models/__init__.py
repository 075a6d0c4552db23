"""The archive's data: meetings, their agenda items and decisions, attendees, departments."""

from archive.models.choices import AttendeeRole, DepartmentRole, ItemKind, MeetingType, TimeOfDay
from archive.models.departments import Department, DepartmentAlias
from archive.models.meetings import AgendaItem, Attendee, Decision, DecisionDepartment, Meeting
from archive.models.rollups import DepartmentMonth, PersonStat
from archive.models.search import (
    MeetingQuerySet,
    MeetingSearch,
    Passage,
    PassageKind,
    SearchName,
)

__all__ = [
    "AgendaItem",
    "Attendee",
    "AttendeeRole",
    "Decision",
    "DecisionDepartment",
    "Department",
    "DepartmentAlias",
    "DepartmentMonth",
    "DepartmentRole",
    "ItemKind",
    "Meeting",
    "MeetingQuerySet",
    "MeetingSearch",
    "MeetingType",
    "Passage",
    "PassageKind",
    "PersonStat",
    "SearchName",
    "TimeOfDay",
]
