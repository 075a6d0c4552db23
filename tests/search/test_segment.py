"""Normalisation and n-grams: what the index and the queries agree on."""

from __future__ import annotations

from functools import cache

import pytest
from django.db import connection
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.search.segment import (
    LEXICON_MARK,
    LEXICON_MIN,
    NAME_MARK,
    Segmenter,
    exact_lexemes,
    index_grams,
    lexicon_gram,
    normalize,
    normalize_with_offsets,
    query_grams,
    tsquery_all,
    tsvector_literal,
)


def test_traditional_becomes_simplified():
    assert normalize("太倉市發展和改革委員會") == "太仓市发展和改革委员会"


def test_full_width_becomes_half_width_and_latin_lower_case():
    assert normalize("ＡＢＣ１２３（試行）：") == "abc123(试行):"
    assert normalize("PM2.5") == "pm2.5"


def test_whitespace_and_line_breaks_disappear():
    assert (
        normalize("关于加强全市排水\r\n许可管理　工作 的\t意见")
        == "关于加强全市排水许可管理工作的意见"
    )


def test_offsets_point_back_into_the_original():
    original = "审议《太倉\n市》"
    normalized, offsets = normalize_with_offsets(original)
    assert normalized == "审议《太仓市》"
    assert [original[i] for i in offsets] == list("审议《太倉市》")
    assert normalized == normalize(original)


@given(st.text(alphabet="审议太倉\n\r\t 　\ufeff\u200bＡa１,", max_size=40))
def test_offsets_point_back_into_any_text(original):
    normalized, offsets = normalize_with_offsets(original)
    assert normalized == normalize(original)
    assert len(offsets) == len(normalized)
    assert offsets == sorted(set(offsets))
    assert "".join(normalize(original[i]) for i in offsets) == normalized


def test_grams_cover_every_substring():
    grams = set(index_grams("排水许可"))
    assert grams == {"排", "水", "许", "可", "排水", "水许", "许可"}
    assert set(query_grams("水许")) <= grams
    assert query_grams("排") == ["排"]
    assert query_grams("") == []


def test_literals_quote_lexemes_safely():
    assert tsvector_literal(["a'b", "c\\d", ""]) == "'a''b' 'c\\\\d'"
    assert tsquery_all(["排水", "水许"]) == "'排水' & '水许'"
    assert tsvector_literal([]) == tsvector_literal([""]) == ""


@pytest.mark.django_db
def test_literals_read_back_as_the_same_lexemes():
    lexemes = sorted({"排水", "a'b", "c\\d", "'", "\\", "''", "\\'", "\t排", "\n2024-01", "x y"})
    with connection.cursor() as cursor:
        cursor.execute("SELECT tsvector_to_array(%s::tsvector)", [tsvector_literal(lexemes)])
        assert sorted(cursor.fetchone()[0]) == lexemes


def test_segmenter_keeps_the_archive_s_names_whole():
    plain = Segmenter()
    assert "市地方金融监管局" not in plain.words("会后市地方金融监管局根据")
    custom = Segmenter(["市地方金融监管局", "王晨清"])
    words = custom.words("会后市地方金融监管局根据意见，王晨清出席")
    assert "市地方金融监管局" in words
    assert "王晨清" in words
    # A name added to the dictionary does not break the words jieba already knew.
    assert custom.query_words("排水许可") == plain.query_words("排水许可")


@pytest.mark.django_db
def test_dictionary_holds_departments_chairs_people_and_documents(seeded):
    from archive.search.dictionary import dictionary_words

    words = dictionary_words()
    # Each kind of word, and in the order of priority: departments and their aliases, people
    # (chairs first among those in as many meetings: 徐华东 chairs both seed meetings and
    # attends neither, 吴敬宇 attends both), document titles.
    for word in ["市气象局", "徐华东", "吴敬宇", "太仓市城镇内涝防治专项规划"]:
        assert word in words
    assert (
        words.index("市气象局")
        < words.index("徐华东")
        < words.index("吴敬宇")
        < words.index("太仓市城镇内涝防治专项规划")
    )
    assert len(words) == len(set(words))
    assert Segmenter(words).query_words("徐华东市长主持召开")[0] == "徐华东"
    assert Segmenter().query_words("徐华东市长主持召开")[0] != "徐华东"


@cache
def _dictionary_words() -> set[str]:
    """jieba's own dictionary file, read here independently of archive.search.segment."""
    import jieba

    with jieba.get_dict_file() as file:
        lines = file.read().decode("utf-8").splitlines()
    return {normalize(line.split(" ")[0]) for line in lines}


# The archive's own words: names jieba's dictionary lacks (人民政, 财政局会同) are no lexicon
# words, and one it has (研究社, which jieba cuts 研究/社) stays one.
_ARCHIVE_WORDS = ["人民政", "财政局会同", "研究社"]


