"""The date archive: years, calendars, and numbers missing from a series."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from archive.models import Meeting
from archive.views.dates import NumberGap, number_gap, number_sequence
from tests.views.conftest import make_meeting


def meeting(number, body="市政府", kind="standing"):
    return Meeting(
        number=number,
        body=body,
        meeting_type=kind,
        date=datetime.date(2024, 1, 1) + datetime.timedelta(number),
    )


def test_number_sequence_puts_gaps_between_meetings_of_one_series():
    sequence = number_sequence([meeting(41), meeting(38), meeting(42), meeting(45)])
    assert [getattr(e, "number", e) for e in sequence] == [
        38, NumberGap(39, 40), 41, 42, NumberGap(43, 44), 45,
    ]  # fmt: skip


def test_number_gap_ignores_other_series_and_restarts():
    assert number_gap(meeting(3), meeting(5, body="区政府")) is None
    assert number_gap(meeting(3), meeting(5, kind="topical")) is None
    assert number_gap(meeting(28), meeting(1)) is None  # a new term starts again at 1
    assert number_gap(meeting(1), meeting(2)) is None
    assert number_gap(meeting(1), meeting(3)) == NumberGap(2, 2)
    assert NumberGap(39, 40).size == 2


@pytest.mark.django_db
def test_year_page_has_a_calendar_and_the_gaps(client, seeded):
    response = client.get(reverse("archive:archive_year", args=[2024]))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('<table class="calendar calendar-compact">') == 12
    assert html.count('class="has-meeting"') == 2
    assert f'href="{seeded[38].get_absolute_url()}"' in html
    assert "第39–40次会议不在档案中" in html
    assert f'href="{reverse("archive:archive_month", args=[2024, 3])}"' in html


@pytest.mark.django_db
def test_month_page_places_meetings_on_their_day(client, seeded):
    response = client.get(reverse("archive:archive_month", args=[2024, 1]))
    weeks = response.context["weeks"]
    days = {day.date: day for week in weeks for day in week}
    assert days[datetime.date(2024, 1, 24)].meetings == [seeded[38]]
    assert weeks[0][0].date == datetime.date(2024, 1, 1)  # a Monday
    assert response.context["next_month"] == (2024, 3)
    assert response.context["previous_month"] is None


@pytest.mark.django_db
def test_index_lists_years_and_undated_meetings(client, db):
    make_meeting(number=1, date=datetime.date(2021, 3, 1))
    make_meeting(number=2, date=datetime.date(2023, 3, 1))
    make_meeting(number=3, date=None)
    response = client.get(reverse("archive:archive_index"))
    assert [row["year"] for row in response.context["years"]] == [2023, 2021]
    assert response.context["undated"] == 1
    year = client.get(reverse("archive:archive_year", args=[2021]))
    assert year.context["next_year"] == 2023
    assert year.context["previous_year"] is None


@pytest.mark.django_db
@pytest.mark.parametrize("args", [[1999], [2024, 13], [99999], [2024, 0]])
def test_years_and_months_out_of_range_are_404(client, seeded, args):
    name = "archive:archive_year" if len(args) == 1 else "archive:archive_month"
    assert client.get(reverse(name, args=args)).status_code == 404


def test_calendar_pages_are_kept_until_a_meeting_changes(
    client, seeded, django_assert_max_num_queries
):
    meeting = seeded[38]
    url = reverse("archive:archive_month", args=[meeting.date.year, meeting.date.month])
    first = client.get(url)
    assert meeting.display_title in first.content.decode()

    with django_assert_max_num_queries(3):  # the time limit, the fingerprint, nothing else
        again = client.get(url)
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]

    meeting.body = "改名市人民政府"
    meeting.save()
    changed = client.get(url).content.decode()
    assert "改名市人民政府第38次常务会议" in changed
