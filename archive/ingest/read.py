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
        found = _utf16_without_bom(data)
        if found is None:
            raise TranscriptReadError("文件含有 NUL 字节，不是文本文件")
        return found
    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        _refuse_control_characters(text)
        return text, encoding
    raise TranscriptReadError("无法识别文件编码（已尝试 UTF-8、GB18030、UTF-16）")


def encode_transcript(text: str, encoding: str) -> bytes:
    """The inverse of decode_transcript: the file's bytes from its text and encoding."""
    if encoding.endswith(_NO_BOM):
        return text.encode(encoding.removesuffix(_NO_BOM))
    return _BOM_BY_ENCODING.get(encoding, b"") + text.encode(encoding)


# UTF-16 written without a byte-order mark is recorded under this suffix ("utf-16-le-nobom")
# so that encode_transcript() leaves the mark out again.
_NO_BOM = "-nobom"
# Control characters that never occur in a text file (tab, line ends and form feed do).
_CONTROL = frozenset(chr(code) for code in range(32) if chr(code) not in "\t\n\v\f\r") | {"\x7f"}


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text without a byte-order mark, told apart from binary data by where its NUL
    bytes fall: ASCII characters (line ends at least) give a NUL in every other byte."""
    if len(data) % 2:
        return None
    high_even = data[0::2].count(0)
    high_odd = data[1::2].count(0)
    encoding = "utf-16-le" if high_odd > high_even else "utf-16-be"
    # Some CJK characters have a NUL half too (一 is 00 4E), but far fewer than ASCII ones.
    if min(high_even, high_odd) * 4 > max(high_even, high_odd):
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    if any(char in _CONTROL for char in text) or ("\n" not in text and "\r" not in text):
        return None
    return text, encoding + _NO_BOM


def _refuse_control_characters(text: str) -> None:
    position = next((i for i, char in enumerate(text) if char in _CONTROL), None)
    if position is not None:
        line = text.count("\n", 0, position) + 1
        raise TranscriptReadError(
            f"第 {line} 行含有控制字符 U+{ord(text[position]):04X}，不是文本文件"
        )


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
