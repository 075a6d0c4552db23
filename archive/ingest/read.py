"""Turning a transcript file's bytes into text, recording which encoding it was in."""

from __future__ import annotations

import codecs
import hashlib
from dataclasses import dataclass
from pathlib import Path


class TranscriptReadError(ValueError):
    """The file cannot be read as a transcript; the message says why."""


@dataclass(frozen=True)
class Transcript:
    """A transcript's text exactly as decoded, with what is needed to trace it to its file."""

    name: str
    text: str
    encoding: str
    content_hash: str


# Byte-order marks decide the encoding outright; the longer UTF-32 marks must be tried
# before UTF-16's, which they begin with. The recorded name says which mark the file had,
# so that encode_transcript() can give the file's bytes back.
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_BOM_BY_ENCODING = {encoding: bom for bom, encoding in _BOMS if encoding != "utf-8-sig"}


def decode_transcript(data: bytes) -> tuple[str, str]:
    """Decode a transcript's bytes; return (text, encoding name).

    The text keeps every character of the file (line ends included), so that
    ``encode_transcript(text, encoding) == data`` for every file this accepts.
    """
    if not data.strip():
        raise TranscriptReadError("文件为空")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            body = data if encoding == "utf-8-sig" else data[len(bom) :]
            try:
                return body.decode(encoding), encoding
            except UnicodeDecodeError as error:
                raise TranscriptReadError(
                    f"文件以 {encoding} 字节序标记开头，但第 {error.start} 字节处无法按该编码解码"
                ) from error
    if b"\x00" in data:
        raise TranscriptReadError("文件含有 NUL 字节，不是文本文件")
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise TranscriptReadError("无法识别文件编码（已尝试 UTF-8、GB18030、UTF-16）")


def encode_transcript(text: str, encoding: str) -> bytes:
    """The inverse of decode_transcript: the file's bytes from its text and encoding."""
    return _BOM_BY_ENCODING.get(encoding, b"") + text.encode(encoding)


def transcript_read(path: Path, *, max_bytes: int) -> Transcript:
    """Read one transcript file, refusing what is too large or not text."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise TranscriptReadError(f"文件大小 {size} 字节，超过上限 {max_bytes} 字节")
        data = path.read_bytes()
    except OSError as error:
        raise TranscriptReadError(f"无法读取文件：{error.strerror}") from error
    text, encoding = decode_transcript(data)
    return Transcript(
        name=path.name,
        text=text,
        encoding=encoding,
        content_hash=hashlib.sha256(data).hexdigest(),
    )
