"""Writing a batch of new meetings at once stores exactly what writing them file by file does."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.db import connection
from django.db.models import Q

from archive.ingest.batch import meetings_import
from archive.ingest.load import ImportStatus
from archive.models import Department, DepartmentAlias, Meeting
from benchmarks.transcripts import transcripts_write
from tests.conftest import SEED_38, SEED_41

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent / "fixtures"

# Every table an import writes, history included.
TABLES = (
    "archive_meeting",
    "archive_agendaitem",
    "archive_decision",
    "archive_decisiondepartment",
    "archive_attendee",
    "archive_department",
    "archive_departmentalias",
    "archive_searchname",  # the names an import registers
    "archive_historicalmeeting",
    "archive_historicalagendaitem",
    "archive_historicaldecision",
    "archive_historicaldecisiondepartment",
    "archive_historicalattendee",
    "archive_historicaldepartment",
    "archive_historicaldepartmentalias",
    "archive_passage",
    "archive_meetingsearch",
)
# Written with the clock: the only columns that differ between two imports of the same files.
CLOCK_COLUMNS = {"imported_at", "updated_at", "history_date"}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for path in [SEED_38, SEED_41, *sorted(FIXTURES.glob("*.txt"))]:
        shutil.copy(path, tmp_path / path.name)
    transcripts_write(tmp_path, 60)
    (tmp_path / "zz_empty.txt").write_bytes(b"")
    # Seed 38 as meeting 39, with two people on leave: one of a department that attends it
    # (市审计局), one of a department that does not (市统计局).
    text = SEED_38.read_text(encoding="utf-8").replace("第38次", "第39次").rstrip("\n")
    leave = "\n请假：市审计局倪永良（出差），市统计局范志诚（参加省里会议）\n"
    (tmp_path / "039_on_leave.txt").write_text(text + leave, encoding="utf-8")
    return tmp_path


def _empty_tables() -> None:
    """Every table an import writes emptied, its IDs starting again at 1."""
    with connection.cursor() as cursor:
        # Foreign keys are checked at commit; the rows written so far are checked now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    # Departments that exist before the import: one looked up by an alias, one by its key.
    fagai = Department.objects.create(name="市发展和改革委员会", match_key="发展和改革委员会")
    DepartmentAlias.objects.create(name="市发改委", department=fagai)
    Department.objects.create(name="财政局", match_key="财政局")


def _dump() -> dict[str, list[tuple]]:
    """Every row of every table, by ID, without the columns the clock writes."""
    tables: dict[str, list[tuple]] = {}
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"SELECT * FROM {table}")
            columns = [column.name for column in cursor.description]
            kept = [i for i, name in enumerate(columns) if name not in CLOCK_COLUMNS]
            rows = [tuple(row[i] for i in kept) for row in cursor.fetchall()]
            tables[table] = sorted(rows, key=lambda row: row[0])
    return tables


def _import(
    folder: Path, *, bulk: bool, workers: int = 0
) -> list[tuple[str, str, int | None, tuple, str]]:
    _empty_tables()
    paths = sorted(folder.iterdir())
    results = meetings_import(paths=paths, workers=workers, batch_size=25, bulk=bulk)
    return [(r.path.name, r.status.value, r.meeting_id, r.warnings, r.message) for r in results]


def test_a_batch_written_at_once_stores_what_file_by_file_stores(folder: Path, monkeypatch) -> None:
    from archive.ingest import batch

    saved: list[str] = []
    real_save = batch.meeting_save

    def meeting_save(**kwargs):
        saved.append(kwargs["transcript"].name)
        return real_save(**kwargs)

    monkeypatch.setattr(batch, "meeting_save", meeting_save)
    by_file = _import(folder, bulk=False)
    by_file_rows = _dump()
    assert len(saved) == 69
    saved.clear()
    # In this process, then with a worker process building the search rows in advance.
    at_once = _import(folder, bulk=True)
    at_once_rows = _dump()
    assert _import(folder, bulk=True, workers=1) == at_once
    assert _dump() == at_once_rows
    assert saved == []  # every batch was written at once

    assert at_once == by_file
    for table in TABLES:
        assert at_once_rows[table] == by_file_rows[table], table
    # What was compared is the real import, not empty tables.
    statuses = [status for _name, status, _id, _warnings, _message in at_once]
    assert statuses.count("created") == 69
    assert statuses.count("failed") == 2
    assert len(at_once_rows["archive_meeting"]) == 69
    assert len(at_once_rows["archive_historicalmeeting"]) == 69
    assert len(at_once_rows["archive_meetingsearch"]) == 69
    assert len(at_once_rows["archive_attendee"]) > 69 * 5
    assert len(at_once_rows["archive_decisiondepartment"]) > 69
    assert len(at_once_rows["archive_department"]) > 20
    assert len(at_once_rows["archive_departmentalias"]) > len(at_once_rows["archive_department"])
    assert len(at_once_rows["archive_passage"]) > 69 * 5
    # The search rows hold the departments' parts (compared above like every other column).
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM archive_meetingsearch s WHERE EXISTS (SELECT FROM"
            " unnest(tsvector_to_array(s.grams)) g WHERE g ~ E'^\\n(attended|led):')"
        )
        with_departments = cursor.fetchone()[0]
    taking_part = Meeting.objects.filter(
        Q(attendees__department__isnull=False)
        | Q(agenda_items__decisions__department_links__role="lead")
    ).distinct()
    assert with_departments == taking_part.count() > 60
    # Only those who were there count as their department's attendance: 市统计局 was on
    # leave from meeting 39, 市审计局 was there too.
    on_leave = Meeting.objects.get(source_name="039_on_leave.txt")
    absent = on_leave.attendees.filter(role="absent").order_by("order")
    assert [(a.name, a.department.name, a.note) for a in absent] == [
        ("倪永良", "市审计局", "出差"),
        ("范志诚", "市统计局", "参加省里会议"),
    ]
    audit, statistics = (a.department_id for a in absent)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT array_agg(g ORDER BY g) FROM archive_meetingsearch s,"
            " unnest(tsvector_to_array(s.grams)) g"
            " WHERE s.meeting_id = %s AND g IN (%s, %s)",
            [on_leave.pk, f"\nattended:{audit}", f"\nattended:{statistics}"],
        )
        assert cursor.fetchone()[0] == [f"\nattended:{audit}"]
    # The departments that existed beforehand were found, not created again.
    fagai = Department.objects.get(name="市发展和改革委员会")
    assert fagai.pk == 1
    assert Department.objects.filter(match_key="发展和改革委员会").count() == 1
    assert Department.objects.filter(match_key="财政局").count() == 1
    reasons = set(
        Meeting.history.values_list("source_name", "history_change_reason", "history_type")
    )
    assert ("000_98fefd519604f624.txt", "导入 000_98fefd519604f624.txt", "+") in reasons
    assert all(reason == f"导入 {name}" for name, reason, _type in reasons)
    anping = Meeting.objects.get(source_name="anping_combined_unnumbered.txt")
    assert anping.parse_warnings == ["第3行：会议日期“1月5日”没有写年份，未能确定日期"]
    item_reasons = set(
        Meeting.objects.get(source_name="anping_combined_unnumbered.txt")
        .agenda_items.first()
        .history.values_list("history_change_reason", flat=True)
    )
    assert item_reasons == {"导入 anping_combined_unnumbered.txt"}


def test_a_failure_in_a_batch_written_at_once_falls_back_to_file_by_file(
    folder: Path, monkeypatch
) -> None:
    from archive.ingest import load

    real_resolve = load.department_resolve

    def resolve(written: str):
        if written == "县水利局":  # only the Qinghe and Anping transcripts name it
            raise RuntimeError("constraint violated")
        return real_resolve(written)

    monkeypatch.setattr(load, "department_resolve", resolve)
    results = list(meetings_import(paths=sorted(folder.iterdir()), workers=0, batch_size=25))
    failed = {r.path.name: r.message for r in results if r.status is ImportStatus.FAILED}
    assert set(failed) == {
        "anping_combined_unnumbered.txt",
        "qinghe_county_header.txt",
        "news_report.txt",
        "zz_empty.txt",
    }
    assert failed["qinghe_county_header.txt"] == (
        "内部错误（RuntimeError: constraint violated），该文件未写入任何内容"
    )
    assert Meeting.objects.count() == 67
    assert not Meeting.objects.filter(source_name__in=failed).exists()
    assert not Department.objects.filter(name="县水利局").exists()
    # The other files of the failed batches were written, indexed and recorded in full.
    donglin = Meeting.objects.get(source_name="donglin_city_sentences.txt")
    assert donglin.search_row.text
    assert donglin.history.get().history_change_reason == "导入 donglin_city_sentences.txt"


def test_a_batch_with_a_stored_meeting_is_written_file_by_file(folder: Path) -> None:
    paths = sorted(folder.iterdir())
    list(meetings_import(paths=paths[:3], workers=0))
    results = list(meetings_import(paths=paths, workers=0, batch_size=200))
    statuses = [result.status.value for result in results]
    assert statuses[:3] == ["unchanged"] * 3
    assert statuses.count("created") == 66
    assert Meeting.objects.count() == 69
    assert Meeting.history.count() == 69


def test_a_parse_worker_builds_the_search_row_and_segments_each_passage_once(
    monkeypatch,
) -> None:
    from archive.ingest import prepare
    from archive.ingest.parse import parse_transcript
    from archive.ingest.read import transcript_read
    from archive.search.dictionary import segmenter
    from archive.search.passages import parsed_passages, passage_words

    monkeypatch.setattr(prepare, "_segmenter", None)
    prepare.worker_init(segmenter().dictionary)
    prepared = prepare.transcript_prepare(SEED_38, 10**7)
    assert prepared.index is not None
    transcript = transcript_read(SEED_38, max_bytes=10**7)
    expected = passage_words(
        parsed_passages(parse_transcript(transcript.text), transcript.text), segmenter()
    )
    assert prepared.words == expected
    assert prepared.index.words is prepared.words
    fields = prepared.index.search_fields
    assert fields["meeting_id"] is None
    assert fields["meeting_date"] == prepared.parsed.date
    assert fields["text"].split("\n") == [
        draft.text for draft in sorted(prepared.index.drafts, key=lambda d: -d.weight)
    ]
