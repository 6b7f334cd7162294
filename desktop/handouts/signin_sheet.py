"""The paper sign-in sheet, for when the laptop is busy.

Blank numbered rows (nobody reads anyone else's details off a printed list),
each with a short code, so the host can type the rows in later and each
sign-in is counted once. The columns are the kiosk's: first name (the only
one needed) and the optional ones, with the consent wording the kiosk shows.
"""

from __future__ import annotations

from reportlab.lib.enums import TA_CENTER
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from desktop.handouts.data import SessionInfo, row_code
from desktop.handouts.layout import Meta, Options, TickBox, build_pdf, date_text, page_size, para, styles_for
from desktop.handouts.typefaces import text_width
from desktop.i18n import N_

# The very words the kiosk asks people to agree to, so paper and screen promise the same.
from desktop.signin.people import CONSENT_WORDING as CONTACT_CONSENT

PHOTO_CONSENT = N_("Photos of me may be taken and shared by the organisers.")
# (heading, share of the width left over, is a tick box). The row code carries the row number.
COLUMNS = (
    (N_("Code"), 0.0, False),
    (N_("First name *"), 0.3, False),
    (N_("Last name"), 0.22, False),
    (N_("Pronouns"), 0.13, False),
    (N_("Phone or email"), 0.35, False),
    (N_("OK to contact?"), 0.0, True),
    (N_("Photos OK?"), 0.0, True),
    (N_("First time here?"), 0.0, True),
)


def signin_sheet_pdf(info: SessionInfo, options: Options, rows: int | None = None) -> bytes:
    t, theme = options.t, options.theme
    st = styles_for(theme)
    width = page_size(options, wide=True)[0] - 2 * theme.margin
    count = rows or max((info.people and len(info.people)) or 0, 20)
    head = [
        para(t(label), st.small, bold=not options.large_print, align=TA_CENTER if tick else None)
        for label, _w, tick in COLUMNS
    ]
    row_height = theme.body * (2.4 if options.large_print else 2.2)
    table_rows: list[list[Flowable | str]] = [head]
    for n in range(1, count + 1):
        cells: list[Flowable | str] = [para(row_code(info, n), st.small)]
        cells += ["" for _ in COLUMNS[1:5]]
        cells += [TickBox(theme.body * 0.9, theme.rule_width) for _ in COLUMNS[5:]]
        table_rows.append(cells)
    table = Table(
        table_rows,
        colWidths=_widths(options, width, row_code(info, count)),
        rowHeights=[None] + [row_height] * count,
        repeatRows=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), theme.rule_width, theme.rule),
                ("BACKGROUND", (0, 0), (-1, 0), theme.tint),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (6, 1), (-1, -1), "CENTER"),
            ]
        )
    )
    when = date_text(info.starts_at, options)
    story: list[Flowable] = [
        para(t(N_("Sign-in sheet")), st.h1),
        para(" · ".join(x for x in (info.title, info.venue_name, when) if x), st.body),
        para(t(N_("Only your first name is needed. Everything else is up to you.")), st.body),
        para(t(N_("Ticking “OK to contact?” means: {consent}")).format(consent=t(CONTACT_CONSENT)), st.small),
        para(t(N_("Ticking “Photos OK?” means: {consent}")).format(consent=t(PHOTO_CONSENT)), st.small),
        Spacer(1, theme.body * 0.4),
        table,
        Spacer(1, theme.body * 0.6),
        para(
            t(
                N_(
                    "For the host: type these rows in afterwards; the code ({code}-…) keeps each row from being "
                    "entered twice."
                )
            ).format(code=info.short_code),
            st.small,
        ),
    ]
    return build_pdf(
        story, Meta(t(N_("Sign-in sheet")) + f" — {info.title}", subject=info.venue_name), options, wide=True
    )


def _widths(options: Options, width: float, widest_code: str) -> list[float]:
    """Each column at least as wide as its longest header word (no word split), the rest shared out."""
    size, pad = options.theme.small, 14
    mins = []
    for label, _share, _tick in COLUMNS:
        words = options.t(label).split() + ([widest_code] if label == "Code" else [])
        mins.append(max(text_width(w, size, bold=not options.large_print) for w in words) + pad)
    spare = max(0.0, width - sum(mins))
    return [m + spare * share for m, (_l, share, _t) in zip(mins, COLUMNS, strict=False)]
