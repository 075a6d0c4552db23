"""Text normalisation and segmentation for the search index; pure Python, no Django.

Both the index and every query go through ``normalize`` so that the two sides always agree:
Traditional characters become Simplified (太倉 → 太仓), full-width ASCII becomes half-width,
Latin letters lower-case, and all whitespace disappears (a title broken across two lines is one
string again). The mapping is character for character, so a position in the normalised text
maps straight back to a position in the original (``normalize_with_offsets``), which is what
lets snippets highlight the exact characters of the transcript.

Exactness comes from character n-grams (``index_grams`` / ``query_grams``) and, for longer
terms, from the words of jieba's own dictionary marked where they occur (``Segmenter.words``,
``exact_lexemes``); ranking from jieba words (``Segmenter``).
"""

from __future__ import annotations

import datetime
import logging
import os
import re
import tempfile
import threading
from collections.abc import Iterable, Mapping, Sequence
from functools import cache

_WHITESPACE = (
    "\t\n\x0b\x0c\r \x1c\x1d\x1e\x1f\x85\xa0\u1680\u180e"
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u200b\u200c\u200d\u2028\u2029\u202f\u205f\u2060\u3000\ufeff"
)
_KEPT_RUN_RE = re.compile(f"[^{re.escape(_WHITESPACE)}]+")
_CJK_RANGES = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00), (0x20000, 0x2A6E0))


@cache
def _translation_table() -> dict[int, int | None]:
    """One character to at most one character: the table behind ``normalize``."""
    table: dict[int, int | None] = {}
    # Traditional → Simplified, character by character. OpenCC's phrase rules are left out on
    # purpose: they may change a string's length, and index and query must map identically.
    import opencc

    chars = [chr(code) for start, stop in _CJK_RANGES for code in range(start, stop)]
    simplified = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    if len(simplified) == len(chars):
        for traditional, target in zip(chars, simplified, strict=True):
            if traditional != target and len(target) == 1:
                table[ord(traditional)] = ord(target)
    for code in range(0xFF01, 0xFF5F):  # full-width ASCII: ！ → !, Ａ → A, ０ → 0
        table[code] = code - 0xFEE0
    for code in range(ord("A"), ord("Z") + 1):
        table[code] = code + 32
    for code in range(0xFF21, 0xFF3B):  # full-width capitals straight to lower-case
        table[code] = code - 0xFEE0 + 32
    for char in _WHITESPACE:
        table[ord(char)] = None
    return table


def normalize(text: str) -> str:
    """The form in which text is indexed and queried (see the module docstring)."""
    return text.translate(_translation_table())


def normalize_with_offsets(text: str) -> tuple[str, list[int]]:
    """``normalize(text)`` and, for each of its characters, its index in ``text``."""
    normalized = text.translate(_translation_table())
    if len(normalized) == len(text):  # nothing dropped: every character stays where it was
        return normalized, list(range(len(text)))
    # Only whitespace is dropped, and every other character maps to exactly one: the kept
    # characters are the runs between whitespace, in order.
    offsets: list[int] = []
    for run in _KEPT_RUN_RE.finditer(text):
        offsets.extend(range(run.start(), run.end()))
    return normalized, offsets


def index_grams(normalized: str) -> list[str]:
    """Every character and every pair of adjacent characters of a normalised text, once each.

    Single characters are kept so that a one-character query has something to look up.
    """
    grams = set(normalized)
    grams.update(normalized[i : i + 2] for i in range(len(normalized) - 1))
    return sorted(grams)


# Marks a title's gram in the meeting grams: normalised text never holds a tab, so a marked
# gram can never be mistaken for a gram of the text.
TITLE_MARK = "\t"


def title_gram(gram: str) -> str:
    """The lexeme saying that ``gram`` occurs in a title, document name or opening."""
    return TITLE_MARK + gram


# Marks the month of the meeting's date: normalised text never holds a line break either.
MONTH_MARK = "\n"


def month_gram(date) -> str:
    """The lexeme saying that the meeting took place in the month of ``date`` (a date or an
    ISO date string), so that one GIN scan can take the newest matches month by month."""
    return MONTH_MARK + str(date)[:7]


