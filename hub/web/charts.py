"""Bar charts drawn on the server as SVG, each shown with the captioned table of its numbers.

A chart is a picture of a table a page already shows: it adds nothing a screen-reader user or a
printout would miss. The SVG is ``role="img"`` with a <title> and a <desc> that give every number
in words (``aria-labelledby`` points at both); each bar carries its label and its number as text, so
colour never carries meaning (one colour, set by a CSS class: the hub's CSP forbids inline styles);
and it scales with its ``viewBox``, labels above the bars so they stay whole at 320 px.

Use from a page module::

    chart = bar_chart("funnel", _("People at each step"), [(_("Newcomer"), 12), (_("Host"), 2)])

and in its template ``{{ m.chart(chart) }}`` right before ``{{ m.table(t) }}`` of the same numbers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from desktop.i18n import _

WIDTH = 300  # viewBox units: drawn about one unit to a pixel at 320 px wide, as on a wide screen (CSS max-width)
LABEL_MAX = 34  # characters of a label that fit the width; the table beside it holds the whole label
ROW = 46  # one bar: its label on a line, then the bar with its number at its end
LABEL_BASELINE = 17
BAR_TOP = 24
BAR_HEIGHT = 16
VALUE_ROOM = 56  # kept free right of the longest bar for its number
BAR_MAX = WIDTH - VALUE_ROOM  # the longest bar's length


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    shown: str  # the number as the table shows it ("12", "40%")


@dataclass(frozen=True)
class BarChart:
    """A horizontal bar chart: one bar per ``(label, value)``, lengths proportional to the values."""

    id: str  # unique on its page: the ids of its <title> and <desc> are made from it
    title: str
    bars: tuple[Bar, ...]

    @property
    def biggest(self) -> float:
        return max((bar.value for bar in self.bars), default=0.0)

    def length_of(self, bar: Bar) -> float:
        """``bar``'s length in viewBox units: its share of the biggest value, of BAR_MAX."""
        return round(bar.value / self.biggest * BAR_MAX, 2) if self.biggest > 0 else 0.0

    @property
    def desc(self) -> str:
        """Every bar's number in words, in order: what a screen reader says instead of the picture."""
        if not self.bars:
            return _("No figures to show.")
        return "; ".join(_("{label}: {number}").format(label=bar.label, number=bar.shown) for bar in self.bars) + "."

    @property
    def height(self) -> int:
        return max(len(self.bars), 1) * ROW + 4

    def svg(self) -> Markup:
        """The chart as inline SVG markup (every text escaped)."""
        title_id, desc_id = f"{self.id}-title", f"{self.id}-desc"
        parts = [
            f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{title_id} {desc_id}" '
            f'viewBox="0 0 {WIDTH} {self.height}" preserveAspectRatio="xMinYMin meet" class="chart__svg" '
            f'focusable="false">',
            f'<title id="{title_id}">{escape(self.title)}</title>',
            f'<desc id="{desc_id}">{escape(self.desc)}</desc>',
        ]
        for i, bar in enumerate(self.bars):
            top = i * ROW
            length = self.length_of(bar)
            parts += [
                f'<text x="0" y="{top + LABEL_BASELINE}" class="chart__label">{escape(_short(bar.label))}</text>',
                f'<rect x="0" y="{top + BAR_TOP}" width="{_num(length)}" height="{BAR_HEIGHT}" class="chart__bar"></rect>',
                f'<text x="{_num(length + 6)}" y="{top + BAR_TOP + BAR_HEIGHT - 3}" class="chart__value">'
                f"{escape(bar.shown)}</text>",
            ]
        parts.append("</svg>")
        return Markup("".join(parts))


def _short(label: str) -> str:
    return label if len(label) <= LABEL_MAX else label[: LABEL_MAX - 1].rstrip() + "…"


def _num(value: float) -> str:
    """A number as SVG wants it: no exponent, no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text or "0"


_ID = re.compile(r"[^A-Za-z0-9_-]")


def bar_chart(
    chart_id: str, title: str, bars: Sequence[tuple[str, float]], shown: Sequence[str] | None = None
) -> BarChart:
    """A chart of ``bars`` ((label, value) in the order the table lists them). ``shown``: each value as
    the table writes it, when that is not the plain number (a share, "fewer than 10"); the bar still
    draws ``value``."""
    texts = list(shown) if shown is not None else [_plain(value) for _, value in bars]
    if len(texts) != len(bars):
        raise ValueError("one shown text per bar")
    if any(value < 0 for _, value in bars):
        raise ValueError("bar charts draw counts and shares, never below zero")
    return BarChart(
        _ID.sub("-", chart_id),
        title,
        tuple(Bar(label, float(value), text) for (label, value), text in zip(bars, texts, strict=True)),
    )


def _plain(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
