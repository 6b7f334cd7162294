"""Catalogue pages and entries in the hub's shapes (hub/commons_api.py), for the laptop's tests and benchmark."""

from __future__ import annotations

from typing import Any

LESSON_TEXT = (
    '---\ntitle: "{title}"\nteaching: 20\nexercises: 10\nlevel: beginner\nlanguage: {language}\n---\n\n'
    "## Start\n\nOpen the editor and type {title}.\n\n::: challenge\n\nMake it yours.\n\n:::\n"
)


def entry(
    version_id: str,
    *,
    seq: int,
    lesson: str | None = None,
    number: int = 1,
    title: str = "Flyer as a web page",
    language: str = "en",
    level: str = "beginner",
    minutes: int = 30,
    tags: list[str] | None = None,
    licence: str = "CC-BY-4.0",
    authors: list[str] | None = None,
    organisation: str = "Salon Chapter",
    source: str | None = None,
    parent: str | None = None,
    text: str | None = None,
) -> dict[str, Any]:
    return {
        "version_id": version_id,
        "commons_lesson_id": lesson or f"cl-{version_id}",
        "number": number,
        "seq": seq,
        "title": title,
        "level": level,
        "language": language,
        "minutes": minutes,
        "tags": tags if tags is not None else ["web"],
        "licence": licence,
        "authors": authors if authors is not None else ["Ana Ruiz"],
        "organisation": organisation,
        "source_version_id": source,
        "parent_version_id": parent,
        "published_at": "2026-11-01T10:00:00",
        "text": text if text is not None else LESSON_TEXT.format(title=title, language=language),
    }


def page(entries: list[dict[str, Any]], *, removed: list[str] | None = None, more: bool = False) -> dict[str, Any]:
    last = max([e["seq"] for e in entries], default=0)
    return {"entries": entries, "removed": removed or [], "last_seq": last, "more": more}
