"""The fonts handouts print with, and how any text is put into them.

Every script a participant's name may be written in prints with a font shipped
in ``fonts/`` (see its README), so a PDF looks the same on every machine. Text
is cut into runs, each set in the first font that has its characters (per-run
fallback), so "José و 王芳" mixes three fonts on one line.

Right-to-left text is shaped and reordered before layout: Arabic letters take
their joined forms (arabic-reshaper, into the presentation forms the Arabic
font maps), then the Unicode bidi algorithm (python-bidi) puts each line in
visual order. The PDF's ToUnicode maps are rewritten so those presentation
forms read back as the plain letters that were typed: copying a name out of
the PDF, or a screen reader, gets "محمد", not a string of glyph forms.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import SUBSETN, TTFont

FONT_DIR = Path(__file__).resolve().parent / "fonts"

SANS = "OnRamp-Sans"
SANS_BOLD = "OnRamp-Sans-Bold"
MONO = "OnRamp-Mono"
ARABIC, ARABIC_BOLD = "OnRamp-Arabic", "OnRamp-Arabic-Bold"
HEBREW, HEBREW_BOLD = "OnRamp-Hebrew", "OnRamp-Hebrew-Bold"
CJK = "OnRamp-CJK"
SYMBOLS = "OnRamp-Symbols"  # arrows, maths, ticks and boxes the text faces lack ("Tools → Options", "⌘")

_FILES = {
    SANS: "NotoSans-Regular.ttf",
    SANS_BOLD: "NotoSans-Bold.ttf",
    MONO: "NotoSansMono-Regular.ttf",
    ARABIC: "NotoSansArabic-Regular.ttf",
    ARABIC_BOLD: "NotoSansArabic-Bold.ttf",
    HEBREW: "NotoSansHebrew-Regular.ttf",
    HEBREW_BOLD: "NotoSansHebrew-Bold.ttf",
    CJK: "DroidSansFallback.ttf",
    SYMBOLS: "DejaVuSans-Symbols.ttf",
}
# Regular -> bold. The CJK and symbol faces have one weight; each stands in for its own bold.
_BOLD = {SANS: SANS_BOLD, ARABIC: ARABIC_BOLD, HEBREW: HEBREW_BOLD, CJK: CJK, SYMBOLS: SYMBOLS, MONO: MONO}
# Where a character goes when the run's own font lacks it, in this order. Symbols come before
# the CJK face, whose arrows and signs are drawn in the Chinese style.
_FALLBACK = (SANS, ARABIC, HEBREW, SYMBOLS, CJK)

_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")
_CJK = re.compile("[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")
# Control characters other than tab and newline would corrupt a page or the markup.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Presentation forms read back as the letters they stand for.
_PRESENTATION = ((0xFB50, 0xFDFF), (0xFE70, 0xFEFF))

_lock = threading.Lock()
_registered = False


class _ReadableTTFont(TTFont):
    """A TrueType font whose ToUnicode maps give back the text as typed.

    reportlab maps each glyph to the code point it was drawn from; for Arabic
    that is a presentation form (U+FExx), and code points beyond the Basic
    Multilingual Plane are written as five hex digits, which readers reject.
    Both are rewritten here after reportlab has made its objects.
    """

    def addObjects(self, doc) -> None:
        state = self.state.get(doc)
        subsets = [list(s) for s in state.subsets] if state is not None else []
        super().addObjects(doc)  # forgets the document's state
        for n, subset in enumerate(subsets):
            if not any(_needs_rewrite(c) for c in subset):
                continue
            base = b"".join((SUBSETN(n), b"+", self.face.name, self.face.subfontNameX)).decode("pdfdoc")
            stream = doc.idToObject.get("toUnicodeCMap:" + base)
            if stream is not None:
                stream.content = _to_unicode_cmap(base, subset)


def _needs_rewrite(code: int) -> bool:
    return code > 0xFFFF or any(lo <= code <= hi for lo, hi in _PRESENTATION)


def _utf16_hex(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    pairs = []
    for i, code in enumerate(subset):
        char = chr(code)
        if any(lo <= code <= hi for lo, hi in _PRESENTATION):
            char = unicodedata.normalize("NFKC", char) or char
        pairs.append(f"<{i:02X}> <{_utf16_hex(char)}>")
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            f"/CIDSystemInfo << /Registry ({fontname}) /Ordering ({fontname}) /Supplement 0 >> def",
            f"/CMapName /{fontname} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            f"{len(pairs)} beginbfchar",
            *pairs,
            "endbfchar",
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


def register_fonts() -> None:
    """Register the shipped fonts with reportlab, once per process (thread-safe)."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        for name, filename in _FILES.items():
            pdfmetrics.registerFont(_ReadableTTFont(name, str(FONT_DIR / filename)))
        for regular, bold in _BOLD.items():
            addMapping(regular, 0, 0, regular)
            addMapping(regular, 1, 0, bold)
            addMapping(regular, 0, 1, regular)
            addMapping(regular, 1, 1, bold)
        _registered = True


