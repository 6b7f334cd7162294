"""The printed report: one filtered report as a page or two a coordinator hands to a board or a funder.

It says which sessions it covers (the filter in words), the key figures, what the chapter changed
and what followed, the charts (vector drawings, sharp at any size), every table of
``ReportData.tables`` and how each number was counted; a period with no sessions held says so in one
line instead. It carries no personal names: no comments, no lists of people, only counts, and every
count from 1 to 4 reads "fewer than 5", its share "—" (the rules of ``tables.cell_text``).
Nothing in a chart is said by colour alone: each headcount source has its own fill pattern and a
legend, and every bar carries its label.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from desktop.dates import month_name
from desktop.handouts.layout import Meta, Options, Styles, Theme, build_pdf, page_size, para, styles_for
from desktop.handouts.typefaces import SANS, SANS_BOLD, register_fonts, text_width
from desktop.i18n import _, current_language
from desktop.reports.definitions import BARRIER_RATE, FIRST_TIMER, RETURNER, STAGE, VISIT
from desktop.reports.interventions import how_we_compared
from desktop.reports.report import HEADCOUNT_SOURCES
from desktop.reports.series import SOURCE_NAMES, AttendanceMonth
from desktop.reports.tables import SMALL_COUNT, ReportData, Share, TextTable, cell_text, count_text, day_text

# One colour and one fill pattern per headcount source; in large print every colour is black and the
# patterns alone tell the sources apart. The colours keep 3:1 or more against white paper.
SOURCE_COLOURS = {
    "kiosk": colors.HexColor("#1d4f7a"),
    "host": colors.HexColor("#8f4a00"),
    "paper": colors.HexColor("#5e3c99"),
    "estimate": colors.HexColor("#4d4d4d"),
}
SOURCE_PATTERNS = {"kiosk": "solid", "host": "vertical", "paper": "horizontal", "estimate": "outline"}


def report_pdf(data: ReportData, options: Options, *, made_on: date | None = None) -> bytes:
    """The report as PDF bytes, in the current language, on the paper of ``options``."""
    register_fonts()
    theme = options.theme
    st = styles_for(theme)
    width = page_size(options)[0] - 2 * theme.margin
    title = _("Report on our taster sessions")
    story: list[Flowable] = [
        para(title, st.h1),
        para(data.filter_words, st.h3),
    ]
    if made_on is not None:
        story.append(para(_("Made on {day}").format(day=day_text(made_on)), st.small))
    tables = data.tables()
    # The changes' table comes last in ``tables`` (the CSV's order); print puts it after the key figures.
    changes, tables = (tables[-1:], tables[:-1]) if data.interventions else ([], tables)
    rule = para(small_counts_rule(), st.small.clone("rule", spaceBefore=theme.small * 0.4))
    if data.empty:
        story.append(para(data.note(), st.body.clone("note", spaceBefore=theme.body)))
        if changes:
            story += [rule, *changes_flowables(changes, theme, width)]
    else:
        story += [
            key_figures(data, theme, width),
            # Said where the first "fewer than 5" is read, not only under "how we counted".
            rule,
            *changes_flowables(changes, theme, width),
            _figure(
                _("Attendance by month, by where the headcount came from"), attendance_drawing(data, theme, width), st
            ),
            _figure(_("What made it hard to come: share of exit cards"), barrier_drawing(data, theme, width), st),
            _figure(_("People at each step of the ladder"), funnel_drawing(data, theme, width), st),
        ]
        # The key figures stand in their box above; the rest follow, each under its caption.
        story += tables_flowables(tables[1:], theme, width)
    explained = st.small.clone("explained", textColor=theme.ink, spaceAfter=theme.small * 0.3)
    rules = [] if data.empty else [_(rule) for rule in (VISIT, FIRST_TIMER, RETURNER, BARRIER_RATE, STAGE)]
    rules += how_we_compared() if changes else []
    if rules:
        story.append(para(_("How we counted"), st.h2))
        story += [para(words, explained) for words in rules]
    return build_pdf(story, Meta(title=title, subject=data.filter_words), options)


def small_counts_rule() -> str:
    return _(
        "To protect the people who came, any count from 1 to {last} is shown as “fewer than {n}” and a share "
        "made of it as “—”. Charts draw the real numbers."
    ).format(last=SMALL_COUNT - 1, n=SMALL_COUNT)


def _figure(caption: str, drawing: Drawing, st: Styles) -> Flowable:
    return KeepTogether([para(caption, st.h2), drawing, Spacer(1, 4)])


# Key figures ----------------------------------------------------------------------------------------


def key_figures(data: ReportData, theme: Theme, width: float) -> Flowable:
    """The key figures table (the first of ``tables.report_tables``), large, each number over its name."""
    summary = data.tables()[0]
    figures = [(number, name) for name, number in summary.rows]
    st = styles_for(theme)
    big = st.h1.clone("figure", fontSize=theme.h2, leading=theme.h2 * 1.25, alignment=1)
    small = st.small.clone("figure-name", alignment=1)
    per_row = 3 if theme.body == theme.small else len(figures)  # large print: room for whole words
    cells: list[list[Paragraph | str]] = []
    for i in range(0, len(figures), per_row):
        chunk = figures[i : i + per_row]
        padding = [""] * (per_row - len(chunk))
        cells += [[para(n, big) for n, _w in chunk] + padding, [para(w, small) for _n, w in chunk] + padding]
    table = Table(cells, colWidths=[width / per_row] * per_row)
    style: list[tuple[object, ...]] = [
        ("BACKGROUND", (0, 0), (-1, -1), theme.tint),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    for row in range(0, len(cells), 2):  # a box around each figure: its number over its name
        style += [
            ("BOX", (0, row), (-1, row + 1), theme.rule_width, theme.rule),
            ("LINEAFTER", (0, row), (-2, row + 1), theme.rule_width, theme.rule),
        ]
    table.setStyle(TableStyle(style))
    return table


# Tables ---------------------------------------------------------------------------------------------


def tables_flowables(tables: Sequence[TextTable], theme: Theme, width: float) -> list[Flowable]:
    """Every table under its caption. Narrow tables (three columns or fewer) stand three side by side in
    normal print, so the report keeps to two pages; large print gives each the full width."""
    st = styles_for(theme)

    caption = st.h3 if theme.body == theme.small else st.h3.clone("caption", fontSize=theme.body, spaceBefore=2)

    def captioned(table: TextTable, w: float) -> list[Flowable]:
        return [para(table.caption, caption), text_table(table, theme, w)]

    # Side by side, the longest pairs with the next longest: the pairs then waste the least height.
    narrow = sorted((t for t in tables if len(t.headers) <= 3), key=lambda t: -len(t.rows))
    wide = [t for t in tables if len(t.headers) > 3]
    out: list[Flowable] = []
    if theme.body == theme.small:  # large print
        return [KeepTogether(captioned(t, width)) for t in tables]
    gap, across = 5 * mm, 3
    column = (width - gap * (across - 1)) / across
    for i in range(0, len(narrow), across):
        row = narrow[i : i + across]
        cells = [captioned(t, column) for t in row] + [[]] * (across - len(row))
        grid = Table([cells], colWidths=[column + gap] * (across - 1) + [column], hAlign="LEFT")
        grid.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-2, -1), gap),
                    ("RIGHTPADDING", (-1, 0), (-1, -1), 0),
                ]
            )
        )
        out.append(grid)
    out += [KeepTogether(captioned(t, width)) for t in wide]
    return out


def changes_flowables(tables: Sequence[TextTable], theme: Theme, width: float) -> list[Flowable]:
    """The changes' table (``tables.interventions_table``) as print reads it best: under its caption, each
    change in words ("Change · venue · from"), its measures before and after, then its warning. The
    same cells as the CSV, grouped by change instead of repeated on every row."""
    st = styles_for(theme)
    out: list[Flowable] = []
    for table in tables:
        out.append(para(table.caption, st.h2))
        groups: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
        for row in table.rows:
            groups.setdefault(row[:3], []).append(row[3:])
        heads = table.headers[3:6]
        warning_style = st.small.clone("warning", textColor=theme.ink, spaceBefore=2)
        for (change, venue, start), rows in groups.items():
            title = para(f"{change} · {venue} · {table.headers[2]} {start}", st.h3)
            measures = TextTable("", heads, tuple(r[:3] for r in rows))
            piece: list[Flowable] = [title, text_table(measures, theme, width)]
            warning = " ".join(r[3] for r in rows if r[3])
            if warning:
                piece.append(para(f"{table.headers[6]}: {warning}", warning_style))
            out.append(KeepTogether(piece))
    return out


def text_table(table: TextTable, theme: Theme, width: float) -> Flowable:
    """A report table: header in bold, numbers right-aligned, rows over pages with the header repeated."""
    st = styles_for(theme)
    # Normal print sets tables a point under the small text, so the report keeps to two pages.
    size = theme.small if theme.body == theme.small else theme.small - 1
    cell = st.small.clone("cell", fontSize=size, leading=size * 1.25, textColor=theme.ink, spaceAfter=0)
    head = cell.clone("head", fontName=SANS_BOLD)
    number = cell.clone("number", alignment=2)
    head_number = head.clone("head-number", alignment=2)
    rows: list[list[Paragraph]] = [[para(h, head if i == 0 else head_number) for i, h in enumerate(table.headers)]]
    rows += [[para(c, cell if i == 0 else number) for i, c in enumerate(row)] for row in table.rows]
    out = Table(rows, colWidths=column_widths(table, size, width), repeatRows=1, hAlign="LEFT")
    out.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, 0), theme.rule_width * 1.5, theme.ink),
                ("LINEBELOW", (0, 1), (-1, -1), theme.rule_width * 0.5, theme.rule),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )
    )
    return out


def column_widths(table: TextTable, size: float, width: float) -> list[float]:
    """Each number column as wide as its widest cell (so "fewer than 5" stays on one line) or its longest
    heading word; the labels' column takes what is left, at least a third of the width."""
    padding = 6
    numbers = []
    for i in range(1, len(table.headers)):
        # In a wide table, a long cell (a warning) wraps: it asks for a quarter of the width at most.
        cap = width / 4 if len(table.headers) > 3 else width
        cells = [min(text_width(row[i], size), cap) for row in table.rows]
        words = table.headers[i].split() or [""]
        widest = cells + [text_width(w, size, bold=True) for w in words]
        numbers.append(max(widest) + padding)
    room = width * 2 / 3
    if sum(numbers) > room:
        numbers = [n * room / sum(numbers) for n in numbers]
    # What is left over is shared: the labels' column gets it, the numbers a fair part when there is much.
    spare = width - sum(numbers)
    label = max(width / 3, min(spare, width * 0.45)) if len(numbers) > 2 else spare
    extra = (spare - label) / len(numbers) if numbers else 0
    return [label] + [n + extra for n in numbers]


