"""No input at all makes the search fail: arbitrary query strings and parameters."""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

_SYNTAX = st.sampled_from(['"', "-", " OR ", "|", "“", "」", "\\", "'", "&", "!", ":*", "<->"])
_CHINESE = st.sampled_from(list("排水许可太仓倉市第四十一次会议（）《》　１２")) | _SYNTAX
queries = st.text(max_size=60) | st.lists(_CHINESE, max_size=25).map("".join)


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    query=queries,
    order=st.sampled_from(["relevance", "date", "", "x"]),
    page=st.sampled_from(["1", "2", "0", "-1", "abc", "9" * 30]),
)
def test_no_query_gives_a_server_error(client, seeded, query, order, page):
    params = {"q": query, "order": order, "page": page}
    page_response = client.get(reverse("archive:search"), params)
    assert page_response.status_code == 200
    api = client.get("/api/search", params)
    assert api.status_code in {200, 422}
    data = api.json()
    if api.status_code == 200:
        assert data["count"] >= len(data["results"])
    else:
        assert {error["parameter"] for error in data["errors"]} <= {"q", "order", "page"}
