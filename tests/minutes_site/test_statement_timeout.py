"""A public request's statements are time-limited; running over is a 503 page, not a 500.

The slow statement is made real, not simulated: another connection holds a lock on the
meetings table, so the view's first query waits on it until the timeout cancels it.
"""

from __future__ import annotations

from contextlib import contextmanager

import psycopg
import pytest
from django.db import connection
from django.test import override_settings

pytestmark = pytest.mark.django_db


@contextmanager
def meetings_table_locked():
    """Hold an exclusive lock on the meetings table from a second connection."""
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params) as other:
        other.execute("SET lock_timeout = '5s'")
        other.execute("LOCK TABLE archive_meeting IN ACCESS EXCLUSIVE MODE")
        yield
        other.rollback()


@override_settings(PUBLIC_STATEMENT_TIMEOUT_MS=200)
def test_a_statement_over_the_limit_is_a_friendly_503(client):
    with meetings_table_locked():
        response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert "这个请求用时太长，已被中止" in html
    assert 'class="site-header"' in html


@override_settings(PUBLIC_STATEMENT_TIMEOUT_MS=200)
def test_an_api_statement_over_the_limit_is_a_json_503(client):
    with meetings_table_locked():
        response = client.get("/api/meetings")
    assert response.status_code == 503
    assert response.json()["detail"].startswith("查询用时太长")
    assert response["Retry-After"] == "30"


def current_timeout() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return cursor.fetchone()[0]


@override_settings(PUBLIC_STATEMENT_TIMEOUT_MS=1500)
def test_public_requests_are_limited_and_the_admin_is_not(client, admin_client):
    assert client.get("/robots.txt").status_code == 200
    assert current_timeout() == "1500ms"
    assert admin_client.get("/admin/").status_code == 200
    assert current_timeout() == "0"
    assert client.get("/meetings/").status_code == 200
    assert current_timeout() == "1500ms"
