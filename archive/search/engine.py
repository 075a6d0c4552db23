"""Running a search: the SQL behind ``Meeting.objects.search()``, its ranking and counting.

Everything but the quoting happens on one row per meeting (``archive_meetingsearch``).

Finding is exact. The row's n-gram vector holds every character and character pair of the
meeting's passages, so one GIN bitmap scan answers every group of the query (AND), the
exclusions (NOT) and the filters (plain SQL on the meeting ids) together, and hands back the
newest matches first. A one- or two-character term is in a text exactly when its gram is,
and a longer one that is a word of jieba's own dictionary when its marked word is (the vector
holds every such word its passages contain: ``segment.Segmenter.words``), and so is a
department's name or alias of the registry of ``archive.search.names``; any other longer term
is then rechecked with ``strpos`` on the row's normalised text, for the newest index matches
only, so the index finds exactly what a substring scan would. The vector also
holds the month of the meeting, so the same scan can first look among the newest months
only (see ``_windows``): a word in every meeting then costs what a word in a few hundred does,
whatever the size of the archive. A date filter restricts the scan the same way, and so do
the meeting type, item kind and department filters, whose values the vector holds too (see
``archive.search.facets``).

Ranking scores the newest ``CANDIDATE_CAP`` matching meetings (all of them when there are no
more) and, when there are more, also the newest ``TITLE_CAP`` matching meetings with a term in
a title, document name or opening (their grams are in the index a second time, marked), so
that the best matches are ranked however old they are; the reader is told. Scores come from
that same row: the row's text runs from titles to attendance, so where a term first occurs
says the best kind of passage holding it (title or document 8, decision 4, other text 2,
attendance 1). Each group of the query scores its best term's weight, doubled when the term
occurs as whole jieba words; the sum doubles when the whole query occurs as one phrase; a
little is added for each further occurrence; ties go to the newer meeting. Only the page's
meetings have their passages read, to list the agenda items and decisions that matched and
to quote the best one.
Counting: see ``_count``; above COUNT_LIMIT matches the count is an estimate, and says so.
A search's ranking and count serve its later pages and other readers until a commit changes
what it reads: see ``_Memo``.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from contextlib import contextmanager, nullcontext, suppress
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import DatabaseError, connection
from django.db.models import QuerySet

from archive.aggregates import meeting_count
from archive.search.dictionary import segmenter
from archive.search.domain import department_names, term_alternatives
from archive.search.facets import facets_apart
from archive.search.names import names_ready
from archive.search.passages import WEIGHTS, Kind
from archive.search.segment import (
    exact_lexemes,
    lexicon_gram,
    months_back,
    query_grams,
    title_gram,
    tsquery_all,
    tsquery_any,
)
from archive.search.snippets import Snippet, snippet_build
from archive.search.syntax import ParsedQuery, parse_query

CANDIDATE_CAP = 200  # meetings ranked by relevance: the newest that match
TITLE_CAP = 200  # and the newest that match with a term in a title, document name or opening
COUNT_LIMIT = 10_000  # above this many matches, the count is an estimate
RECHECK_LIMIT = 10_000  # index matches whose text is checked for an exact count
# An exact count checking at least this many index matches' texts uses a parallel worker.
PARALLEL_RECHECK = 1_000
SAMPLE_MEETINGS = 500  # the newest index matches checked for an estimate above RECHECK_LIMIT
# The newest matches are looked for first among the newest this many meetings, then this
# many, then all: a window's months go into the same GIN scan (see ``segment.month_gram``),
# so that a common word does not read the dates of all its matches to find the newest.
WINDOWS = (1_000, 8_000)
WINDOW_MONTHS = 60  # a window spanning more months than this is not worth it: take all
FILTER_MONTHS = 240  # the months of a date filter go into the GIN scan up to this many
MAX_PAGE = 500


@dataclass(frozen=True)
class MatchedDecision:
    """A decision whose text matched: its agenda item's order and its own within the item."""

    item: int
    order: int
    pk: int

    @property
    def anchor(self) -> str:
        """Its fragment on the meeting page."""
        return f"decision-{self.pk}"


@dataclass(frozen=True)
class MatchedItem:
    order: int
    decisions: list[MatchedDecision]