def facet_gram(facet: str, value: str) -> str:
    """The lexeme saying that the meeting has ``value`` for ``facet``: its meeting type
    (``type``), the kind of one of its agenda items (``kind``) or a department's part in it
    (see ``department_facet_grams``), so that the same GIN scan applies those filters (see
    ``archive.search.facets``). A month is a digit after the mark,
    never a letter."""
    return f"{MONTH_MARK}{facet}:{value}"


# The parts a department can have in a meeting, as facets (see department_facet_grams).
ATTENDED = "attended"
LED = "led"


def department_facet_grams(attended: Iterable[int], led: Iterable[int]) -> set[str]:
    """The facet lexemes of a meeting that the departments with the IDs ``attended`` attended
    and those with the IDs ``led`` lead a decision of: ``attended:`` or ``led:`` and the ID."""
    return {facet_gram(ATTENDED, str(pk)) for pk in attended} | {
        facet_gram(LED, str(pk)) for pk in led
    }


def meeting_facet_grams(meeting_type: str, item_kinds: Iterable[str]) -> set[str]:
    """The facet lexemes of a meeting of this type whose agenda items are of these kinds."""
    # A choice's value, not its enum member: the lexeme is also written by SQL (migration 0021).
    grams = {facet_gram("kind", getattr(kind, "value", kind)) for kind in item_kinds}
    if meeting_type:
        grams.add(facet_gram("type", getattr(meeting_type, "value", meeting_type)))
    return grams


def months_back(newest, oldest) -> list[str]:
    """The month lexemes from the month of ``oldest`` to that of ``newest`` (dates)."""
    months = []
    year, month = newest.year, newest.month
    while (year, month) >= (oldest.year, oldest.month):
        months.append(month_gram(datetime.date(year, month, 1)))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months


def query_grams(normalized_term: str) -> list[str]:
    """The index grams that every text containing ``normalized_term`` must have."""
    if len(normalized_term) < 2:
        return [normalized_term] if normalized_term else []
    return sorted({normalized_term[i : i + 2] for i in range(len(normalized_term) - 1)})


# Marks a lexicon word found in a text (see ``Segmenter.words``): normalised text never holds
# a carriage return, so a marked word can never be mistaken for a gram of the text.
LEXICON_MARK = "\r"
# jieba's own dictionary file, as the pinned release ships it: the lexicon is its words.
LEXICON_SHA256 = "7197c3211ddd98962b036cdf40324d1ea2bfaa12bd028e68faa70111a88e12a8"
LEXICON_MIN = 3  # shorter terms are exact by their grams alone


# Marks, among the words ``Segmenter.words`` gives, one of the archive's own words found in
# the text; never written to the index as it is (see ``archive.search.names``). Normalised
# text never holds a vertical tab either.
NAME_MARK = "\x0b"


def lexicon_gram(word: str) -> str:
    """The lexeme saying that the lexicon word ``word`` occurs in one of the texts."""
    return LEXICON_MARK + word


def _dictionary_file() -> bytes:
    import jieba

    with jieba.get_dict_file() as file:
        return file.read()


@cache
def lexicon_digest() -> str:
    """The SHA-256 of the jieba dictionary file installed."""
    import hashlib

    return hashlib.sha256(_dictionary_file()).hexdigest()


def exact_lexemes(normalized_term: str, segments: Segmenter) -> list[str] | None:
    """Index lexemes held by exactly the texts that contain ``normalized_term``, or None when
    there are none: a term of one or two characters is exact by its grams, a longer one when
    it is a lexicon word (see ``Segmenter.words``); any other term's grams are only a superset
    to check."""
    if len(normalized_term) < LEXICON_MIN:
        return query_grams(normalized_term)
    if segments.in_lexicon(normalized_term):
        return [lexicon_gram(normalized_term)]
    return None


