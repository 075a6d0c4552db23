"""Reading transcript bytes: encodings recorded, text kept exactly, bad files refused."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from archive.ingest.read import (
    TranscriptReadError,
    decode_transcript,
    encode_transcript,
    transcript_read,
)

SAMPLE = "2024年1月24日下午，徐华东市长主持召开市政府第38次常务会议。\r\n会议议定以下意见：\r\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SAMPLE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), "utf-8-sig"),
        (SAMPLE.encode("gb18030"), "gb18030"),
        (codecs.BOM_UTF16_LE + SAMPLE.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"), "utf-16-be"),
    ],
)
def test_encodings_are_detected_and_round_trip(data: bytes, encoding: str):
    text, detected = decode_transcript(data)
    assert detected == encoding
    assert text == SAMPLE
    assert encode_transcript(text, detected) == data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "文件为空"),
        (b"  \n\t\r\n", "文件为空"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "文件含有 NUL 字节，不是文本文件"),
        (codecs.BOM_UTF16_LE + b"\x00\xd8", "文件以 utf-16-le 字节序标记开头"),
    ],
)
def test_bad_bytes_are_refused_with_a_reason(data: bytes, message: str):
    with pytest.raises(TranscriptReadError, match=message):
        decode_transcript(data)


def test_oversized_file_is_refused(tmp_path: Path):
    path = tmp_path / "big.txt"
    path.write_bytes(SAMPLE.encode("utf-8") * 100)
    with pytest.raises(TranscriptReadError, match=r"超过上限 1000 字节"):
        transcript_read(path, max_bytes=1000)


def test_read_records_name_encoding_and_hash(tmp_path: Path):
    path = tmp_path / "m.txt"
    path.write_bytes(SAMPLE.encode("gb18030"))
    transcript = transcript_read(path, max_bytes=10_000)
    assert transcript.name == "m.txt"
    assert transcript.encoding == "gb18030"
    assert transcript.text == SAMPLE
    assert len(transcript.content_hash) == 64


@pytest.mark.parametrize("line_end", ["\r\n", "\r", "\n"])
@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "utf-16-le-nobom", "utf-16-be-nobom"])
def test_line_ends_and_boms_are_kept_exactly(line_end: str, encoding: str):
    text = SAMPLE.replace("\r\n", line_end)
    data = encode_transcript(text, encoding)
    assert decode_transcript(data) == (text, encoding)


def test_utf16_without_a_byte_order_mark_is_told_by_its_nul_bytes():
    data = SAMPLE.encode("utf-16-le")
    assert not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    assert decode_transcript(data) == (SAMPLE, "utf-16-le-nobom")
    assert decode_transcript(SAMPLE.encode("utf-16-be")) == (SAMPLE, "utf-16-be-nobom")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        # Control characters without NUL bytes: binary, whatever the decoder accepts.
        (b"\x1b[0m\x07\x02PK\x03\x04", "第 1 行含有控制字符 U+001B，不是文本文件"),
        ("第一行\n第二行\x08".encode(), "第 2 行含有控制字符 U+0008，不是文本文件"),
        # NULs in both halves of the byte pairs: not UTF-16 either.
        (bytes(range(256)) * 4, "文件含有 NUL 字节，不是文本文件"),
    ],
)
def test_binary_data_is_refused_with_a_reason(data: bytes, message: str):
    with pytest.raises(TranscriptReadError) as raised:
        decode_transcript(data)
    assert str(raised.value) == message


def test_the_size_limit_comes_from_settings(tmp_path: Path, settings):
    from archive.ingest.load import ImportStatus, meeting_import

    settings.MINUTES_MAX_FILE_BYTES = 100
    path = tmp_path / "m.txt"
    path.write_bytes(SAMPLE.encode("utf-8"))
    result = meeting_import(path=path)
    assert result.status is ImportStatus.FAILED
    assert result.message == f"文件大小 {path.stat().st_size} 字节，超过上限 100 字节"
