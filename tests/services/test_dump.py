"""The archive dump: JSON Lines with the transcripts and every row, and its exact restore."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.db import connection

from archive.ingest.read import encode_transcript
from archive.models import (
    AgendaItem,
    Attendee,
    Decision,
    DecisionDepartment,
    Department,
    DepartmentAlias,
    Meeting,
    MeetingSearch,
    SearchName,
)
from archive.services.dump import archive_dump
from archive.services.restore import DumpError, archive_load
from tests.conftest import SEED_38

# Emptying the archive (flush) needs real commits, not a test transaction.
pytestmark = pytest.mark.django_db(transaction=True)

MODELS = (Department, DepartmentAlias, Meeting, AgendaItem, Decision, DecisionDepartment, Attendee)


def _dump() -> list[str]:
    out = io.StringIO()
    archive_dump(out=out)
    return out.getvalue().splitlines(keepends=True)


def _empty_the_archive() -> None:
    call_command("flush", interactive=False, verbosity=0)
    assert all(not model.objects.exists() for model in MODELS)


def test_meeting_line_carries_the_original_transcript(seeded):
    lines = _dump()
    assert json.loads(lines[0]) == {
        "kind": "header",
        "format": "minutes-archive-dump",
        "version": 1,
    }
    meetings = [json.loads(line) for line in lines if '"kind": "meeting"' in line]
    assert [meeting["number"] for meeting in meetings] == [38, 41]
    source = meetings[0]["source"]
    assert source["name"] == SEED_38.name
    # Text and encoding give back the file's bytes, and the hash is theirs.
    assert encode_transcript(source["text"], source["encoding"]) == SEED_38.read_bytes()
    assert source["content_hash"] == seeded[38].content_hash
    decision = meetings[0]["agenda_items"][1]["decisions"][0]
    assert decision["outcome"] == "原则同意"
    finance = Department.objects.get(name="市金融监管局")
    assert decision["department_links"][0]["department_id"] == finance.pk
    assert decision["department_links"][0]["name_as_written"] == "市地方金融监管局"


def test_departments_come_first_with_their_aliases(seeded):
    records = [json.loads(line) for line in _dump()[1:]]
    kinds = [record["kind"] for record in records]
    assert kinds == ["department"] * Department.objects.count() + ["meeting"] * 2
    office = next(record for record in records if record.get("name") == "市政府办公室")
    assert [alias["name"] for alias in office["aliases"]] == ["市政府办", "市政府办公室"]


def test_round_trip_restores_every_row_and_page(client, seeded):
    meeting = seeded[38]
    office = Department.objects.get(name="市政府办公室")
    pages = [
        "/",
        meeting.get_absolute_url(),
        seeded[41].get_absolute_url(),
        office.get_absolute_url(),
        f"/api/meetings/{meeting.pk}",
        "/api/people?page_size=100",
    ]
    before_pages = [client.get(url).content for url in pages]
    before = _dump()

    _empty_the_archive()
    counts = archive_load(lines=iter(before), name="archive.jsonl")

    assert counts == {"department": Department.objects.count(), "meeting": 2}
    assert _dump() == before
    assert [client.get(url).content for url in pages] == before_pages


def test_a_restore_registers_the_names_and_marks_them(seeded):
    lines = _dump()
    names = set(SearchName.objects.values_list("word", flat=True))
    assert {"市政府办公室", "市政府办"} <= names  # a name and an alias
    _empty_the_archive()
    assert not SearchName.objects.exists()
    archive_load(lines=iter(lines), name="archive.jsonl")
    assert set(SearchName.objects.values_list("word", flat=True)) == names
    with connection.cursor() as cursor:
        for name in names:
            cursor.execute(
                "SELECT meeting_id FROM archive_meetingsearch WHERE grams @@ %s::tsquery",
                [f"'\r{name}'"],
            )
            marked = {row[0] for row in cursor.fetchall()}
            holding = MeetingSearch.objects.filter(text__contains=name)
            assert marked == set(holding.values_list("pk", flat=True)), name
    assert MeetingSearch.objects.filter(text__contains="市政府办").count() == 2


def test_after_a_restore_new_imports_get_fresh_ids(seeded):
    lines = _dump()
    highest = Meeting.objects.order_by("-pk").first().pk
    _empty_the_archive()
    archive_load(lines=iter(lines), name="archive.jsonl")
    created = Meeting.objects.create(
        source_name="new.txt", source_text="x", source_encoding="utf-8"
    )
    assert created.pk > highest


def test_load_refuses_a_database_that_is_not_empty(seeded):
    with pytest.raises(DumpError, match="只能载入到空的档案中"):
        archive_load(lines=iter(_dump()), name="archive.jsonl")


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        (lambda lines: ["not json\n", *lines[1:]], "archive.jsonl 第 1 行：不是有效的 JSON"),
        (lambda lines: ['{"kind": "header"}\n', *lines[1:]], "第 1 行：第一行应为"),
        (lambda lines: [*lines, '{"kind": "vote"}\n'], "未知的记录类型 'vote'"),
        (
            lambda lines: [
                *lines[:-1],
                lines[-1].replace('"date": "2024-03-16"', '"date": "soon"'),
            ],
            "meeting.date",
        ),
        (
            lambda lines: [*lines[:-1], lines[-1].replace('"chair": "徐华东", ', "")],
            "缺少字段 chair",
        ),
    ],
)
def test_a_bad_dump_names_the_line_and_writes_nothing(seeded, broken, message):
    lines = broken(_dump())
    _empty_the_archive()
    with pytest.raises(DumpError, match=message) as raised:
        archive_load(lines=iter(lines), name="archive.jsonl")
    assert "archive.jsonl 第" in str(raised.value)
    assert all(not model.objects.exists() for model in MODELS)


def test_a_link_to_a_missing_department_is_refused(seeded):
    lines = _dump()
    first_department = next(i for i, line in enumerate(lines) if '"kind": "department"' in line)
    del lines[first_department]
    _empty_the_archive()
    with pytest.raises(DumpError, match="引用了文件中没有的部门 ID"):
        archive_load(lines=iter(lines), name="archive.jsonl")
    assert not Department.objects.exists()