def _quote(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(lexemes: Iterable[str]) -> str:
    """A ``tsvector`` in PostgreSQL's input syntax holding exactly these lexemes, no positions.

    Built here rather than with to_tsvector() so that no text-search parser or locale decides
    what a token is: CJK text has no spaces for a parser to split on.
    """
    lexemes = [lexeme for lexeme in lexemes if lexeme]
    if not lexemes:
        return ""
    # Quoted all at once (a meeting has thousands of lexemes): NUL marks where each ends.
    joined = "\0".join(lexemes)
    if joined.count("\0") != len(lexemes) - 1:  # a lexeme holds NUL, which PostgreSQL refuses
        return " ".join(_quote(lexeme) for lexeme in lexemes)
    return "'" + joined.replace("\\", "\\\\").replace("'", "''").replace("\0", "' '") + "'"


def tsquery_all(lexemes: Iterable[str]) -> str:
    """A ``tsquery`` that every one of ``lexemes`` must match."""
    return " & ".join(_quote(lexeme) for lexeme in lexemes if lexeme)


def tsquery_any(queries: Iterable[str]) -> str:
    """A ``tsquery`` that matches when any of ``queries`` (tsquery strings) does."""
    return " | ".join(f"({query})" for query in queries if query)


# A letter or digit of any script: what str.isalnum() accepts (``\w`` less the underscore).
_ALNUM_RE = re.compile(r"[^\W_]")
# Longest word kept in the word vector; longer runs (URLs, numbers) still match by n-grams.
_MAX_WORD = 40


@cache
def _collecting_tokenizer() -> type:
    """jieba's tokenizer, which also collects the long words of its word graph when asked."""
    import jieba

    class CollectingTokenizer(jieba.Tokenizer):
        def __init__(self) -> None:
            super().__init__()
            # The words found by the segmentation running in this thread, while collecting.
            self.collecting = threading.local()

        def get_DAG(self, sentence: str) -> dict[int, list[int]]:
            """jieba's word graph of a run of characters: for each position, where the words
            of its dictionary that start there end; their long ones collected if asked."""
            graph = super().get_DAG(sentence)
            found = getattr(self.collecting, "found", None)
            if found is not None:
                shortest = LEXICON_MIN - 1  # end - start of the shortest lexicon word
                for start, ends in graph.items():
                    if ends[-1] - start >= shortest:  # ends ascend: the longest is last
                        found.update(
                            sentence[start : end + 1] for end in ends if end - start >= shortest
                        )
            return graph

    return CollectingTokenizer


class Segmenter:
    """jieba, with the archive's own names (departments, people, titles) as single words.

    A private ``jieba.Tokenizer`` is used, never the global one, and words are added with
    ``add_word`` and a suggested frequency rather than from a dictionary file: a file's
    frequencies would replace jieba's own, and a BOM or CRLF in it silently drops entries.
    Building one costs about a second, so callers keep one per process (see dictionary.py).

    While it segments, it also collects the lexicon words of the text: the words of jieba's
    own dictionary file of at least LEXICON_MIN characters, made only of the characters jieba
    looks words up in, wherever they occur (overlapping ones too), as jieba's word graph
    (``get_DAG``) holds them. The lexicon is fixed, never the archive's own words, which differ
    from one process to the next and grow with every import, so that a word's lexeme is in
    exactly the rows whose text holds it, however long ago they were indexed. If the file is
    not the one LEXICON_SHA256 names, the lexicon is empty: nothing is marked and every long
    term is checked against the text (``archive.checks`` reports it as an error, since rows
    indexed without the marks would be missed once the file is right again).

    The archive's own words this segmenter was built with are found the same way, wherever
    they occur, and given with NAME_MARK: those that are registered names become lexemes of
    the search row (see ``archive.search.names``).
    """

    def __init__(self, words: Iterable[str] = ()) -> None:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        self._tokenizer = _collecting_tokenizer()()
        # jieba writes its prefix-dictionary cache readable by its owner only; a cache per
        # user keeps a web server running as another user from tripping over it.
        self._tokenizer.cache_file = f"jieba.{os.getuid()}.cache"
        self._tokenizer.tmp_dir = tempfile.gettempdir()
        self._lock = threading.Lock()
        self._lexicon = lexicon_digest() == LEXICON_SHA256
        self._looked_up = jieba.re_han_default
        # The frequency in jieba's own dictionary of each word that ``_add`` gave another.
        self._own_frequency: dict[str, int] = {}
        # The words it was built with: another process builds the same segmenter from them.
        self.dictionary = tuple(sorted(set(words)))
        with self._lock:
            self._tokenizer.initialize()
            for word in self.dictionary:
                self._add(word)

    def _add(self, word: str) -> None:
        word = normalize(word)
        if len(word) < 2 or len(word) > _MAX_WORD:
            return
        if list(self._tokenizer.cut(word, HMM=False)) == [word]:
            return  # already a word: leave jieba's own frequency alone
        self._own_frequency.setdefault(word, self._tokenizer.FREQ.get(word, 0))
        self._tokenizer.add_word(word, self._tokenizer.suggest_freq(word, tune=False))

    def in_lexicon(self, word: str) -> bool:
        """Whether ``word`` (normalised) is a lexicon word (see the class docstring)."""
        return (
            self._lexicon
            and len(word) >= LEXICON_MIN
            # The runs of characters jieba looks words up in: it never finds a word with
            # any other character.
            and self._looked_up.fullmatch(word) is not None
            and self._in_own_dictionary(word)
        )

    def finds(self, word: str) -> bool:
        """Whether ``words`` marks ``word`` (normalised) in every text that holds it: a
        lexicon word, or one of the archive's own words this segmenter was built with (with
        NAME_MARK)."""
        return (
            len(word) >= LEXICON_MIN
            # What its word graph holds: words of its dictionaries, of the looked-up runs.
            and self._looked_up.fullmatch(word) is not None
            and self._tokenizer.FREQ.get(word, 0) > 0
            and self._marked(word) is not None
        )

    def _marked(self, word: str) -> str | None:
        """A word of its word graph as ``words`` gives it: a lexicon word marked as one (if
        jieba's file is the one LEXICON_SHA256 names), one of the archive's own words with
        NAME_MARK, or None."""
        if self._lexicon and self._in_own_dictionary(word):
            return lexicon_gram(word)
        if word in self._own_frequency:
            return NAME_MARK + word
        return None

    def _in_own_dictionary(self, word: str) -> bool:
        """Whether ``word`` is in jieba's own dictionary file, whatever ``_add`` added."""
        frequency = self._own_frequency.get(word)
        if frequency is None:
            frequency = self._tokenizer.FREQ.get(word, 0)
        return frequency > 0

    def words(self, normalized: str) -> list[str]:
        """The distinct jieba words of a normalised text (punctuation left out) and, marked,
        the lexicon words (see ``lexicon_gram``) and the archive's own words of at least
        LEXICON_MIN characters (NAME_MARK) that it holds (see ``finds``)."""
        collecting = self._tokenizer.collecting
        collecting.found = found = set()
        try:
            # cut_for_search also yields the words inside long entries (a document title is
            # one dictionary entry), so that those words still rank as whole words.
            cut = set(self._tokenizer.cut_for_search(normalized, HMM=False))
        finally:
            collecting.found = None
        words = [word for word in cut if len(word) <= _MAX_WORD and _ALNUM_RE.search(word)]
        # The word graph holds only long words of runs jieba looks words up in.
        words += [marked for word in found if (marked := self._marked(word)) is not None]
        return sorted(words)

    def query_words(self, normalized_term: str) -> list[str]:
        """The words a term is made of, in order, for ranking whole-word matches."""
        return [
            word
            for word in self._tokenizer.cut(normalized_term, HMM=False)
            if len(word) <= _MAX_WORD and any(char.isalnum() for char in word)
        ]


class KnownWords:
    """A segmenter that answers from words already found for a text (by an import's parse
    workers, say) and cuts only the texts it has no words for."""

    def __init__(self, segments: Segmenter, known: Mapping[str, Sequence[str]]) -> None:
        self._segments = segments
        self._known = known

    def words(self, normalized: str) -> Sequence[str]:
        known = self._known.get(normalized)
        return known if known is not None else self._segments.words(normalized)
