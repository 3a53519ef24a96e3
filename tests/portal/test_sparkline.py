"""The engagement chart of a clip's page: points worked out without a browser."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from clipcontest.portal.sparkline import sparkline

T0 = datetime(2022, 5, 1, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def xy(chart) -> list[tuple[float, float]]:
    return [tuple(float(n) for n in point.split(",")) for point in chart.points.split()]


def test_no_counts_read_gives_no_chart():
    assert sparkline([]) is None
    assert sparkline([(T0, None), (T0 + timedelta(days=1), None)]) is None


def test_time_runs_left_to_right_in_proportion_and_the_highest_count_is_at_the_top():
    chart = sparkline(
        [(T0, 100), (T0 + timedelta(days=1), 300), (T0 + timedelta(days=4), 500)],
        width=100,
        height=50,
        padding=0,
    )
    assert xy(chart) == [(0, 50), (25, 25), (100, 0)]
    assert (chart.low, chart.high, chart.first, chart.last, chart.change) == (
        100,
        500,
        100,
        500,
        400,
    )
    assert (chart.last_x, chart.last_y) == (100, 0)


def test_readings_are_drawn_in_time_order_whatever_order_they_come_in():
    later, earlier = (T0 + timedelta(days=2), 20), (T0, 10)
    assert sparkline([later, earlier]) == sparkline([earlier, later])


def test_a_reading_without_a_count_is_left_out_not_drawn_as_zero():
    chart = sparkline(
        [(T0, 10), (T0 + timedelta(days=1), None), (T0 + timedelta(days=2), 30)],
        width=100,
        height=50,
        padding=0,
    )
    assert chart.count == 2 and chart.low == 10
    assert xy(chart) == [(0, 50), (100, 0)]


def test_a_single_reading_or_a_flat_series_sits_in_the_middle():
    single = sparkline([(T0, 7)], width=100, height=50, padding=0)
    assert xy(single) == [(50, 25)]
    flat = sparkline([(T0, 7), (T0 + timedelta(days=1), 7)], width=100, height=50, padding=0)
    assert [y for _, y in xy(flat)] == [25, 25]


def test_padding_keeps_the_line_inside_the_box():
    chart = sparkline([(T0, 0), (T0 + timedelta(hours=1), 9)], width=60, height=20, padding=4)
    assert xy(chart) == [(4, 16), (56, 4)]
