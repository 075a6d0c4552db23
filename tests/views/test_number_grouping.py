"""Counts of a thousand or more are written with their thousands grouped: 1,005, not 1005."""

from __future__ import annotations

import datetime

import pytest

from archive.models import Attendee, AttendeeRole, Meeting
from archive.templatetags.archive_numbers import grouped


@pytest.mark.parametrize(
    ("value", "shown"),
    [(0, "0"), (999, "999"), (1000, "1,000"), (18950, "18,950"), (1234567, "1,234,567")],
)
def test_integers_are_grouped_by_thousands(value, shown):
    assert grouped(value) == shown


@pytest.mark.parametrize("value", [None, "", "超过", True, 2.5])
def test_anything_else_is_left_as_it_is(value):
    assert grouped(value) is value


@pytest.fixture
def thousand_meetings(db) -> int:
    """1,005 meetings of 2021, each attended by 王五."""
    first = datetime.date(2021, 1, 1)
    meetings = Meeting.objects.bulk_create(
        Meeting(
            body="测试市人民政府",
            number=number,
            date=first + datetime.timedelta(days=number % 365),
            source_name=f"grouping-{number}.txt",
            source_text=f"第{number}次会议原文",
            source_encoding="utf-8",
            content_hash=f"{number:064d}",
        )
        for number in range(1, 1006)
    )
    Attendee.objects.bulk_create(
        Attendee(meeting=meeting, order=1, name="王五", role=AttendeeRole.PRESENT)
        for meeting in meetings
    )
    return len(meetings)


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("/meetings/", "共 1,005 次会议"),
        ("/meetings/?year=2021", "共 1,005 次会议"),
        ("/", "档案收录 1,005 次会议"),
        ("/archive/", "1,005 次会议"),
        ("/archive/2021/", "共 1,005 次会议"),
        ("/people/%E7%8E%8B%E4%BA%94/", "1,005 次"),
        ("/people/%E7%8E%8B%E4%BA%94/", "出席 1,005 次"),
        ("/people/", '<td class="num">1,005</td>'),
    ],
)
def test_pages_group_the_thousands_of_their_counts(client, thousand_meetings, url, shown):
    response = client.get(url)

    assert response.status_code == 200
    assert shown in response.content.decode()