# Charts (vector drawings) ---------------------------------------------------------------------------


def _nice_step(top: float, ticks: int = 4) -> int:
    """A round step (1, 2, 5, 10, 20, 50…) that splits 0..top into about ``ticks`` parts."""
    raw = max(top / ticks, 1)
    power = 10 ** math.floor(math.log10(raw))
    return int(next(m * power for m in (1, 2, 5, 10) if m * power >= raw))


def _fill(d: Drawing, x: float, y: float, w: float, h: float, source: str, theme: Theme) -> None:
    """One stacked piece, in its source's colour and pattern."""
    colour = colors.black if theme.muted == colors.black else SOURCE_COLOURS[source]
    pattern = SOURCE_PATTERNS[source]
    solid = pattern == "solid"
    d.add(Rect(x, y, w, h, fillColor=colour if solid else colors.white, strokeColor=colour, strokeWidth=0.8))
    gap = 2.2
    if pattern == "vertical":
        xs = x + gap
        while xs < x + w:
            d.add(Line(xs, y, xs, y + h, strokeColor=colour, strokeWidth=0.7))
            xs += gap
    elif pattern == "horizontal":
        ys = y + gap
        while ys < y + h:
            d.add(Line(x, ys, x + w, ys, strokeColor=colour, strokeWidth=0.7))
            ys += gap


