"""A PDF's pages read back as a reader sees them: lines of text (with their fonts) and ruled lines."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from pypdf import PdfReader


@dataclass
class TextLine:
    y: float  # baseline, points from the page's foot
    text: str = ""
    fonts: set[str] = field(default_factory=set)

    @property
    def is_heading(self) -> bool:
        """Set in bold throughout (code in a heading is monospace, never plain text)."""
        return any("Bold" in f for f in self.fonts) and all("Bold" in f or "Mono" in f for f in self.fonts)


@dataclass
class Page:
    number: int
    lines: list[TextLine]  # top to bottom
    rules: list[float]  # heights of horizontal lines drawn on the page


def read_pages(data: bytes, above: float = 0) -> list[Page]:
    """Every page's text lines and rules; text at or below ``above`` (the footer) is left out."""
    pages = []
    for number, page in enumerate(PdfReader(io.BytesIO(data)).pages, start=1):
        lines: dict[float, TextLine] = {}
        rules: list[float] = []
        pen: list[tuple[float, float]] = []

        def text(chunk, cm, tm, font, _size, lines=lines):
            if not chunk.strip():
                return
            y = round(_apply(_multiply(tm, cm), 0, 0)[1] * 2) / 2
            if y <= above:
                return
            line = lines.setdefault(y, TextLine(y))
            line.text += chunk.replace("\n", "")
            line.fonts.add(str((font or {}).get("/BaseFont", "")))

        def operator(op, args, cm, _tm, rules=rules, pen=pen):
            if op == b"m" and len(args) == 2:
                pen[:] = [_apply(cm, float(args[0]), float(args[1]))]
            elif op == b"l" and len(args) == 2 and pen:
                x, y = _apply(cm, float(args[0]), float(args[1]))
                if abs(y - pen[0][1]) < 0.5 and abs(x - pen[0][0]) > 100:
                    rules.append(y)

        page.extract_text(visitor_text=text, visitor_operand_before=operator)
        ordered = [lines[y] for y in sorted(lines, reverse=True)]
        for line in ordered:
            line.text = " ".join(line.text.split())
        pages.append(Page(number, ordered, rules))
    return pages


def _multiply(m: list[float], n: list[float]) -> list[float]:
    return [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]


def _apply(m: list[float], x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]
