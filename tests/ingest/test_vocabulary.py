"""The parser's word lists and numerals: the look-ups every line goes through."""

from __future__ import annotations

import pytest

from archive.ingest.parse.numerals import ascii_digits
from archive.ingest.parse.vocabulary import title_at_end, title_at_start


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("常务副市长", "常务副市长"),
        ("县政府常务副县长", "常务副县长"),
        ("副市长", "副市长"),
        ("市长", "市长"),
        ("县人大常委会副主任", "副主任"),
        ("财政局副局长", "副局长"),
        ("长", None),
        ("", None),
        ("市长助理", None),
        ("王明", None),
    ],
)
def test_title_at_end_is_the_longest_title(text, title):
    assert title_at_end(text) == title


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("常务副市长王明", "常务副市长"),
        ("副县长陈立伟", "副县长"),
        ("秘书长李强", "秘书长"),
        ("主任", "主任"),
        ("王明副市长", None),
        ("", None),
    ],
)
def test_title_at_start_is_the_longest_title(text, title):
    assert title_at_start(text) == title


def test_ascii_digits_keeps_positions_and_other_text():
    assert ascii_digits("第３８次，２０２４年") == "第38次，2024年"
    assert ascii_digits("第三十八次") == "第三十八次"
    assert ascii_digits("无数字的一行") == "无数字的一行"
