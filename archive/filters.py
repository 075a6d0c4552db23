"""The meeting list's filters; their state lives in the URL so any view can be shared.

Choice lists carry counts over the whole archive where one grouped query gives them
(years, governments, meeting types, chairs, agenda-item kinds). Every filter that reaches
across a relation filters on `pk__in` a subquery, so a meeting never appears twice and counts
stay right.
"""

from __future__ import annotations

import html

import django_filters
import django_filters.fields
from django import forms
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from archive.aggregates import archive_aggregate
from archive.ingest.parse.traditional import to_simplified
from archive.models import (
    AgendaItem,
    Department,
    ItemKind,
    Meeting,
    MeetingType,
)
from archive.search.facets import ATTENDED, LED, HasItemKind, MeetingTypeIs, department_took_part

ROLE_ATTENDED = ATTENDED
ROLE_LED = LED
DEPARTMENT_ROLE_CHOICES = [
    (ROLE_ATTENDED, _("出席或列席了会议")),
    (ROLE_LED, _("牵头落实议定事项")),
]

SORT_CHOICES = [
    ("-date", _("日期：从新到旧")),
    ("date", _("日期：从旧到新")),
    ("-number", _("届次：从大到小")),
    ("number", _("届次：从小到大")),
]
SORT_ORDERINGS = {
    "-date": [F("date").desc(nulls_last=True), F("number").desc(nulls_last=True), "-pk"],
    "date": [F("date").asc(nulls_last=True), F("number").asc(nulls_last=True), "pk"],
    "-number": [F("number").desc(nulls_last=True), F("date").desc(nulls_last=True), "-pk"],
    "number": [F("number").asc(nulls_last=True), F("date").asc(nulls_last=True), "pk"],
}


def _counted(label: str, count: int) -> str:
    return f"{label}（{count}）"


def month_choices() -> list[tuple[int, str]]:
    return [(month, _("%(month)d月") % {"month": month}) for month in range(1, 13)]


@archive_aggregate("year-choices")
def year_choices() -> list[tuple[int, str]]:
    rows = (
        Meeting.objects.exclude(date=None)
        .annotate(year=ExtractYear("date"))
        .values("year")
        .annotate(count=Count("pk"))
        .order_by("-year")
    )
    return [(row["year"], _counted(f"{row['year']}年", row["count"])) for row in rows]


def _values_counted(field: str) -> list[tuple[str, str]]:
    """Each value a meeting's text ``field`` takes (none when empty), most meetings first."""
    rows = (
        Meeting.objects.exclude(**{field: ""})
        .values(field)
        .annotate(count=Count("pk"))
        .order_by("-count", field)
    )
    return [(row[field], _counted(row[field], row["count"])) for row in rows]


@archive_aggregate("body-choices")
def body_choices() -> list[tuple[str, str]]:
    """The governments (机关) whose meetings the archive holds."""
    return _values_counted("body")


@archive_aggregate("meeting-type-choices")
def meeting_type_choices() -> list[tuple[str, str]]:
    counts = dict(
        Meeting.objects.values("meeting_type")
        .annotate(count=Count("pk"))
        .order_by()
        .values_list("meeting_type", "count")
    )
    return [
        (value, _counted(label, counts[value]))
        for value, label in MeetingType.choices
        if value in counts
    ]


UNNAMED_BODY = _("未注明机关")


@archive_aggregate("chair-choices")
def chair_choices() -> list:
    """The chairs, most meetings first; grouped by government (机关), the busiest first, when
    the archive holds several, so that a list of hundreds of names can be read by government.

    A name under two governments is offered under each: it selects the name, and the
    government filter narrows it to one.
    """
    rows = (
        Meeting.objects.exclude(chair="")
        .values("body", "chair")
        .annotate(count=Count("pk"))
        .order_by("-count", "chair")
    )
    groups: dict[str, list[tuple[str, str]]] = {}
    sizes: dict[str, int] = {}
    for row in rows:
        groups.setdefault(row["body"], []).append(
            (row["chair"], _counted(row["chair"], row["count"]))
        )
        sizes[row["body"]] = sizes.get(row["body"], 0) + row["count"]
    if len(groups) <= 1:
        return next(iter(groups.values()), [])
    # Meetings that do not name their government come last.
    order = sorted(groups, key=lambda body: (body == "", -sizes[body], body))
    return [(body or UNNAMED_BODY, groups[body]) for body in order]


@archive_aggregate("item-kind-choices")
def item_kind_choices() -> list[tuple[str, str]]:
    counts = dict(
        AgendaItem.objects.values("kind")
        .annotate(count=Count("meeting", distinct=True))
        .order_by()
        .values_list("kind", "count")
    )
    return [
        (value, _counted(label, counts[value]))
        for value, label in ItemKind.choices
        if value in counts
    ]


class DateInput(forms.DateInput):
    input_type = "date"


def _html_attrs(attrs: dict) -> str:
    """Attributes as Django's attrs.html writes them: True bare, False left out."""
    return "".join(
        format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
        for name, value in attrs.items()
        if value is not False
    )


def _escaped(text) -> str:
    """``conditional_escape(text)`` without its lazy-string wrapper, which costs more than the
    escaping itself when called for each of thousands of options."""
    if hasattr(text, "__html__"):
        return text.__html__()
    return html.escape(str(text))


