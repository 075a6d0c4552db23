"""Transcripts written for the search tests, in the reference format."""

from __future__ import annotations

from pathlib import Path

import pytest


def transcript(
    *,
    number: int,
    date: str,
    items: list[tuple[str, list[str]]],
    observers: str = "市政府办王晨清",
) -> str:
    """A small transcript: ``items`` are (title, decision texts); ``date`` as 2024年1月2日."""
    numerals = "一二三四五六七八九"
    lines = [f"{date}下午，徐华东市长主持召开市政府第{number}次常务会议。", "会议议定以下意见："]
    for order, (title, decisions) in enumerate(items):
        lines.append(f"{numerals[order]}、{title}")
        lines += [f"（{numerals[k]}）{text}" for k, text in enumerate(decisions)]
    lines += ["", "出席：吴敬宇、王莉萍。", f"列席：{observers}。", ""]
    return "\n".join(lines)


def indexed_meeting(number: int, text: str, day: int = 1):
    """A meeting of 2024-01-``day`` whose transcript is ``text``, indexed (no parse)."""
    import datetime

    from archive.models import Meeting
    from archive.search.index import search_index_meeting

    meeting = Meeting.objects.create(
        number=number,
        date=datetime.date(2024, 1, day),
        source_name=f"gen-{number}.txt",
        source_text=text,
        source_encoding="utf-8",
    )
    search_index_meeting(meeting=meeting)
    return meeting


@pytest.fixture
def import_text(db, tmp_path: Path):
    """Import transcript text as a file; returns the meeting."""
    from archive.ingest.load import ImportStatus, meeting_import
    from archive.models import Meeting

    def run(name: str, text: str):
        path = tmp_path / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        result = meeting_import(path=path)
        assert result.status in {ImportStatus.CREATED, ImportStatus.UPDATED}, result.message
        return Meeting.objects.get(pk=result.meeting_id)

    return run
