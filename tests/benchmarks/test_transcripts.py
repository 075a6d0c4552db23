"""The benchmark's generated transcripts: reproducible, varied, and real minutes to the parser."""

from __future__ import annotations

from collections import Counter

from archive.ingest.parse import parse_transcript
from archive.ingest.read import decode_transcript, encode_transcript
from benchmarks.transcripts import transcript_bytes


def test_a_transcript_is_the_same_bytes_for_the_same_index_and_seed() -> None:
    assert transcript_bytes(7) == transcript_bytes(7)
    assert transcript_bytes(7, seed=1) != transcript_bytes(7, seed=2)
    assert transcript_bytes(7) != transcript_bytes(8)


def test_generated_transcripts_vary_and_parse_without_warnings() -> None:
    shapes: Counter[str] = Counter()
    encodings: Counter[str] = Counter()
    for index in range(80):
        name, data = transcript_bytes(index)
        shapes[name.split("_", 2)[2].removesuffix(".txt")] += 1
        text, encoding = decode_transcript(data)
        encodings[encoding] += 1
        assert encode_transcript(text, encoding) == data
        meeting = parse_transcript(text)
        assert meeting.warnings == (), name
        assert meeting.agenda_items and meeting.attendees, name
    assert set(shapes) == {
        "reference",
        "county_page",
        "arabic_ascii",
        "sentences",
        "combined",
        "traditional",
    }
    assert set(encodings) == {"utf-8", "utf-8-sig", "gb18030", "utf-16-le"}
