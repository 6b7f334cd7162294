"""Page, type and colour for every handout, in the normal and the large-print variant.

Large print follows common guidance for print for people with low vision:
every piece of text at 18 pt or more, black on white, bold headings, wide
spacing, and nothing said by colour alone (colour always comes with a word or
a symbol).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from desktop import dates
from desktop.handouts.typefaces import SANS, SANS_BOLD, has_cjk, is_rtl, register_fonts, rich, text_width
from desktop.i18n import N_, ngettext_in, translate_in

PAPER_SIZES = {"a4": A4, "letter": LETTER}
LANGUAGES = ("en", "es")


@dataclass(frozen=True)
class Options:
    """How to print: paper, large print, and the language of the handout's own words."""

    paper: str = "a4"
    large_print: bool = False
    language: str = "en"

    def __post_init__(self) -> None:
        if self.paper not in PAPER_SIZES:
            object.__setattr__(self, "paper", "a4")
        if self.language not in LANGUAGES:
            object.__setattr__(self, "language", "en")

    def t(self, message: str) -> str:
        """``message`` in the handout's language (not necessarily the app's)."""
        return translate_in(self.language, message)

    def nt(self, singular: str, plural: str, n: int) -> str:
        """A count's sentence in the handout's language, in the form ``n`` takes there."""
        return ngettext_in(self.language, singular, plural, n)

    @property
    def theme(self) -> Theme:
        return LARGE if self.large_print else NORMAL


@dataclass(frozen=True)
class Theme:
    body: float
    small: float
    h1: float
    h2: float
    h3: float
    code: float
    title: float  # the name on a badge or certificate
    margin: float
    ink: colors.Color
    muted: colors.Color  # secondary text
    accent: colors.Color
    rule: colors.Color
    tint: colors.Color  # box backgrounds
    no_photo_band: colors.Color
    rule_width: float

    def leading(self, size: float) -> float:
        return size * (1.45 if self is LARGE else 1.3)


NORMAL = Theme(
    body=11,
    small=9,
    h1=22,
    h2=15,
    h3=12.5,
    code=9.5,
    title=40,
    margin=18 * mm,
    ink=colors.black,
    muted=colors.HexColor("#3d3d3d"),
    accent=colors.HexColor("#1d4f7a"),
    rule=colors.HexColor("#8a8a8a"),
    tint=colors.HexColor("#eef2f6"),
    no_photo_band=colors.HexColor("#b3261e"),
    rule_width=0.6,
)
LARGE = Theme(
    body=18,
    small=18,
    h1=30,
    h2=24,
    h3=20,
    code=18,
    title=54,
    margin=16 * mm,
    ink=colors.black,
    muted=colors.black,
    accent=colors.black,
    rule=colors.black,
    tint=colors.white,
    no_photo_band=colors.black,
    rule_width=1.4,
)


@dataclass
class Styles:
    body: ParagraphStyle
    small: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    code: ParagraphStyle
    label: ParagraphStyle  # the bold kicker over a box ("Challenge", "For the host")


def styles_for(theme: Theme) -> Styles:
    def style(name: str, size: float, color: colors.Color, space_before: float = 0, font: str = SANS) -> ParagraphStyle:
        return ParagraphStyle(
            name,
            fontName=font,
            fontSize=size,
            leading=theme.leading(size),
            textColor=color,
            spaceBefore=space_before,
            spaceAfter=size * 0.45,
            allowWidows=0,
            allowOrphans=0,
            keepWithNext=int(font == SANS_BOLD),  # headings stay with what they introduce
        )

    return Styles(
        body=style("body", theme.body, theme.ink),
        small=style("small", theme.small, theme.muted),
        h1=style("h1", theme.h1, theme.ink, font=SANS_BOLD),
        h2=style("h2", theme.h2, theme.accent, theme.h2 * 0.8, SANS_BOLD),
        h3=style("h3", theme.h3, theme.ink, theme.h3 * 0.5, SANS_BOLD),
        code=ParagraphStyle("code", fontName=SANS, fontSize=theme.code, leading=theme.code * 1.25, textColor=theme.ink),
        label=style("label", theme.body, theme.accent, font=SANS_BOLD),
    )


def para(text: object, style: ParagraphStyle, *, bold: bool = False, align: int | None = None) -> Paragraph:
    """A paragraph of any text in any script, wrapped the way its script wraps."""
    s = str(text if text is not None else "")
    changes: dict[str, object] = {}
    if has_cjk(s):
        changes["wordWrap"] = "CJK"  # CJK lines break between characters, not only at spaces
    if align is not None:
        changes["alignment"] = align
    elif is_rtl(s):
        changes["alignment"] = TA_RIGHT
    if changes:
        style = ParagraphStyle(style.name + "-x", parent=style, **changes)
    return Paragraph(rich(s, bold=bold or style.fontName == SANS_BOLD), style)


