"""Telling minutes from look-alikes: a news report about a meeting is not its minutes."""

from __future__ import annotations

import re

# Bylines and newsroom furniture. A report quotes the meeting (会议指出…) and may even copy
# its attendance, but minutes never carry a reporter, an editor or a view counter.
_NEWS_MARKER_RE = re.compile(
    r"本报讯|本台讯|新华社|[（(]\s*记者|记者\s*[\u4e00-\u9fff]{2,4}|通讯员|责任编辑|"
    r"^编辑\s*[：:]|浏览次数|阅读次数|点击数|^来源\s*[：:][^\s]*(?:报|网|台|新闻|融媒体中心)"
)
# What only minutes have: a 纪要 title, or a transition to the decisions.
_MINUTES_MARKER_RE = re.compile(r"纪要|以下意见|议定事项|议定如下")


def news_report_marker(lines: list[str]) -> tuple[int, str] | None:
    """``(line index, line)`` of the first newsroom marker when the text reads as a news
    report rather than minutes; None for minutes."""
    if any(_MINUTES_MARKER_RE.search(line) for line in lines):
        return None
    for index, line in enumerate(lines):
        if _NEWS_MARKER_RE.search(line):
            return index, line
    return None
