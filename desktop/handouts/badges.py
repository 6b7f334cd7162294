"""Name badges: the first name large, the rest of the name smaller, pronouns, and a "no photos" band.

A name shrinks to fit and breaks only between words, never inside one (see
``canvas_text.fit_words``), so every name reads back whole from the PDF.

The band is coloured and always carries a crossed-out camera and the words
"No photos", so it says the same thing in black and white or to someone who
does not see the colour. Badges come from a session's sign-ins or from a list
of names (one per line, or CSV with a header) so hosts can print ahead.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Table, TableStyle

from desktop.handouts.canvas_text import SizedLine, draw_centered, fit_words, lines_height
from desktop.handouts.data import HandoutError, Person
from desktop.handouts.layout import Meta, Options, Theme, build_pdf, fitted, page_size
from desktop.handouts.personal import personal_options
from desktop.handouts.typefaces import SANS, SANS_BOLD
from desktop.i18n import N_, _

MAX_NAMES = 2000
_FIRST = ("first_name", "first name", "firstname", "first", "name", "nombre", "given name")
_WHOLE = ("name", "nombre")  # columns that may hold a whole name
_LAST = ("last_name", "last name", "lastname", "surname", "apellido", "apellidos", "family name")
_PRONOUNS = ("pronouns", "pronombres")
_PHOTO = ("photo_consent", "photos", "photo", "photos ok", "fotos")
_NO = ("no", "n", "false", "0", "none", "no photos")


def read_names(path: Path) -> list[Person]:
    """People from a names file: one name per line (its first word the first name), or CSV with a header row."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise HandoutError(_("Could not read {path}: {error}").format(path=path, error=exc.strerror or exc)) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # a spreadsheet saved on Windows
    return parse_names(text)


def parse_names(text: str) -> list[Person]:
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise HandoutError(_("The names file is empty: put one name on each line."))
    header = [h.strip().lower() for h in next(csv.reader([lines[0]], _dialect(lines[0])))]
    people: list[Person] = []
    has_header = any(h in _FIRST for h in header) and (len(header) > 1 or header[0] in _FIRST[:5])
    if has_header:
        reader = csv.reader(io.StringIO("\n".join(lines[1:])), _dialect(lines[0]))
        col = {name: i for i, name in enumerate(header)}

        def pick(row: list[str], keys: tuple[str, ...]) -> str:
            for k in keys:
                if k in col and col[k] < len(row):
                    return row[col[k]].strip()
            return ""

        # A "name" column with no surname column holds whole names, as a plain line does.
        whole_names = not any(k in col for k in _LAST) and not any(k in col for k in _FIRST if k not in _WHOLE)
        for row in reader:
            first = pick(row, _FIRST)
            if not first:
                continue
            first, last = split_name(first) if whole_names else (first, pick(row, _LAST))
            photo = pick(row, _PHOTO).lower()
            people.append(
                Person(
                    first_name=first,
                    last_name=last,
                    pronouns=pick(row, _PRONOUNS),
                    photo_ok=None if not photo else photo not in _NO,
                )
            )
    else:
        people = [Person(*split_name(line)) for line in lines]
    if len(people) > MAX_NAMES:
        raise HandoutError(
            _("That is {n} names; badges print at most {max} at a time.").format(n=len(people), max=MAX_NAMES)
        )
    if not people:
        raise HandoutError(_("No names found in the file."))
    return people


def split_name(whole: str) -> tuple[str, str]:
    """A whole name as (first name, the rest): the first word is the name to call someone by.

    So a long surname on a badge shrinks or wraps on its own line, and the first name stays large.
    """
    first, _space, rest = " ".join(whole.split()).partition(" ")
    return first, rest


def _dialect(line: str) -> type[csv.Dialect]:
    class D(csv.excel):
        delimiter = ";" if line.count(";") > line.count(",") else "\t" if "\t" in line else ","

    return D


