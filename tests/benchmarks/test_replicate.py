"""Copies of meetings for the load test's corpus are searched as their originals are."""

from __future__ import annotations

import datetime
import re

import pytest

from archive.models import Meeting, MeetingSearch
from archive.search.index import search_index_meeting
from benchmarks.replicate import meetings_replicate


@pytest.mark.django_db(transaction=True)  # the copies end with VACUUM, outside a transaction
def test_copies_are_found_at_their_own_dates() -> None:
    for number, date in [(1, datetime.date(2024, 3, 9)), (2, datetime.date(2023, 11, 30))]:
        meeting = Meeting.objects.create(
            number=number,
            date=date,
            source_name=f"m{number}.txt",
            source_text="推进城市更新。",
            source_encoding="utf-8",
        )
        search_index_meeting(meeting=meeting)
    meetings_replicate(5)
    copies = Meeting.objects.filter(source_name__contains="#").order_by("date")
    assert [(m.source_name, m.date) for m in copies] == [
        ("m1.txt#2", datetime.date(2022, 3, 9)),
        ("m2.txt#1", datetime.date(2022, 11, 30)),
        ("m1.txt#1", datetime.date(2023, 3, 9)),
    ]
    for meeting in copies:
        grams = MeetingSearch.objects.get(meeting=meeting).grams
        # The month moved with the date; the meeting type stays.
        assert re.findall(r"'\n([^']*)'", grams) == [f"{meeting.date:%Y-%m}", "type:standing"]
    in_2022 = Meeting.objects.filter(date__year=2022).search("城市")
    assert sorted(hit.meeting.source_name for hit in in_2022.hits) == ["m1.txt#2", "m2.txt#1"]
