"""Text set straight onto a reportlab canvas: wrapped, in font runs, right-to-left lines reordered.

For documents printed many times over (a take-home sheet per participant):
lines are broken once and drawn with plain ``drawString`` calls, at close to
the speed of bare reportlab. Lines break in logical order and each line is
then reordered on its own, so a right-to-left paragraph over several lines
reads in the right order.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from desktop.handouts.typefaces import MONO, SANS, bold_of, clean, font_runs, is_rtl, register_fonts, visual


@dataclass(frozen=True)
class Line:
    runs: tuple[tuple[str, str, float], ...]  # (font, text, width)
    width: float
    rtl: bool = False


@lru_cache(maxsize=8192)
def _runs(text: str, size: float, bold: bool, mono: bool) -> tuple[tuple[str, str, float], ...]:
    out = []
    for font, run in font_runs(visual(text), MONO if mono else SANS):
        name = bold_of(font) if bold else font
        out.append((name, run, stringWidth(run, name, size)))
    return tuple(out)


def _width(text: str, size: float, bold: bool) -> float:
    return sum(w for _f, _t, w in _runs(text, size, bold, False))


def layout(text: object, size: float, width: float, *, bold: bool = False) -> list[Line]:
    """``text`` broken into lines no wider than ``width``, between words where it can."""
    register_fonts()
    lines: list[Line] = []
    for para in clean(text).split("\n"):
        rtl = is_rtl(para)
        for piece in _break(para, size, width, bold):
            runs = _runs(piece, size, bold, False)
            lines.append(Line(runs, sum(w for _f, _t, w in runs), rtl))
    return lines


def _break(para: str, size: float, width: float, bold: bool) -> list[str]:
    lines: list[str] = []
    current = ""
    for whole_word in para.split(" "):
        word = whole_word
        trial = word if not current else current + " " + word
        if _width(trial, size, bold) <= width:
            current = trial
            continue
        if current:
            lines.append(current)
        # A word wider than the line (a long name, or CJK text without spaces) breaks where it must.
        while len(word) > 1 and _width(word, size, bold) > width:
            lo, hi = 1, len(word) - 1
            while lo < hi:
                mid = (lo + hi + 1) // 2
                if _width(word[:mid], size, bold) <= width:
                    lo = mid
                else:
                    hi = mid - 1
            lines.append(word[:lo])
            word = word[lo:]
        current = word
    lines.append(current)
    return lines


def draw_lines(
    c: Canvas, lines: list[Line], x: float, y: float, width: float, size: float, leading: float, color=None
) -> float:
    """Draw ``lines`` with their first baseline at ``y``; right-to-left lines align right. Returns the next y."""
    if color is not None:
        c.setFillColor(color)
    for line in lines:
        cx = x + (width - line.width if line.rtl else 0)
        for font, text, w in line.runs:
            c.setFont(font, size)
            c.drawString(cx, y, text)
            cx += w
        y -= leading
    return y
