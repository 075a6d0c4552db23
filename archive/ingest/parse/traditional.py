"""Traditional characters: matched in Simplified form, returned as written.

The parser's vocabulary (会议, 审议, 出席, surnames, department suffixes) is Simplified. A
transcript in Traditional characters is parsed through a character-for-character Simplified
copy (same length, same lines), and every field cut from that copy is then cut from the same
place in the original, so that 審議《永寧縣…辦法》 comes back as written.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import re
from typing import Any

from opencc import OpenCC

_CONVERTER = OpenCC("t2s")
_QUOTED_RE = re.compile(r"“([^“”]*)”")


@functools.lru_cache(maxsize=8192)
def _simplified_char(char: str) -> str:
    converted = _CONVERTER.convert(char)
    # Only one-for-one conversions keep positions; anything else is left alone.
    return converted if len(converted) == 1 else char


def to_simplified(text: str) -> str:
    """``text`` with each Traditional character replaced by its Simplified form (same length)."""
    table = {}
    for char in set(text):
        if ord(char) >= 0x3400 and (simple := _simplified_char(char)) != char:
            table[ord(char)] = simple
    # Most transcripts are in Simplified already: translating would still visit every character.
    return text.translate(table) if table else text


class AsWritten:
    """Maps strings cut from the Simplified copy back to the original's wording."""

    def __init__(self, original: str, simplified: str) -> None:
        # Lines are stripped and may be joined without separators, so both texts are compared
        # in that compact form; stripping is the same in both, as whitespace is not converted.
        self._original = "".join(line.strip() for line in original.splitlines())
        self._simplified = "".join(line.strip() for line in simplified.splitlines())

    def text(self, value: str) -> str:
        position = self._simplified.find(value) if value else -1
        if position < 0:
            return value
        return self._original[position : position + len(value)]

    def warning(self, value: str) -> str:
        return _QUOTED_RE.sub(lambda m: f"“{self.text(m.group(1))}”", value)

    def restore(self, value: Any, *, keep: frozenset[str] = frozenset()) -> Any:
        """A copy of a parse result with every string field restored (except those in keep)."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, tuple):
            return tuple(self.restore(item) for item in value)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            changes = {
                f.name: self.restore(getattr(value, f.name))
                for f in dataclasses.fields(value)
                if f.name not in keep and not _is_enum(getattr(value, f.name))
            }
            return dataclasses.replace(value, **changes)
        return value


def _is_enum(value: Any) -> bool:
    return isinstance(value, enum.Enum)
