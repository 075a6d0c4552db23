"""Running a search: the SQL behind ``Meeting.objects.search()``, its ranking and counting.

Finding is exact. A passage is a candidate when its n-gram vector holds every character pair
of a term (GIN index), and a hit only when ``strpos`` finds the whole term in its normalised
text, so the index finds exactly what a substring scan would, no more and no less.

Ranking: a passage scores its kind's weight (title 8, decision 4, other text 2, attendance 1),
doubled when the term occurs there as whole jieba words, doubled again when the whole query
occurs there as one phrase; a meeting scores its best passage plus a little for each further
matching passage; ties go to the newer meeting. Ranking reads at most ``CANDIDATE_CAP``
passages, title-level ones first; when a query matches more than that (a very common word),
the reader is told that the ranking was made among the first of them, and the total becomes
an estimate once it passes ``EXACT_COUNT_LIMIT``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import QuerySet

from archive.search.dictionary import segmenter
from archive.search.domain import department_names, term_alternatives
from archive.search.passages import TITLE_WEIGHT
from archive.search.segment import query_grams, tsquery_all, tsquery_any
from archive.search.snippets import Snippet, snippet_build
from archive.search.syntax import ParsedQuery, parse_query

CANDIDATE_CAP = 3000
EXACT_COUNT_LIMIT = 10_000
SAMPLE_MEETINGS = 600
MAX_PAGE = CANDIDATE_CAP // 20


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
    estimated: bool = False  # count is an estimate (above EXACT_COUNT_LIMIT)
    capped: bool = False  # relevance ranked among the first CANDIDATE_CAP matching passages
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

    def mask(self) -> tuple[str, list[str]]:
        parts, params = [], []
        for bit, group in enumerate(self.groups):
            sql, group_params = self.contains(group)
            parts.append(f"(CASE WHEN {sql} THEN {1 << bit} ELSE 0 END)")
            params += group_params
        return " | ".join(parts), params

    @property
    def full_mask(self) -> int:
        return (1 << len(self.groups)) - 1


def meeting_search(
    queryset: QuerySet, raw: str, *, order: str = "relevance", page: int = 1, per_page: int = 20
) -> SearchResults:
    """See MeetingQuerySet.search."""
    parsed = parse_query(raw)
    order = order if order in {"relevance", "date"} else "relevance"
    page = max(1, min(int(page), MAX_PAGE))
    results = SearchResults(
        query=parsed, page=page, per_page=per_page, order=order, messages=list(parsed.notes)
    )
    if parsed.is_empty:
        if not parsed.notes:
            results.messages.append("请输入要查找的词语。")
        return results

    plan = _plan(parsed)
    with connection.cursor() as cursor:
        rows, capped = _ranked(cursor, queryset, plan, parsed, order, page, per_page)
        results.capped = capped
        results.ranked = rows[0][3] if rows else 0
        if rows and not capped:
            results.count = rows[0][3]
        elif not capped:
            results.count = 0 if page == 1 else _count_exact(cursor, queryset, plan)
        else:
            results.count, results.estimated = _count(cursor, queryset, plan)
        results.hits = _hits(cursor, queryset, plan, rows)
    if results.capped and order == "relevance":
        results.messages.append(
            f"匹配的段落很多，相关度排序只在前 {CANDIDATE_CAP} 个匹配段落（标题优先）中进行；"
            "加一个词可以缩小范围。"
        )
    return results


def meeting_search_ids(queryset: QuerySet, raw: str) -> set[int]:
    """Every meeting of ``queryset`` that matches ``raw``, uncapped (for checks, not pages)."""
    parsed = parse_query(raw)
    if parsed.is_empty:
        return set()
    plan = _plan(parsed)
    sql, params = _all_matching(queryset, plan)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT meeting_id FROM ({sql}) m GROUP BY meeting_id"
            f" HAVING bit_or(mask) = {plan.full_mask}",
            params,
        )
        return {row[0] for row in cursor.fetchall()}


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


def _exclusion(plan: _Plan, column: str) -> tuple[str, list]:
    sql_parts, params = [], []
    for alternatives in plan.excluded:
        tsquery = tsquery_any(tsquery_all(query_grams(t)) for t in alternatives)
        contains, contains_params = plan.contains(alternatives, alias="x")
        sql_parts.append(
            f" AND NOT EXISTS (SELECT 1 FROM archive_passage x WHERE x.meeting_id = {column}"
            f" AND x.grams @@ %s::tsquery AND {contains})"
        )
        params += [tsquery, *contains_params]
    return "".join(sql_parts), params


def _matching_passages(queryset: QuerySet, plan: _Plan, weight_sql: str) -> tuple[str, list]:
    """SELECT of the passages that contain any term, with a bit per group they satisfy."""
    mask, mask_params = plan.mask()
    contains, contains_params = plan.contains(plan.highlight_terms)
    filter_sql, filter_params = _meeting_filter(queryset, "p.meeting_id")
    exclusion_sql, exclusion_params = _exclusion(plan, "p.meeting_id")
    sql = (
        f"SELECT p.id, p.meeting_id, p.weight, p.meeting_date, {mask} AS mask"
        f" FROM archive_passage p WHERE {weight_sql} AND p.grams @@ %s::tsquery"
        f" AND {contains}{filter_sql}{exclusion_sql}"
    )
    params = [
        *mask_params,
        plan.any_tsquery(),
        *contains_params,
        *filter_params,
        *exclusion_params,
    ]
    return sql, params


def _all_matching(queryset, plan: _Plan, limit: int | None = None) -> tuple[str, list]:
    """Matching passages through both partial GIN indexes, title-level passages first."""
    # The weight bounds are literals so that the planner can use the partial GIN indexes.
    title_sql, title_params = _matching_passages(queryset, plan, f"p.weight >= {TITLE_WEIGHT}")
    body_sql, body_params = _matching_passages(queryset, plan, f"p.weight < {TITLE_WEIGHT}")
    limit_sql = f" LIMIT {limit}" if limit is not None else ""
    return f"({title_sql}) UNION ALL ({body_sql}){limit_sql}", [*title_params, *body_params]


def _ranked(cursor, queryset, plan: _Plan, parsed: ParsedQuery, order, page, per_page):
    """One page of (meeting id, score, date, total) rows and whether the candidates were capped."""
    candidates_sql, candidates_params = _all_matching(queryset, plan, CANDIDATE_CAP + 1)
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
        WITH candidates AS MATERIALIZED ({candidates_sql}),
        ranked AS (
            SELECT c.meeting_id,
                   max(c.weight * {word_sql} * {phrase_sql})
                     + 0.1 * least(count(*), 10) AS score,
                   max(c.meeting_date) AS date
            FROM (SELECT * FROM candidates LIMIT {CANDIDATE_CAP}) c
            JOIN archive_passage p ON p.id = c.id
            GROUP BY c.meeting_id
            HAVING bit_or(c.mask) = {plan.full_mask}
        ),
        page AS (
            SELECT meeting_id, score, date, count(*) OVER () AS total
            FROM ranked ORDER BY {ordering} LIMIT %s OFFSET %s
        )
        SELECT page.meeting_id, page.score, page.date, page.total,
               (SELECT count(*) FROM candidates) > {CANDIDATE_CAP}
        FROM (SELECT 1) AS one LEFT JOIN page ON TRUE
        ORDER BY {ordering}
    """
    params = list(candidates_params)
    if word_query:
        params.append(word_query)
    if phrase:
        params.append(phrase)
    params += [per_page, (page - 1) * per_page]
    cursor.execute(sql, params)
    rows = cursor.fetchall()
    capped = bool(rows[0][4])
    return [row for row in rows if row[0] is not None], capped


