"""Running a search: the SQL behind ``Meeting.objects.search()``, its ranking and counting.

Finding is exact and happens on one row per meeting (``archive_meetingsearch``): its n-gram
vector holds every character and character pair of the meeting's passages, so one GIN scan
answers every group of the query (AND), the exclusions (NOT) and the filters (plain SQL on the
meeting ids) together. A one- or two-character term is in a text exactly when its gram is;
a longer term is rechecked with ``strpos`` on the meeting's normalised text, so the index
finds exactly what a substring scan would, no more and no less.

Ranking reads passages, and only those of the candidates: every matching meeting when there
are at most ``CANDIDATE_CAP``, otherwise the newest ``CANDIDATE_CAP`` (the reader is told).
A passage scores its kind's weight (title 8, decision 4, other text 2, attendance 1), doubled
when the term occurs there as whole jieba words, doubled again when the whole query occurs
there as one phrase; a meeting scores its best passage plus a little for each further matching
passage; ties go to the newer meeting. Counting: see ``_count``.
"""

from __future__ import annotations

import math
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field

from django.db import DatabaseError, connection
from django.db.models import QuerySet

from archive.search.dictionary import segmenter
from archive.search.domain import department_names, term_alternatives
from archive.search.segment import query_grams, tsquery_all, tsquery_any
from archive.search.snippets import Snippet, snippet_build
from archive.search.syntax import ParsedQuery, parse_query

CANDIDATE_CAP = 200  # meetings ranked by relevance: the newest that match
RECHECK_LIMIT = 3000  # index matches whose text is checked for an exact count
SAMPLE_MEETINGS = 500  # the newest index matches checked for an estimate above RECHECK_LIMIT
MAX_PAGE = 500


@dataclass
class MeetingHit:
    """One meeting in the results: which agenda items matched, and the best snippet."""

    meeting: object
    score: float
    items: list[int]
    snippet: Snippet


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

    @property
    def highlight_terms(self) -> list[str]:
        return [term for group in self.groups for term in group]

    def any_tsquery(self) -> str:
        return tsquery_any(tsquery_all(query_grams(t)) for g in self.groups for t in g)

    def contains(self, terms: list[str], alias: str = "p") -> tuple[str, list[str]]:
        sql = " OR ".join(f"strpos({alias}.text, %s) > 0" for _ in terms)
        return f"({sql})", list(terms)

    @property
    def needs_recheck(self) -> bool:
        """Whether the grams alone may over-match: a term of three or more characters.

        A text holds a one- or two-character term exactly when its grams hold it.
        """
        return any(len(t) > 2 for group in (*self.groups, *self.excluded) for t in group)

    def meeting_where(self, *, recheck: bool = True) -> tuple[str, list]:
        """Conditions on ``archive_meetingsearch s``: every group, no exclusion.

        Without ``recheck`` the conditions are the grams' alone: exact for short terms, and a
        superset of the matches (exclusions of long terms left out) otherwise.
        """
        sql = ["s.grams @@ %s::tsquery"]
        params: list = [
            " & ".join(
                f"({tsquery_any(tsquery_all(query_grams(t)) for t in group)})"
                for group in self.groups
            )
        ]
        for group in self.groups:
            if recheck and any(len(t) > 2 for t in group):
                contains, contains_params = self.contains(group, alias="s")
                sql.append(contains)
                params += contains_params
        for alternatives in self.excluded:
            long_term = any(len(t) > 2 for t in alternatives)
            if long_term and not recheck:
                continue
            tsquery = tsquery_any(tsquery_all(query_grams(t)) for t in alternatives)
            if long_term:
                contains, contains_params = self.contains(alternatives, alias="s")
                sql.append(f"NOT (s.grams @@ %s::tsquery AND {contains})")
                params += [tsquery, *contains_params]
            else:
                sql.append("NOT (s.grams @@ %s::tsquery)")
                params.append(tsquery)
        return " AND ".join(sql), params