def _month_tick(month: AttendanceMonth, first: bool) -> str:
    short = month_name(month.month, current_language())[:3]
    return f"{short} {month.year}" if first or month.month == 1 else short


def attendance_drawing(data: ReportData, theme: Theme, width: float) -> Drawing:
    """Stacked bars, one a month, split by where the headcount came from, with a legend in words."""
    months = data.attendance.months
    font = max(theme.small, 8)
    # The legend's entries, laid out in as many lines as the width needs (large print takes more).
    entries: list[tuple[float, int, str, str]] = []
    x, line = 0.0, 0
    for source in HEADCOUNT_SOURCES:
        name = _(SOURCE_NAMES[source])
        needed = font * 2.4 + text_width(name, font)
        if x and x + needed > width:
            x, line = 0.0, line + 1
        entries.append((x, line, source, name))
        x += needed
    legend_h = font * 1.6 * (line + 1) + font * 0.6
    plot_height = 40 * mm if theme.body != theme.small else 60 * mm
    height = plot_height + font * 2.4 + legend_h + 4
    d = Drawing(width, height)
    left, bottom, top = text_width("0000", font) + 6, font * 2.4, height - legend_h
    plot_w, plot_h = width - left - 4, top - bottom - 4
    totals = [sum(m.by_source[s] for s in HEADCOUNT_SOURCES) for m in months]
    peak = max(totals, default=0)
    step = _nice_step(peak or 1)
    scale_top = step * max(1, math.ceil((peak or 1) / step))
    for k in range(0, scale_top + 1, step):
        y = bottom + plot_h * k / scale_top
        d.add(Line(left, y, left + plot_w, y, strokeColor=theme.rule, strokeWidth=0.3))
        d.add(String(left - 3, y - font / 3, str(k), fontName=SANS, fontSize=font, textAnchor="end"))
    if months:
        slot = plot_w / len(months)
        bar = slot * 0.7
        every = max(1, math.ceil(len(months) * text_width("Mmm 0000", font) / plot_w))
        for i, month in enumerate(months):
            x = left + i * slot + (slot - bar) / 2
            y = bottom
            for source in HEADCOUNT_SOURCES:
                n = month.by_source[source]
                if n:
                    h = plot_h * n / scale_top
                    _fill(d, x, y, bar, h, source, theme)
                    y += h
            if i % every == 0:
                d.add(
                    String(
                        x + bar / 2,
                        bottom - font * 1.3,
                        _month_tick(month, i == 0),
                        fontName=SANS,
                        fontSize=font,
                        textAnchor="middle",
                    )
                )
    else:
        d.add(String(left + plot_w / 2, bottom + plot_h / 2, _("No sessions"), fontName=SANS, fontSize=font))
    d.add(Line(left, bottom, left + plot_w, bottom, strokeColor=theme.ink, strokeWidth=theme.rule_width))
    # The legend: each source's swatch, in its pattern, beside its name.
    for x, line, source, name in entries:
        y = height - font * 1.6 * (line + 1)
        _fill(d, x, y, font, font, source, theme)
        d.add(String(x + font * 1.4, y + font * 0.1, name, fontName=SANS, fontSize=font))
    return d


