"""Chinese numerals (三十八, 一百零四, 二〇二四) and full-width digits."""

from __future__ import annotations

import re

# 〇 and ○ both appear for zero in dates such as 二〇二二年 (the second is a circle, not a numeral).
_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}

CHINESE_NUMERAL_CHARS = "".join(_DIGITS) + "".join(_UNITS)

# Full-width digits are the same length as ASCII ones, so translating keeps string positions.
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_FULL_WIDTH_DIGIT_RE = re.compile("[０-９]")


def ascii_digits(text: str) -> str:
    """``text`` with full-width digits made ASCII (positions unchanged)."""
    # The parser asks this of every line several times, and few lines hold a full-width
    # digit: looking for one costs a tenth of translating a line of Chinese text.
    if _FULL_WIDTH_DIGIT_RE.search(text) is None:
        return text
    return text.translate(_FULL_WIDTH_DIGITS)


def chinese_to_int(numeral: str) -> int:
    """The value of a numeral: 三十八 -> 38, 十 -> 10, 一百零四 -> 104, 二〇二四 -> 2024, 38 -> 38.

    Raises ValueError for anything else.
    """
    numeral = ascii_digits(numeral.strip())
    if numeral.isdigit():
        return int(numeral)
    if not numeral or any(char not in _DIGITS and char not in _UNITS for char in numeral):
        raise ValueError(f"不是数字：{numeral!r}")
    if not any(char in _UNITS for char in numeral):
        # Digit by digit, as years are written: 二〇二四.
        return int("".join(str(_DIGITS[char]) for char in numeral))
    total = 0
    pending = 0
    for char in numeral:
        if char in _DIGITS:
            pending = _DIGITS[char]
        else:
            # A bare unit counts as one of it: 十 is 10, 十五 is 15.
            total += (pending or 1) * _UNITS[char]
            pending = 0
    return total + pending
