"""Markdown (as lesson authors write it) into reportlab flowables.

Headings, paragraphs, lists, tables, quotes, code and pictures. Inline bold,
code and links keep their meaning on paper: a link prints its address, since
paper cannot be clicked. A picture that is missing or unreadable prints as a
short note naming it, never an error.

The tokens come from the product's one Markdown parser
(``desktop.lessons.markdown.lesson_markdown``), so paper shows what the lesson
reader and the previews read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markdown_it.token import Token
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, Image, Paragraph, Spacer, TableStyle, XPreformatted

from desktop.handouts.keep_with_next import RowKeepingTable
from desktop.handouts.layout import Options, Styles, para
from desktop.handouts.typefaces import SYMBOLS, clean, rich
from desktop.i18n import N_
from desktop.lessons.markdown import lesson_markdown

CODE_CHUNK_LINES = 40  # a code block is laid out in pieces this long, so 5,000 lines stay quick
MONO_ADVANCE = 0.6  # em width of every Noto Sans Mono character
CONTINUED = "↪"  # starts the rest of a wrapped code line; no program has it, so it reads as not code


@dataclass
class Rendered:
    flowables: list[Flowable] = field(default_factory=list)
    headings: list[tuple[int, str, int]] = field(default_factory=list)  # (level, text, index in flowables)
    links: list[tuple[str, str]] = field(default_factory=list)  # (text, url)
    chars: int = 0  # amount of prose, for dividing the teaching time


class MarkdownRenderer:
    def __init__(self, options: Options, styles: Styles, width: float, base_dir: Path | None) -> None:
        self.options, self.styles, self.width, self.base_dir = options, styles, width, base_dir

    def render(self, text: str, skip_heading: str = "", references: dict[str, Any] | None = None) -> Rendered:
        """``references``: the whole lesson's link definitions (``LessonDoc.references``), since
        ``text`` is one run of it and ``[text][label]`` may point to a definition elsewhere."""
        out = Rendered()
        tokens = lesson_markdown().parse(clean(text), {"references": dict(references or {})})
        self._blocks(tokens, 0, len(tokens), out, depth=0, skip_heading=skip_heading.strip())
        return out

    # -- blocks ---------------------------------------------------------------------------
    def _blocks(
        self,
        tokens: list[Token],
        i: int,
        end: int,
        out: Rendered,
        depth: int,
        skip_heading: str = "",
        quote: bool = False,
    ) -> None:
        list_stack: list[list[int]] = []  # per open list: [is_ordered, next number]
        list_start = 0  # where the outermost open list's flowables begin
        while i < end:
            tok = tokens[i]
            kind = tok.type
            if kind == "heading_open":
                inline = tokens[i + 1]
                text = inline.content
                if skip_heading and text.strip() == skip_heading:
                    skip_heading = ""
                else:
                    level = int(tok.tag[1])
                    style = {1: self.styles.h2, 2: self.styles.h2}.get(level, self.styles.h3)
                    out.headings.append((level, text, len(out.flowables)))
                    out.flowables.append(para_markup(self._inline(inline, out, bold=True), style))
                i += 3
                continue
            if kind == "paragraph_open":
                inline = tokens[i + 1]
                out.chars += len(inline.content)
                images = [c for c in inline.children or [] if c.type == "image"]
                for img in images:
                    out.flowables.append(self._image(img))
                if not images or _has_text_besides_images(inline):
                    style = self._style_for(depth, list_stack, quote)
                    bullet = None
                    if list_stack and tokens[i - 1].type == "list_item_open":
                        ordered = list_stack[-1][0]
                        bullet = f"{list_stack[-1][1]}." if ordered else "•"
                        list_stack[-1][1] += 1
                    paragraph = para_markup(self._inline(inline, out), style, bullet)
                    if not list_stack and _all_bold(inline):
                        paragraph.keepWithNext = 1  # "**Timings**" on a line of its own is a heading
                    out.flowables.append(paragraph)
                i += 3
                continue
            if kind in ("bullet_list_open", "ordered_list_open"):
                start = int(tok.attrGet("start") or 1) if kind == "ordered_list_open" else 1
                if not list_stack:
                    list_start = len(out.flowables)
                list_stack.append([kind == "ordered_list_open", start])
                depth += 1
            elif kind in ("bullet_list_close", "ordered_list_close"):
                list_stack.pop()
                depth -= 1
                if not list_stack:
                    _no_lone_last_item(out.flowables[list_start:])
                if depth == 0:
                    out.flowables.append(Spacer(1, self.styles.body.fontSize * 0.3))
            elif kind in ("fence", "code_block"):
                out.flowables.extend(code_flowables(tok.content, self.options, self.width))
            elif kind == "blockquote_open":
                close = _matching(tokens, i)
                self._blocks(tokens, i + 1, close, out, depth + 1, quote=True)
                i = close + 1
                continue
            elif kind == "table_open":
                close = _matching(tokens, i)
                out.flowables.append(self._table(tokens[i : close + 1], out))
                i = close + 1
                continue
            elif kind == "hr":
                out.flowables.append(Spacer(1, self.styles.body.fontSize))
            elif kind == "html_block":
                text = _strip_tags(tok.content).strip()
                if text:
                    out.flowables.append(para(text, self.styles.body))
            i += 1

    def _style_for(self, depth: int, list_stack: list[list[int]], quote: bool) -> ParagraphStyle:
        base = self.styles.body
        indent = base.fontSize * 1.6 * depth
        if not depth:
            return base
        return ParagraphStyle(
            f"body-{depth}",
            parent=base,
            leftIndent=indent,
            bulletIndent=indent - base.fontSize * 1.2,
            bulletFontName=base.fontName,
            bulletFontSize=base.fontSize,
            textColor=self.options.theme.muted if quote and not list_stack else base.textColor,
        )

    # -- inline ---------------------------------------------------------------------------
    def _inline(self, inline: Token, out: Rendered, bold: bool = False) -> str:
        parts: list[str] = []
        strong = int(bold)  # nesting depth of bold
        link: list[tuple[str, str]] = []  # open links: (url, text so far)
        for child in inline.children or []:
            t = child.type
            if t == "text":
                parts.append(rich(child.content, bold=strong > 0))
                if link:
                    link[-1] = (link[-1][0], link[-1][1] + child.content)
            elif t in ("softbreak",):
                parts.append(" ")
            elif t == "hardbreak":
                parts.append("<br/>")
            elif t == "strong_open":
                strong += 1
            elif t == "strong_close":
                strong = max(0, strong - 1)
            elif t in ("em_open", "s_open"):
                parts.append("<u>" if t == "em_open" else "<strike>")
            elif t in ("em_close", "s_close"):
                parts.append("</u>" if t == "em_close" else "</strike>")
            elif t == "code_inline":
                parts.append(rich(child.content, mono=True))
            elif t == "link_open":
                link.append((str(child.attrGet("href") or ""), ""))
            elif t == "link_close" and link:
                url, text = link.pop()
                if url and url.strip() != text.strip() and not url.startswith("#"):
                    parts.append(rich(f" ({url})"))
                if url.startswith(("http://", "https://")):
                    out.links.append((text.strip() or url, url))
            elif t == "html_inline" or t == "image":
                continue
        return "".join(parts)

    def _image(self, token: Token) -> Flowable:
        src = str(token.attrGet("src") or "")
        alt = token.content or Path(src).name
        t = self.options.t
        if src.startswith(("http://", "https://", "data:")):
            return para(t(N_("Picture: {alt} (online, not printed)")).format(alt=alt), self.styles.small)
        path = (self.base_dir / src) if self.base_dir and not Path(src).is_absolute() else Path(src)
        try:
            reader = ImageReader(str(path))
            w, h = reader.getSize()
            if w <= 0 or h <= 0:
                raise ValueError("empty image")
        except Exception:  # any unreadable picture prints as a note
            return para(
                t(N_("Picture not available: {alt} ({path})")).format(alt=alt, path=src),
                self.styles.small,
            )
        max_w, max_h = self.width, self.width * 0.9
        scale = min(max_w / w, max_h / h, 1.5)
        return Image(str(path), width=w * scale, height=h * scale)

    def _table(self, tokens: list[Token], out: Rendered) -> Flowable:
        rows: list[list[Flowable]] = []
        row: list[Flowable] = []
        header_rows = 0
        in_head = False
        for tok in tokens:
            if tok.type == "thead_open":
                in_head = True
            elif tok.type == "thead_close":
                in_head = False
            elif tok.type == "tr_open":
                row = []
            elif tok.type == "tr_close":
                rows.append(row)
                header_rows += 1 if in_head else 0
            elif tok.type == "inline":
                row.append(para_markup(self._inline(tok, out), self.styles.body))
        if not rows:
            return Spacer(1, 1)
        cols = max(len(r) for r in rows)
        for r in rows:
            r.extend(Spacer(1, 1) for _ in range(cols - len(r)))
        theme = self.options.theme
        table = RowKeepingTable(rows, colWidths=[self.width / cols] * cols, repeatRows=header_rows)
        commands = [
            ("GRID", (0, 0), (-1, -1), theme.rule_width, theme.rule),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
        if header_rows:
            commands.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), theme.tint))
        table.setStyle(TableStyle(commands))
        return table


def para_markup(markup: str, style: ParagraphStyle, bullet: str | None = None) -> Flowable:
    from reportlab.platypus import Paragraph

    return Paragraph(markup or " ", style, bulletText=bullet)


def _no_lone_last_item(items: list[Flowable]) -> None:
    """A list's last item never starts a page alone: the one before it is kept with it."""
    items = [f for f in items if isinstance(f, Paragraph)]
    if len(items) >= 2:
        items[-2].keepWithNext = 1


