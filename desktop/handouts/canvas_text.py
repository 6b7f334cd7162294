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


@dataclass(frozen=True)
class SizedLine:
    """One line of a fitted name, at its own size (a line holding one very long word may be smaller)."""

    line: Line
    size: float


def words_of(text: object) -> list[str]:
    """The words of ``text``: what lies between spaces, tabs and line breaks (never a no-break space)."""
    return [w for w in clean(text).replace("\t", " ").replace("\n", " ").split(" ") if w]


def fit_words(
    text: object,
    width: float,
    height: float,
    *,
    size: float,
    readable: float,
    floor: float,
    bold: bool = False,
    leading: float = 1.25,
) -> list[SizedLine]:
    """``text`` (a name) set as large as fits the box, breaking lines only between words.

    In order: one line, shrinking down to the ``readable`` size; then lines broken
    at spaces, shrinking down to the ``floor``; then, at the floor, a line holding
    a word too wide for the box shrinks on its own, and the whole shrinks further
    if it is still too tall. A word is never cut or hyphenated, so every name
    reads back whole from the PDF.
    """
    register_fonts()
    words = words_of(text)
    if not words:
        return []
    whole = " ".join(words)
    for s in _sizes(size, readable):
        if _width(whole, s, bold) <= width and s * leading <= height:
            return [_sized(whole, s, bold)]
    for s in _sizes(size, floor):
        pieces = _between_words(words, s, width, bold)
        if len(pieces) * s * leading <= height and all(_width(p, s, bold) <= width for p in pieces):
            return [_sized(p, s, bold) for p in pieces]
    s = floor
    while True:
        pieces = _between_words(words, s, width, bold)
        # Text width grows in proportion to size, so one division finds the size that fits.
        sizes = [min(s, s * width / max(_width(p, s, bold), 0.01) * 0.999) for p in pieces]
        if sum(sizes) * leading <= height or s <= 1:
            return [_sized(p, ps, bold) for p, ps in zip(pieces, sizes, strict=True)]
        s *= 0.92


def _sizes(top: float, bottom: float) -> list[float]:
    """Sizes from ``top`` down to ``bottom`` (both included), each about 8% smaller than the last."""
    out = [top]
    while out[-1] * 0.92 > bottom:
        out.append(out[-1] * 0.92)
    if bottom < top:
        out.append(bottom)
    return out


def _between_words(words: list[str], size: float, width: float, bold: bool) -> list[str]:
    """Words gathered greedily into lines no wider than ``width``; a word wider than that stands alone."""
    lines: list[str] = []
    current = ""
    for word in words:
        trial = word if not current else current + " " + word
        if not current or _width(trial, size, bold) <= width:
            current = trial
        else:
            lines.append(current)
            current = word
    lines.append(current)
    return lines


def _sized(text: str, size: float, bold: bool) -> SizedLine:
    runs = _runs(text, size, bold, False)
    return SizedLine(Line(runs, sum(w for _f, _t, w in runs), is_rtl(text)), size)


def draw_centered(
    c: Canvas, lines: list[SizedLine], x: float, top: float, width: float, leading: float = 1.25
) -> float:
    """Draw fitted lines centred across ``width`` from ``top`` down. Returns the y under the last line."""
    y = top
    for sized in lines:
        line, size = sized.line, sized.size
        baseline = y - size * (leading - 0.22)  # room above for accents stacked high (Vietnamese)
        cx = x + (width - line.width) / 2
        for font, text, w in line.runs:
            c.setFont(font, size)
            c.drawString(cx, baseline, text)
            cx += w
        y -= size * leading
    return y


def lines_height(lines: list[SizedLine], leading: float = 1.25) -> float:
    return sum(s.size for s in lines) * leading
