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
from collections.abc import Callable, Sequence
from datetime import date

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BalancedColumns,
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from desktop.dates import month_name
from desktop.handouts.layout import Meta, Options, Theme, build_pdf, page_size, para, styles_for
from desktop.handouts.typefaces import SANS, SANS_BOLD, register_fonts, text_width
from desktop.i18n import _, current_language
from desktop.reports.definitions import BARRIER_RATE, FIRST_TIMER, RETURNER, STAGE, VISIT
from desktop.reports.filters import ReportFilter, describe
from desktop.reports.interventions import how_we_compared
from desktop.reports.report import HEADCOUNT_SOURCES
from desktop.reports.series import SOURCE_NAMES, AttendanceMonth, BarrierMonth
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
    """The report as PDF bytes, in the current language, on the paper of ``options``.

    Normal print keeps to two pages: the key figures across the top, each chart with its table beside it,
    the short tables three across, a long table (many months) in balanced columns, and "how we counted"
    in a smaller closing block. Large print sets everything one under the other at 18 pt and up; a table
    too wide for the page is cut into parts that each repeat its first column, so no word is ever split.
    """
    register_fonts()
    theme = options.theme
    st = styles_for(theme)
    width = page_size(options)[0] - 2 * theme.margin
    title = report_title(data)
    story: list[Flowable] = [para(title, st.h1.clone("title", fontSize=theme.h2 if _normal(theme) else theme.h1))]
    f = data.attendance.filter
    if f.lesson_ids or f.languages:  # the filter in full: the title leaves out its lessons and languages
        story.append(para(data.filter_words, st.h3.clone("filter", spaceBefore=0)))
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
        _key, headcount, ratings, will_return, barriers, ladder, attendance, barrier_months = tables
        if len(attendance.rows) > LONG_TABLE:  # many months: "Sep 2026", so the table fits two columns
            attendance = short_months(attendance, data.attendance.months)
            barrier_months = short_months(barrier_months, data.barriers.months)
        story += [
            key_figures(data, theme, width),
            # Said where the first "fewer than 5" is read, not only under "how we counted".
            rule,
            *changes_flowables(changes, theme, width),
            *figure(
                _("Attendance by month, by where the headcount came from"),
                lambda w: attendance_drawing(data, theme, w),
                attendance,
                theme,
                width,
            ),
            *figure(
                _("What made it hard to come: share of exit cards"),
                lambda w: barrier_drawing(data, theme, w),
                barriers,
                theme,
                width,
            ),
            *figure(
                _("People at each step of the ladder"), lambda w: funnel_drawing(data, theme, w), ladder, theme, width
            ),
            *tables_flowables([headcount, ratings, will_return, barrier_months], theme, width),
        ]
    rules = [] if data.empty else [_(rule) for rule in (VISIT, FIRST_TIMER, RETURNER, BARRIER_RATE, STAGE)]
    rules += how_we_compared() if changes else []
    if rules:
        story += how_we_counted(rules, theme, width)
    return build_pdf(story, Meta(title=title, subject=data.filter_words), options)


def report_title(data: ReportData) -> str:
    """What and where, e.g. "Sessions from 1 September to 30 November 2026 at all venues": the filter's
    dates and venues in words (by ``filters.describe``); its lessons and languages follow under it."""
    f = data.attendance.filter
    period = describe(ReportFilter(f.start, f.end), {})
    if f.venue_ids:
        return describe(ReportFilter(f.start, f.end, f.venue_ids), data.names)
    return _("{sessions} at {venues}").format(sessions=period, venues=_("all venues"))


def small_counts_rule() -> str:
    return _(
        "To protect the people who came, any count from 1 to {last} is shown as “fewer than {n}” and a share "
        "made of it as “—”. Charts draw the real numbers."
    ).format(last=SMALL_COUNT - 1, n=SMALL_COUNT)


def _normal(theme: Theme) -> bool:
    return theme.body != theme.small  # large print sets all its text at one size


def table_size(theme: Theme) -> float:
    """Tables' type: compact in normal print (the report keeps to two pages), 18 pt in large print."""
    return theme.small - 1.5 if _normal(theme) else theme.small


def caption_style(theme: Theme) -> ParagraphStyle:
    st = styles_for(theme)
    if _normal(theme):
        return st.h3.clone("caption", fontSize=theme.body - 1, leading=(theme.body - 1) * 1.25, spaceBefore=4)
    return st.h3.clone("caption", fontSize=theme.body, spaceBefore=2)


