"""The people API: each name in the attendance lists with the meetings it appears in."""

from __future__ import annotations

import pytest

from archive.models import Attendee, Meeting

pytestmark = pytest.mark.django_db


def test_people_are_listed_by_name_with_counts(client, seeded):
    body = client.get("/api/people", {"page_size": 100}).json()
    attendees = set(Attendee.objects.exclude(name="").values_list("name", flat=True))
    chairs = set(Meeting.objects.exclude(chair="").values_list("chair", flat=True))
    assert chairs == {"徐华东"} and not chairs & attendees
    assert body["count"] == len(attendees | chairs)
    names = [person["name"] for person in body["results"]]
    assert names == sorted(names)
    for person in body["results"]:
        assert person["appearance_count"] == len(person["appearances"])


@pytest.mark.parametrize("typed", ["吴敬宇", "吳敬宇"])
def test_one_person_with_appearances_newest_first(client, seeded, typed):
    body = client.get("/api/people", {"name": typed}).json()
    assert body["count"] == 1
    person = body["results"][0]
    assert person["name"] == "吴敬宇"
    assert [appearance["meeting"]["number"] for appearance in person["appearances"]] == [41, 38]
    assert {appearance["role"] for appearance in person["appearances"]} == {"present"}


def test_a_chair_is_listed_with_the_meetings_chaired(client, seeded):
    person = client.get("/api/people", {"name": "徐华东"}).json()["results"][0]
    assert (person["chaired_count"], person["appearance_count"]) == (2, 0)
    assert person["appearances"] == []
    wu = client.get("/api/people", {"name": "吴敬宇"}).json()["results"][0]
    assert (wu["chaired_count"], wu["appearance_count"]) == (0, 2)


def test_an_observer_carries_their_department(client, seeded):
    person = client.get("/api/people", {"name": "王晨清"}).json()["results"][0]
    appearance = person["appearances"][-1]
    assert appearance["role_label"] == "列席"
    assert appearance["department"]["name"] == "市政府办公室"


def test_unknown_name_is_an_empty_list(client, seeded):
    assert client.get("/api/people", {"name": "无此人"}).json()["count"] == 0


@pytest.mark.parametrize("name", ["a\x00b", "", "长" * 51])
def test_unusable_name_is_rejected(client, db, name):
    response = client.get("/api/people", {"name": name})
    assert response.status_code == 422
    assert response.json()["errors"][0]["parameter"] == "name"
