"""The correction page in a real headless Chromium: sign in, read the transcript beside the
fields, correct a value, and see the public page say so."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.ingest.load import meeting_import
from tests.conftest import SEED_38

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

pytestmark = [
    pytest.mark.browser,
    # serialized_rollback: the editors group from the data migration must outlive this test.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def meeting(live_server):
    """The 38th meeting and an editor, written before the browser starts: the ORM must not
    run inside Playwright's event loop, where it would open a connection nobody closes."""
    from django.contrib.auth.models import User

    from archive.models import Meeting
    from archive.services.editors import editors_group_sync

    editor = User.objects.create_user("editor", password="a-long-editor-password", is_staff=True)
    # The group comes from a data migration, which an earlier live-server test's flush of
    # the database has emptied: put it back as the migration makes it.
    editor.groups.add(editors_group_sync())
    return Meeting.objects.get(pk=meeting_import(path=SEED_38).meeting_id)


def test_an_editor_corrects_a_meeting_beside_its_transcript(live_server, meeting, browser):
    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    page.goto(f"{live_server.url}/admin/archive/meeting/{meeting.pk}/change/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a-long-editor-password")
    page.click("input[type=submit]")
    page.wait_for_selector("aside.correction-transcript")

    transcript = page.locator("aside.correction-transcript")
    fields = page.locator("div.correction-fields")
    assert transcript.is_visible()
    assert "徐华东市长主持召开市政府第38次常务会议" in transcript.inner_text()
    beside = transcript.bounding_box()["x"] > fields.bounding_box()["x"] + 400
    assert beside, "the transcript is not beside the fields"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "admin-meeting-change.png"))

    page.fill("#id_chair", "徐华栋")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    assert page.input_value("#id_chair") == "徐华栋"
    assert "主持人" in page.locator(".field-edited .readonly").inner_text()

    page.goto(live_server.url + meeting.get_absolute_url())
    assert "最近更正于" in page.locator(".last-corrected").inner_text()
    assert "徐华栋" in page.content()