def fitted(
    text: object,
    style: ParagraphStyle,
    width: float,
    height: float,
    *,
    bold: bool = False,
    min_size: float = 10,
    align: int = TA_CENTER,
) -> Paragraph:
    """A paragraph shrunk (down to ``min_size``) and if need be shortened to fit a box.

    For names on badges and tents: a 300-character name still prints, smaller
    and cut with an ellipsis, inside its badge.
    """
    s = str(text if text is not None else "").strip()
    size = style.fontSize
    while True:
        st = replace_style(style, size, align)
        p = para(s, st, bold=bold, align=align)
        _w, h = p.wrap(width, height)
        one_line = text_width(s, size, bold=bold) <= width
        if h <= height and (one_line or size <= min_size or len(s.split()) > 1):
            return p
        if size <= min_size:
            break
        size = max(min_size, size * 0.9)
    # At the smallest size it still does not fit: keep as much as fits, then "…".
    lo, hi = 1, len(s)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        _w, h = para(s[:mid] + "…", st, bold=bold, align=align).wrap(width, height)
        if h <= height:
            lo = mid
        else:
            hi = mid - 1
    return para(s[:lo].rstrip() + "…", st, bold=bold, align=align)


def replace_style(style: ParagraphStyle, size: float, align: int | None = None) -> ParagraphStyle:
    st = ParagraphStyle(style.name, parent=style, fontSize=size, leading=size * 1.2)
    if align is not None:
        st.alignment = align
    return st


class WritingSpace(Flowable):
    """Ruled lines to write on (challenges, notes)."""

    def __init__(self, lines: int, gap: float, color: colors.Color, line_width: float) -> None:
        super().__init__()
        self.lines, self.gap, self.color, self.line_width = lines, gap, color, line_width

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.lines * self.gap

    def draw(self) -> None:
        c = self.canv
        c.setStrokeColor(self.color)
        c.setLineWidth(self.line_width)
        for i in range(self.lines):
            y = i * self.gap + 2
            c.line(0, y, self.width, y)


class TickBox(Flowable):
    """An empty square to tick on paper."""

    def __init__(self, size: float, line_width: float = 0.8) -> None:
        super().__init__()
        self.size, self.line_width = size, line_width

    def wrap(self, *_args: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        self.canv.setLineWidth(self.line_width)
        self.canv.rect(0, 0, self.size, self.size)


@dataclass(frozen=True)
class Meta:
    title: str
    author: str = "On-Ramp"
    subject: str = ""


def page_size(options: Options, *, wide: bool = False) -> tuple[float, float]:
    size = PAPER_SIZES[options.paper]
    return landscape(size) if wide else size


def build_pdf(
    story: Sequence[Flowable],
    meta: Meta,
    options: Options,
    *,
    wide: bool = False,
    footer: bool = True,
    margin: float | None = None,
    on_page: Callable[[Canvas, BaseDocTemplate], None] | None = None,
) -> bytes:
    """Lay ``story`` out on the chosen paper and return the PDF's bytes."""
    register_fonts()
    theme = options.theme
    out = io.BytesIO()
    size = page_size(options, wide=wide)
    m = theme.margin if margin is None else margin
    footer_size = max(theme.small, 8)
    bottom = m + (footer_size * 2 if footer else 0)
    doc = BaseDocTemplate(
        out,
        pagesize=size,
        leftMargin=m,
        rightMargin=m,
        topMargin=m,
        bottomMargin=bottom,
        title=meta.title,
        author=meta.author,
        subject=meta.subject,
        creator="On-Ramp",
        lang=options.language,
        invariant=True,
    )
    footer_style = ParagraphStyle(
        "footer", fontName=SANS, fontSize=footer_size, leading=footer_size * 1.2, textColor=theme.muted
    )

    def decorate(canvas: Canvas, document: BaseDocTemplate) -> None:
        if footer:
            words = options.t(N_("{title} · page {n}")).format(title=meta.title, n=document.page)
            p = para(words, footer_style, align=TA_LEFT)
            _w, h = p.wrap(size[0] - 2 * m, footer_size * 3)
            p.drawOn(canvas, m, m - h + footer_size)
        if on_page is not None:
            on_page(canvas, document)

    frame = Frame(
        m,
        bottom,
        size[0] - 2 * m,
        size[1] - m - bottom,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates([PageTemplate("page", [frame], onPage=decorate)])
    doc.build(list(story))
    return out.getvalue()


def date_text(when: datetime | None, options: Options, with_time: bool = True) -> str:
    """A date people read easily, in the handout's language, without relying on the system locale."""
    if when is None:
        return ""
    return dates.date_text(when, options.language, with_time=with_time)


def with_alignment(style: ParagraphStyle, align: int) -> ParagraphStyle:
    return ParagraphStyle(style.name, parent=style, alignment=align)