@dataclass
class MeetingHit:
    """One meeting in the results: which agenda items and decisions matched, and the best
    snippet."""

    meeting: object
    score: float
    items: list[int]
    snippet: Snippet
    decisions: list[MatchedDecision] = field(default_factory=list)

    @property
    def matched_items(self) -> list[MatchedItem]:
        """Each matched agenda item with its matched decisions, in order."""
        return [
            MatchedItem(order, [d for d in self.decisions if d.item == order])
            for order in self.items
        ]


@dataclass
class SearchResults:
    query: ParsedQuery
    hits: list[MeetingHit] = field(default_factory=list)
    count: int = 0
    estimated: bool = False  # count is an estimate (see _count)
    capped: bool = False  # relevance ranked among the newest CANDIDATE_CAP matching meetings
    ranked: int = 0  # how many meetings were ranked (all of them unless capped)
    page: int = 1
    per_page: int = 20
    order: str = "relevance"
    messages: list[str] = field(default_factory=list)

    @property
    def num_pages(self) -> int:
        return max(1, min(math.ceil(self.ranked / self.per_page), MAX_PAGE))


@dataclass(frozen=True)
class _Plan:
    """The SQL pieces of one parsed query."""

    groups: list[list[str]]  # alternatives per group, normalised
    excluded: list[list[str]]
    # Each term's lexemes held by exactly the texts that contain it, or None: its grams then
    # only narrow the texts down (see ``segment.exact_lexemes``).
    exact: dict[str, list[str] | None]

    @property
    def highlight_terms(self) -> list[str]:
        return [term for group in self.groups for term in group]

    def any_title_tsquery(self) -> str:
        """Any term's grams, all in one title, document name or opening."""
        return tsquery_any(
            tsquery_all(title_gram(gram) for gram in query_grams(t)) for g in self.groups for t in g
        )

    def contains(self, terms: list[str], alias: str = "p") -> tuple[str, list[str]]:
        sql = " OR ".join(f"strpos({alias}.text, %s) > 0" for _ in terms)
        return f"({sql})", list(terms)

    @property
    def needs_recheck(self) -> bool:
        """Whether the index alone may over-match: a term that no lexemes match exactly (see
        ``segment.exact_lexemes``), i.e. of three or more characters and no lexicon word."""
        return any(self._checked(t) for group in (*self.groups, *self.excluded) for t in group)

    def recheck_where(self) -> tuple[str, list]:
        """The checks on ``archive_meetingsearch s``'s text that the index cannot make."""
        sql, params = ["TRUE"], []
        for group in self.groups:
            if any(self._checked(t) for t in group):
                contains, contains_params = self.contains(group, alias="s")
                sql.append(contains)
                params += contains_params
        for alternatives in self.excluded:
            if any(self._checked(t) for t in alternatives):
                contains, contains_params = self.contains(alternatives, alias="s")
                sql.append(f"NOT {contains}")
                params += contains_params
        return " AND ".join(sql), params

    def meeting_where(
        self, *, recheck: bool = True, also: Sequence[str | None] = ()
    ) -> tuple[str, list]:
        """Conditions on ``archive_meetingsearch s``: every group, no exclusion, and every
        tsquery of ``also`` (None: no condition) in the same GIN scan.

        Without ``recheck`` the conditions are the index's alone: exact when no term needs a
        check (see ``needs_recheck``), and a superset of the matches (exclusions of such
        terms left out) otherwise.
        """
        # Exclusions of exact terms go into the one tsquery (``& !…``), which the GIN index
        # answers by itself; as separate conditions they would be checked row by row, each
        # reading the meeting's grams out of TOAST.
        required = [
            f"({tsquery_any(tsquery_all(self._lexemes(t)) for t in group)})"
            for group in self.groups
        ]
        sql = ["s.grams @@ %s::tsquery"]
        params: list = []
        for group in self.groups:
            if recheck and any(self._checked(t) for t in group):
                contains, contains_params = self.contains(group, alias="s")
                sql.append(contains)
                params += contains_params
        for alternatives in self.excluded:
            tsquery = tsquery_any(tsquery_all(self._lexemes(t)) for t in alternatives)
            if not any(self._checked(t) for t in alternatives):
                required.append(f"!({tsquery})")
            elif recheck:
                contains, contains_params = self.contains(alternatives, alias="s")
                sql.append(f"NOT {contains}")
                params += contains_params
        required += [f"({tsquery})" for tsquery in also if tsquery]
        params.insert(0, " & ".join(required))
        return " AND ".join(sql), params

    def _checked(self, term: str) -> bool:
        """Whether a text the index finds for ``term`` must still be checked to hold it."""
        return self.exact[term] is None

    def _lexemes(self, term: str) -> list[str]:
        """The lexemes that every text holding ``term`` has: exactly those when there are
        such, else its grams."""
        exact = self.exact[term]
        return exact if exact is not None else query_grams(term)


