"""Importing many files: parsed in worker processes, written in batches, each file on its own."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from archive.ingest.batch import _CHUNK, _pool_window, _prepare_in_pool, meetings_import
from archive.ingest.load import ImportStatus
from archive.models import AgendaItem, Attendee, Meeting
from tests.conftest import SEED_38, SEED_41

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for path in [SEED_38, SEED_41, *sorted(FIXTURES.glob("*.txt"))]:
        shutil.copy(path, tmp_path / path.name)
    (tmp_path / "zz_empty.txt").write_bytes(b"")
    return tmp_path


def _statuses(results) -> dict[str, str]:
    return {result.path.name: result.status.value for result in results}


def test_a_folder_imports_in_parallel_with_failures_reported(folder: Path) -> None:
    paths = sorted(folder.iterdir())
    results = list(meetings_import(paths=paths, workers=2, batch_size=3))
    assert [result.path for result in results] == paths
    assert _statuses(results) == {
        "000_98fefd519604f624.txt": "created",
        "003_ddc3f58452989f6f.txt": "created",
        "anping_combined_unnumbered.txt": "created",
        "donglin_city_sentences.txt": "created",
        "mayor_office_meeting.txt": "created",
        "news_report.txt": "failed",
        "qinghe_county_header.txt": "created",
        "xinhua_district_arabic.txt": "created",
        "yongning_traditional.txt": "created",
        "zz_empty.txt": "failed",
    }
    failed = {r.path.name: r.message for r in results if r.status is ImportStatus.FAILED}
    assert failed["zz_empty.txt"] == "文件为空"
    assert failed["news_report.txt"].startswith("第2行：这是关于会议的新闻报道")
    assert Meeting.objects.count() == 8
    assert not Meeting.objects.filter(source_name__in=failed).exists()


def test_header_fields_types_and_warnings_are_stored(folder: Path) -> None:
    list(meetings_import(paths=sorted(folder.iterdir()), workers=0, batch_size=4))
    qinghe = Meeting.objects.get(source_name="qinghe_county_header.txt")
    assert (qinghe.term, qinghe.number, qinghe.number_text) == (17, 60, "十七届县政府第六十次")
    assert qinghe.issuing_office == "清河县人民政府办公室"
    assert qinghe.issue_date == datetime.date(2022, 12, 20)
    assert qinghe.disclosure_metadata["公开方式"] == "主动公开"
    assert qinghe.source_encoding == "gb18030"
    assert Meeting.objects.get(source_name="xinhua_district_arabic.txt").number_year == 2021
    types = dict(Meeting.objects.values_list("source_name", "meeting_type"))
    assert types["anping_combined_unnumbered.txt"] == "combined"
    assert types["mayor_office_meeting.txt"] == "executive"
    assert types["donglin_city_sentences.txt"] == "standing"
    anping = Meeting.objects.get(source_name="anping_combined_unnumbered.txt")
    assert anping.get_meeting_type_display() == "党组会议暨常务会议"
    assert anping.parse_warnings == ["第3行：会议日期“1月5日”没有写年份，未能确定日期"]
    assert anping.date is None
    yongning = Meeting.objects.get(source_name="yongning_traditional.txt")
    assert yongning.agenda_items.get(order=1).title == "審議《永寧縣鄉村振興促進辦法》"
    assert yongning.source_encoding == "utf-8"


def test_parallel_and_serial_imports_store_the_same_meetings(folder: Path) -> None:
    def snapshot() -> list[tuple]:
        return sorted(
            Meeting.objects.values_list(
                "source_name", "number", "date", "chair", "term", "issue_date", "parse_warnings"
            )
        ) + sorted(AgendaItem.objects.values_list("meeting__source_name", "order", "title"))

    list(meetings_import(paths=sorted(folder.iterdir()), workers=0))
    serial = snapshot()
    serial_index = _search_rows()
    Meeting.objects.all().delete()
    list(meetings_import(paths=sorted(folder.iterdir()), workers=2, batch_size=2))
    assert snapshot() == serial
    # The workers segmented the passages; the index is the one the writer would have built.
    assert _search_rows() == serial_index


def _search_rows() -> list[tuple]:
    from archive.models import MeetingSearch

    return sorted(
        MeetingSearch.objects.values_list(
            "meeting__source_name", "text", "heads_end", "decisions_end", "body_end", "words"
        )
    )


def test_workers_segment_every_passage_the_writer_indexes(seeded) -> None:
    from archive.ingest.parse import parse_transcript
    from archive.ingest.read import transcript_read
    from archive.models import Passage
    from archive.search.dictionary import segmenter
    from archive.search.passages import parsed_passages, passage_words

    for path in (SEED_38, SEED_41):
        transcript = transcript_read(path, max_bytes=10**7)
        words = passage_words(
            parsed_passages(parse_transcript(transcript.text), transcript.text), segmenter()
        )
        stored = Meeting.objects.get(source_name=transcript.name)
        texts = set(Passage.objects.filter(meeting=stored).values_list("text", flat=True))
        assert set(words) == texts
        title = stored.agenda_items.get(order=1).title
        assert words[next(text for text in texts if text.endswith(title))]


def test_a_failure_inside_a_batch_undoes_that_file_alone(folder: Path, monkeypatch) -> None:
    from archive.ingest import load

    real_resolve = load.department_resolve

    def resolve(written: str):
        if written == "县水利局":  # only the Qinghe and Anping transcripts name it
            raise RuntimeError("constraint violated")
        return real_resolve(written)

    monkeypatch.setattr(load, "department_resolve", resolve)
    results = list(meetings_import(paths=sorted(folder.iterdir()), workers=0, batch_size=50))
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
    assert Meeting.objects.count() == 6
    assert not Attendee.objects.filter(department_as_written="县水利局").exists()
    assert Meeting.objects.get(number=38).agenda_items.count() == 7


def test_reimporting_reports_unchanged_and_changed_files(folder: Path) -> None:
    paths = sorted(folder.iterdir())
    list(meetings_import(paths=paths, workers=0))
    (folder / "mayor_office_meeting.txt").write_bytes(
        (folder / "mayor_office_meeting.txt")
        .read_bytes()
        .replace("陆佳".encode("utf-16-le"), "陆敏".encode("utf-16-le"))
    )
    statuses = _statuses(meetings_import(paths=paths, workers=2, batch_size=4))
    assert statuses["mayor_office_meeting.txt"] == "updated"
    assert statuses["000_98fefd519604f624.txt"] == "unchanged"
    assert list(statuses.values()).count("unchanged") == 7
    assert (
        Meeting.objects.get(source_name="mayor_office_meeting.txt")
        .attendees.filter(name="陆敏")
        .exists()
    )


def test_the_command_takes_workers_and_batch_size(folder: Path, capsys) -> None:
    (folder / "news_report.txt").unlink()
    (folder / "zz_empty.txt").unlink()
    call_command(
        "import_minutes", str(folder), "--no-progress", "--workers", "2", "--batch-size", "3"
    )
    captured = capsys.readouterr()
    assert "新增 8，更新 0，未变 0，失败 0" in captured.out
    assert "警告 " in captured.err and "没有写年份" in captured.err


class _RecordingExecutor:
    """Runs nothing: each chunk's "prepared" files are its paths, and submissions are counted."""

    def __init__(self) -> None:
        self.submitted = 0

    def submit(self, _fn, chunk, _max_bytes):
        from concurrent.futures import Future

        self.submitted += len(chunk)
        future: Future = Future()
        future.set_result(list(chunk))
        return future


@pytest.mark.parametrize("workers", [1, 3])
def test_workers_hold_the_next_batch_while_the_writer_writes(workers):
    batch_size = 50
    executor = _RecordingExecutor()
    paths = [Path(f"{index}.txt") for index in range(1000)]
    prepared = _prepare_in_pool(executor, paths, 1, window=_pool_window(workers, batch_size))
    taken = [next(prepared) for _ in range(batch_size)]  # the writer's first batch
    assert taken == paths[:batch_size]  # in order
    # The writer now writes; the files already handed to the workers are the next batch's.
    assert executor.submitted - batch_size >= batch_size
    # …and no more than a batch and the workers' own chunks: memory does not grow with N.
    assert executor.submitted <= 2 * batch_size + (workers * 3 + 1) * _CHUNK
    assert list(prepared) == paths[batch_size:]
