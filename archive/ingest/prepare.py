"""The half of an import that needs no database: read a file and parse it (pure, picklable,
run in worker processes by archive.ingest.batch)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from archive.ingest.parse import ParsedMeeting, ParseError, parse_transcript
from archive.ingest.read import Transcript, TranscriptReadError, transcript_read

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PreparedTranscript:
    """A file read and parsed, or the reason it cannot be imported."""

    path: Path
    transcript: Transcript | None = None
    parsed: ParsedMeeting | None = None
    error: str | None = None


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
    return PreparedTranscript(path, transcript, parsed)


def transcripts_prepare(paths: list[Path], max_bytes: int) -> list[PreparedTranscript]:
    """``transcript_prepare`` over a chunk of files (one round trip to a worker process)."""
    return [transcript_prepare(path, max_bytes) for path in paths]
