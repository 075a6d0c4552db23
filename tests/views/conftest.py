"""Fixtures for the public pages: a meeting far larger than the seeds."""

from __future__ import annotations

import datetime

import pytest

from archive.models import (
    AgendaItem,
    Attendee,
    AttendeeRole,
    Decision,
    DecisionDepartment,
    Department,
    DepartmentRole,
    ItemKind,
    Meeting,
)


def make_meeting(*, number: int, date: datetime.date, items: int = 2, attendees: int = 3, **extra):
    """A meeting with `items` agenda items of three decisions each and `attendees` people."""
    departments = [
        Department.objects.get_or_create(name=f"市测试{index}局", match_key=f"测试{index}")[0]
        for index in range(12)
    ]
    meeting = Meeting.objects.create(
        body=extra.pop("body", "测试市人民政府"),
        number=number,
        date=date,
        time_of_day="am",
        chair=extra.pop("chair", "张三"),
        chair_title="市长",
        opening="会议开头。",
        source_name=f"test-{number}-{date}.txt",
        source_text=f"第{number}次会议原文",
        source_encoding="utf-8",
        content_hash="0" * 64,
        **extra,
    )
    for order in range(1, items + 1):
        item = AgendaItem.objects.create(
            meeting=meeting,
            order=order,
            kind=ItemKind.REVIEW if order % 2 else ItemKind.HEARING,
            title=f"议题{order}",
            documents=[f"文件{order}"],
        )
        for decision_order in range(1, 4):
            decision = Decision.objects.create(
                agenda_item=item, order=decision_order, text=f"议定事项{order}-{decision_order}"
            )
            for position, role in enumerate((DepartmentRole.LEAD, DepartmentRole.SUPPORTING)):
                department = departments[(order + position) % len(departments)]
                DecisionDepartment.objects.create(
                    decision=decision,
                    department=department,
                    role=role,
                    name_as_written=department.name,
                    position=position,
                )
    Attendee.objects.bulk_create(
        Attendee(
            meeting=meeting,
            order=order,
            name=f"人员{order}",
            role=AttendeeRole.PRESENT if order < 10 else AttendeeRole.OBSERVER,
            department=None if order < 10 else departments[order % len(departments)],
            department_as_written="" if order < 10 else departments[order % len(departments)].name,
        )
        for order in range(1, attendees + 1)
    )
    return meeting


@pytest.fixture
def big_meeting(db) -> Meeting:
    """A meeting with 60 agenda items, 180 decisions, 360 department links and 200 attendees."""
    return make_meeting(number=7, date=datetime.date(2023, 5, 10), items=60, attendees=200)
