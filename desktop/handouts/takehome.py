"""A personal take-home sheet for each participant: what they did, when the next
session here is, and where to keep going (the lesson's resources, with a QR code).

Each sheet names only its own person and speaks that person's language.
Sheets are set straight onto the canvas (``canvas_text``): the parts every
sheet shares are laid out once per language and a class of fifty prints in
well under a second.
"""

from __future__ import annotations

import hashlib
import io

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from desktop.handouts.canvas_text import draw_lines, layout
from desktop.handouts.data import HandoutError, Person, SessionInfo
from desktop.handouts.layout import Options, date_text, page_size
from desktop.handouts.lesson_source import doc_for, objectives, resources
from desktop.handouts.personal import personal_options
from desktop.handouts.typefaces import register_fonts
from desktop.i18n import N_, _

MAX_URL = 1200  # longer addresses make a QR code too dense to scan from paper


class QrCode(Flowable):
    """A QR code, encoded once and drawn as one PDF form reused on every page.

    (reportlab's QrCodeWidget re-encodes and redraws hundreds of shapes each
    time it is drawn: over 100 ms a page.)
    """

    def __init__(self, url: str, size: float) -> None:
        super().__init__()
        from reportlab.graphics.barcode import qrencoder

        qr = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
        qr.addData(url)
        qr.make()
        self.modules = [[bool(m) for m in row] for row in qr.modules]
        self.size = self.width = self.height = size
        self.form = "qr-" + hashlib.sha1(url.encode()).hexdigest()[:12]

    def wrap(self, *_a: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        c = self.canv
        made = c.__dict__.setdefault("_onramp_forms", set())
        if self.form not in made:
            c.beginForm(self.form, lowerx=0, lowery=0, upperx=self.size, uppery=self.size)
            n = len(self.modules)
            quiet = 2  # modules of white border, part of the code
            box = self.size / (n + 2 * quiet)
            path = c.beginPath()
            for r, row in enumerate(self.modules):
                y = self.size - (r + quiet + 1) * box
                for col, dark in enumerate(row):
                    if dark:
                        path.rect((col + quiet) * box, y, box, box)
            c.setFillColorRGB(0, 0, 0)
            c.drawPath(path, stroke=0, fill=1)
            c.endForm()
            made.add(self.form)
        c.doForm(self.form)


Block = tuple[str, str, bool]  # (style: h1, h2, body, small; text; bold)


class _Sheets:
    """What every sheet of one session shares, worked out once."""

    def __init__(self, info: SessionInfo, options: Options) -> None:
        self.info, self.options = info, options
        theme = options.theme
        docs = [doc_for(lesson) for lesson in info.lessons]
        self.lesson_titles = [d.meta.title or lesson.title for d, lesson in zip(docs, info.lessons, strict=False)]
        self.objectives = [o for d in docs for o in objectives(d)][:8]
        self.links = [r for d in docs for r in resources(d)][:6]
        self.page = page_size(options)
        self.width = self.page[0] - 2 * theme.margin
        qr_url = next((u for _t, u in self.links if len(u) <= MAX_URL), "")
        self.qr = QrCode(qr_url, theme.body * (9 if options.large_print else 8)) if qr_url else None
        self.sizes = {"h1": theme.h1, "h2": theme.h2, "body": theme.body, "small": theme.small}
        self.colors = {"h1": theme.ink, "h2": theme.accent, "body": theme.ink, "small": theme.muted}
        t, o = options.t, options
        lessons = " · ".join(self.lesson_titles) or info.title
        self.where: list[Block] = [
            ("body", " · ".join(x for x in (info.venue_name, date_text(info.starts_at, o, False)) if x), False),
            ("h2", t(N_("What you did")), True),
            ("body", t(N_("You worked through “{lesson}”.")).format(lesson=lessons), False),
        ]
        self.practised: list[Block] = []
        if self.objectives:
            self.practised.append(("body", t(N_("You practised:")), False))
            self.practised += [("body", f"•  {line}", False) for line in self.objectives]
        self.next: list[Block] = [("h2", t(N_("Next session here")), True)]
        nxt = info.next_session
        if nxt is not None:
            self.next.append(("body", f"{nxt.title} — {date_text(nxt.starts_at, o)}", True))
            self.next.append(("body", t(N_("Bring a friend: everyone is welcome, and it is free.")), False))
        else:
            self.next.append(
                ("body", t(N_("The next date is not set yet. Ask your host, or come and see us here.")), False)
            )
        self.keep_going: list[Block] = [("h2", t(N_("Keep going")), True)]  # kept on the page of its links
        self.links_blocks: list[Block] = [
            ("body", f"•  {title}" + (f" — {url}" if url != title else ""), False) for title, url in self.links
        ]
        if self.qr is not None:
            self.links_blocks.append(
                ("small", t(N_("Scan the code with a phone camera to open the first link.")), False)
            )
        if not self.links:
            self.links_blocks.append(
                ("body", t(N_("Ask your host for the links to this lesson, to try it again at home.")), False)
            )
        self.closing: list[Block] = [
            ("small", t(N_("On-Ramp sessions are free and for everyone. Nobody here was born knowing this.")), False)
        ]

    def blocks(self, person: Person) -> tuple[list[Block], list[Block], list[Block]]:
        """(before the links, the links beside the QR code, after) for one person."""
        t = self.options.t
        out: list[Block] = [("h1", t(N_("Thank you for coming, {name}!")).format(name=person.first_name), True)]
        out += self.where
        if person.helper:
            out.append(("body", t(N_("You helped other people learn. Thank you!")), False))
        if person.first_visit or person.visits <= 1:
            out.append(("body", t(N_("It was your first session. Welcome!")), False))
        else:
            visits = self.options.nt(
                "That makes {n} session for you.", "That makes {n} sessions for you.", person.visits
            )
            out.append(("body", visits.format(n=person.visits), False))
        return out + self.practised + self.next, self.links_blocks, self.closing


class _Writer:
    """Puts blocks down the page, starting a new page when one is full."""

    def __init__(self, c: Canvas, sheets: _Sheets) -> None:
        self.c, self.s = c, sheets
        self.margin = sheets.options.theme.margin
        self.top = sheets.page[1] - self.margin
        self.y = self.top

    def new_page(self) -> None:
        self.c.showPage()
        self.y = self.top

    def height(self, blocks: list[Block], width: float) -> float:
        """How far down the page ``blocks`` reach when written at ``width``."""
        s, total = self.s, 0.0
        for style, text, bold in blocks:
            size = s.sizes[style]
            lines = layout(text, size, width, bold=bold)
            total += s.options.theme.leading(size) * len(lines) + size * (0.45 + (0.6 if style == "h2" else 0))
        return total

    def write(self, blocks: list[Block], width: float | None = None) -> None:
        s = self.s
        width = width or s.width
        for style, text, bold in blocks:
            size = s.sizes[style]
            leading = s.options.theme.leading(size)
            if style == "h2":
                self.y -= size * 0.6
            lines = layout(text, size, width, bold=bold)
            needed = leading * min(len(lines), 2) + (size * 3 if style == "h2" else 0)
            if self.y - needed < self.margin:
                self.new_page()
            for line in lines:
                if self.y - leading < self.margin - size * 0.3:
                    self.new_page()
                self.y = (
                    draw_lines(self.c, [line], self.margin, self.y - size, width, size, leading, s.colors[style]) + size
                )
            self.y -= size * 0.45


def takehome_pdf(info: SessionInfo, options: Options, people: list[Person] | None = None) -> bytes:
    people = info.people if people is None else people
    if not people:
        raise HandoutError(_("No one has signed in to this session yet, so there are no take-home sheets to print."))
    register_fonts()
    sheets = _Sheets(info, options)
    # Each sheet speaks its person's language: what sheets share is worked out once per language.
    by_language = {options.language: sheets}
    out = io.BytesIO()
    c = Canvas(out, pagesize=sheets.page, lang=options.language, invariant=True)
    c.setTitle(options.t(N_("Take-home sheets")) + f" — {info.title}")
    c.setAuthor("On-Ramp")
    c.setSubject(info.venue_name)
    c.setCreator("On-Ramp")
    w = _Writer(c, sheets)
    for n, person in enumerate(people):
        if n:
            w.new_page()
        mine = personal_options(options, person)
        if mine.language not in by_language:
            by_language[mine.language] = _Sheets(info, mine)
        w.s = by_language[mine.language]
        before, links, after = w.s.blocks(person)
        w.write(before)
        if sheets.qr is not None:
            qr, beside = sheets.qr, sheets.width - sheets.qr.size - 16
            # The heading, the links and their code start on one page; the code is drawn first, on that page.
            if w.y - w.height(w.s.keep_going, sheets.width) - max(qr.size, w.height(links, beside)) < w.margin:
                w.new_page()
            w.write(w.s.keep_going)
            top, page = w.y, c.getPageNumber()
            qr.drawOn(c, w.margin + sheets.width - qr.size, top - qr.size)
            w.write(links, beside)
            if c.getPageNumber() == page:  # below the code too, if the links were shorter
                w.y = min(w.y, top - qr.size - options.theme.body * 0.5)
        else:
            w.write(w.s.keep_going + links)
        w.y -= options.theme.body
        closing_height = options.theme.leading(options.theme.small) * 2
        if w.y - closing_height >= w.margin:  # a kind word, not worth a second page
            w.write(after)
    c.showPage()
    c.save()
    return out.getvalue()
