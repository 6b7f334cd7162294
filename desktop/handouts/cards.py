"""Table tents for a pairing round, and certificates of participation.

A tent is one sheet folded across the middle: the same table number and
first names on both halves, the top half upside down, so it reads from both
sides of the table. Certificates are one landscape page each, in the language
of the person they are for.
"""

from __future__ import annotations

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, PageBreak

from desktop.handouts.canvas_text import draw_centered, fit_words
from desktop.handouts.data import HandoutError, Person, SessionInfo
from desktop.handouts.layout import Meta, Options, build_pdf, date_text, fitted, page_size
from desktop.handouts.personal import personal_options
from desktop.handouts.typefaces import SANS, SANS_BOLD
from desktop.i18n import N_, _


class _Tent(Flowable):
    def __init__(self, number: int, names: tuple[str, ...], width: float, height: float, options: Options) -> None:
        super().__init__()
        self.number, self.names, self.width, self.height, self.options = number, names, width, height, options

    def wrap(self, *_a: float) -> tuple[float, float]:
        return self.width, self.height

    def _half(self, h: float) -> None:
        c, theme, t, w = self.canv, self.options.theme, self.options.t, self.width
        big = ParagraphStyle(
            "tent-table",
            fontName=SANS_BOLD,
            fontSize=theme.title * 1.2,
            leading=theme.title * 1.3,
            alignment=TA_CENTER,
            textColor=theme.ink,
        )
        names = ParagraphStyle(
            "tent-names",
            fontName=SANS,
            fontSize=theme.title * 0.75,
            leading=theme.title * 0.9,
            alignment=TA_CENTER,
            textColor=theme.ink,
        )
        head = fitted(t(N_("Table {n}")).format(n=self.number), big, w, h * 0.4, bold=True, min_size=24)
        _w, hh = head.wrap(w, h)
        head.drawOn(c, 0, h - hh - h * 0.08)
        body = fitted(" · ".join(self.names), names, w, h * 0.45, min_size=max(18, theme.body))
        _w, bh = body.wrap(w, h)
        body.drawOn(c, 0, (h * 0.5 - bh) / 2 + h * 0.05)

    def draw(self) -> None:
        c, theme = self.canv, self.options.theme
        half = self.height / 2
        c.setStrokeColor(theme.rule)
        c.setDash(4, 4)
        c.line(0, half, self.width, half)  # fold here
        c.setDash()
        self._half(half * 0.92)
        c.saveState()
        c.translate(self.width, self.height)
        c.rotate(180)
        self._half(half * 0.92)
        c.restoreState()


def tents_pdf(info: SessionInfo, options: Options) -> bytes:
    if not info.tables and info.round_number:
        raise HandoutError(
            _(
                "Nobody is seated at a table in this session's pairing round: pair people again, then print the table cards."
            )
        )
    if not info.tables:
        raise HandoutError(_("This session has no pairing round yet: pair people first, then print the table cards."))
    theme = options.theme
    pw, ph = page_size(options, wide=True)
    w, h = pw - 2 * theme.margin, ph - 2 * theme.margin - 2
    story: list[Flowable] = []
    for group in info.tables:
        if story:
            story.append(PageBreak())
        story.append(_Tent(group.number, group.names, w, h, options))
    t = options.t
    title = t(N_("Table cards")) + f" — {info.title}"
    if info.round_number:
        title += " · " + t(N_("round {n}")).format(n=info.round_number)
    return build_pdf(story, Meta(title, subject=info.venue_name), options, wide=True, footer=False)


class _Certificate(Flowable):
    def __init__(self, person: Person, info: SessionInfo, width: float, height: float, options: Options) -> None:
        super().__init__()
        self.person, self.info, self.width, self.height, self.options = person, info, width, height, options

    def wrap(self, *_a: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c, theme, t = self.canv, self.options.theme, self.options.t
        w, h = self.width, self.height
        c.setStrokeColor(theme.accent)
        c.setLineWidth(theme.rule_width * 4)
        c.rect(0, 0, w, h)
        c.setLineWidth(theme.rule_width)
        c.rect(8, 8, w - 16, h - 16)
        inner = w * 0.84
        x = (w - inner) / 2

        def style(name: str, size: float, font: str = SANS) -> ParagraphStyle:
            return ParagraphStyle(
                name, fontName=font, fontSize=size, leading=size * 1.25, alignment=TA_CENTER, textColor=theme.ink
            )

        y = h * 0.84

        def place(text: str, st: ParagraphStyle, box: float, bold: bool = False) -> None:
            nonlocal y
            p = fitted(text, st, inner, box, bold=bold, min_size=max(theme.body, 12))
            _w, ph = p.wrap(inner, box)
            p.drawOn(c, x, y - ph)
            y -= ph + theme.body * 0.8

        place(t(N_("Certificate of participation")), style("c-title", theme.h1 * 1.2, SANS_BOLD), h * 0.14, True)
        place(t(N_("This certifies that")), style("c-small", theme.h3), h * 0.08)
        full = " ".join(x for x in (self.person.first_name, self.person.last_name) if x)
        # The name shrinks and breaks only between words: it is never cut short.
        name = fit_words(full, inner, h * 0.22, size=theme.title, readable=theme.h1, floor=theme.body, bold=True)
        c.setFillColor(theme.ink)
        y = draw_centered(c, name, x, y, inner) - theme.body * 0.8
        what = t(N_("helped at")) if self.person.helper else t(N_("took part in"))
        lesson = self.info.lessons[0].title if self.info.lessons else self.info.title
        place(f"{what} “{lesson}”", style("c-what", theme.h2), h * 0.14)
        place(
            " · ".join(s for s in (self.info.venue_name, date_text(self.info.starts_at, self.options, False)) if s),
            style("c-where", theme.h3),
            h * 0.1,
        )
        # Signature line for the host.
        c.setStrokeColor(theme.ink)
        c.line(w * 0.3, h * 0.14, w * 0.7, h * 0.14)
        hosts = ", ".join(self.info.hosts) or t(N_("Host"))
        p = fitted(hosts, style("c-host", max(theme.small, 10)), w * 0.4, theme.body * 3, min_size=max(theme.small, 9))
        _w, ph = p.wrap(w * 0.4, h)
        p.drawOn(c, w * 0.3, h * 0.14 - ph - 4)


def certificates_pdf(info: SessionInfo, options: Options) -> bytes:
    if not info.people:
        raise HandoutError(_("No one has signed in to this session yet, so there is nobody to give a certificate to."))
    theme = options.theme
    pw, ph = page_size(options, wide=True)
    w, h = pw - 2 * theme.margin, ph - 2 * theme.margin - 2
    story: list[Flowable] = []
    for person in info.people:
        if story:
            story.append(PageBreak())
        story.append(_Certificate(person, info, w, h, personal_options(options, person)))
    return build_pdf(
        story,
        Meta(options.t(N_("Certificates")) + f" — {info.title}", subject=info.venue_name),
        options,
        wide=True,
        footer=False,
    )