def side_by_side(cells: Sequence[Sequence[Flowable]], widths: Sequence[float], gap: float) -> Flowable:
    """Columns of flowables next to each other, tops aligned, ``gap`` between them."""
    grid = Table(
        [[list(c) for c in cells]],
        colWidths=[w + gap for w in widths[:-1]] + [widths[-1]],
        hAlign="LEFT",
    )
    grid.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-2, -1), gap),
                ("RIGHTPADDING", (-1, 0), (-1, -1), 0),
            ]
        )
    )
    return grid


GAP = 6 * mm
LONG_TABLE = 14  # rows: a table this long stands under its chart, in balanced columns, not beside it


def figure(
    caption: str, drawing: Callable[[float], Drawing], table: TextTable, theme: Theme, width: float
) -> list[Flowable]:
    """A chart under its caption with the table of its numbers beside it (normal print, when the table
    is short and narrow enough) or under it."""
    heading = para(caption, styles_for(theme).h2.clone("figure-caption", fontSize=caption_style(theme).fontSize))
    size = table_size(theme)
    needed = natural_width(table, size)
    if _normal(theme) and len(table.rows) <= LONG_TABLE and needed <= width * 0.55:
        table_w = max(needed, width * 0.3)
        chart_w = width - table_w - GAP
        beside = side_by_side([[drawing(chart_w)], [text_table(table, theme, table_w)]], [chart_w, table_w], GAP)
        return [KeepTogether([heading, beside, Spacer(1, 2)])]
    return [KeepTogether([heading, drawing(width)]), *table_block(table, theme, width, caption=False)]


def table_block(
    table: TextTable, theme: Theme, width: float, *, caption: bool = True, keep: bool = True
) -> list[Flowable]:
    """A table under its caption: in balanced columns when it is long and narrow (normal print), cut into
    parts by columns when it is too wide for the page."""
    size = table_size(theme)
    # A long table may start low on a page: its caption goes with its first rows, not with all of them.
    style = caption_style(theme).clone("long-caption", keepWithNext=0) if len(table.rows) > LONG_TABLE else None
    head: list[Flowable] = [CondPageBreak(size * 12), para(table.caption, style)] if style else []
    if caption and not style:
        head = [para(table.caption, caption_style(theme))]
    elif not caption:
        head = []
    if _normal(theme) and len(table.rows) > LONG_TABLE:
        for across in (3, 2):
            column = (width - GAP * (across - 1)) / across
            if natural_width(table, size) <= column and len(table.rows) >= across * 4:
                body = BalancedColumns([text_table(table, theme, column)], nCols=across, innerPadding=GAP)
                return [*head, body]
    parts = [text_table(part, theme, width) for part in fit_columns(table, size, width)]
    spaced = [p for part in parts for p in (part, Spacer(1, size * 0.6))][:-1]
    if keep and len(table.rows) <= LONG_TABLE:  # (not inside a table's cell, where it cannot work)
        return [KeepTogether([*head, *spaced])]
    return [*head, *spaced]


def short_months(table: TextTable, months: Sequence[AttendanceMonth | BarrierMonth]) -> TextTable:
    """``table`` (one row a month, in ``months``' order) with each month's name cut to its first three
    letters, as on the charts' axis: the same numbers, in less width."""
    language = current_language()
    rows = tuple(
        (f"{month_name(m.month, language)[:3]} {m.year}", *row[1:]) for m, row in zip(months, table.rows, strict=True)
    )
    return TextTable(table.caption, table.headers, rows)


def how_we_counted(rules: Sequence[str], theme: Theme, width: float) -> list[Flowable]:
    """The definitions, closing the report: in normal print a smaller block in two balanced columns."""
    st = styles_for(theme)
    heading = para(_("How we counted"), caption_style(theme).clone("counted", spaceBefore=6))
    if not _normal(theme):
        explained = st.small.clone("explained", textColor=theme.ink, spaceAfter=theme.small * 0.3)
        return [heading, *(para(words, explained) for words in rules)]
    size = theme.small - 1.5
    explained = st.small.clone("explained", fontSize=size, leading=size * 1.25, textColor=theme.ink, spaceAfter=2)
    body = BalancedColumns([para(words, explained) for words in rules], nCols=2, innerPadding=GAP)
    return [heading, body]


# Key figures ----------------------------------------------------------------------------------------


