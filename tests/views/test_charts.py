"""The server-rendered bar chart's layout."""

from __future__ import annotations

import datetime

from archive.views.charts import PLOT_HEIGHT, bar_chart, chart_periods


def test_short_spans_are_counted_by_month_long_ones_by_year():
    unit, periods = chart_periods([datetime.date(2023, 11, 5), datetime.date(2024, 2, 1)])
    assert unit == "month"
    assert periods == [(2023, 11), (2023, 12), (2024, 1), (2024, 2)]
    unit, periods = chart_periods([datetime.date(2018, 1, 1), datetime.date(2024, 2, 1)])
    assert unit == "year"
    assert periods == [(year, 0) for year in range(2018, 2025)]
    assert chart_periods([]) == ("year", [])


def test_bars_are_scaled_to_the_largest_count():
    periods = [(2024, 1), (2024, 2)]
    chart = bar_chart(
        periods,
        [("1月", "2024年1月"), ("2月", "2024年2月")],
        ("出席", "牵头"),
        ({(2024, 1): 4, (2024, 2): 2}, {(2024, 2): 1}),
        {0: "2024年"},
    )
    assert chart.maximum == 4
    first, second = chart.groups
    assert [bar.height for bar in first.bars] == [PLOT_HEIGHT, 0]
    assert [bar.height for bar in second.bars] == [PLOT_HEIGHT / 2, PLOT_HEIGHT / 4]
    assert all(bar.y + bar.height == chart.baseline for bar in first.bars + second.bars)
    assert second.values == (2, 1)
    assert chart.marks == ((first.bars[0].x, "2024年"),)
    assert second.bars[0].x > first.bars[1].x
