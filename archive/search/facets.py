"""List filters that the search index holds as well: a meeting's type, its agenda items'
kinds, the departments that attended it or lead one of its decisions.

Each is a plain SQL condition on the meetings, so a list page, an export or a count applies
it like any other filter. A search takes it back out of the meetings it is scoped to and
looks for the filter's lexeme in the same GIN scan as the query's grams (see
``segment.facet_gram``): as a subquery, a filter that holds most meetings (the kind
审议, the type 常务会议) was hashed again by every statement of the search, about 0.1 s a
search at 10,000 meetings; as a lexeme it costs what a month of a date filter does.
Every change to what a facet depends on (an import, a correction, a department merge)
re-indexes the meeting, so the lexemes hold exactly the meetings the condition does.

Only a facet, or an OR of facets, at the top of a queryset's conditions (joined to them by
AND, not negated) is taken out; anywhere else it stays a condition of the scope, which is as
exact, only slower.
"""

from __future__ import annotations

from django.db.models import F, Q, QuerySet
from django.db.models.lookups import Exact, In
from django.db.models.sql.where import AND, OR, WhereNode

# ATTENDED and LED, the parts a department can have in a meeting, are also the facets' names.
from archive.search.segment import ATTENDED, LED, facet_gram, tsquery_all, tsquery_any


def _unordered(queryset: QuerySet, meeting_id: str) -> QuerySet:
    """``queryset``'s meeting IDs, in no order: a lookup built directly (not by ``filter``)
    keeps the default ordering of its subquery, and with it a join and a sort of every row."""
    return queryset.order_by().values(meeting_id)


class Facet:
    """A condition on meetings whose meetings are also those with ``search_lexeme``."""

    search_lexeme: str


class MeetingTypeIs(Facet, Exact):
    """Meetings of this type (``queryset.filter(MeetingTypeIs("standing"))``)."""

    def __init__(self, meeting_type: str):
        super().__init__(F("meeting_type"), meeting_type)
        self.search_lexeme = facet_gram("type", meeting_type)


class HasItemKind(Facet, In):
    """Meetings with at least one agenda item of this kind."""

    def __init__(self, kind: str):
        from archive.models import AgendaItem

        super().__init__(F("pk"), _unordered(AgendaItem.objects.filter(kind=kind), "meeting_id"))
        self.search_lexeme = facet_gram("kind", kind)


class DepartmentTookPart(Facet, In):
    """Meetings that the department with the ID ``department_id`` attended (``ATTENDED``: one
    of its people, or the department as such, is on the attendance list, not on leave) or
    leads a decision of (``LED``). Either is ``department_took_part``."""

    def __init__(self, department_id: int, part: str):
        from archive.models import Attendee, DecisionDepartment, DepartmentRole

        if part == ATTENDED:
            records = Attendee.objects.attending().filter(department_id=department_id)
            meetings = _unordered(records, "meeting_id")
        elif part == LED:
            records = DecisionDepartment.objects.filter(
                department_id=department_id, role=DepartmentRole.LEAD
            )
            meetings = _unordered(records, "decision__agenda_item__meeting_id")
        else:
            raise ValueError(f"a department's part is {ATTENDED} or {LED}, not {part!r}")
        super().__init__(F("pk"), meetings)
        self.search_lexeme = facet_gram(part, str(department_id))


def department_took_part(department_id: int, part: str | None = None) -> Q:
    """Meetings that the department attended (``ATTENDED``), leads a decision of (``LED``)
    or either (any other ``part``): as an OR of two semi-joins, which a list page's planner
    answers from the newest meetings down, and a search as an OR of two lexemes."""
    if part in (ATTENDED, LED):
        return Q(DepartmentTookPart(department_id, part))
    return Q(DepartmentTookPart(department_id, ATTENDED)) | Q(
        DepartmentTookPart(department_id, LED)
    )


def facets_apart(queryset: QuerySet) -> tuple[QuerySet, tuple[str, ...]]:
    """``queryset`` without the facet conditions at the top of its conditions, and for each a
    ``tsquery`` that every meeting of ``queryset`` matches in its search row grams: a facet's
    lexeme, or an OR of them for an OR of facets."""
    where = queryset.query.where
    if where.connector != AND or where.negated:
        return queryset, ()
    queries: list[str] = []

    def without_facets(node: WhereNode) -> WhereNode:
        children = []
        for child in node.children:
            query = _facet_query(child)
            if query:
                queries.append(query)
                continue
            if isinstance(child, WhereNode) and child.connector == AND and not child.negated:
                child = without_facets(child)
                if not child.children:
                    continue  # held only facets: no condition left
            children.append(child)
        return WhereNode(children, connector=AND, negated=False)

    pruned = without_facets(where)
    if not queries:
        return queryset, ()
    apart = queryset.all()
    apart.query.where = pruned
    return apart, tuple(sorted(set(queries)))


def _facet_query(node) -> str | None:
    """The ``tsquery`` of a facet, or of facets joined by OR or AND; None for any other
    condition."""
    if isinstance(node, Facet):
        return tsquery_all([node.search_lexeme])
    if isinstance(node, WhereNode) and not node.negated:
        queries = [_facet_query(child) for child in node.children]
        if queries and all(queries):
            joined = tsquery_any(queries) if node.connector == OR else " & ".join(queries)
            return f"({joined})"
    return None
