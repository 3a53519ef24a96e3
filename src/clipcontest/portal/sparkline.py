"""A clip's counts over time as a small line chart, drawn by the template as inline SVG.

Pure and without JavaScript: this works out the points, the template writes the ``<svg>``
(so nothing here builds markup and nothing needs escaping). Time runs along the x axis in
proportion (snapshots are taken at irregular moments); each series is scaled to its own
range, so views and likes both fill the chart and the figures beside it give the scale.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Sparkline:
    """What the template needs to draw one series."""

    points: str  # "x,y x,y ..." for <polyline points="...">
    last_x: float
    last_y: float
    width: int
    height: int
    low: int
    high: int
    first: int
    last: int
    count: int  # how many readings are drawn

    @property
    def change(self) -> int:
        return self.last - self.first


def sparkline(
    readings: Sequence[tuple[datetime, int | None]],
    *,
    width: int = 240,
    height: int = 48,
    padding: int = 4,
) -> Sparkline | None:
    """The chart of ``readings`` (moment, count), or None when no count was read.

    Readings without a count (the platform hid it) are left out rather than drawn as 0.
    One reading, or readings all at one moment, sit in the middle; a flat series is a
    horizontal line halfway up.
    """
    known = sorted((at, value) for at, value in readings if value is not None)
    if not known:
        return None
    start, end = known[0][0], known[-1][0]
    span = (end - start).total_seconds()
    low = min(value for _, value in known)
    high = max(value for _, value in known)
    inner_w, inner_h = width - 2 * padding, height - 2 * padding

    def x_of(at: datetime) -> float:
        if span <= 0:
            return padding + inner_w / 2
        return padding + inner_w * (at - start).total_seconds() / span

    def y_of(value: int) -> float:
        if high == low:
            return padding + inner_h / 2
        return padding + inner_h * (high - value) / (high - low)

    coordinates = [(round(x_of(at), 1), round(y_of(value), 1)) for at, value in known]
    return Sparkline(
        points=" ".join(f"{x:g},{y:g}" for x, y in coordinates),
        last_x=coordinates[-1][0],
        last_y=coordinates[-1][1],
        width=width,
        height=height,
        low=low,
        high=high,
        first=known[0][1],
        last=known[-1][1],
        count=len(known),
    )
