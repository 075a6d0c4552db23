"""The query language a reader already knows, parsed without ever failing; pure Python.

    排水 许可            both must occur (space = AND)
    "排水 许可"          the phrase, exactly (inner spaces do not count, as in the index)
    排水 OR 防涝         either (also ``|``); binds tighter than the spaces around it
    排水 -防涝           meetings without 防涝

Curly, corner and full-width quotes work as well as ASCII ones; an unclosed quote runs to the
end of the input; a lone ``-`` or ``OR`` is taken literally. Every term is normalised exactly
as the index is (see segment.normalize).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from archive.search.segment import normalize

# Longest query the parser looks at, and most terms it keeps: beyond these, input is ignored
# (and the reader told so) rather than turned into an ever larger database query.
MAX_QUERY_CHARS = 200
MAX_TERMS = 8

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "＂": '"', "「": '"', "」": '"'})
_QUOTES |= str.maketrans({"『": '"', "』": '"'})
_TOKEN_RE = re.compile(r'(-?)"([^"]*)"?|(\S+)')


@dataclass(frozen=True)
class ParsedQuery:
    """Groups that must all match, each matched by any one of its terms; and exclusions."""

    groups: tuple[tuple[str, ...], ...] = ()
    excluded: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=(), compare=False)

    @property
    def terms(self) -> tuple[str, ...]:
        """Every positive term, in order, without repeats."""
        return tuple(dict.fromkeys(term for group in self.groups for term in group))

    @property
    def is_empty(self) -> bool:
        return not self.groups


def parse_query(raw: str) -> ParsedQuery:
    """Parse a search box's content; any string at all gives a ParsedQuery."""
    notes: list[str] = []
    text = (raw or "").replace("\x00", "")
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        notes.append(f"查询过长，只使用了前 {MAX_QUERY_CHARS} 个字符。")
    text = text.translate(_QUOTES)

    # (negated, normalised text, is the OR keyword)
    tokens: list[tuple[bool, str, bool]] = []
    for match in _TOKEN_RE.finditer(text):
        negated, quoted, bare = match.group(1), match.group(2), match.group(3)
        if bare is not None:
            if bare in {"OR", "|", "｜"}:
                tokens.append((False, "", True))
                continue
            negated = bare.startswith("-") and len(bare) > 1
            quoted = bare[1:] if negated else bare
        term = normalize(quoted)
        if term:
            tokens.append((bool(negated), term, False))

    groups: list[list[str]] = []
    excluded: list[str] = []
    join_next = False
    for negated, term, is_or in tokens:
        if is_or:
            join_next = bool(groups)
            continue
        if negated:
            excluded.append(term)
            join_next = False
        elif join_next:
            groups[-1].append(term)
            join_next = False
        else:
            groups.append([term])

    unique_groups = list(dict.fromkeys(tuple(dict.fromkeys(group)) for group in groups))
    positive = {term for group in unique_groups for term in group}
    unique_excluded = [term for term in dict.fromkeys(excluded) if term not in positive]
    if sum(map(len, unique_groups)) + len(unique_excluded) > MAX_TERMS:
        notes.append(f"查询词过多，只使用了前 {MAX_TERMS} 个。")
        kept: list[tuple[str, ...]] = []
        budget = MAX_TERMS
        for group in unique_groups:
            if budget <= 0:
                break
            kept.append(group[:budget])
            budget -= len(kept[-1])
        unique_groups = kept
        unique_excluded = unique_excluded[: max(budget, 0)]
    if not unique_groups and unique_excluded:
        notes.append("只有排除词的查询无法检索，请至少输入一个要查找的词。")
        unique_excluded = []
    return ParsedQuery(
        groups=tuple(unique_groups), excluded=tuple(unique_excluded), notes=tuple(notes)
    )
