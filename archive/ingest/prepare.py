"""The half of an import that needs no database: read a file, parse it and, in a worker
process, segment its passages and build the search row a new meeting of it gets (picklable,
run in worker processes by archive.ingest.batch)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from archive.ingest.parse import ParsedMeeting, ParseError, parse_transcript
from archive.ingest.read import Transcript, TranscriptReadError, transcript_read
from archive.search.passages import PassageDraft, parsed_passages, passage_words
from archive.search.segment import KnownWords, Segmenter

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PreparedTranscript:
    """A file read and parsed, or the reason it cannot be imported."""

    path: Path
    transcript: Transcript | None = None
    parsed: ParsedMeeting | None = None
    error: str | None = None
    # The jieba words of each passage, by passage text, when segmented in a worker process.
    words: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # The search index of the meeting if it is new (see archive.ingest.bulk), when prepared in
    # a worker process.
    index: NewMeetingIndex | None = None


@dataclass(frozen=True)
class NewMeetingIndex:
    """The passages and search row a new meeting of this parse gets, all but their IDs."""

    drafts: tuple[PassageDraft, ...]
    search_fields: dict
    # The jieba words of each passage, by passage text (as passage_words has them).
    words: dict[str, tuple[str, ...]]


def new_meeting_index(
    parsed: ParsedMeeting, drafts: list[PassageDraft], segments: Segmenter
) -> NewMeetingIndex:
    """What search_index_meeting builds for a meeting just created from ``parsed``, whose
    passages are ``drafts`` (see parsed_passages); each passage is segmented once."""
    # Imported here: a worker process sets Django up first (see worker_init).
    from archive.ingest.meeting_fields import item_kind_choice, meeting_type_choice
    from archive.search.index import meeting_search_fields

    words = passage_words(drafts, segments)
    fields = meeting_search_fields(
        meeting_id=None,
        meeting_date=parsed.date,
        # As the meeting and its agenda items are stored (see archive.ingest.bulk).
        meeting_type=meeting_type_choice(parsed.meeting_type),
        item_kinds=[item_kind_choice(item) for item in parsed.agenda_items],
        # Not known here: the writer looks the departments up and adds them (see bulk._index).
        departments=(),
        drafts=drafts,
        segments=KnownWords(segments, words),
    )
    return NewMeetingIndex(tuple(drafts), fields, words)


# A worker process's segmenter, built by ``worker_init`` from the importing process's
# dictionary, so that segmenting for the search index happens on every core.
_segmenter: Segmenter | None = None


def worker_init(dictionary: tuple[str, ...]) -> None:
    """Set up a worker process: build its segmenter once, from the archive's own words."""
    global _segmenter
    # The search row is built with the search index's own code, which needs the models.
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()
    _segmenter = Segmenter(dictionary)


def transcript_prepare(path: Path, max_bytes: int) -> PreparedTranscript:
    """Read and parse one file; a bad file gives its reason, never an exception."""
    try:
        transcript = transcript_read(path, max_bytes=max_bytes)
    except TranscriptReadError as error:
        return PreparedTranscript(path, error=str(error))
    try:
        parsed = parse_transcript(transcript.text)
    except ParseError as error:
        return PreparedTranscript(path, transcript, error=str(error))
    except Exception as error:
        # A parser bug must not stop a batch: the file is reported, the others go on.
        logger.exception("parsing %s failed", path)
        message = f"内部错误（{type(error).__name__}: {error}），该文件未写入任何内容"
        return PreparedTranscript(path, transcript, error=message)
    if _segmenter is None:
        return PreparedTranscript(path, transcript, parsed)
    drafts = parsed_passages(parsed, transcript.text)
    try:
        index = new_meeting_index(parsed, drafts, _segmenter)
    except Exception:
        # The writer indexes it then (search_index_meeting fails the same way, and says so).
        logger.exception("indexing %s in advance failed", path)
        words = passage_words(drafts, _segmenter)
        return PreparedTranscript(path, transcript, parsed, words=words)
    return PreparedTranscript(path, transcript, parsed, words=index.words, index=index)


def transcripts_prepare(paths: list[Path], max_bytes: int) -> list[PreparedTranscript]:
    """``transcript_prepare`` over a chunk of files (one round trip to a worker process)."""
    return [transcript_prepare(path, max_bytes) for path in paths]
