"""Markdown read as a host reads it: plain words for labels, and which text a rich-text box can show.

The lesson form shows a step's text, a solution or a host note formatted (bold, lists, tables,
code) instead of as Markdown. Some lesson Markdown has no formatted look a box can give back
unchanged: a ``:::`` box inside the text, a ``{: .language-python}`` line, raw HTML. Such text
stays as it is written and is edited under Advanced. Everything goes through the product's one
parser (``desktop.lessons.markdown``).
"""

from __future__ import annotations

import re

from markdown_it.token import Token

from desktop.lessons.markdown import CODE_CLASS, DIV_CLOSE, DIV_OPEN, DIV_STRAY, IAL, lesson_markdown

_LESSON_ONLY = frozenset({DIV_OPEN, DIV_CLOSE, DIV_STRAY, "html_block", "html_inline"})
_PRE = re.compile(r"(<pre>.*?</pre>)", re.DOTALL)


def _words(inline: Token) -> str:
    """The words of an inline token: marks gone, links and images keep their text."""
    parts: list[str] = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(child.content)
    return " ".join("".join(parts).split())


def plain_words(markdown: str) -> str:
    """All of ``markdown`` as plain words, one line: "**Timings** (`60` minutes)" -> "Timings (60 minutes)"."""
    tokens = lesson_markdown().parse(markdown)
    words = [_words(t) for t in tokens if t.type == "inline"]
    return " ".join(w for w in words if w)


def plain_title(markdown: str, empty: str) -> str:
    """A heading's or title's plain words ("1. `print`" -> "1. print"), read as one line of text."""
    words = " ".join(_words(t) for t in lesson_markdown().parseInline(markdown))
    return words or empty


def plain_label(markdown: str, empty: str, limit: int = 80) -> str:
    """A list entry for ``markdown``: the plain words of its first block that has any, cut at ``limit``."""
    for token in lesson_markdown().parse(markdown):
        if token.type == "inline":
            words = _words(token)
        elif token.type in ("fence", "code_block"):
            words = " ".join(token.content.split())
        else:
            continue
        if words and not IAL.match(words):
            return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"
    return empty


def has_lesson_formatting(markdown: str) -> bool:
    """Whether ``markdown`` holds what only a lesson file means (boxes, class lines, raw HTML):
    shown formatted, it would read as stray marks or be changed on saving."""
    for token in lesson_markdown().parse(markdown):
        if token.type in _LESSON_ONLY or token.meta.get(CODE_CLASS) is not None:
            return True
        if token.type == "inline" and (
            IAL.match(token.content) or any(c.type == "html_inline" for c in token.children or [])
        ):
            return True
    return False


def same_rendering(first: str, second: str) -> bool:
    """Whether two Markdown texts show the same (spacing between words aside, code kept exact)."""

    def shown(markdown: str) -> list[str]:
        pieces = _PRE.split(lesson_markdown().render(markdown))
        return [p if p.startswith("<pre>") else " ".join(p.split()) for p in pieces]

    return shown(first) == shown(second)