def _has_text_besides_images(inline: Token) -> bool:
    return any(c.type == "text" and c.content.strip() for c in inline.children or [])


def _all_bold(inline: Token) -> bool:
    """Whether a paragraph is nothing but bold words, as authors write a small heading."""
    children = [c for c in inline.children or [] if not (c.type == "text" and not c.content.strip())]
    if len(children) < 3 or children[0].type != "strong_open" or children[-1].type != "strong_close":
        return False
    depth = 0
    for child in children[:-1]:
        depth += {"strong_open": 1, "strong_close": -1}.get(child.type, 0)
        if depth == 0:
            return False  # the bold ends before the paragraph does
    return True


def _matching(tokens: list[Token], i: int) -> int:
    """Index of the token closing the one opened at ``i``."""
    level = 0
    for j in range(i, len(tokens)):
        level += tokens[j].nesting
        if level == 0:
            return j
    return len(tokens) - 1


def _strip_tags(html: str) -> str:
    import re

    return re.sub(r"<[^>]+>", "", html)


def code_flowables(code: str, options: Options, width: float) -> list[Flowable]:
    """A code block in monospace: long lines wrapped between words, long blocks in pieces.

    A line too long for the page wraps at a space, its rest starting with a
    continuation sign in another face and colour, so no word of the code is
    cut and the sign is not taken for code. A word longer than a whole line
    (an address) shrinks the block, down to three quarters of its size; only
    past that is the word cut, after punctuation where it has some.
    """
    theme = options.theme
    source = clean(code).rstrip("\n").expandtabs(4).split("\n")
    longest = max((_cells(word) for line in source for word in line.split()), default=0)
    size = theme.code
    while _per_line(width, size) < longest + _MARK_CELLS and size > theme.code * 0.75:
        size = max(theme.code * 0.75, size - 0.5)
    per_line = _per_line(width, size)
    pad = size * 0.5
    mark = f'<font face="{SYMBOLS}" color="{theme.muted.hexval()}">{CONTINUED}</font> '
    lines: list[str] = []
    for source_line in source:
        for n, (indent, text) in enumerate(_wrapped(source_line, per_line)):
            lines.append(rich(indent, mono=True) + mark + rich(text, mono=True) if n else rich(text, mono=True))
    style = ParagraphStyle(
        "code-block",
        fontName="OnRamp-Mono",
        fontSize=size,
        leading=size * 1.3,
        textColor=theme.ink,
        backColor=theme.tint,
        borderPadding=pad,
        borderColor=theme.rule,
        borderWidth=theme.rule_width if options.large_print else 0,
        leftIndent=pad,
        rightIndent=pad,
        spaceBefore=theme.code * 0.75,
        spaceAfter=theme.code,
    )
    out: list[Flowable] = []
    for start in range(0, len(lines), CODE_CHUNK_LINES):
        chunk = lines[start : start + CODE_CHUNK_LINES]
        markup = "\n".join(chunk) or " "
        piece = ParagraphStyle("code-piece", parent=style)
        if start:
            piece.spaceBefore = 0
        if start + CODE_CHUNK_LINES < len(lines):
            piece.spaceAfter = 0
        out.append(XPreformatted(markup, piece))
    return out


