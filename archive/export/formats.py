"""Writing rows as CSV or JSON text a piece at a time (pure: no Django models)."""

from __future__ import annotations

import csv
import datetime
import json
from collections.abc import Iterable, Iterator, Sequence

# Spreadsheet programs read a UTF-8 CSV as the local code page unless it starts with a BOM.
CSV_BOM = "\ufeff"


class _Line:
    """A file-like object whose write() hands the line back, for csv.writer."""

    def write(self, value: str) -> str:
        return value


def csv_lines(columns: Sequence[str], rows: Iterable[dict]) -> Iterator[str]:
    """A BOM and header line, then one CSV line per row (values in ``columns`` order)."""
    writer = csv.writer(_Line())
    yield CSV_BOM + writer.writerow(columns)
    for row in rows:
        yield writer.writerow([_csv_value(row[column]) for column in columns])


def _csv_value(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "；".join(str(part) for part in value)
    return value


def _json_default(value: object) -> str:
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def json_array_pieces(rows: Iterable[dict]) -> Iterator[str]:
    """One JSON array, written a row per line: ``[``, the rows, ``]``."""
    yield "["
    separator = "\n"
    for row in rows:
        yield separator + json.dumps(row, ensure_ascii=False, default=_json_default)
        separator = ",\n"
    yield "\n]\n"
