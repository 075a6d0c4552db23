"""Snippets of the original transcript with the matched characters marked; pure Python.

The transcript is escaped piece by piece and only then are ``<mark>`` tags put around the
pieces that matched, so that nothing from a transcript or a query is ever trusted as HTML.
Matching happens on normalised text and is mapped back, so that a hit on 太仓 lands on the
characters 太倉 if that is what the transcript says, and a title broken across two lines is
marked on both.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

from archive.search.segment import normalize_with_offsets

SNIPPET_CHARS = 120


@dataclass(frozen=True)
class Snippet:
    text: str  # plain text, for the API
    html: str  # escaped, with <mark> around the matched characters

    def __str__(self) -> str:
        return self.text

    @property
    def markup(self) -> Markup:
        """``html`` as a string templates print as it is (it was escaped before <mark>)."""
        return Markup(self.html)


class Markup(str):
    """Text already escaped: template engines (Django, Jinja) see ``__html__`` and trust it."""

    def __html__(self) -> str:
        return str(self)


def match_spans(original: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """Where the (normalised) ``terms`` occur in ``original``, as merged [start, end) spans."""
    normalized, offsets = normalize_with_offsets(original)
    spans: list[tuple[int, int]] = []
    for term in {term for term in terms if term}:
        at = normalized.find(term)
        while at >= 0:
            spans.append((offsets[at], offsets[at + len(term) - 1] + 1))
            at = normalized.find(term, at + 1)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def snippet_build(original: str, terms: Iterable[str], *, width: int = SNIPPET_CHARS) -> Snippet:
    """A window of ``original`` around its first match, with every match in it marked."""
    spans = match_spans(original, terms)
    first = spans[0][0] if spans else 0
    start = max(0, min(first - width // 4, len(original) - width))
    end = min(len(original), start + width)
    window = [(max(a, start), min(b, end)) for a, b in spans if b > start and a < end]

    text_parts: list[str] = []
    html_parts: list[str] = []
    cursor = start
    for a, b in window:
        text_parts.append(original[cursor:a])
        html_parts.append(escape(_flat(original[cursor:a])))
        html_parts.append(f"<mark>{escape(_flat(original[a:b]))}</mark>")
        text_parts.append(original[a:b])
        cursor = b
    text_parts.append(original[cursor:end])
    html_parts.append(escape(_flat(original[cursor:end])))
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(original) else ""
    text = prefix + _flat("".join(text_parts)) + suffix
    return Snippet(text=text, html=prefix + "".join(html_parts) + suffix)


def _flat(text: str) -> str:
    """Line breaks inside a snippet shown as nothing: a snippet is one line."""
    return text.replace("\r", "").replace("\n", "")