def meeting_search(
    queryset: QuerySet, raw: str, *, order: str = "relevance", page: int = 1, per_page: int = 20
) -> SearchResults:
    """See MeetingQuerySet.search."""
    parsed = parse_query(raw)
    order = order if order in {"relevance", "date"} else "relevance"
    page = max(1, min(int(page), MAX_PAGE))
    if order == "relevance":
        page = min(page, max(1, math.ceil((CANDIDATE_CAP + TITLE_CAP) / per_page)))
    results = SearchResults(
        query=parsed, page=page, per_page=per_page, order=order, messages=list(parsed.notes)
    )
    if parsed.is_empty:
        if not parsed.notes:
            results.messages.append("请输入要查找的词语。")
        return results

    queryset, facets = facets_apart(queryset)
    try:
        scope = _Scope.of(queryset, facets)
    except EmptyResultSet:  # a queryset that cannot hold any meeting (``.none()``)
        return results
    plan = _plan(parsed)
    windows, generation = _windows(queryset)
    memo = _Memo.of(parsed, plan, scope, generation)
    known = memo.get() if memo else None
    start = (page - 1) * per_page
    with connection.cursor() as cursor:
        if order == "relevance":
            if known is None or known.rows is None:
                known = _relevance(cursor, queryset, scope, plan, parsed, windows, known)
                if memo:
                    memo.set(known)
            ranking, rows = known, known.rows[start : start + per_page]
        else:
            ranking, newest = _by_date(
                cursor, queryset, scope, plan, windows, page * per_page, known
            )
            rows = _scored(cursor, plan, parsed, newest[start:])
            if memo and known is None:
                memo.set(ranking)
        results.count = ranking.count
        results.estimated = ranking.estimated
        results.capped = ranking.capped
        results.ranked = ranking.count if ranking.rows is None else len(ranking.rows)
        results.hits = _hits(cursor, queryset, plan, rows)
    if results.capped:
        results.messages.append(
            f"匹配的会议很多，相关度排序只在日期最新的 {CANDIDATE_CAP} 个匹配会议和"
            f"标题、文件名中含检索词的最新 {TITLE_CAP} 个会议中进行；"
            "加一个词可以缩小范围，或按日期排序浏览全部。"
        )
    return results


@dataclass
class _Ranking:
    """What a search found, whatever page is shown: its count and, in relevance order, every
    ranked meeting as (id, score, date), best first (None when only counted)."""

    count: int
    estimated: bool
    capped: bool
    rows: list[tuple[int, float, object]] | None


def _relevance(
    cursor,
    queryset: QuerySet,
    scope: _Scope,
    plan: _Plan,
    parsed: ParsedQuery,
    windows,
    known: _Ranking | None,
) -> _Ranking:
    """Every ranked meeting, best first (see the module docstring), and the count (``known``
    already, when a search by date counted it)."""
    limit = CANDIDATE_CAP
    with _index_plans(cursor):
        found = _newest(cursor, scope, plan, limit, windows=windows)
        candidates = found.rows[:limit]
        count, estimated = _found_count(cursor, scope, plan, found, windows, limit, known)
        capped = len(found.rows) > limit
        if capped:
            # Meetings naming a term in a title rank first, however old: add the newest.
            titled = _newest(cursor, scope, plan, TITLE_CAP, heads=True, windows=windows)
            ranked = {meeting_id for meeting_id, _date in candidates}
            candidates += [row for row in titled.rows[:TITLE_CAP] if row[0] not in ranked]
    scored = _scored(cursor, plan, parsed, candidates)
    scored.sort(key=lambda row: (-row[1], *_newest_first(row[2], row[0])))
    return _Ranking(_total(queryset, found, count), estimated, capped, scored)


def _by_date(
    cursor, queryset: QuerySet, scope: _Scope, plan: _Plan, windows, limit: int, known
) -> tuple[_Ranking, list[tuple[int, object]]]:
    """The count (``known`` already, or counted) and the newest ``limit`` matches, as
    (id, date)."""
    with _index_plans(cursor):
        found = _newest(cursor, scope, plan, limit, windows=windows)
        count, estimated = _found_count(cursor, scope, plan, found, windows, limit, known)
    return _Ranking(_total(queryset, found, count), estimated, False, None), found.rows[:limit]