class NoPhotoSymbol(Flowable):
    """A camera with a line through it, drawn (not a glyph), so it prints in any font."""

    def __init__(self, size: float, color: colors.Color) -> None:
        super().__init__()
        self.size, self.color = size, color

    def wrap(self, *_a: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        c, s = self.canv, self.size
        c.saveState()
        c.setStrokeColor(self.color)
        c.setFillColor(self.color)
        c.setLineWidth(max(1.0, s * 0.07))
        c.roundRect(s * 0.1, s * 0.22, s * 0.8, s * 0.52, s * 0.08, stroke=1, fill=0)
        c.rect(s * 0.34, s * 0.74, s * 0.3, s * 0.1, stroke=1, fill=1)
        c.circle(s * 0.5, s * 0.48, s * 0.16, stroke=1, fill=0)
        c.setLineWidth(max(1.4, s * 0.1))
        c.line(s * 0.08, s * 0.08, s * 0.92, s * 0.92)
        c.restoreState()


def name_lines(person: Person, width: float, height: float, theme: Theme) -> tuple[list[SizedLine], list[SizedLine]]:
    """The first name (large, bold) and the rest of the name (smaller), each fitted without breaking a word.

    The rest of the name takes at most two fifths of the box and always prints
    smaller than the first name, so the name people call each other by stands out.
    """
    rest: list[SizedLine] = []
    if person.last_name.strip():
        rest = _rest_lines(person.last_name, width, height * 0.4, theme, theme.title * 0.55)
    room = height - lines_height(rest) - (theme.body * 0.3 if rest else 0)
    first = fit_words(
        person.first_name,
        width,
        room,
        size=theme.title,
        readable=theme.title * 0.6,
        floor=theme.body * 1.4,
        bold=True,
    )
    smallest_first = min((line.size for line in first), default=theme.title)
    if rest and max(line.size for line in rest) > smallest_first * 0.75:
        # Smaller than the first name, but not unreadably small because the first name is one very long word.
        cap = smallest_first * 0.75
        if cap < _rest_floor(theme):
            cap = min(_rest_floor(theme), smallest_first * 0.9)
        rest = _rest_lines(person.last_name, width, height * 0.4, theme, cap)
    return first, rest


def _rest_floor(theme: Theme) -> float:
    return max(theme.body * 1.1, 12)


def _rest_lines(text: str, width: float, height: float, theme: Theme, size: float) -> list[SizedLine]:
    floor = _rest_floor(theme)
    return fit_words(
        text, width, height, size=size, readable=min(size, max(theme.title * 0.35, floor)), floor=min(size, floor)
    )


class Badge(Flowable):
    def __init__(self, person: Person | None, width: float, height: float, options: Options) -> None:
        super().__init__()
        self.person, self.width, self.height, self.options = person, width, height, options

    def wrap(self, *_a: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c, theme, t = self.canv, self.options.theme, self.options.t
        w, h, pad = self.width, self.height, self.height * 0.07
        c.setStrokeColor(theme.rule)
        c.setLineWidth(theme.rule_width)
        c.setDash(3, 3)  # cut line
        c.rect(0, 0, w, h)
        c.setDash()
        p = self.person
        if p is None:
            return
        band = h * 0.22 if p.photo_ok is False else 0
        small = ParagraphStyle(
            "badge-small",
            fontName=SANS,
            fontSize=max(theme.body * 1.2, 14),
            leading=max(theme.body * 1.2, 14) * 1.2,
            alignment=TA_CENTER,
            textColor=theme.ink,
        )
        hello = fitted(t(N_("Hello, my name is")), small, w - 2 * pad, small.leading * 1.1, min_size=small.fontSize)
        _hw, hh = hello.wrap(w - 2 * pad, h)
        hello.drawOn(c, pad, h - pad - hh)
        pronoun_h = small.leading * 1.2 if p.pronouns else 0
        name_box = h - 2 * pad - hh - band - pronoun_h
        first, rest = name_lines(p, w - 2 * pad, name_box, theme)
        gap = theme.body * 0.3 if rest else 0
        used = lines_height(first) + gap + lines_height(rest)
        top = band + pad + pronoun_h + name_box - (name_box - used) / 2
        c.setFillColor(theme.ink)
        below = draw_centered(c, first, pad, top, w - 2 * pad)
        draw_centered(c, rest, pad, below - gap, w - 2 * pad)
        if p.pronouns:
            pr = fitted(p.pronouns, small, w - 2 * pad, pronoun_h, min_size=min(small.fontSize, 12))
            _pw, _ph = pr.wrap(w - 2 * pad, pronoun_h)
            pr.drawOn(c, pad, band + pad * 0.6)
        if band:
            c.setFillColor(theme.no_photo_band)
            c.rect(0, 0, w, band, stroke=0, fill=1)
            icon = band * 0.72
            NoPhotoSymbol(icon, colors.white).drawOn(c, pad, (band - icon) / 2)
            label_style = ParagraphStyle(
                "band",
                fontName=SANS_BOLD,
                fontSize=max(theme.body * 1.3, 16),
                leading=max(theme.body * 1.3, 16) * 1.1,
                textColor=colors.white,
            )
            label = fitted(
                t(N_("No photos, please")), label_style, w - icon - 3 * pad, band * 0.9, bold=True, min_size=12, align=0
            )
            _lw, lh = label.wrap(w - icon - 3 * pad, band)
            label.drawOn(c, icon + 2 * pad, (band - lh) / 2)


def badges_pdf(people: list[Person], options: Options, title: str = "") -> bytes:
    if not people:
        raise HandoutError(
            _(
                "Nobody to make badges for: no one has signed in to this session yet. "
                "Use --names FILE to print badges ahead."
            )
        )
    theme = options.theme
    pw, ph = page_size(options)
    cols, rows = (1, 3) if options.large_print else (2, 4)
    width = (pw - 2 * theme.margin) / cols
    height = (ph - 2 * theme.margin) / rows - 1
    # Each badge speaks its person's language; the document's title stays in the session's.
    cells = [Badge(p, width, height, personal_options(options, p)) for p in people]
    cells += [Badge(None, width, height, options)] * (-len(cells) % cols)
    grid = [cells[i : i + cols] for i in range(0, len(cells), cols)]
    table = Table(grid, colWidths=[width] * cols, rowHeights=[height] * len(grid))
    table.setStyle(
        TableStyle(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    t = options.t
    return build_pdf([table], Meta(t(N_("Name badges")) + (f" — {title}" if title else "")), options, footer=False)
