"""Failed admin logins are throttled (django-axes)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-staff-password"


@pytest.fixture
def staff(db) -> User:
    return User.objects.create_user("staff", password=PASSWORD, is_staff=True)


def _login(client, password: str, address: str = "10.0.0.1"):
    return client.post(
        reverse("admin:login"),
        {"username": "staff", "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def test_the_right_password_signs_staff_in(client, staff):
    response = _login(client, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_repeated_failures_lock_the_login_even_with_the_right_password(client, staff):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(4):
        response = _login(client, "wrong")
        assert response.status_code == 200  # the form again, with its error
        assert "请输入一个正确的" in response.content.decode()
    locked = _login(client, "wrong")
    assert locked.status_code == 429
    assert "登录已暂停" in locked.content.decode()
    after = _login(client, PASSWORD)
    assert after.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_is_per_username_and_address(client, staff):
    for _ in range(5):
        _login(client, "wrong", address="10.0.0.1")
    assert _login(client, PASSWORD, address="10.0.0.2").status_code == 302


def test_behind_a_proxy_the_lock_is_per_forwarded_client(client, staff, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.9"  # every request reaches the site from the proxy

    def through_proxy(password: str, client_address: str):
        return client.post(
            reverse("admin:login"),
            {"username": "staff", "password": password, "next": "/admin/"},
            REMOTE_ADDR=proxy,
            # The first address is whatever the client claimed; the proxy appended the last.
            HTTP_X_FORWARDED_FOR=f"1.2.3.4, {client_address}",
        )

    for _ in range(5):
        through_proxy("wrong", "203.0.113.7")
    assert through_proxy(PASSWORD, "203.0.113.7").status_code == 429
    # Another visitor behind the same proxy is not locked out by the first one's failures.
    assert through_proxy(PASSWORD, "203.0.113.8").status_code == 302


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "203.0.113.7", "10.0.0.9"),  # no proxy: the header is the client's own claim
        (1, "1.2.3.4, 203.0.113.7", "203.0.113.7"),
        (2, "1.2.3.4, 203.0.113.7, 10.0.0.8", "203.0.113.7"),
        (2, "10.0.0.8", "10.0.0.9"),  # fewer addresses than proxies
        (1, "not-an-address", "10.0.0.9"),
        (1, "", "10.0.0.9"),
        (1, " 2001:db8::1 ", "2001:db8::1"),
    ],
)
def test_client_address_behind_proxies(rf, settings, count, forwarded, expected):
    from minutes_site.client_ip import client_ip

    settings.TRUSTED_PROXY_COUNT = count
    request = rf.get("/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