def _found_count(
    cursor, scope: _Scope, plan: _Plan, found: _Found, windows, limit: int, known
) -> tuple[int | None, bool]:
    """How many meetings match, ``found`` holding the newest ``limit + 1`` of them (or all):
    all of them when there are no more, else ``known``'s count, else ``_count``'s; and
    whether it is an estimate (the count None: estimate it, outside the index plans)."""
    if len(found.rows) <= limit:
        return len(found.rows), False
    if known is not None:
        return known.count, known.estimated
    count = _count(cursor, scope, plan, found, windows)
    return count, count is None


def _total(queryset: QuerySet, found: _Found, count: int | None) -> int:
    """The count to show: ``count``, or an estimate when None; never fewer than were found."""
    if count is None:
        count = _estimate(queryset, found)
    return max(count, len(found.rows))


@dataclass(frozen=True)
class _Memo:
    """Where a search's ranking and count are kept between its pages and its readers, for as
    long as the search generation (migration 0015) says nothing it reads has changed.

    Not inside a transaction: one that has changed the archive would read the generation from
    before its own changes.
    """

    key: str

    @classmethod
    def of(cls, parsed: ParsedQuery, plan: _Plan, scope: _Scope, generation) -> _Memo | None:
        seconds = settings.SEARCH_RESULT_CACHE_SECONDS
        if not seconds or generation is None or connection.in_atomic_block:
            return None
        identity = (
            generation,
            plan.groups,
            plan.excluded,
            parsed.terms,
            scope.sql,
            scope.params,
            scope.facets,
            CANDIDATE_CAP,
            TITLE_CAP,
        )
        digest = hashlib.sha256(repr(identity).encode()).hexdigest()
        # The version changes with _Ranking, so that a deployment never reads the old shape.
        return cls(f"archive-search:v1:{digest}")

    def get(self) -> _Ranking | None:
        return cache.get(self.key)

    def set(self, ranking: _Ranking) -> None:
        cache.set(self.key, ranking, settings.SEARCH_RESULT_CACHE_SECONDS)


def meeting_search_ids(queryset: QuerySet, raw: str) -> set[int]:
    """Every meeting of ``queryset`` that matches ``raw``, uncapped (for checks, not pages)."""
    parsed = parse_query(raw)
    if parsed.is_empty:
        return set()
    queryset, facets = facets_apart(queryset)
    try:
        scope = _Scope.of(queryset, facets)
    except EmptyResultSet:  # a queryset that cannot hold any meeting (``.none()``)
        return set()
    where, params = _where(scope, _plan(parsed))
    with connection.cursor() as cursor, _index_plans(cursor):
        cursor.execute(f"SELECT s.meeting_id FROM archive_meetingsearch s WHERE {where}", params)
        return {row[0] for row in cursor.fetchall()}


def _index_plans(cursor):
    """Steer the planner to a bitmap scan of the GIN index of the meeting grams.

    The planner does not count the cost of reading a meeting's grams out of TOAST, so for a
    common word it picks a sequential scan, or a walk down the date index checking each
    meeting's grams (about a second at 10,000 meetings), where the bitmap scan followed by a
    top-N sort on the date takes a few milliseconds and reads no grams at all. It also
    underestimates how many meetings a common word matches, and would then look each match
    up in a filter's meetings one by one, where hashing the filter's meetings once is faster.
    Only finding and counting run under these settings; scoring and quoting read a few
    hundred rows by key.
    """
    return _planner_settings(
        cursor, {"enable_seqscan": "off", "enable_indexscan": "off", "enable_nestloop": "off"}
    )


@contextmanager
def _planner_settings(cursor, values: dict[str, str]):
    """The block's statements run with these settings; the defaults come back after it."""
    # One round trip each way: no parameters, so the statements go in one query.
    cursor.execute("; ".join(f"SET {name} = {value}" for name, value in values.items()))
    try:
        yield
    finally:
        # After a failed statement inside a transaction, its rollback undoes the SET anyway.
        with suppress(DatabaseError):
            cursor.execute("; ".join(f"RESET {name}" for name in values))


