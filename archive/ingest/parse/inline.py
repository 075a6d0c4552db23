"""Numbered points run together in one paragraph (1.…；2.…； or （一）…（二）…), and item
headings that are whole sentences."""

from __future__ import annotations

import re

from .numerals import ascii_digits, chinese_to_int

# A point marker must open the paragraph or follow the end of a clause, so that 1.5亿元 or
# a bracketed (1) inside a sentence is not taken for one.
_AFTER_CLAUSE = r"(?:^|(?<=[。；;：:！!？?]))\s*"
_MARKER_STYLES = (
    re.compile(_AFTER_CLAUSE + r"(?P<marker>(?P<number>[0-9]{1,2})\s*[.．、](?![0-9]))"),
    re.compile(
        _AFTER_CLAUSE + r"(?P<marker>[（(](?P<number>[一二三四五六七八九十]{1,3}|[0-9]{1,2})[）)])"
    ),
)
# 一是…；二是…: points counted in words.
_COUNTED_STYLE = re.compile(
    _AFTER_CLAUSE + r"(?P<marker>(?P<number>[一二三四五六七八九十]{1,3})是)"
)
_TRAILING_SEPARATOR = "；;，, \u3000"
_CLAUSE_END = "，。；,;"


def split_inline_points(text: str) -> tuple[str, list[str]] | None:
    """``(preamble, points)`` when ``text`` holds at least two points numbered 1, 2, … in one
    marker style; None otherwise. Points keep their wording, less marker and list separator."""
    return _split_points(text, _MARKER_STYLES)


def split_counted_points(text: str) -> tuple[str, list[str]] | None:
    """``(preamble, points)`` as split_inline_points has them, for points 一是…；二是…."""
    return _split_points(text, (_COUNTED_STYLE,))


def counted_point(text: str) -> tuple[int, str] | None:
    """``(number, rest)`` when ``text`` opens with a point counted in words (二是…)."""
    match = _COUNTED_STYLE.match(text)
    if match is None:
        return None
    return chinese_to_int(match.group("number")), text[match.end("marker") :].strip()


def _split_points(text: str, styles: tuple[re.Pattern[str], ...]) -> tuple[str, list[str]] | None:
    digits = ascii_digits(text)
    best: list[re.Match[str]] = []
    for style in styles:
        sequence: list[re.Match[str]] = []
        for match in style.finditer(digits):
            if chinese_to_int(match.group("number")) == len(sequence) + 1:
                sequence.append(match)
        if len(sequence) >= 2 and len(sequence) > len(best):
            best = sequence
    if not best:
        return None
    bounds = [match.start("marker") for match in best] + [len(text)]
    points = [
        text[best[i].end("marker") : bounds[i + 1]].strip().rstrip(_TRAILING_SEPARATOR)
        for i in range(len(best))
    ]
    return text[: bounds[0]].strip(), [point for point in points if point]


def first_clause(text: str) -> str:
    """``text`` up to its first clause break outside 《》, without the break."""
    depth = 0
    for index, char in enumerate(text):
        if char == "《":
            depth += 1
        elif char == "》":
            depth = max(0, depth - 1)
        elif char in _CLAUSE_END and depth == 0:
            return text[:index].strip()
    return text.strip().rstrip("。.")


def is_sentence(text: str) -> bool:
    """Whether a heading says more than its first clause (一、会议审议并原则通过《…》，由…)."""
    return bool(text[len(first_clause(text)) :].strip(_CLAUSE_END + "。. \u3000"))
