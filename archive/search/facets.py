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

Only a facet at the top of a queryset's conditions (joined to them by AND, not negated) is
taken out; anywhere else it stays a condition of the scope, which is as exact, only slower.
"""

from __future__ import annotations

from django.db.models import F, QuerySet
from django.db.models.lookups import Exact, In
from django.db.models.sql.where import AND, WhereNode

from archive.search.segment import facet_gram

# The parts a department can have in a meeting (see ``DepartmentTookPart``).
ATTENDED = "attended"
LED = "led"


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

        super().__init__(F("pk"), AgendaItem.objects.filter(kind=kind).values("meeting_id"))
        self.search_lexeme = facet_gram("kind", kind)


class DepartmentTookPart(Facet, In):
    """Meetings that the department with the ID ``department_id`` attended (``ATTENDED``: one
    of its people, or the department as such, is on the attendance list), lead a decision of
    (``LED``), or either (any other ``part``)."""

    def __init__(self, department_id: int, part: str | None = None):
        from archive.models import Attendee, DecisionDepartment, DepartmentRole

        attended = Attendee.objects.filter(department_id=department_id).values("meeting_id")
        led = DecisionDepartment.objects.filter(
            department_id=department_id, role=DepartmentRole.LEAD
        ).values("decision__agenda_item__meeting_id")
        meetings = {ATTENDED: attended, LED: led}.get(part)
        if meetings is None:
            part = "dept"
            # Ordered by nothing: a union keeps its parts' default orderings (and their joins).
            meetings = attended.order_by().union(led.order_by(), all=True)
        super().__init__(F("pk"), meetings)
        self.search_lexeme = facet_gram(part, str(department_id))


def facets_apart(queryset: QuerySet) -> tuple[QuerySet, tuple[str, ...]]:
    """``queryset`` without the facet conditions at the top of its conditions, and their
    lexemes, which every meeting of ``queryset`` has in its search row grams."""
    where = queryset.query.where
    if where.connector != AND or where.negated:
        return queryset, ()
    lexemes: list[str] = []

    def without_facets(node: WhereNode) -> WhereNode:
        children = []
        for child in node.children:
            if isinstance(child, Facet):
                lexemes.append(child.search_lexeme)
                continue
            if isinstance(child, WhereNode) and child.connector == AND and not child.negated:
                child = without_facets(child)
                if not child.children:
                    continue  # held only facets: no condition left
            children.append(child)
        return WhereNode(children, connector=AND, negated=False)

    pruned = without_facets(where)
    if not lexemes:
        return queryset, ()
    apart = queryset.all()
    apart.query.where = pruned
    return apart, tuple(sorted(set(lexemes)))
