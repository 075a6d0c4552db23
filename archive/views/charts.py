"""A small grouped bar chart laid out in Python and drawn as inline SVG by a template.

No JavaScript and no build step: the view computes every rectangle, the template prints them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

BAR_WIDTH = 12
BAR_GAP = 2
GROUP_GAP = 14
PLOT_HEIGHT = 120
TOP = 16
LABEL_SPACE = 40
LEFT = 28


@dataclass(frozen=True)
class Bar:
    x: int
    y: float
    height: float
    value: int
    series: str


@dataclass(frozen=True)
class Group:
    label: str
    full_label: str
    x_label: float
    bars: tuple[Bar, ...]
    values: tuple[int, ...]


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    baseline: float
    maximum: int
    groups: tuple[Group, ...]
    series: tuple[str, ...]
    marks: tuple[tuple[float, str], ...]


def chart_periods(dates: list[datetime.date]) -> tuple[str, list[tuple[int, int]]]:
    """Whether to count by month or by year, and every period from the first date to the last.

    Up to three calendar years are counted by month, longer spans by year.
    """
    if not dates:
        return "year", []
    first, last = min(dates), max(dates)
    if last.year - first.year < 3:
        periods = []
        year, month = first.year, first.month
        while (year, month) <= (last.year, last.month):
            periods.append((year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return "month", periods
    return "year", [(year, 0) for year in range(first.year, last.year + 1)]


def bar_chart(
    periods: list[tuple[int, int]],
    labels: list[tuple[str, str]],
    series: tuple[str, ...],
    counts: tuple[dict[tuple[int, int], int], ...],
    marks: dict[int, str] | None = None,
) -> Chart:
    """Lay out one group of bars per period, one bar per series, scaled to the largest count.

    `labels` holds a short label (under the bars) and a full one (tooltips, data table) per period.
    """
    maximum = max((max(c.values(), default=0) for c in counts), default=0) or 1
    group_width = len(series) * (BAR_WIDTH + BAR_GAP) - BAR_GAP
    baseline = TOP + PLOT_HEIGHT
    groups = []
    for index, (period, (label, full_label)) in enumerate(zip(periods, labels, strict=True)):
        x0 = LEFT + index * (group_width + GROUP_GAP)
        bars = []
        for position, (name, count) in enumerate(zip(series, counts, strict=True)):
            value = count.get(period, 0)
            height = round(PLOT_HEIGHT * value / maximum, 1)
            x = x0 + position * (BAR_WIDTH + BAR_GAP)
            bars.append(Bar(x, baseline - height, height, value, name))
        groups.append(
            Group(
                label,
                full_label,
                x0 + group_width / 2,
                tuple(bars),
                tuple(bar.value for bar in bars),
            )
        )
    width = LEFT + max(len(periods), 1) * (group_width + GROUP_GAP)
    # A second row of labels (the year, under monthly bars) starting at the group it names.
    placed = tuple(
        (groups[index].bars[0].x, text)
        for index, text in (marks or {}).items()
        if index < len(groups)
    )
    return Chart(width, baseline + LABEL_SPACE, baseline, maximum, tuple(groups), series, placed)