class QuickSelect(forms.Select):
    """A <select> written in Python, in the markup of Django's select.html.

    Django renders each option through a template include, and even its option dictionaries
    (``optgroups``) cost tens of milliseconds for the chair and department lists of a large
    archive (thousands of options on every list page); this writes the same markup straight
    from the choices.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = forms.Widget.get_context(self, name, value, attrs)["widget"]
        values = widget["value"]  # Select.format_value: the selected values, as strings
        parts = [format_html('<select name="{}"', widget["name"]), _html_attrs(widget["attrs"])]
        parts.append(">")
        has_selected = False
        for option_value, option_label in self.choices:
            if isinstance(option_label, list | tuple):
                group_name, options = option_value, option_label
            else:
                group_name, options = None, [(option_value, option_label)]
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            for subvalue, sublabel in options:
                text = "" if subvalue is None else str(subvalue)
                selected = not has_selected and text in values
                has_selected |= selected
                parts.append(
                    f'\n  <option value="{_escaped(text)}"{" selected" if selected else ""}>'
                    f"{_escaped(sublabel)}</option>\n"
                )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))


class _OneQueryChoices(django_filters.fields.ModelChoiceIterator):
    """A model select's options from one plain query: Django reads them through a server-side
    cursor (DECLARE, FETCH and CLOSE: three round trips on every list and search page)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class _OneQueryModelChoiceField(django_filters.fields.ModelChoiceField):
    iterator = _OneQueryChoices


class OneQueryModelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = _OneQueryModelChoiceField


def department_meetings(department: Department, role: str | None = None) -> Q:
    """The meetings ``department`` attended (ROLE_ATTENDED), leads a decision of (ROLE_LED),
    or either (any other ``role``), as a condition on meetings (facets: see
    ``archive.search.facets``)."""
    return department_took_part(department.pk, role)


class MeetingFilter(django_filters.FilterSet):
    date_from = django_filters.DateFilter(
        label=_("起始日期"), field_name="date", lookup_expr="gte", widget=DateInput
    )
    date_to = django_filters.DateFilter(
        label=_("截止日期"), field_name="date", lookup_expr="lte", widget=DateInput
    )
    year = django_filters.ChoiceFilter(
        label=_("年份"),
        field_name="date__year",
        choices=year_choices,
        empty_label=_("全部年份"),
        widget=QuickSelect,
    )
    month = django_filters.ChoiceFilter(
        label=_("月份"),
        field_name="date__month",
        choices=month_choices,
        empty_label=_("全部月份"),
        widget=QuickSelect,
    )
    department = OneQueryModelChoiceFilter(
        label=_("部门"),
        queryset=Department.objects.all(),
        method="filter_department",
        empty_label=_("全部部门"),
        widget=QuickSelect,
        # A link made before a merge names a department that is gone.
        error_messages={
            "invalid_choice": _("档案中没有这个部门（可能已合并到另一个部门），请重新选择。")
        },
    )
    department_role = django_filters.ChoiceFilter(
        label=_("部门的参与方式"),
        choices=DEPARTMENT_ROLE_CHOICES,
        method="filter_nothing",
        empty_label=_("出席、列席或牵头"),
        widget=QuickSelect,
    )
    body = django_filters.ChoiceFilter(
        label=_("机关"),
        choices=body_choices,
        empty_label=_("全部机关"),
        widget=QuickSelect,
    )
    meeting_type = django_filters.ChoiceFilter(
        label=_("会议类型"),
        choices=meeting_type_choices,
        method="filter_meeting_type",
        empty_label=_("全部类型"),
        widget=QuickSelect,
    )
    chair = django_filters.ChoiceFilter(
        label=_("主持人"),
        choices=chair_choices,
        empty_label=_("全部主持人"),
        widget=QuickSelect,
    )
    item_kind = django_filters.ChoiceFilter(
        label=_("议题类型"),
        choices=item_kind_choices,
        method="filter_item_kind",
        empty_label=_("全部议题"),
        widget=QuickSelect,
    )
    sort = django_filters.ChoiceFilter(
        label=_("排序"),
        choices=SORT_CHOICES,
        method="filter_sort",
        empty_label=None,
        widget=QuickSelect,
    )

    class Meta:
        model = Meeting
        fields: list[str] = []

    def __init__(self, data=None, *args, **kwargs):
        # Chairs are kept in Simplified characters: 賈紅偉 (typed, or in a link made before
        # they were) selects the 贾红伟 of the choices.
        if data is not None and data.get("chair"):
            data = data.copy()
            data["chair"] = to_simplified(data["chair"])
        super().__init__(data, *args, **kwargs)

    def filter_department(
        self, queryset: QuerySet[Meeting], name: str, value: Department
    ) -> QuerySet[Meeting]:
        role = self.form.cleaned_data.get("department_role")
        return queryset.filter(department_meetings(value, role))

    def filter_nothing(self, queryset: QuerySet[Meeting], name: str, value: str):
        # department_role only qualifies the department filter, which reads it itself.
        return queryset

    # The meeting type and the item kind are facets: a search finds them in its index.
    def filter_meeting_type(self, queryset: QuerySet[Meeting], name: str, value: str):
        return queryset.filter(MeetingTypeIs(value))

    def filter_item_kind(self, queryset: QuerySet[Meeting], name: str, value: str):
        return queryset.filter(HasItemKind(value))

    def filter_sort(self, queryset: QuerySet[Meeting], name: str, value: str):
        return queryset.order_by(*SORT_ORDERINGS[value])


class PersonFilter(django_filters.FilterSet):
    """The people list: names holding what the reader typed."""

    name = django_filters.CharFilter(
        label=_("姓名"),
        method="filter_name",
        max_length=50,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("姓名或其中的字")}),
    )

    def filter_name(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        # Names are kept in Simplified characters; one typed in Traditional characters finds
        # them, and the name as typed still finds one an editor wrote otherwise.
        spellings = {value, to_simplified(value)}
        condition = Q()
        for spelling in spellings:
            condition |= Q(name__contains=spelling)
        return queryset.filter(condition)
