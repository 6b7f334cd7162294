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
from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from desktop.handouts.canvas_text import Line, draw_lines, layout
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
        self.form = "qr-" + hashlib.sha1(f"{url} {size}".encode()).hexdigest()[:12]  # one form per size

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


@dataclass(frozen=True)
class Fit:
    """How tightly a sheet is set. A sheet is one page: the roomiest fit that keeps it there is used."""

    gap: float  # space under each block, in its own text size
    heading_gap: float  # more space above a heading, in its size
    leading: float  # line height as a multiple of the text size, at most the theme's
    headings: float  # heading sizes as a share of the theme's, never below the body text
    qr: float  # the QR code's side, as a share of the roomiest
    spare_words: bool  # the words a full sheet can do without: they are said again lower down


FITS = (
    Fit(gap=0.45, heading_gap=0.6, leading=1.45, headings=1.0, qr=1.0, spare_words=True),
    Fit(gap=0.3, heading_gap=0.35, leading=1.45, headings=1.0, qr=1.0, spare_words=True),
    Fit(gap=0.2, heading_gap=0.25, leading=1.3, headings=0.8, qr=0.75, spare_words=True),
    Fit(gap=0.12, heading_gap=0.15, leading=1.22, headings=0.7, qr=0.6, spare_words=False),
)
MIN_QR = 72.0  # an inch: smaller codes are hard to scan from paper


@dataclass(frozen=True)
class Plan:
    """One person's sheet: how tightly it is set, and how many of the lesson's objectives and links it lists."""

    fit: Fit
    objectives: int
    links: int


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
        self.qr_url = next((u for _t, u in self.links if len(u) <= MAX_URL), "")
        self._qr: dict[float, QrCode] = {}
        self.colors = {"h1": theme.ink, "h2": theme.accent, "body": theme.ink, "small": theme.muted}
        t, o = options.t, options
        lessons = " · ".join(self.lesson_titles) or info.title
        self.where: list[Block] = [
            ("body", " · ".join(x for x in (info.venue_name, date_text(info.starts_at, o, False)) if x), False),
            ("h2", t(N_("What you did")), True),
            ("body", t(N_("You worked through “{lesson}”.")).format(lesson=lessons), False),
        ]
        nxt = info.next_session
        self.next_heading: Block = ("h2", t(N_("Next session here")), True)
        self.next_when: Block | None = None
        self.bring_a_friend: Block | None = None
        if nxt is not None:
            self.next_when = ("body", f"{nxt.title} — {date_text(nxt.starts_at, o)}", True)
            self.bring_a_friend = ("body", t(N_("Bring a friend: everyone is welcome, and it is free.")), False)
        else:
            self.next_when = (
                "body",
                t(N_("The next date is not set yet. Ask your host, or come and see us here.")),
                False,
            )
        self.keep_going: list[Block] = [("h2", t(N_("Keep going")), True)]  # kept on the page of its links
        self.scan: Block = ("small", t(N_("Scan the code with a phone camera to open the first link.")), False)
        self.no_links: Block = (
            "body",
            t(N_("Ask your host for the links to this lesson, to try it again at home.")),
            False,
        )
        self.closing: list[Block] = [
            ("small", t(N_("On-Ramp sessions are free and for everyone. Nobody here was born knowing this.")), False)
        ]

    def plans(self) -> list[Plan]:
        """From the roomiest sheet to the tightest; the tightest lists fewer objectives, then fewer links."""
        everything = [Plan(fit, len(self.objectives), len(self.links)) for fit in FITS]
        tightest = FITS[-1]
        fewer = [Plan(tightest, n, len(self.links)) for n in range(len(self.objectives) - 1, 0, -1)]
        fewer += [Plan(tightest, min(1, len(self.objectives)), n) for n in range(len(self.links) - 1, 0, -1)]
        return everything + fewer

    def size(self, style: str, fit: Fit) -> float:
        theme = self.options.theme
        full = {"h1": theme.h1, "h2": theme.h2, "body": theme.body, "small": theme.small}[style]
        return max(theme.body, full * fit.headings) if style in ("h1", "h2") else full

    def leading(self, size: float, fit: Fit) -> float:
        return min(self.options.theme.leading(size), size * fit.leading)

    def qr(self, fit: Fit) -> QrCode | None:
        if not self.qr_url:
            return None
        roomiest = self.options.theme.body * (9 if self.options.large_print else 8)
        side = max(MIN_QR, roomiest * fit.qr)
        if side not in self._qr:
            self._qr[side] = QrCode(self.qr_url, side)
        return self._qr[side]

    def blocks(self, person: Person, plan: Plan) -> tuple[list[Block], list[Block], list[Block]]:
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
        if plan.objectives:
            out.append(("body", t(N_("You practised:")), False))
            out += [("body", f"•  {line}", False) for line in self.objectives[: plan.objectives]]
        out.append(self.next_heading)
        if self.next_when is not None:
            out.append(self.next_when)
        if self.bring_a_friend is not None and plan.fit.spare_words:
            out.append(self.bring_a_friend)
        links: list[Block] = [
            ("body", f"•  {title}" + (f" — {url}" if url != title else ""), False)
            for title, url in self.links[: plan.links]
        ]
        if self.qr_url:
            links.append(self.scan)
        if not self.links:
            links.append(self.no_links)
        return out, links, self.closing


