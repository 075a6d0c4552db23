"""The parser and the reader never crash: any text gives a parse or a typed refusal."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.ingest.parse import ParsedMeeting, ParseError, meeting_to_dict, parse_transcript
from archive.ingest.read import TranscriptReadError, decode_transcript, encode_transcript

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted((ROOT / "seeds").glob("*.txt")) + sorted(
    (ROOT / "tests" / "ingest" / "fixtures").glob("*.txt")
)
TRANSCRIPTS = [decode_transcript(path.read_bytes())[0] for path in SOURCES]

# Characters the parser reacts to, so that random text often looks almost like minutes.
STRUCTURAL = [
    *"一二三四五六七八九十百〇○零（）()《》<>、，,；;：:。.　 \r\n\t\ufeff",
    *"0123456789年月日第次届号〔〕",
    *("会议", "审议", "听取", "出席：", "列席：", "请假：", "主持召开", "常务会议"),
    *("纪要如下：", "市政府办", "局", "记者", "會議", "審議", "1.", "（1）", "一、", "6、"),
    "2024年1月24日",
]

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _parse_or_refuse(text: str) -> ParsedMeeting | None:
    try:
        meeting = parse_transcript(text)
    except ParseError as error:
        assert str(error)
        assert error.reason is not None
        return None
    assert isinstance(meeting, ParsedMeeting)
    json.dumps(meeting_to_dict(meeting), ensure_ascii=False)
    return meeting


@SETTINGS
@given(st.text())
def test_arbitrary_text(text: str) -> None:
    _parse_or_refuse(text)


@SETTINGS
@given(st.lists(st.one_of(st.sampled_from(STRUCTURAL), st.text(max_size=5)), max_size=80))
def test_text_made_of_the_parsers_own_vocabulary(pieces: list[str]) -> None:
    _parse_or_refuse("".join(pieces))


@st.composite
def mutated_transcripts(draw: st.DrawFn) -> str:
    lines = draw(st.sampled_from(TRANSCRIPTS)).splitlines(keepends=True)
    for _ in range(draw(st.integers(0, 6))):
        if not lines:
            break
        at = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["drop", "duplicate", "swap", "cut", "insert", "splice"]))
        if action == "drop":
            del lines[at]
        elif action == "duplicate":
            lines.insert(at, lines[at])
        elif action == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif action == "cut":
            line = lines[at]
            lines[at] = line[: draw(st.integers(0, len(line)))]
        elif action == "insert":
            lines.insert(at, draw(st.text(max_size=30)) + "\n")
        else:
            line = lines[at]
            position = draw(st.integers(0, len(line)))
            piece = draw(st.sampled_from(STRUCTURAL))
            lines[at] = line[:position] + piece + line[position:]
    return "".join(lines)


@SETTINGS
@given(mutated_transcripts())
def test_mutated_transcripts(text: str) -> None:
    _parse_or_refuse(text)


@SETTINGS
@given(st.binary(max_size=400))
def test_arbitrary_bytes_are_read_exactly_or_refused(data: bytes) -> None:
    try:
        text, encoding = decode_transcript(data)
    except TranscriptReadError as error:
        assert str(error)
        return
    assert encode_transcript(text, encoding) == data
    _parse_or_refuse(text)
