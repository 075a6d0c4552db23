"""An import killed midway (SIGKILL, no chance to clean up) leaves no partial meeting.

import_minutes runs in a subprocess over generated transcripts; once some batches are
committed the whole process group is killed. Every stored meeting must then be complete, and
running the import again must finish the job without touching what was already there.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from django.core.management import call_command

from archive.ingest.parse import parse_transcript
from archive.ingest.read import decode_transcript
from archive.models import AgendaItem, Attendee, Decision, Meeting
from benchmarks.transcripts import transcripts_write
from tests.minutes_site.database_urls import current_database_url
from tests.views.test_production import ROOT

pytestmark = pytest.mark.django_db(transaction=True)

FILES = 80


def expected_shape(path) -> tuple[int, int, int]:
    parsed = parse_transcript(decode_transcript(path.read_bytes())[0])
    items = len(parsed.agenda_items)
    decisions = sum(len(item.decisions) for item in parsed.agenda_items)
    return items, decisions, len(parsed.attendees)


def stored_shape(meeting: Meeting) -> tuple[int, int, int]:
    return (
        AgendaItem.objects.filter(meeting=meeting).count(),
        Decision.objects.filter(agenda_item__meeting=meeting).count(),
        Attendee.objects.filter(meeting=meeting).count(),
    )


def assert_every_meeting_complete(paths) -> None:
    by_name = {path.name: path for path in paths}
    for meeting in Meeting.objects.all():
        assert stored_shape(meeting) == expected_shape(by_name[meeting.source_name]), meeting


def test_a_killed_import_leaves_whole_meetings_and_a_rerun_completes(tmp_path):
    paths = transcripts_write(tmp_path / "minutes", FILES, seed=7)
    env = {**os.environ, "DATABASE_URL": current_database_url()}
    command = [sys.executable, "manage.py", "import_minutes", "--no-progress", "--batch-size", "4"]
    process = subprocess.Popen(
        [*command, str(tmp_path / "minutes")],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its parse workers are killed with it
    )
    deadline = time.monotonic() + 120
    try:
        while Meeting.objects.count() < 8:
            assert process.poll() is None, "the import ended before it could be interrupted"
            assert time.monotonic() < deadline, "the import wrote nothing in two minutes"
            time.sleep(0.02)
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    stored = Meeting.objects.count()
    assert 8 <= stored < FILES, "the kill came too late to interrupt anything"
    assert stored % 4 == 0, "only whole batches are committed"
    assert_every_meeting_complete(paths)
    before = {m.source_name: m.updated_at for m in Meeting.objects.all()}

    call_command("import_minutes", str(tmp_path / "minutes"), "--no-progress", "--workers", "0")

    assert Meeting.objects.count() == FILES
    assert_every_meeting_complete(paths)
    after = {m.source_name: m.updated_at for m in Meeting.objects.filter(source_name__in=before)}
    assert after == before, "meetings imported before the kill were left as they were"
