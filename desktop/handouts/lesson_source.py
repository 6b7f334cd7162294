"""From a lesson in the library to a LessonDoc, and what a take-home sheet points to."""

from __future__ import annotations

import re

from desktop.handouts.data import LessonInfo
from desktop.lessons.document import Div, LessonDoc, LessonMeta, Markdown

_LINK = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+)\)|<(https?://[^>\s]+)>")


def doc_for(info: LessonInfo) -> LessonDoc:
    """The lesson's text parsed; a lesson the parser cannot read still gives its title."""
    try:
        from desktop.lessons.parse import LessonError, parse_text
    except ImportError:  # a build without the lesson library
        return _title_only(info)
    try:
        return parse_text(info.text, source=info.source_path or info.slug)
    except (LessonError, ValueError):
        return _title_only(info)


def _title_only(info: LessonInfo) -> LessonDoc:
    return LessonDoc(LessonMeta(title=info.title, language=info.language, id=info.slug), [], info.source_path)


def resources(doc: LessonDoc) -> list[tuple[str, str]]:
    """(title, url) of the lesson's resources: the front matter's ``resources``, then links in its text."""
    found: list[tuple[str, str]] = []
    listed = doc.meta.extra.get("resources") if isinstance(doc.meta.extra, dict) else None
    for item in listed if isinstance(listed, list) else []:
        if isinstance(item, str) and item.startswith(("http://", "https://")):
            found.append((item, item))
        elif isinstance(item, dict) and str(item.get("url", "")).startswith(("http://", "https://")):
            found.append((str(item.get("title") or item["url"]), str(item["url"])))

    def walk(blocks: list) -> None:
        for b in blocks:
            if isinstance(b, Markdown):
                for m in _LINK.finditer(b.text):
                    url = m.group(2) or m.group(3)
                    found.append((m.group(1) or url, url))
            elif isinstance(b, Div) and b.kind not in ("instructor", "solution"):
                walk(b.children)

    walk(doc.body)
    seen: set[str] = set()
    unique = []
    for title, url in found:
        if url not in seen:
            seen.add(url)
            unique.append((title, url))
    return unique


def objectives(doc: LessonDoc) -> list[str]:
    """The objectives as short lines (list items of the objectives div)."""
    lines: list[str] = []
    for div in doc.shown().divs("objectives"):  # an older lesson's front-matter ones too
        for child in div.children:
            if isinstance(child, Markdown):
                for line in child.text.splitlines():
                    s = line.strip()
                    if s[:2] in ("- ", "* ", "+ "):
                        lines.append(plain(s[2:].strip()))
    return lines


def plain(markdown: str) -> str:
    """One line of Markdown as plain words: links keep their text, emphasis and code marks go."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    return re.sub(r"(\*\*|__|\*|`)", "", text).strip()