class _Writer:
    """Puts blocks down the page, starting a new page when one is full.

    It also runs dry, drawing nothing and counting the pages a sheet would take, to pick the plan that fits.
    """

    def __init__(self, c: Canvas, sheets: _Sheets) -> None:
        self.c, self.s = c, sheets
        self.margin = sheets.options.theme.margin
        self.top = sheets.page[1] - self.margin
        self.y = self.top
        self.fit = FITS[0]
        self.dry = False
        self.breaks = 0
        self._lines: dict[tuple[str, float, float, bool], list[Line]] = {}

    def new_page(self) -> None:
        if not self.dry:
            self.c.showPage()
        self.breaks += 1
        self.y = self.top

    def lines(self, text: str, size: float, width: float, bold: bool) -> list[Line]:
        key = (text, size, width, bold)
        if key not in self._lines:
            self._lines[key] = layout(text, size, width, bold=bold)
        return self._lines[key]

    def height(self, blocks: list[Block], width: float) -> float:
        """How far down the page ``blocks`` reach when written at ``width``."""
        s, fit, total = self.s, self.fit, 0.0
        for style, text, bold in blocks:
            size = s.size(style, fit)
            lines = self.lines(text, size, width, bold)
            total += s.leading(size, fit) * len(lines) + size * (fit.gap + (fit.heading_gap if style == "h2" else 0))
        return total

    def write(self, blocks: list[Block], width: float | None = None) -> None:
        s, fit = self.s, self.fit
        width = width or s.width
        for style, text, bold in blocks:
            size = s.size(style, fit)
            leading = s.leading(size, fit)
            if style == "h2":
                self.y -= size * fit.heading_gap
            lines = self.lines(text, size, width, bold)
            needed = leading * min(len(lines), 2) + (size * 3 if style == "h2" else 0)
            if self.y - needed < self.margin:
                self.new_page()
            for line in lines:
                if self.y - leading < self.margin - size * 0.3:
                    self.new_page()
                if self.dry:
                    self.y -= leading
                else:
                    self.y = draw_lines(
                        self.c, [line], self.margin, self.y - size, width, size, leading, s.colors[style]
                    )
                    self.y += size
            self.y -= size * fit.gap

    def sheet(self, person: Person, plan: Plan) -> None:
        """One person's sheet, from the top of a page."""
        s, c, self.fit = self.s, self.c, plan.fit
        theme = s.options.theme
        before, links, after = s.blocks(person, plan)
        self.write(before)
        qr = s.qr(plan.fit)
        if qr is not None:
            beside = s.width - qr.size - 16
            # The heading, the links and their code start on one page; the code is drawn first, on that page.
            if self.y - self.height(s.keep_going, s.width) - max(qr.size, self.height(links, beside)) < self.margin:
                self.new_page()
            self.write(s.keep_going)
            top, page = self.y, self.breaks
            if not self.dry:
                qr.drawOn(c, self.margin + s.width - qr.size, top - qr.size)
            self.write(links, beside)
            if self.breaks == page:  # below the code too, if the links were shorter
                self.y = min(self.y, top - qr.size - theme.body * 0.5)
        else:
            self.write(s.keep_going + links)
        self.y -= theme.body * plan.fit.gap / FITS[0].gap
        if self.y - s.leading(theme.small, plan.fit) * 2 >= self.margin:  # a kind word, not worth a second page
            self.write(after)

    def plan_for(self, person: Person) -> Plan:
        """The roomiest plan that keeps ``person``'s sheet on one page (else the tightest, over two)."""
        plans = self.s.plans()
        self.dry = True
        try:
            for plan in plans:
                self.y, self.breaks = self.top, 0
                self.sheet(person, plan)
                if self.breaks == 0:
                    return plan
            return plans[-1]
        finally:
            self.dry, self.y, self.breaks = False, self.top, 0


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
        w.sheet(person, w.plan_for(person))
    c.showPage()
    c.save()
    return out.getvalue()