def meeting_search(
    queryset: QuerySet, raw: str, *, order: str = "relevance", page: int = 1, per_page: int = 20
) -> SearchResults:
    """See MeetingQuerySet.search."""
    parsed = parse_query(raw)
    order = order if order in {"relevance", "date"} else "relevance"
    page = max(1, min(int(page), MAX_PAGE))
    if order == "relevance":
        page = min(page, max(1, math.ceil(CANDIDATE_CAP / per_page)))
    results = SearchResults(
        query=parsed, page=page, per_page=per_page, order=order, messages=list(parsed.notes)
    )
    if parsed.is_empty:
        if not parsed.notes:
            results.messages.append("请输入要查找的词语。")
        return results

    plan = _plan(parsed)
    limit = CANDIDATE_CAP if order == "relevance" else page * per_page
    with connection.cursor() as cursor, _index_plans(cursor, plan):
        rows, matched = _ranked(cursor, queryset, plan, parsed, order, page, per_page, limit)
        if matched <= limit:
            results.count = results.ranked = matched
        else:
            results.capped = order == "relevance"
            count, results.estimated = _count(cursor, queryset, plan)
            results.count = max(count, matched)  # more than ``limit`` were found
            results.ranked = limit if order == "relevance" else results.count
        results.hits = _hits(cursor, queryset, plan, rows)
    if results.capped:
        results.messages.append(
            f"匹配的会议很多，相关度排序只在前 {CANDIDATE_CAP} 个（日期最新的）匹配会议中进行；"
            "加一个词可以缩小范围，或按日期排序浏览全部。"
        )
    return results


def meeting_search_ids(queryset: QuerySet, raw: str) -> set[int]:
    """Every meeting of ``queryset`` that matches ``raw``, uncapped (for checks, not pages)."""
    parsed = parse_query(raw)
    if parsed.is_empty:
        return set()
    where, params = _where(queryset, _plan(parsed))
    with connection.cursor() as cursor, _index_plans(cursor, _plan(parsed)):
        cursor.execute(f"SELECT s.meeting_id FROM archive_meetingsearch s WHERE {where}", params)
        return {row[0] for row in cursor.fetchall()}


@contextmanager
def _index_plans(cursor, plan: _Plan):
    """Steer the planner to the GIN index of the meeting grams.

    The planner does not count the cost of reading a meeting's grams out of TOAST, so it picks
    a sequential scan for a common word (about a second at 10,000 meetings, against a few
    milliseconds for the bitmap scan, which needs no recheck). When no term needs its text
    checked, a bitmap scan and a top-N sort also beat walking the date index.
    """
    settings = ["enable_seqscan"] + ([] if plan.needs_recheck else ["enable_indexscan"])
    for name in settings:
        cursor.execute(f"SET {name} = off")
    try:
        yield
    finally:
        # After a failed statement inside a transaction, its rollback undoes the SET anyway.
        with suppress(DatabaseError):
            for name in settings:
                cursor.execute(f"RESET {name}")


def _plan(parsed: ParsedQuery) -> _Plan:
    departments = department_names()
    return _Plan(
        groups=[
            list(dict.fromkeys(a for t in group for a in term_alternatives(t, departments)))
            for group in parsed.groups
        ],
        excluded=[term_alternatives(t, departments) for t in parsed.excluded],
    )


def _meeting_filter(queryset: QuerySet, column: str) -> tuple[str, list]:
    """SQL restricting ``column`` to the meetings of ``queryset`` (nothing if unfiltered)."""
    if not queryset.query.has_filters():
        return "", []
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    return f" AND {column} IN ({sql})", list(params)


def _where(queryset: QuerySet, plan: _Plan, *, recheck: bool = True) -> tuple[str, list]:
    where, params = plan.meeting_where(recheck=recheck)
    filter_sql, filter_params = _meeting_filter(queryset, "s.meeting_id")
    return where + filter_sql, [*params, *filter_params]


_NEWEST = "s.meeting_date DESC NULLS LAST, s.meeting_id DESC"


def _ranked(cursor, queryset, plan: _Plan, parsed: ParsedQuery, order, page, per_page, limit):
    """One page of (meeting id, score, date) rows and how many meetings matched (up to limit+1).

    The candidates are the newest ``limit`` matching meetings (one index scan of the meeting
    grams, filters and exclusions included); only their passages are read, to score them.
    """
    where, where_params = _where(queryset, plan)
    contains, contains_params = plan.contains(plan.highlight_terms)
    words = [segmenter().query_words(term) for term in parsed.terms]
    word_query = tsquery_any(tsquery_all(w) for w in words if w)
    word_sql = "(1 + (p.words @@ %s::tsquery)::int)" if word_query else "1"
    phrase = "".join(parsed.terms) if len(parsed.terms) > 1 else None
    phrase_sql = "(1 + (strpos(p.text, %s) > 0)::int)" if phrase else "1"
    ordering = (
        "score DESC, date DESC NULLS LAST, meeting_id DESC"
        if order == "relevance"
        else "date DESC NULLS LAST, score DESC, meeting_id DESC"
    )
    sql = f"""
        WITH candidates AS MATERIALIZED (
            SELECT s.meeting_id, s.meeting_date FROM archive_meetingsearch s
            WHERE {where} ORDER BY {_NEWEST} LIMIT {limit + 1}
        ),
        ranked AS (
            SELECT c.meeting_id,
                   coalesce(max(p.weight * {word_sql} * {phrase_sql}), 0)
                     + 0.1 * least(count(p.id), 10) AS score,
                   c.meeting_date AS date
            FROM (SELECT * FROM candidates ORDER BY meeting_date DESC NULLS LAST,
                  meeting_id DESC LIMIT {limit}) c
            LEFT JOIN archive_passage p ON p.meeting_id = c.meeting_id AND {contains}
            GROUP BY c.meeting_id, c.meeting_date
        ),
        page AS (
            SELECT meeting_id, score, date FROM ranked ORDER BY {ordering} LIMIT %s OFFSET %s
        )
        SELECT page.meeting_id, page.score, page.date, (SELECT count(*) FROM candidates)
        FROM (SELECT 1) AS one LEFT JOIN page ON TRUE
        ORDER BY {ordering}
    """
    params = [*where_params]
    if word_query:
        params.append(word_query)
    if phrase:
        params.append(phrase)
    params += [*contains_params, per_page, (page - 1) * per_page]
    cursor.execute(sql, params)
    rows = cursor.fetchall()
    matched = rows[0][3]
    return [row for row in rows if row[0] is not None], matched