def key_figures(data: ReportData, theme: Theme, width: float) -> Flowable:
    """The key figures table (the first of ``tables.report_tables``), large, each number over its name."""
    summary = data.tables()[0]
    figures = [(number, name) for name, number in summary.rows]
    st = styles_for(theme)
    big = st.h1.clone("figure", fontSize=theme.h2, leading=theme.h2 * 1.2, alignment=1, spaceAfter=0)
    small = st.small.clone("figure-name", alignment=1, splitLongWords=0, spaceAfter=0)
    per_row = len(figures) if _normal(theme) else 3  # large print: room for whole words
    cells: list[list[Paragraph | str]] = []
    for i in range(0, len(figures), per_row):
        chunk = figures[i : i + per_row]
        padding = [""] * (per_row - len(chunk))
        cells += [[para(n, big) for n, _w in chunk] + padding, [para(w, small) for _n, w in chunk] + padding]
    table = Table(cells, colWidths=[width / per_row] * per_row)
    style: list[tuple[object, ...]] = [
        ("BACKGROUND", (0, 0), (-1, -1), theme.tint),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
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
    """Every table under its caption. Short narrow tables (three columns or fewer) stand three side by side
    in normal print, so the report keeps to two pages; large print gives each the full width."""
    if not _normal(theme):
        return [f for t in tables for f in table_block(t, theme, width)]
    size = table_size(theme)
    across = 3
    column = (width - GAP * (across - 1)) / across
    narrow = [t for t in tables if len(t.rows) <= LONG_TABLE and natural_width(t, size) <= column]
    rest = [t for t in tables if t not in narrow]
    out: list[Flowable] = []
    for i in range(0, len(narrow), across):
        row = narrow[i : i + across]
        cells = [table_block(t, theme, column, keep=False) for t in row] + [[]] * (across - len(row))
        out.append(side_by_side(cells, [column] * across, GAP))
    return out + [f for t in rest for f in table_block(t, theme, width)]


def changes_flowables(tables: Sequence[TextTable], theme: Theme, width: float) -> list[Flowable]:
    """The changes' table (``tables.interventions_table``) as print reads it best: under its caption, each
    change in words ("Change · venue · from"), its measures before and after, then its warning; in normal
    print two changes side by side. The same cells as the CSV, grouped by change instead of repeated on
    every row."""
    st = styles_for(theme)
    out: list[Flowable] = []
    normal = _normal(theme)
    across = 2 if normal else 1
    column = (width - GAP * (across - 1)) / across
    size = table_size(theme)
    for table in tables:
        out.append(para(table.caption, st.h2.clone("changes", fontSize=caption_style(theme).fontSize)))
        groups: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
        for row in table.rows:
            groups.setdefault(row[:3], []).append(row[3:])
        heads = table.headers[3:6]
        title_style = caption_style(theme).clone("change", fontSize=size + 1 if normal else theme.body, spaceBefore=2)
        warning_style = st.small.clone(
            "warning", textColor=theme.ink, spaceBefore=2, fontSize=size, leading=size * 1.25
        )
        pieces: list[list[Flowable]] = []
        for (change, venue, start), rows in groups.items():
            title = para(f"{change} · {venue} · {table.headers[2]} {start}", title_style)
            measures = TextTable("", heads, tuple(r[:3] for r in rows))
            piece: list[Flowable] = [
                title,
                *[text_table(t, theme, column) for t in fit_columns(measures, size, column)],
            ]
            warning = " ".join(r[3] for r in rows if r[3])
            if warning:
                piece.append(para(f"{table.headers[6]}: {warning}", warning_style))
            pieces.append(piece)
        for i in range(0, len(pieces), across):
            pair = pieces[i : i + across]
            if across == 1:
                out.append(KeepTogether(pair[0]))
            else:
                out.append(side_by_side(pair + [[]] * (across - len(pair)), [column] * across, GAP))
    return out


def _styles(theme: Theme) -> tuple[ParagraphStyle, ParagraphStyle, ParagraphStyle, ParagraphStyle]:
    """Cell, heading, number and number-heading styles. Headings never split a word (only break at
    spaces): each column is made at least as wide as its heading's longest word."""
    size = table_size(theme)
    cell = styles_for(theme).small.clone(
        "cell", fontSize=size, leading=size * 1.15, textColor=theme.ink, spaceAfter=0, splitLongWords=0
    )
    head = cell.clone("head", fontName=SANS_BOLD)
    return cell, head, cell.clone("number", alignment=2), head.clone("head-number", alignment=2)


def text_table(table: TextTable, theme: Theme, width: float) -> Flowable:
    """A report table: header in bold, numbers right-aligned, rows over pages with the header repeated."""
    cell, head, number, head_number = _styles(theme)
    rows: list[list[Paragraph]] = [[para(h, head if i == 0 else head_number) for i, h in enumerate(table.headers)]]
    rows += [[para(c, cell if i == 0 else number) for i, c in enumerate(row)] for row in table.rows]
    out = Table(rows, colWidths=column_widths(table, cell.fontSize, width), repeatRows=1, hAlign="LEFT")
    out.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, 0), theme.rule_width * 1.5, theme.ink),
                ("LINEBELOW", (0, 1), (-1, -1), theme.rule_width * 0.5, theme.rule),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("TOPPADDING", (0, 0), (-1, -1), 0.3 if _normal(theme) else 1),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0.8 if _normal(theme) else 1.5),
            ]
        )
    )
    return out


