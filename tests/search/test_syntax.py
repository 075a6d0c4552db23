"""The query language: every form, and malformed input that still parses."""

from __future__ import annotations

import pytest

from archive.search.syntax import MAX_TERMS, ParsedQuery, parse_query


def test_spaces_mean_and():
    assert parse_query("排水 许可").groups == (("排水",), ("许可",))


def test_quotes_make_a_phrase_and_drop_inner_spaces():
    assert parse_query('"排水 许可" 太仓').groups == (("排水许可",), ("太仓",))
    assert parse_query("“低空经济”").groups == (("低空经济",),)


def test_or_joins_alternatives():
    assert parse_query("排水 OR 防涝 太仓").groups == (("排水", "防涝"), ("太仓",))
    assert parse_query("排水 | 防涝").groups == (("排水", "防涝"),)
    assert parse_query("排水 or 防涝").groups == (("排水",), ("or",), ("防涝",))


def test_minus_excludes():
    parsed = parse_query('排水 -防涝 -"内涝 防治"')
    assert parsed.groups == (("排水",),)
    assert parsed.excluded == ("防涝", "内涝防治")


def test_terms_are_normalised_like_the_index():
    assert parse_query("太倉　ＡＢＣ").groups == (("太仓",), ("abc",))


@pytest.mark.parametrize(
    ("raw", "groups", "excluded"),
    [
        ("", (), ()),
        ('"', (), ()),
        ('"排水', (("排水",),), ()),
        ("OR", (), ()),
        ("OR 排水 OR", (("排水",),), ()),
        ("-", (("-",),), ()),
        ("2024-2026", (("2024-2026",),), ()),
        ("排水 排水", (("排水",),), ()),
        ("排水 -排水", (("排水",),), ()),
    ],
)
def test_malformed_input_still_parses(raw, groups, excluded):
    parsed = parse_query(raw)
    assert (parsed.groups, parsed.excluded) == (groups, excluded)


def test_only_exclusions_gives_a_message():
    parsed = parse_query("-排水")
    assert parsed.is_empty
    assert "至少输入一个" in parsed.notes[0]


def test_too_many_terms_are_cut_with_a_message():
    parsed = parse_query(" ".join(f"词{i}" for i in range(20)))
    assert len(parsed.terms) == MAX_TERMS
    assert parsed.notes


def test_nul_and_huge_input():
    assert parse_query("排\x00水") == ParsedQuery(groups=(("排水",),))
    assert len(parse_query("排" * 10_000).terms[0]) == 200