def _count_exact(cursor, queryset, plan: _Plan) -> int:
    sql, params = _all_matching(queryset, plan)
    cursor.execute(
        f"SELECT count(*) FROM (SELECT meeting_id FROM ({sql}) m GROUP BY meeting_id"
        f" HAVING bit_or(mask) = {plan.full_mask}) s",
        params,
    )
    return cursor.fetchone()[0]


def _count(cursor, queryset, plan: _Plan) -> tuple[int, bool]:
    """The number of matching meetings: exact up to EXACT_COUNT_LIMIT, else an estimate.

    The estimate checks a fixed sample of the meetings passage by passage (no index needed),
    and scales the share that matches to all the meetings the filters allow.
    """
    filter_sql, filter_params = _meeting_filter(queryset, "m.id")
    cursor.execute(f"SELECT count(*) FROM archive_meeting m WHERE TRUE{filter_sql}", filter_params)
    total = cursor.fetchone()[0]
    if total <= SAMPLE_MEETINGS:
        return _count_exact(cursor, queryset, plan), False
    percent = min(100.0, 100.0 * SAMPLE_MEETINGS / total)
    mask, mask_params = plan.mask()
    exclusion_sql, exclusion_params = _exclusion(plan, "m.id")
    cursor.execute(
        f"""
        SELECT count(*), count(*) FILTER (WHERE hit) FROM (
            SELECT (SELECT coalesce(bit_or({mask}), 0) FROM archive_passage p
                    WHERE p.meeting_id = m.id) = {plan.full_mask}{exclusion_sql} AS hit
            FROM archive_meeting m TABLESAMPLE SYSTEM (%s) REPEATABLE (7)
            WHERE TRUE{filter_sql}
        ) s
        """,
        [*mask_params, *exclusion_params, percent, *filter_params],
    )
    sampled, matched = cursor.fetchone()
    estimate = round(total * matched / sampled) if sampled else 0
    if estimate <= EXACT_COUNT_LIMIT * 0.8:
        return _count_exact(cursor, queryset, plan), False
    return max(estimate, CANDIDATE_CAP), True


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
