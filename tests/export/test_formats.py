"""CSV and JSON writing, a piece at a time."""

from __future__ import annotations

import datetime
import inspect
import json

from archive.export.formats import csv_lines, json_array_pieces

ROWS = [
    {"id": 1, "title": "第一，含逗号", "date": datetime.date(2024, 1, 24), "tags": ["甲", "乙"]},
    {"id": 2, "title": '引号"在内', "date": None, "tags": []},
]


def test_csv_is_a_generator_of_lines_with_a_bom_first():
    lines = csv_lines(("id", "title", "date", "tags"), iter(ROWS))
    assert inspect.isgenerator(lines)
    assert list(lines) == [
        "\ufeffid,title,date,tags\r\n",
        "1,第一，含逗号,2024-01-24,甲；乙\r\n",
        '2,"引号""在内",,\r\n',
    ]


def test_json_pieces_join_into_one_array():
    pieces = json_array_pieces(iter(ROWS))
    assert inspect.isgenerator(pieces)
    text = "".join(pieces)
    assert text == (
        "[\n"
        '{"id": 1, "title": "第一，含逗号", "date": "2024-01-24", "tags": ["甲", "乙"]},\n'
        '{"id": 2, "title": "引号\\"在内", "date": null, "tags": []}\n'
        "]\n"
    )
    assert json.loads(text)[0]["date"] == "2024-01-24"


def test_empty_lists_are_still_valid_files():
    assert list(csv_lines(("id",), iter([]))) == ["\ufeffid\r\n"]
    assert json.loads("".join(json_array_pieces(iter([])))) == []
