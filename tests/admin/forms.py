"""Turning a rendered admin change page back into the POST data its form would send."""

from __future__ import annotations

from typing import Any

from django import forms


def _field_data(bound: forms.BoundField) -> list[tuple[str, Any]]:
    value = bound.value()
    if isinstance(bound.field, forms.BooleanField):
        return [(bound.html_name, "on")] if value else []
    if value is None:
        return [(bound.html_name, "")]
    return [(bound.html_name, str(value))]


def _form_data(form: forms.BaseForm) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name in form.fields:
        data.update(_field_data(form[name]))
    return data


def change_form_data(response) -> dict[str, Any]:
    """The data an unchanged submit of the change page in ``response`` would post."""
    data = _form_data(response.context["adminform"].form)
    # The history's revert page has no inlines.
    inlines = response.context.get("inline_admin_formsets", [])
    for inline in inlines:
        formset = inline.formset
        data.update(_form_data(formset.management_form))
        for form in formset.forms:
            data.update(_form_data(form))
    return data


def inline_prefix(response, model_name: str) -> str:
    """The form prefix of the inline for ``model_name`` on the change page in ``response``."""
    for inline in response.context["inline_admin_formsets"]:
        if inline.formset.model._meta.model_name == model_name:
            return inline.formset.prefix
    raise LookupError(model_name)
