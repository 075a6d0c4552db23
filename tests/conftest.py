"""Shared fixtures: the seed transcripts, imported into the test database."""

from __future__ import annotations

from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
# Debian's chromium, never a downloaded build; the flags keep it off the closed network.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SEED_38 = SEEDS / "000_98fefd519604f624.txt"
SEED_41 = SEEDS / "003_ddc3f58452989f6f.txt"


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with an empty cache, as archive-wide counts are cached across requests."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def slow_machine_statement_timeout(settings):
    """Public requests get 30 s per statement in tests, not the production 5 s.

    A test about what a page shows must not fail because a busy CI machine stalled one
    statement; the time limit itself is tested with its own, shorter, settings
    (tests/minutes_site/test_statement_timeout.py), which take precedence over this one.
    """
    settings.PUBLIC_STATEMENT_TIMEOUT_MS = 30_000


@pytest.fixture
def seeded(db) -> dict:
    """Both seed meetings imported, keyed by meeting number."""
    # Imported here, not at module level, so that the pure parser tests run without Django.
    from archive.ingest.load import ImportStatus, meeting_import
    from archive.models import Meeting

    for path in (SEED_38, SEED_41):
        result = meeting_import(path=path)
        assert result.status is ImportStatus.CREATED, result.message
    return {meeting.number: meeting for meeting in Meeting.objects.all()}


@pytest.fixture
def editor(db):
    """A staff member in the editors group, with no other permission."""
    from django.contrib.auth.models import User

    from archive.services.editors import editors_group_sync

    user = User.objects.create_user("editor", password="a-long-editor-password", is_staff=True)
    # The group comes from a data migration; a live-server test's flush of the database
    # empties it for the tests that follow, so it is put back as the migration makes it.
    user.groups.add(editors_group_sync())
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium, one per test module (the browser tests are marked ``browser``)."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `make browser-deps` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread, which makes Django
    # refuse database calls from the test itself; the ORM use here is plain synchronous code.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield browser
            browser.close()