def _count(cursor, queryset, plan: _Plan) -> tuple[int, bool]:
    """The number of matching meetings, and whether it is an estimate.

    Exact from the grams alone when every term is one or two characters long; otherwise the
    texts of the index matches are checked, up to RECHECK_LIMIT of them. Beyond that, the
    share of the newest SAMPLE_MEETINGS index matches that pass the check is applied to all.
    """
    where, params = _where(queryset, plan, recheck=False)
    if not plan.needs_recheck:
        cursor.execute(f"SELECT count(*) FROM archive_meetingsearch s WHERE {where}", params)
        return cursor.fetchone()[0], False
    cursor.execute(
        f"SELECT count(*) FROM (SELECT 1 FROM archive_meetingsearch s WHERE {where}"
        f" LIMIT {RECHECK_LIMIT + 1}) s",
        params,
    )
    if cursor.fetchone()[0] <= RECHECK_LIMIT:
        exact_where, exact_params = _where(queryset, plan)
        cursor.execute(
            f"SELECT count(*) FROM archive_meetingsearch s WHERE {exact_where}", exact_params
        )
        return cursor.fetchone()[0], False
    cursor.execute(f"SELECT count(*) FROM archive_meetingsearch s WHERE {where}", params)
    upper = cursor.fetchone()[0]
    check, check_params = plan.meeting_where()
    cursor.execute(
        f"SELECT count(*), count(*) FILTER (WHERE {check}) FROM (SELECT s.* FROM"
        f" archive_meetingsearch s WHERE {where} ORDER BY {_NEWEST} LIMIT {SAMPLE_MEETINGS}) s",
        [*check_params, *params],
    )
    sampled, passed = cursor.fetchone()
    return (round(upper * passed / sampled) if sampled else 0), True


def _hits(cursor, queryset, plan: _Plan, rows) -> list[MeetingHit]:
    """The page's meetings with their matching agenda items and best snippet."""
    if not rows:
        return []
    ids = [row[0] for row in rows]
    contains, contains_params = plan.contains(plan.highlight_terms)
    cursor.execute(
        f"""
        SELECT p.meeting_id, a."order", p.weight, p.text,
               CASE WHEN p.start IS NULL THEN NULL
                    ELSE substr(m.source_text, p.start + 1, p."end" - p.start) END
        FROM archive_passage p
        JOIN archive_meeting m ON m.id = p.meeting_id
        LEFT JOIN archive_agendaitem a ON a.id = p.agenda_item_id
        WHERE p.meeting_id = ANY(%s) AND {contains}
        ORDER BY p.meeting_id, p.weight DESC, p.id
        """,
        [ids, *contains_params],
    )
    items: dict[int, list[int]] = {}
    best: dict[int, str] = {}
    for meeting_id, item_order, _weight, text, original in cursor.fetchall():
        if item_order is not None and item_order not in items.setdefault(meeting_id, []):
            items[meeting_id].append(item_order)
        best.setdefault(meeting_id, original if original is not None else text)
    meetings = queryset.model.objects.defer("source_text", "opening").in_bulk(ids)
    return [
        MeetingHit(
            meeting=meetings[meeting_id],
            score=float(score),
            items=sorted(items.get(meeting_id, [])),
            snippet=snippet_build(best.get(meeting_id, ""), plan.highlight_terms),
        )
        for meeting_id, score, *_ in rows
        if meeting_id in meetings
    ]