PADDING = 4  # a cell's left and right padding together (``text_table``)
LONG_CELL = 0.3  # of the width: a longer cell (a before/after with its counts) wraps at spaces


def _needed(texts: Sequence[str], size: float, bold: bool = False) -> float:
    """The width the longest of ``texts`` takes on one line (its words', when it is a heading)."""
    return max((text_width(t, size, bold=bold) for t in texts), default=0.0) + PADDING + 1


def natural_widths(table: TextTable, size: float, width: float | None = None) -> list[float]:
    """Each column as wide as its widest cell or its heading's longest word. When that is wider than
    ``width``, a long cell (a before/after with its counts) is capped at ``LONG_CELL`` of it, to wrap at
    spaces, but never below its longest word."""

    def widths(cap: float | None) -> list[float]:
        out = []
        for i, header in enumerate(table.headers):
            cells = [row[i] for row in table.rows]
            cell_w = _needed(cells, size)
            if cap is not None:
                cell_w = max(min(cell_w, cap), _needed([w for c in cells for w in c.split()], size))
            out.append(max(cell_w, _needed(header.split(), size, bold=True)))
        return out

    whole = widths(None)
    return whole if width is None or sum(whole) <= width else widths(width * LONG_CELL)


def natural_width(table: TextTable, size: float) -> float:
    return sum(natural_widths(table, size))


def fit_columns(table: TextTable, size: float, width: float) -> list[TextTable]:
    """``table`` as it fits ``width``: whole, or cut into parts by columns, each part repeating the first
    column (the rows' labels), the part's caption saying "(continued)"."""
    widths = natural_widths(table, size, width)
    if sum(widths) <= width or len(widths) <= 2:
        return [table]
    parts: list[list[int]] = [[]]
    used = widths[0]
    for i, w in enumerate(widths[1:], start=1):
        if parts[-1] and used + w > width:
            parts.append([])
            used = widths[0]
        parts[-1].append(i)
        used += w
    return [
        TextTable(
            table.caption,
            (table.headers[0], *(table.headers[i] for i in part)),
            tuple((row[0], *(row[i] for i in part)) for row in table.rows),
        )
        for part in parts
    ]


def column_widths(table: TextTable, size: float, width: float) -> list[float]:
    """Each column its natural width (``natural_widths``); what is left over goes to the labels' column,
    and to the rest in equal parts when the labels do not need it. Too wide a table (which
    ``fit_columns`` cuts first) is squeezed, its long cells wrapping at spaces."""
    widths = natural_widths(table, size, width)
    spare = width - sum(widths)
    if spare < 0:
        return [w * width / sum(widths) for w in widths]
    label_extra = min(spare, max(width * 0.45 - widths[0], 0)) if len(widths) > 2 else spare
    rest = (spare - label_extra) / (len(widths) - 1) if len(widths) > 1 else 0
    return [widths[0] + label_extra] + [w + rest for w in widths[1:]]


# Charts (vector drawings) ---------------------------------------------------------------------------


def chart_size(theme: Theme) -> float:
    """Charts' words: the tables' size in normal print, 18 pt in large print."""
    return table_size(theme) if _normal(theme) else theme.small


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
    font = chart_size(theme)
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
    plot_height = 30 * mm if _normal(theme) else 55 * mm
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
    font = chart_size(theme)
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