def _plan(parsed: ParsedQuery) -> _Plan:
    departments = department_names()
    groups = [
        list(dict.fromkeys(a for t in group for a in term_alternatives(t, departments)))
        for group in parsed.groups
    ]
    excluded = [term_alternatives(t, departments) for t in parsed.excluded]
    segments = segmenter()
    exact = {t: exact_lexemes(t, segments) for group in (*groups, *excluded) for t in group}
    # The archive's ready names are as exact as words of jieba's dictionary.
    for name in names_ready(t for t, lexemes in exact.items() if lexemes is None):
        exact[name] = [lexicon_gram(name)]
    return _Plan(groups=groups, excluded=excluded, exact=exact)


@dataclass(frozen=True)
class _Scope:
    """The SQL restricting ``archive_meetingsearch s`` to the meetings of a queryset, compiled
    once per search (empty when the queryset is unfiltered), and the facets' tsqueries that
    every one of them matches (see ``archive.search.facets``)."""

    sql: str
    params: tuple
    facets: tuple[str, ...] = ()

    @classmethod
    def of(cls, queryset: QuerySet, facets: tuple[str, ...] = ()) -> _Scope:
        """Raises EmptyResultSet when ``queryset`` cannot hold any meeting."""
        if not queryset.query.has_filters():
            return cls("", (), facets)
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
        return cls(f" AND s.meeting_id IN ({sql})", tuple(params), facets)


def _where(
    scope: _Scope, plan: _Plan, *, recheck: bool = True, also: Sequence[str | None] = ()
) -> tuple[str, list]:
    facets = " & ".join(scope.facets) if scope.facets else None
    where, params = plan.meeting_where(recheck=recheck, also=[*also, facets])
    return where + scope.sql, [*params, *scope.params]


_NEWEST = "s.meeting_date DESC NULLS LAST, s.meeting_id DESC"


def _newest_first(date, meeting_id) -> tuple:
    """A sort key putting newer meetings first and undated ones last, as ``_NEWEST`` does."""
    return (date is None, -(date.toordinal() if date else 0), -meeting_id)


@dataclass(frozen=True)
class _Windows:
    """Where ``_newest`` looks for the newest matches: tsqueries of month lexemes, narrowest
    first, the last taking in every meeting searched (None: no restriction)."""

    months: Sequence[str | None] = (None,)
    # The last window holds fewer than WINDOWS[-1] meetings, all of them dated: it is the only
    # one, and the scan finding its newest matches counts them all as well (no more rows are
    # read than a count would read on its own).
    counted: bool = False


def _windows(queryset: QuerySet) -> tuple[_Windows, int | None]:
    """Ever wider windows of the meetings of ``queryset`` (see ``_Windows``) and the search
    generation (see _Memo).

    The first ones hold the newest ``size`` dated meetings for each size of ``WINDOWS`` (none
    that would span more than WINDOW_MONTHS months): a window holds every meeting from the
    first day of its oldest month on, so its newest matches are the newest of all whenever it
    holds enough of them. The last is all months of a filtered ``queryset`` without undated
    meetings (a date filter, say), so that the GIN scan also leaves out meetings outside it;
    when it holds fewer meetings than the largest window, it is the only one, and counted.
    """
    newest, *sized, oldest, undated, generation = _window_dates(queryset)
    if newest is None:
        return _Windows(), generation
    spans: list[list[str]] = []
    for oldest_in_window in sized:
        months = months_back(newest, oldest_in_window) if oldest_in_window is not None else []
        if not months or len(months) > WINDOW_MONTHS:
            break
        spans.append(months)
    last = None
    if queryset.query.has_filters() and not undated:
        months = months_back(newest, oldest)
        if len(months) <= FILTER_MONTHS:
            spans = [span for span in spans if len(span) < len(months)]
            last = _months_tsquery(months)
            if sized[-1] is None:
                return _Windows([last], counted=True), generation
    return _Windows([*(_months_tsquery(span) for span in spans), last]), generation