def _labelled_bars(
    rows: Sequence[tuple[str, float, str]], theme: Theme, width: float, *, centred: bool = False
) -> Drawing:
    """Horizontal bars, each with its label on the left and its value in words on the right.

    ``rows`` are (label, length from 0 to 1, value text). ``centred`` draws a funnel.
    """
    font = max(theme.small, 8)
    row_h = font * 1.8
    height = row_h * len(rows) + 4
    d = Drawing(width, height)
    label_w = max((text_width(label, font) for label, _l, _v in rows), default=0) + 8
    value_w = max((text_width(value, font) for _l, _f, value in rows), default=0) + 8
    plot_w = max(width - label_w - value_w, 10)
    colour = theme.accent
    for i, (label, length, value) in enumerate(rows):
        y = height - (i + 1) * row_h
        bar_w = plot_w * max(0.0, min(1.0, length))
        x = label_w + ((plot_w - bar_w) / 2 if centred else 0)
        d.add(String(label_w - 6, y + row_h * 0.35, label, fontName=SANS, fontSize=font, textAnchor="end"))
        if bar_w > 0:
            d.add(Rect(x, y + row_h * 0.15, bar_w, row_h * 0.7, fillColor=colour, strokeColor=colour))
        d.add(String(label_w + plot_w + 6, y + row_h * 0.35, value, fontName=SANS_BOLD, fontSize=font))
    return d


def barrier_drawing(data: ReportData, theme: Theme, width: float) -> Drawing:
    """Each barrier's share of exit cards over the whole report, the share written beside its bar."""
    from desktop.vocabulary import BARRIER_LABELS, BARRIERS

    r = data.report
    peak = max((r.barrier_share(b) for b in BARRIERS), default=0.0) or 1.0
    # The share written beside a bar follows the tables' rule: hidden ("—") when its count is.
    shares = {b: Share(r.barriers.get(b, 0), r.exit_cards) for b in BARRIERS}
    rows = [(_(BARRIER_LABELS[b]), shares[b] / peak, cell_text(shares[b])) for b in BARRIERS]
    return _labelled_bars(rows, theme, width)


def funnel_drawing(data: ReportData, theme: Theme, width: float) -> Drawing:
    """The ladder as a funnel: people at each step, the count (or "fewer than 5") beside each bar."""
    from desktop.reports.ladder import STAGE_NAMES

    people = data.funnel.people
    peak = max(people.values(), default=0) or 1
    rows = [(_(STAGE_NAMES[s]), n / peak, count_text(n)) for s, n in people.items()]
    return _labelled_bars(rows, theme, width, centred=True)
