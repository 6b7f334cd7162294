"""The paper sign-in sheet, for when the laptop is busy.

Blank numbered rows, each with a short code, so the host can type the rows in
later ("Enter paper sign-ins" on the session's page) and each sign-in is
counted once. The sheet asks only for a first name and three ticks: a later
signer reads the names above, so nothing on it says how to reach anyone.
Whoever wants to hear about next sessions ticks "Contact me?" and fills in a
contact slip of their own (the pages after the sheet, one slip per row, with
the same code), which they hand to the host: phone numbers and emails never
sit on a list that others read. The slip and the sheet carry the very consent
words the kiosk shows.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.enums import TA_CENTER
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer, Table, TableStyle

from desktop.handouts.data import SessionInfo
from desktop.handouts.layout import (
    Meta,
    Options,
    Styles,
    TickBox,
    build_pdf,
    date_text,
    page_size,
    para,
    styles_for,
)
from desktop.handouts.typefaces import text_width
from desktop.i18n import N_, _
from desktop.signin.paper import sheet_row_code

# The very words the kiosk asks people to agree to, so paper and screen promise the same.
from desktop.signin.people import CONSENT_WORDING as CONTACT_CONSENT

PHOTO_CONSENT = N_("Photos of me may be taken and shared by the organisers.")
FIRST_TIME = N_("First time here?")
CONTACT_ME = N_("Contact me?")
PHOTOS_OK = N_("Photos OK?")
# (heading, share of the width left over, is a tick box). The row code carries the row number.
COLUMNS = (
    (N_("Code"), 0.0, False),
    (N_("First name *"), 1.0, False),
    (FIRST_TIME, 0.0, True),
    (CONTACT_ME, 0.0, True),
    (PHOTOS_OK, 0.0, True),
)


def signin_sheet_pdf(info: SessionInfo, options: Options, rows: int | None = None) -> bytes:
    """The sheet in the session's language (``options``); the note for the host in the app's, as the host reads it.

    Without ``rows``, the sheet has room for everyone who came last time (at least 20)
    and rounds up to fill its last page.
    """
    t, theme = options.t, options.theme
    st = styles_for(theme)
    width = page_size(options)[0] - 2 * theme.margin
    when = date_text(info.starts_at, options)
    intro: list[Flowable] = [
        para(t(N_("Sign-in sheet")), st.h1),
        para(" · ".join(x for x in (info.title, info.venue_name, when) if x), st.body),
        para(t(N_("Only your first name is needed. The boxes are up to you.")), st.body),
        para(
            t(
                N_(
                    "Ticking “Contact me?” means: {consent} Then write your phone or email on the slip with your "
                    "code (after this page) and hand it to the host, so nobody else sees it."
                )
            ).format(consent=t(CONTACT_CONSENT)),
            st.small,
        ),
        para(t(N_("Ticking “Photos OK?” means: {consent}")).format(consent=t(PHOTO_CONSENT)), st.small),
        Spacer(1, theme.body * 0.4),
    ]
    wanted = rows or max((info.people and len(info.people)) or 0, 20)
    head = [
        para(t(label), st.small, bold=not options.large_print, align=TA_CENTER if tick else None)
        for label, _w, tick in COLUMNS
    ]
    widths = _widths(options, width, sheet_row_code(info.short_code, max(wanted, 99)))
    plan = plan_rows(options, _height(intro, width), _height([Table([head], colWidths=widths)], width), wanted)
    count = plan.count if rows is None else wanted
    story: list[Flowable] = list(intro)
    first = 1
    for page, on_page in enumerate(plan.pages(count)):
        if page:
            story.append(PageBreak())
        story.append(_rows_table(info, options, head, widths, range(first, first + on_page), plan.row_height))
        first += on_page
    story += [PageBreak(), *_slips(info, options, st, width, count)]
    return build_pdf(story, Meta(t(N_("Sign-in sheet")) + f" — {info.title}", subject=info.venue_name), options)


@dataclass(frozen=True)
class RowPlan:
    """How many rows each page of the sheet holds, and how tall they are."""

    first_page: int  # under the sheet's heading and explanations
    per_page: int  # on each page after
    row_height: float
    count: int  # the rows asked for, rounded up to fill the last page

    def pages(self, count: int) -> list[int]:
        """Rows on each page for ``count`` rows."""
        out = [min(count, self.first_page)]
        left = count - out[0]
        while left > 0:
            out.append(min(left, self.per_page))
            left -= out[-1]
        return out


def plan_rows(options: Options, intro: float, header: float, wanted: int) -> RowPlan:
    """Rows as tall as they can be while the sheet takes the fewest pages, and at least 8 on the first page.

    Rows shrink (to no less than room for handwriting) rather than leave one row alone on a page.
    """
    theme = options.theme
    page = page_size(options)[1]
    frame = page - 2 * theme.margin - max(theme.small, 8) * 2 - 2  # as build_pdf lays pages out, less a hair
    tallest = theme.body * (2.4 if options.large_print else 2.2)
    shortest = max(theme.body * (1.5 if options.large_print else 2.0), 20.0)

    def plan(height: float) -> RowPlan:
        first = max(0, int((frame - intro - header) // height))
        later = max(1, int((frame - header) // height))
        pages = 1 if wanted <= first else 1 + -(-(wanted - first) // later)
        return RowPlan(first, later, height, first + (pages - 1) * later)

    heights = [tallest]
    while heights[-1] - 0.5 >= shortest:
        heights.append(heights[-1] - 0.5)
    plans = [plan(h) for h in heights]
    # A first page with at least 8 rows, then the fewest pages; the tallest rows of those.
    best = min(plans, key=lambda p: (p.first_page < min(8, plans[-1].first_page), len(p.pages(wanted))))
    return best


def _height(flowables: list[Flowable], width: float) -> float:
    total = 0.0
    for f in flowables:
        _w, h = f.wrap(width, 100000)
        total += h + f.getSpaceBefore() + f.getSpaceAfter()
    return total


def _rows_table(
    info: SessionInfo, options: Options, head: list[Flowable], widths: list[float], numbers: range, height: float
) -> Table:
    theme = options.theme
    st = styles_for(theme)
    table_rows: list[list[Flowable | str]] = [list(head)]
    for n in numbers:
        cells: list[Flowable | str] = [para(sheet_row_code(info.short_code, n), st.small), ""]
        cells += [TickBox(theme.body * 0.9, theme.rule_width) for _l, _s, tick in COLUMNS if tick]
        table_rows.append(cells)
    table = Table(table_rows, colWidths=widths, rowHeights=[None] + [height] * len(numbers))
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), theme.rule_width, theme.rule),
                ("BACKGROUND", (0, 0), (-1, 0), theme.tint),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (2, 1), (-1, -1), "CENTER"),
            ]
        )
    )
    return table


def _slips(info: SessionInfo, options: Options, st: Styles, width: float, count: int) -> list[Flowable]:
    """One contact slip per row, two to a line (one in large print), cut apart along the dashed lines."""
    t, theme = options.t, options.theme
    across = 1 if options.large_print else 2
    pad = theme.body * 0.5
    inner = width / across - 2 * pad
    tick = theme.body * 0.9

    def slip(n: int) -> list[Flowable]:
        consent = Table(
            [
                [
                    TickBox(tick, theme.rule_width),
                    para(t(N_("Yes: {consent}")).format(consent=t(CONTACT_CONSENT)), st.small),
                ]
            ],
            colWidths=[tick + pad, inner - tick - pad],
        )
        consent.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
        labels = [para(t(N_("First name")), st.small), para(t(N_("Phone or email")), st.small)]
        label_width = max(text_width(t(w), theme.small) for w in (N_("First name"), N_("Phone or email"))) + pad + 12
        blanks = Table(
            [[label, ""] for label in labels],
            colWidths=[label_width, inner - label_width],
            rowHeights=[theme.body * 2] * 2,
        )
        blanks.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                    ("LEFTPADDING", (0, 0), (0, -1), 0),
                    ("LINEBELOW", (1, 0), (1, -1), theme.rule_width, theme.rule),
                ]
            )
        )
        return [
            para(
                t(N_("Contact slip · row {code}")).format(code=sheet_row_code(info.short_code, n)),
                st.body,
                bold=True,
            ),
            blanks,
            Spacer(1, theme.body * 0.3),
            consent,
            para(t(N_("Fold this slip and hand it to the host.")), st.small),
        ]

    cells = [slip(n) for n in range(1, count + 1)]
    grid = [cells[i : i + across] + [[]] * (across - len(cells[i : i + across])) for i in range(0, count, across)]
    slips = Table(grid, colWidths=[width / across] * across)
    slips.setStyle(
        TableStyle(
            [
                # Dashed all round: the lines to cut along.
                ("GRID", (0, 0), (-1, -1), theme.rule_width, theme.rule, None, (4, 3)),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), pad),
                ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                ("TOPPADDING", (0, 0), (-1, -1), pad),
                ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
            ]
        )
    )
    intro = [
        # For the host, who reads it in the app's language, whatever language the sheet is in.
        para(
            _(
                "For the host: type these rows in afterwards with “Enter paper sign-ins” on the session's page. "
                "The code ({code}-…) keeps each row from being entered twice. Keep the slips apart from the sheet."
            ).format(code=info.short_code),
            st.small,
        ),
        para(t(N_("Contact slips")), st.h2),
        para(
            t(
                N_(
                    "Only for people who ticked “Contact me?”: cut out the slip with your code, fill it in, "
                    "and hand it to the host. Your details stay off the sheet others read."
                )
            ),
            st.small,
        ),
    ]
    return [KeepTogether(intro), slips]


def _widths(options: Options, width: float, widest_code: str) -> list[float]:
    """Each column at least as wide as its longest header word (no word split), the rest shared out."""
    size, pad = options.theme.small, 14
    mins = []
    for label, _share, _tick in COLUMNS:
        words = options.t(label).split() + ([widest_code] if label == "Code" else [])
        mins.append(max(text_width(w, size, bold=not options.large_print) for w in words) + pad)
    spare = max(0.0, width - sum(mins))
    return [m + spare * share for m, (_l, share, _t) in zip(mins, COLUMNS, strict=False)]