def _window_dates(queryset: QuerySet) -> tuple:
    """The newest date of ``queryset``, the date of its ``size``-th newest dated meeting for
    each size of ``WINDOWS`` (None: fewer), its oldest date, whether it holds undated
    meetings, and the search generation, in one round trip: each is an index probe, and a
    search page runs this first."""
    # The queryset is compiled once and read by every probe: PostgreSQL pulls the subquery up
    # into each, so each is the same index probe as on the queryset itself.
    sql, params = queryset.order_by().values("date").query.sql_with_params()
    dated = f"SELECT m.date FROM ({sql}) AS m WHERE m.date IS NOT NULL ORDER BY m.date"
    probes = [
        f"({dated} DESC LIMIT 1)",
        *(f"({dated} DESC OFFSET {size - 1} LIMIT 1)" for size in WINDOWS),
        f"({dated} LIMIT 1)",
        f"EXISTS (SELECT FROM ({sql}) AS m WHERE m.date IS NULL)",
        # Read in the same snapshot as the dates: see _Memo.
        "(SELECT value FROM archive_search_generation)",
    ]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(probes)}", [*params] * (len(probes) - 1))
        return cursor.fetchone()


def _months_tsquery(months: list[str]) -> str:
    return tsquery_any(tsquery_all([month]) for month in months)


@dataclass
class _Found:
    """The newest matching meetings, as (id, date), up to the limit asked for plus one."""

    rows: list[tuple[int, object]]
    checked: int  # index matches whose text was checked (0: no check was needed)
    passed: int  # of which this many hold the terms
    complete: bool  # every index match was read (and checked)
    # Every match newer than ``horizon`` was read, and ``newer`` of them are real matches:
    # the sample behind an estimated count.
    horizon: object = None
    newer: int = 0
    index_matches: int | None = None  # when the scan counted them all


def _newest(
    cursor,
    scope: _Scope,
    plan: _Plan,
    limit: int,
    *,
    heads: bool = False,
    windows: _Windows = _Windows(),
) -> _Found:
    """The newest ``limit + 1`` matching meetings (``heads``: with a term's grams in a title,
    document name or opening).

    One GIN bitmap scan gives the newest index matches (grams, exact exclusions and filters,
    no text read), among the meetings of the narrowest of ``windows`` (see ``_windows``) that
    holds enough of them; when a term needs a check (see ``_Plan.needs_recheck``), only those
    matches' texts are checked, and the scan is repeated further back while too few of them
    pass. The index matches of a counted window (see ``_Windows``) are counted by the same
    scan.
    """
    heads_tsquery = plan.any_title_tsquery() if heads else None
    recheck, recheck_params = plan.recheck_where()
    first_wanted = limit + 1 if not plan.needs_recheck else max(SAMPLE_MEETINGS, 2 * (limit + 1))
    counting = windows.counted and not plan.needs_recheck and not heads
    for index, window in enumerate(windows.months):
        where, params = _where(scope, plan, recheck=False, also=[heads_tsquery, window])
        wanted = first_wanted
        while True:
            cursor.execute(
                f"SELECT s.meeting_id, s.meeting_date"
                f"{', count(*) OVER ()' if counting else ''} FROM archive_meetingsearch s"
                f" WHERE {where} ORDER BY {_NEWEST} LIMIT {wanted}",
                params,
            )
            matches = cursor.fetchall()
            read_all = len(matches) < wanted  # every index match (of the window)
            complete = read_all and index == len(windows.months) - 1
            horizon = matches[-1][1] if matches else None
            if not plan.needs_recheck:
                if read_all and not complete:
                    break  # too few in this window: look further back
                newer = sum(1 for row in matches if _newer(row[1], horizon))
                rows, index_matches = matches[: limit + 1], None
                if counting:
                    index_matches = matches[0][2] if matches else 0
                    rows = [row[:2] for row in rows]
                return _Found(rows, 0, 0, complete, horizon, newer, index_matches)
            cursor.execute(
                f"SELECT s.meeting_id, s.meeting_date FROM archive_meetingsearch s"
                f" WHERE s.meeting_id = ANY(%s) AND {recheck}",
                [[row[0] for row in matches], *recheck_params],
            )
            passed = sorted(cursor.fetchall(), key=lambda row: _newest_first(row[1], row[0]))
            if complete or len(passed) > limit:
                newer = sum(1 for row in passed if _newer(row[1], horizon))
                return _Found(
                    passed[: limit + 1], len(matches), len(passed), complete, horizon, newer
                )
            if read_all:
                break
            wanted *= 8
    raise AssertionError("the last window takes in every meeting")


def _newer(date, horizon) -> bool:
    """Whether ``date`` is after ``horizon`` (undated meetings come after every dated one)."""
    return date is not None and (horizon is None or date > horizon)