@cache
def _segmenter(archive_words: tuple[str, ...] = tuple(_ARCHIVE_WORDS)) -> Segmenter:
    return Segmenter(archive_words)


def lexicon(segments: Segmenter, text: str) -> set[str]:
    """The lexicon words ``segments.words`` marks in ``text``."""
    return {word[1:] for word in segments.words(text) if word.startswith(LEXICON_MARK)}


def archive(segments: Segmenter, text: str) -> set[str]:
    """The archive's words ``segments.words`` finds in ``text``."""
    return {word[1:] for word in segments.words(text) if word.startswith(NAME_MARK)}


# Texts made of dictionary words, their parts, the archive's words and characters jieba does
# not look words up in, so that words overlap, nest and run into each other.
_PIECES = ["人民", "政府", "人民政府", "财政局", "財政", "局", "会同", "研究", "社", "社会主义"]
_PIECES += ["社會", "城市更新", "，", "a1", "γ", "射线"]


@settings(deadline=None)  # the first example reads the dictionary
@given(st.lists(st.sampled_from(_PIECES), max_size=30))
def test_lexicon_words_are_every_dictionary_word_the_text_holds(pieces):
    text = normalize("".join(pieces))
    words = _dictionary_words()
    expected = {
        text[start:end]
        for start in range(len(text))
        for end in range(start + LEXICON_MIN, len(text) + 1)
        if text[start:end] in words and "，" not in text[start:end] and "γ" not in text[start:end]
    }
    assert lexicon(_segmenter(), text) == expected
    assert lexicon(_segmenter(()), text) == expected  # whatever the archive's words
    # The archive's own words are found too, wherever they occur, but marked apart (研究社 is
    # a dictionary word already).
    holding = {word for word in _ARCHIVE_WORDS if word in text and word != "研究社"}
    assert archive(_segmenter(), text) == holding
    assert archive(_segmenter(()), text) == set()


def test_lexicon_words_on_a_sentence():
    segments = _segmenter()
    text = normalize("市財政局会同人民政府研究社會主義")
    assert lexicon(segments, text) == {"财政局", "人民政府", "研究社", "社会主义"}
    assert {"财政局", "人民政府", "研究社", "社会主义"} <= _dictionary_words()
    words = segments.words(text)
    assert "财政局会同" in words  # the archive's word, for ranking, but no lexicon word
    assert "\r财政局会同" not in words
    # The archive's words found, inside and across jieba's (see archive.search.names).
    assert archive(segments, text) == {"人民政", "财政局会同"}
    assert lexicon(segments, "局和") == set()
    # A dictionary word with a character jieba does not look words up in.
    assert "γ射线" in _dictionary_words()
    assert lexicon(segments, "γ射线") == set()
    assert not segments.in_lexicon("γ射线")


def test_a_segmenter_finds_its_lexicon_words_and_its_own_words_only():
    segments = _segmenter()
    assert segments.finds("财政局")  # jieba's
    assert segments.finds("人民政") and segments.finds("财政局会同")  # the archive's
    assert not Segmenter().finds("人民政")
    assert not segments.finds("政局会")  # in no dictionary
    assert not segments.finds("政府")  # too short to be marked
    assert not segments.finds("γ射线")  # a character jieba does not look words up in


def test_exact_lexemes_of_short_terms_words_and_other_terms():
    segments = _segmenter()
    assert exact_lexemes("城市", segments) == ["城市"]
    assert exact_lexemes("城", segments) == ["城"]
    assert exact_lexemes("财政局", segments) == [lexicon_gram("财政局")] == ["\r财政局"]
    assert exact_lexemes(normalize("社會主義"), segments) == ["\r社会主义"]
    assert exact_lexemes("研究社", segments) == ["\r研究社"]
    assert exact_lexemes("人民政", segments) is None  # the archive's word only
    assert exact_lexemes("政局会", segments) is None  # its grams only narrow it down
    assert query_grams("政局会") == ["局会", "政局"]


def test_another_dictionary_file_empties_the_lexicon_and_fails_the_check(monkeypatch):
    from archive import checks
    from archive.search import segment

    assert checks.lexicon_check(None) == []
    monkeypatch.setattr(segment, "LEXICON_SHA256", "0" * 64)
    segments = Segmenter()
    assert lexicon(segments, "人民政府") == set()
    assert not segments.finds("人民政府")
    # The archive's own words are still found: they come from the archive, not the file.
    assert archive(Segmenter(["人民政"]), "人民政府") == {"人民政"}
    assert Segmenter(["人民政"]).finds("人民政")
    assert "人民政府" in segments.words("人民政府")
    assert exact_lexemes("人民政府", segments) is None
    assert exact_lexemes("城市", segments) == ["城市"]
    errors = checks.lexicon_check(None)
    assert [error.id for error in errors] == ["archive.E001"]
    assert "jieba" in errors[0].msg
