"""A personal take-home sheet for each participant: what they did, when the next
session here is, and where to keep going (the lesson's resources, with a QR code).

Each sheet names only its own person.
"""

from __future__ import annotations

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.platypus import Flowable, PageBreak, Spacer, Table, TableStyle

from desktop.handouts.data import HandoutError, Person, SessionInfo
from desktop.handouts.layout import Meta, Options, Styles, build_pdf, date_text, page_size, para, styles_for
from desktop.handouts.lesson_source import doc_for, objectives, resources
from desktop.i18n import N_, _

MAX_URL = 1200  # longer addresses make a QR code too dense to scan from paper


def qr_drawing(url: str, size: float) -> Drawing:
    widget = QrCodeWidget(url, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    d = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    d.add(widget)
    return d


class _Sheets:
    """What every sheet of one session shares, worked out once."""

    def __init__(self, info: SessionInfo, options: Options) -> None:
        self.info, self.options = info, options
        self.styles: Styles = styles_for(options.theme)
        docs = [doc_for(lesson) for lesson in info.lessons]
        self.lesson_titles = [d.meta.title or lesson.title for d, lesson in zip(docs, info.lessons)]
        self.objectives = [o for d in docs for o in objectives(d)][:8]
        self.links = [r for d in docs for r in resources(d)][:6]
        self.width = page_size(options)[0] - 2 * options.theme.margin
        qr_url = next((u for _t, u in self.links if len(u) <= MAX_URL), "")
        self.qr = qr_drawing(qr_url, options.theme.body * (9 if options.large_print else 8)) if qr_url else None

    def sheet(self, person: Person) -> list[Flowable]:
        t, st, info, o = self.options.t, self.styles, self.info, self.options
        out: list[Flowable] = [
            para(t(N_("Thank you for coming, {name}!")).format(name=person.first_name), st.h1),
            para(" · ".join(x for x in (info.venue_name, date_text(info.starts_at, o, False)) if x), st.body),
            para(t(N_("What you did")), st.h2),
        ]
        lessons = " · ".join(self.lesson_titles) or info.title
        out.append(para(t(N_("You worked through “{lesson}”.")).format(lesson=lessons), st.body))
        if person.helper:
            out.append(para(t(N_("You helped other people learn. Thank you!")), st.body))
        if person.first_visit or person.visits <= 1:
            out.append(para(t(N_("It was your first session. Welcome!")), st.body))
        else:
            out.append(para(t(N_("That makes {n} sessions for you.")).format(n=person.visits), st.body))
        if self.objectives:
            out.append(para(t(N_("You practised:")), st.body))
            out += [para(f"•  {line}", st.body) for line in self.objectives]
        out.append(para(t(N_("Next session here")), st.h2))
        nxt = info.next_session
        if nxt is not None:
            out.append(para(f"{nxt.title} — {date_text(nxt.starts_at, o)}", st.body, bold=True))
            out.append(para(t(N_("Bring a friend: everyone is welcome, and it is free.")), st.body))
        else:
            out.append(para(t(N_("The next date is not set yet. Ask your host, or come and see us here.")), st.body))
        out.append(para(t(N_("Keep going")), st.h2))
        if self.links:
            items = [para(f"•  {title}" + (f" — {url}" if url != title else ""), st.body) for title, url in self.links]
            if self.qr is not None:
                note = para(t(N_("Scan the code with a phone camera to open the first link.")), st.small)
                text_w = self.width - self.qr.width - 12
                table = Table([[items + [note], self.qr]], colWidths=[text_w, self.qr.width + 12])
                table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
                out.append(table)
            else:
                out += items
        else:
            out.append(para(t(N_("Ask your host for the links to this lesson, to try it again at home.")), st.body))
        out.append(Spacer(1, st.body.fontSize))
        out.append(para(t(N_("On-Ramp sessions are free and for everyone. Nobody here was born knowing this.")),
                        st.small))
        return out


def takehome_pdf(info: SessionInfo, options: Options, people: list[Person] | None = None) -> bytes:
    people = info.people if people is None else people
    if not people:
        raise HandoutError(_("No one has signed in to this session yet, so there are no take-home sheets to print."))
    sheets = _Sheets(info, options)
    story: list[Flowable] = []
    for person in people:
        if story:
            story.append(PageBreak())
        story += sheets.sheet(person)
    return build_pdf(story, Meta(options.t(N_("Take-home sheets")) + f" — {info.title}", subject=info.venue_name),
                     options, footer=False)