@lru_cache(maxsize=16)
def _cmap(name: str) -> dict[int, int]:
    register_fonts()
    return pdfmetrics.getFont(name).face.charToGlyph


def clean(text: object) -> str:
    """Text as it should print: NFC (so Vietnamese takes precomposed glyphs), no control characters."""
    s = unicodedata.normalize("NFC", str(text if text is not None else ""))
    return _CONTROL.sub("", s.replace("\r\n", "\n").replace("\r", "\n"))


def visual(text: str) -> str:
    """Each line of ``text`` shaped and put in visual (left-to-right drawing) order."""
    if not _RTL.search(text):
        return text
    from bidi import get_display

    lines = []
    for raw in text.split("\n"):
        line = _reshaper().reshape(raw) if _ARABIC.search(raw) else raw
        lines.append(get_display(line) if _RTL.search(line) else line)
    return "\n".join(lines)


@lru_cache(maxsize=1)
def _reshaper():
    from arabic_reshaper import ArabicReshaper

    # Keep the vowel marks people typed; the default drops them.
    return ArabicReshaper(configuration={"delete_harakat": False, "support_ligatures": True})


def _is_neutral(ch: str) -> bool:
    cat = unicodedata.category(ch)
    return cat[0] in "ZPSN" or cat in ("Mn", "Me", "Cf") or ch in "\n\t"


def font_runs(text: str, font: str = SANS) -> list[tuple[str, str]]:
    """Cut already visual-ordered ``text`` into (font name, text) runs, each font having its glyphs."""
    runs: list[tuple[str, str]] = []
    current = ""
    buf: list[str] = []
    cmaps = {name: _cmap(name) for name in (font, *_FALLBACK)}
    for ch in text:
        code = ord(ch)
        # Spaces, digits and punctuation stay in the run they sit in, if its font has them.
        if current and _is_neutral(ch) and (code in cmaps[current] or ch == "\n"):
            buf.append(ch)
            continue
        chosen = font if code in cmaps[font] else next((name for name in _FALLBACK if code in cmaps[name]), font)
        if chosen != current:
            if buf:
                runs.append((current, "".join(buf)))
            current, buf = chosen, []
        buf.append(ch)
    if buf:
        runs.append((current, "".join(buf)))
    # A space after right-to-left words belongs with what follows, so each
    # RTL run holds only its words and reads back whole.
    for i in range(len(runs) - 1):
        font, run = runs[i]
        if font in (ARABIC, HEBREW) and run != run.rstrip(" "):
            stripped = run.rstrip(" ")
            if stripped:
                runs[i] = (font, stripped)
                runs[i + 1] = (runs[i + 1][0], " " * (len(run) - len(stripped)) + runs[i + 1][1])
    return runs


def uncovered(text: str) -> set[str]:
    """Characters of ``text`` that no shipped font can draw (would print as boxes)."""
    shaped = visual(clean(text))
    cmaps = [_cmap(name) for name in (*_FALLBACK, MONO)]
    return {
        ch
        for ch in shaped
        if not ch.isspace() and unicodedata.category(ch) not in ("Cc", "Cf") and not any(ord(ch) in m for m in cmaps)
    }


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def is_rtl(text: str) -> bool:
    """Whether ``text`` reads right to left (its first strong character is RTL)."""
    from bidi import get_base_level

    return bool(_RTL.search(text)) and get_base_level(text) == 1


def bold_of(font: str) -> str:
    return _BOLD.get(font, font)


def _escape(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def rich(text: object, *, bold: bool = False, mono: bool = False) -> str:
    """Paragraph markup for any text: escaped, shaped, reordered and set in font runs."""
    register_fonts()
    s = str(text if text is not None else "")
    if s.isascii() and s.isprintable():  # most text: one run, nothing to shape
        name = MONO if mono else (SANS_BOLD if bold else SANS)
        return f'<font face="{name}">{_escape(s)}</font>'
    return _rich(s, bold, mono)


@lru_cache(maxsize=4096)
def _rich(text: str, bold: bool, mono: bool) -> str:
    s = visual(clean(text)).replace("\t", "    ")
    base = MONO if mono else SANS
    out = []
    for font, run in font_runs(s, base):
        name = bold_of(font) if bold else font
        out.append(f'<font face="{name}">{_escape(run).replace(chr(10), "<br/>")}</font>')
    return "".join(out)


def text_width(text: object, size: float, *, bold: bool = False, mono: bool = False) -> float:
    """Width in points of ``text`` on one line, as :func:`rich` would set it."""
    register_fonts()
    s = visual(clean(text)).replace("\n", " ")
    total = 0.0
    for font, run in font_runs(s, MONO if mono else SANS):
        total += pdfmetrics.stringWidth(run, bold_of(font) if bold else font, size)
    return total
