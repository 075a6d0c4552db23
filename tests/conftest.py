"""Shared fixtures: the seed transcripts, imported into the test database."""

from __future__ import annotations

from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED_38 = SEEDS / "000_98fefd519604f624.txt"
SEED_41 = SEEDS / "003_ddc3f58452989f6f.txt"


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with an empty cache, as archive-wide counts are cached across requests."""
    from django.core.cache import cache

    cache.clear()


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
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user("editor", password="a-long-editor-password", is_staff=True)
    user.groups.add(Group.objects.get(name="editors"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
