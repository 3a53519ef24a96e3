"""The summary report's charts as PNG bytes, drawn with matplotlib's object API.

No pyplot: each chart is its own ``Figure`` on an Agg canvas, so nothing is left in
matplotlib's global state between two requests (a web worker draws charts for several
organisers). The labels are Vietnamese, so every text is set in DejaVu Sans, which has all
the diacritics and ships with matplotlib itself. The same figures always give the same bytes:
fixed size and DPI, and no "Software" stamp carrying matplotlib's version.
"""

from __future__ import annotations

import functools
import io
import textwrap
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from .report_data import CountRow, Summary

# matplotlib (and numpy under it, ~60 MB) is imported when a chart is drawn, not when the views
# that link to the charts are loaded: a web or worker process that never draws one never pays.
if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

DPI = 150
WIDTH_IN = 7.0
ENTERED_COLOUR, ELIGIBLE_COLOUR, SCORE_COLOUR = "#9bb7d4", "#1f5f99", "#2e7d4f"
LABEL_WIDTH = 34  # characters per line of a bar's label


def participation_chart(data: Summary) -> bytes:
    """Per unit, clips entered and clips eligible (horizontal bars, units by code, top down)."""
    short = short_unit_names([unit.name for unit in data.units])
    labels = [f"{unit.code} – {name}" for unit, name in zip(data.units, short, strict=True)]
    return _paired_bars(
        "Số clip của từng đơn vị",
        labels,
        [unit.entries for unit in data.units],
        [unit.eligible for unit in data.units],
    )


def genre_chart(data: Summary) -> bytes:
    return _count_chart("Số clip theo thể loại", data.by_genre)


def platform_chart(data: Summary) -> bytes:
    return _count_chart("Số clip theo nền tảng", data.by_platform)


def score_chart(data: Summary) -> bytes:
    """How the ranked clips' scores spread, in ten bins over the rubric's scale."""
    figure, axes = _figure(3.2)
    scale = float(data.jury.scale) or 100.0
    bins = [scale * step / 10 for step in range(11)]
    scores = [float(score) for score in data.ranked_scores]
    if scores:
        axes.hist(scores, bins=bins, color=SCORE_COLOUR, edgecolor="white")
    else:
        _say(axes, "Chưa có clip nào được xếp hạng")
    axes.set_xlim(0, scale)
    axes.set_xticks(bins, [_number(b) for b in bins], fontproperties=_font())
    axes.yaxis.set_major_locator(_integer_ticks())
    axes.set_xlabel("Điểm", fontproperties=_font())
    axes.set_ylabel("Số clip", fontproperties=_font())
    axes.set_title("Phân bố điểm của các clip được xếp hạng", fontproperties=_title_font())
    return _png(figure)


# The charts by the name the web page asks for them with.
CHARTS: dict[str, Callable[[Summary], bytes]] = {
    "participation": participation_chart,
    "genres": genre_chart,
    "platforms": platform_chart,
    "scores": score_chart,
}


def chart_png(kind: str, data: Summary) -> bytes:
    """One chart by name; ``KeyError`` for a name not in :data:`CHARTS`."""
    return CHARTS[kind](data)


def short_unit_names(names: Sequence[str]) -> list[str]:
    """The names without the words all of them start with, so the bars say what differs.

    ``Ban Chỉ đạo 35 Huyện ủy Đồng Văn`` beside ``Ban Chỉ đạo 35 Thành ủy Hà Giang`` is
    ``Huyện ủy Đồng Văn``; one name alone, or names sharing nothing, stay whole.
    """
    if len(names) < 2:
        return list(names)
    words = [name.split() for name in names]
    shared = 0
    while all(len(w) > shared + 1 and w[shared] == words[0][shared] for w in words):
        shared += 1
    return [" ".join(w[shared:]) for w in words]


def _count_chart(title: str, rows: Sequence[CountRow]) -> bytes:
    return _paired_bars(
        title, [row.label for row in rows], [r.entries for r in rows], [r.eligible for r in rows]
    )


def _paired_bars(
    title: str, labels: Sequence[str], entered: Sequence[int], eligible: Sequence[int]
) -> bytes:
    """Two horizontal bars per label, entered above eligible, the first label at the top."""
    wrapped = [textwrap.fill(label, LABEL_WIDTH) for label in labels]
    lines = sum(label.count("\n") + 1 for label in wrapped)
    figure, axes = _figure(1.2 + 0.22 * max(lines, 2 * len(labels), 2))
    if not labels:
        _say(axes, "Chưa có số liệu")
        axes.set_title(title, fontproperties=_title_font())
        return _png(figure)
    positions = list(range(len(labels)))
    height = 0.38
    bars = (
        axes.barh([p - height / 2 for p in positions], entered, height, color=ENTERED_COLOUR),
        axes.barh([p + height / 2 for p in positions], eligible, height, color=ELIGIBLE_COLOUR),
    )
    for container in bars:
        axes.bar_label(container, padding=2, fontproperties=_font())
    axes.set_yticks(positions, wrapped, fontproperties=_font())
    axes.invert_yaxis()
    axes.xaxis.set_major_locator(_integer_ticks())
    axes.set_xlim(0, max([*entered, *eligible, 1]) * 1.15)
    # Below the plot, where it never hides a bar.
    figure.legend(bars, ["Đã gửi", "Hợp lệ"], prop=_font(), loc="outside lower center", ncols=2)
    axes.set_title(title, fontproperties=_title_font())
    return _png(figure)


@functools.cache
def _font() -> FontProperties:
    from matplotlib.font_manager import FontProperties

    return FontProperties(family="DejaVu Sans", size=9)


@functools.cache
def _title_font() -> FontProperties:
    from matplotlib.font_manager import FontProperties

    return FontProperties(family="DejaVu Sans", size=11, weight="bold")


def _integer_ticks():
    from matplotlib.ticker import MaxNLocator

    return MaxNLocator(integer=True)


def _figure(height_in: float):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH_IN, height_in), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.spines[["top", "right"]].set_visible(False)
    for label in (*axes.get_xticklabels(), *axes.get_yticklabels()):
        label.set_fontproperties(_font())
    return figure, axes


def _say(axes, text: str) -> None:
    axes.text(
        0.5, 0.5, text, ha="center", va="center", transform=axes.transAxes, fontproperties=_font()
    )


def _number(value: float) -> str:
    """``50.0`` -> ``50``, ``12.5`` -> ``12,5``: a Vietnamese decimal comma on the axis."""
    text = f"{Decimal(str(value)).normalize():f}"
    return text.replace(".", ",")


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()