def _scored(cursor, plan: _Plan, parsed: ParsedQuery, rows) -> list[tuple[int, float, object]]:
    """(meeting id, score, date) for each of ``rows``, in their order; see the module docstring.

    Reads each meeting's search row once, on the server: where each term first occurs, how
    often, whether the whole query occurs as one phrase, and whether each term occurs as whole
    words. Only these figures come back: a meeting's text (about 12 KB) costs more to send
    and decode than to search where it lies.
    """
    if not rows:
        return []
    terms = plan.highlight_terms
    distinct = list(dict.fromkeys(terms))
    position = {term: index for index, term in enumerate(distinct)}
    phrase = "".join(parsed.terms) if len(parsed.terms) > 1 else ""
    found, found_params, whole, whole_params = [], [], [], []
    for term in distinct:
        # Occurrences as replace() finds them, left to right and never overlapping: as
        # str.count counts them.
        found.append(
            "strpos(x.t, %s), (octet_length(x.t) - octet_length(replace(x.t, %s, '')))"
            " / octet_length(%s)"
        )
        found_params += [term, term, term]
        word_query = tsquery_all(segmenter().query_words(term))
        whole.append("s.words @@ %s::tsquery" if word_query else "false")
        whole_params += [word_query] if word_query else []
    found.append("strpos(x.t, %s) > 0" if phrase else "false")
    found_params += [phrase] if phrase else []
    # ``s.text || ''`` reads the text out of TOAST once for all the functions searching it.
    cursor.execute(
        f"SELECT x.meeting_id, x.heads_end, x.decisions_end, x.body_end, x.whole,"
        f" {', '.join(found)} FROM ("
        "SELECT s.meeting_id, s.heads_end, s.decisions_end, s.body_end,"
        f" ARRAY[{', '.join(whole)}] AS whole, s.text || '' AS t"
        " FROM archive_meetingsearch s WHERE s.meeting_id = ANY(%s) OFFSET 0) AS x",
        [*found_params, *whole_params, [row[0] for row in rows]],
    )
    facts = {row[0]: row[1:] for row in cursor.fetchall()}
    scored = []
    for meeting_id, date in rows:
        if meeting_id not in facts:
            continue
        *ends, whole_words = facts[meeting_id][:4]
        *occurrences, in_phrase = facts[meeting_id][4:]
        firsts, counts = occurrences[0::2], occurrences[1::2]
        score = 0.0
        for group in plan.groups:
            score += max(
                _kind_weight(firsts[position[term]], ends)
                * (2 if whole_words[position[term]] else 1)
                for term in group
            )
        if in_phrase:
            score *= 2
        further = sum(counts[position[term]] for term in terms) - len(plan.groups)
        score += 0.1 * min(max(further, 0), 10)
        scored.append((meeting_id, score, date))
    return scored


def _kind_weight(first: int, ends: Sequence[int]) -> int:
    """The weight of the passage where a term first occurs at ``first`` (1-based; 0: nowhere)
    in a search row whose titles, decisions and other text end at ``ends``."""
    heads_end, decisions_end, body_end = ends
    if first <= 0:
        return 0
    if first <= heads_end:
        return WEIGHTS[Kind.TITLE]
    if first <= decisions_end:
        return WEIGHTS[Kind.DECISION]
    return WEIGHTS[Kind.OTHER] if first <= body_end else WEIGHTS[Kind.ATTENDANCE]


def _count(cursor, scope: _Scope, plan: _Plan, found: _Found, windows: _Windows) -> int | None:
    """The exact number of matching meetings, or None when it is to be estimated.

    Index matches are counted up to COUNT_LIMIT. Up to that, the count is exact: from the
    index alone when no term needs a check (see ``_Plan.needs_recheck``), else from the texts
    of the index matches when there are at most RECHECK_LIMIT of them. Beyond that, see
    ``_estimate``.
    """
    if found.complete:
        return found.passed if plan.needs_recheck else len(found.rows)
    if found.index_matches is not None and found.index_matches <= COUNT_LIMIT:
        return found.index_matches
    where, params = _where(scope, plan, recheck=False, also=windows.months[-1:])
    cursor.execute(
        f"SELECT count(*) FROM (SELECT FROM archive_meetingsearch s WHERE {where}"
        f" LIMIT {COUNT_LIMIT + 1}) AS matches",
        params,
    )
    upper = cursor.fetchone()[0]
    if upper <= COUNT_LIMIT:
        if not plan.needs_recheck:
            return upper
        if upper <= RECHECK_LIMIT:
            exact_where, exact_params = _where(scope, plan, also=windows.months[-1:])
            with _parallel(cursor, upper >= PARALLEL_RECHECK):
                cursor.execute(
                    f"SELECT count(*) FROM archive_meetingsearch s WHERE {exact_where}",
                    exact_params,
                )
                return cursor.fetchone()[0]
    return None


