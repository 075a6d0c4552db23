"""Production settings: security headers, secure cookies, no debug pages, a required secret key.

Each check runs a real request through the whole middleware stack in a subprocess started with
DJANGO_ENV=production, against the test database.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.minutes_site.database_urls import current_database_url
from tests.views.test_production import ROOT, manage, production_env

pytestmark = pytest.mark.django_db

PROBE = """
import json
from django.conf import settings
from django.test import Client, override_settings

# Hashed static names need collectstatic's manifest (tested in tests/views/test_production.py);
# plain names keep this probe quick and change no header.
plain = {**settings.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
override_settings(STORAGES=plain).enable()
client = Client(raise_request_exception=False)
out = {"debug": settings.DEBUG, "session_cookie_secure": settings.SESSION_COOKIE_SECURE,
       "session_cookie_httponly": settings.SESSION_COOKIE_HTTPONLY}
for name, path, secure in [("page", "/admin/login/", True), ("http", "/robots.txt", False),
                           ("missing", "/no/such/page/", True)]:
    response = client.get(path, secure=secure)
    out[name] = {
        "status": response.status_code,
        "headers": dict(response.headers),
        "cookies": {key: {"secure": bool(c["secure"]), "httponly": bool(c["httponly"]),
                          "samesite": c["samesite"]} for key, c in response.cookies.items()},
        "body": response.content.decode()[:3000],
    }
print("PROBE" + json.dumps(out))
"""


def probe(**extra: str) -> dict:
    env = production_env(**extra)
    env.update(DATABASE_URL=current_database_url(), ALLOWED_HOSTS="testserver,minutes.example.org")
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    line = next(line for line in result.stdout.splitlines() if line.startswith("PROBE"))
    return json.loads(line.removeprefix("PROBE"))


@pytest.fixture(scope="module")
def production(django_db_setup, django_db_blocker) -> dict:
    with django_db_blocker.unblock():
        return probe()


def test_every_security_header_is_set(production):
    page = production["page"]
    assert page["status"] == 200
    headers = page["headers"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in headers["Content-Security-Policy"].split(";")
    )
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert "unsafe-inline" not in headers["Content-Security-Policy"]


def test_cookies_are_secure(production):
    csrf = production["page"]["cookies"]["csrftoken"]
    assert csrf == {"secure": True, "httponly": False, "samesite": "Lax"}
    assert production["session_cookie_secure"] is True
    assert production["session_cookie_httponly"] is True


def test_plain_http_is_redirected_to_https(production):
    http = production["http"]
    assert http["status"] == 301
    assert http["headers"]["Location"] == "https://testserver/robots.txt"


def test_no_debug_pages(production):
    assert production["debug"] is False
    missing = production["missing"]
    assert missing["status"] == 404
    assert "找不到这个页面" in missing["body"]
    assert "URLconf" not in missing["body"] and "Traceback" not in missing["body"]


def test_hsts_is_configurable(django_db_blocker):
    with django_db_blocker.unblock():
        shorter = probe(SECURE_HSTS_SECONDS="600", SECURE_HSTS_INCLUDE_SUBDOMAINS="0")
        assert shorter["page"]["headers"]["Strict-Transport-Security"] == "max-age=600"
        off = probe(SECURE_HSTS_SECONDS="0")["page"]["headers"]
        assert "Strict-Transport-Security" not in off


def test_production_refuses_to_start_without_a_secret_key():
    env = production_env()
    env.pop("SECRET_KEY")
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DJANGO_ENV=production" in result.stderr
