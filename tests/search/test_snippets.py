"""Snippets: taken from the original text, escaped, marked on the exact characters."""

from __future__ import annotations

from archive.search.snippets import match_spans, snippet_build


def test_marks_land_on_the_original_characters():
    original = "会后太倉市\n水务局牵头"
    assert match_spans(original, ["太仓市水务局"]) == [(2, 9)]
    snippet = snippet_build(original, ["太仓市水务局"])
    assert snippet.html == "会后<mark>太倉市水务局</mark>牵头"
    assert snippet.text == "会后太倉市水务局牵头"


def test_everything_is_escaped_before_marking():
    snippet = snippet_build("<script>alert(1)</script> & 排水", ["排水", "script"])
    assert "<script>" not in snippet.html
    assert snippet.html.startswith("&lt;<mark>script</mark>&gt;")
    assert snippet.html.endswith("&amp; <mark>排水</mark>")


def test_overlapping_matches_merge_and_long_text_is_windowed():
    assert match_spans("低空经济", ["低空经", "空经济"]) == [(0, 4)]
    text = "前" * 300 + "目标" + "后" * 300
    snippet = snippet_build(text, ["目标"], width=40)
    assert snippet.text.startswith("…") and snippet.text.endswith("…")
    assert "<mark>目标</mark>" in snippet.html
    assert len(snippet.text) == 42


def test_markup_is_trusted_by_templates():
    assert snippet_build("排水", ["排水"]).markup.__html__() == "<mark>排水</mark>"