def _parallel(cursor, wanted: bool):
    """Let the next statement check texts in a second process as well.

    Checking a text costs about 15–20 µs (reading it out of TOAST), so an exact count over
    thousands of index matches is the slowest statement a search can run: one parallel
    worker takes a third to a half off it. The planner would not choose a parallel plan
    itself, as it does not count the cost of reading the texts, and the table's heap is
    small. Even so it plans one only when it expects many matches: not for grams its
    statistics do not hold (a bigram pair in a few thousand of 100,000 meetings, say; see
    BENCHMARKS.md, "Long words at 100,000 meetings").
    """
    if not wanted:
        return nullcontext()
    return _planner_settings(
        cursor,
        {
            "max_parallel_workers_per_gather": "1",
            "parallel_setup_cost": "0",
            "parallel_tuple_cost": "0",
            "min_parallel_table_scan_size": "0",
        },
    )


def _estimate(queryset, found: _Found) -> int:
    """The number of matching meetings, estimated from the newest matches ``_newest`` read:
    their share of the meetings as new as they are, applied to all the meetings searched.

    Without a text check, more than COUNT_LIMIT meetings are known to match.
    """
    floor = COUNT_LIMIT + 1 if not found.checked else len(found.rows)
    if found.horizon is None:
        return floor
    as_new = queryset.filter(date__gt=found.horizon).count()
    # The whole archive's count is kept like the home page's (see archive.aggregates).
    total = queryset.count() if queryset.query.has_filters() else meeting_count()
    return max(floor, round(total * found.newer / max(as_new, 1)))


def _hits(cursor, queryset, plan: _Plan, rows) -> list[MeetingHit]:
    """The page's meetings with their matching agenda items and decisions, and best snippet."""
    if not rows:
        return []
    ids = [row[0] for row in rows]
    contains, contains_params = plan.contains(plan.highlight_terms)
    # Only each meeting's best passage is quoted, so only its text (and the transcript it is
    # cut from) is read: a common word matches dozens of passages in every meeting.
    cursor.execute(
        f"""
        SELECT meeting_id, item_order, decision_id, decision_order,
               CASE WHEN best AND start IS NOT NULL
                    THEN substr(source_text, start + 1, "end" - start)
                    WHEN best THEN text END
        FROM (
            SELECT p.meeting_id, a."order" AS item_order, p.decision_id,
                   d."order" AS decision_order, p.text, p.start, p."end", m.source_text,
                   row_number() OVER (PARTITION BY p.meeting_id
                                      ORDER BY p.weight DESC, p.id) = 1 AS best
            FROM archive_passage p
            JOIN archive_meeting m ON m.id = p.meeting_id
            LEFT JOIN archive_agendaitem a ON a.id = p.agenda_item_id
            LEFT JOIN archive_decision d ON d.id = p.decision_id
            WHERE p.meeting_id = ANY(%s) AND {contains}
        ) AS matched
        """,
        [ids, *contains_params],
    )
    items: dict[int, set[int]] = {}
    decisions: dict[int, set[MatchedDecision]] = {}
    best: dict[int, str] = {}
    for meeting_id, item_order, decision_id, decision_order, quoted in cursor.fetchall():
        if item_order is not None:
            items.setdefault(meeting_id, set()).add(item_order)
            if decision_id is not None:
                matched = MatchedDecision(item_order, decision_order, decision_id)
                decisions.setdefault(meeting_id, set()).add(matched)
        if quoted is not None:
            best[meeting_id] = quoted
    meetings = queryset.model.objects.defer("source_text", "opening").in_bulk(ids)
    return [
        MeetingHit(
            meeting=meetings[meeting_id],
            score=float(score),
            items=sorted(items.get(meeting_id, ())),
            snippet=snippet_build(best.get(meeting_id, ""), plan.highlight_terms),
            decisions=sorted(decisions.get(meeting_id, ()), key=lambda d: (d.item, d.order, d.pk)),
        )
        for meeting_id, score, *_ in rows
        if meeting_id in meetings
    ]