_MARK_CELLS = 2  # the continuation sign and the space after it


def _per_line(width: float, size: float) -> int:
    """Monospace cells that fit on a code line ``width`` wide at ``size``."""
    return max(20, int((width - 2 * size * 0.5) / (size * MONO_ADVANCE)) - 1)


def _wrapped(line: str, per_line: int) -> list[tuple[str, str]]:
    """``line`` as (indent, text) pieces that fit ``per_line`` cells; the first has no indent of its own.

    The rest of a wrapped line is indented like the line, plus the sign (at most a third of the line)."""
    indent = " " * min(len(line) - len(line.lstrip(" ")), per_line // 3)
    pieces: list[tuple[str, str]] = []
    rest, room = line, per_line
    while _cells(rest) > room:
        cut = _break_at(rest, room)
        pieces.append((indent, rest[:cut].rstrip(" ")))
        rest = rest[cut:].lstrip(" ")
        room = per_line - len(indent) - _MARK_CELLS
    pieces.append((indent, rest))
    return pieces


def _break_at(s: str, cells: int) -> int:
    """Where to end a piece of ``s`` at most ``cells`` wide: after its last space that fits
    (not one of the indent), else after punctuation, else (a word longer than the line) anywhere."""
    limit = _cut_at(s, cells)
    text_from = len(s) - len(s.lstrip(" "))
    spaces = [i + 1 for i in range(text_from, limit) if s[i] == " "]
    if spaces:
        return spaces[-1]
    marks = [i + 1 for i in range(text_from, limit - 1) if s[i] in _BREAK_AFTER]
    return marks[-1] if marks else limit


_BREAK_AFTER = frozenset(",;:([{/=&?")


def _cells(s: str) -> int:
    """Columns a line takes in monospace: East Asian wide characters take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _cut_at(s: str, cells: int) -> int:
    import unicodedata

    used = 0
    for i, c in enumerate(s):
        used += 2 if unicodedata.east_asian_width(c) in "WF" else 1
        if used > cells:
            return max(1, i)
    return len(s)
