"""Model rows as plain JSON values and back, field by field (the dump's record format)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models

# Columns the database computes itself are never written or read.
_COMPUTED = (models.GeneratedField,)


def record_fields(model: type[models.Model], *, skip: tuple[str, ...] = ()) -> list[models.Field]:
    """The stored columns of ``model`` a record carries, in declaration order."""
    return [
        field
        for field in model._meta.concrete_fields
        if not isinstance(field, _COMPUTED) and field.attname not in skip
    ]


def _json_value(value: object) -> object:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return value


def row_record(instance: models.Model, fields: list[models.Field]) -> dict:
    """``instance``'s columns as JSON values, keyed by column name (``department_id``…)."""
    return {field.attname: _json_value(getattr(instance, field.attname)) for field in fields}


class RecordError(ValueError):
    """A record that cannot become a row; the message names the field."""


def record_row(model: type[models.Model], record: dict, fields: list[models.Field]) -> models.Model:
    """An unsaved ``model`` instance from ``record``, refusing missing or unknown fields."""
    expected = {field.attname for field in fields}
    missing = expected - record.keys()
    unknown = record.keys() - expected
    if missing or unknown:
        parts = []
        if missing:
            parts.append(f"缺少字段 {', '.join(sorted(missing))}")
        if unknown:
            parts.append(f"未知字段 {', '.join(sorted(unknown))}")
        raise RecordError(f"{model._meta.model_name}：" + "；".join(parts))
    values = {}
    for field in fields:
        try:
            values[field.attname] = field.to_python(record[field.attname])
        except ValidationError as error:
            raise RecordError(
                f"{model._meta.model_name}.{field.attname}：{'；'.join(error.messages)}"
            ) from error
    return model(**values)
