"""Commons scene: the Lessons page's Commons view, with a few lessons other organisations shared.

The demo database has no hub, so its catalogue is empty; the scene stores a small catalogue page in
the hub's shape (as a sync would) before showing the view.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QApplication, QLabel, QWidget

from desktop.commons.catalogue import store_page, store_usage

SHARED = (
    ("Flyer as a web page", "en", "beginner", 45, ["web", "html"], "CC-BY-4.0", ["Ana Ruiz"], "Curl Up & Dye Salon"),
    (
        "Tu primera hoja de cálculo",
        "es",
        "beginner",
        60,
        ["spreadsheets"],
        "CC-BY-SA-4.0",
        ["Lucía Gómez"],
        "Union Hall 1199",
    ),
    (
        "Shell basics for the library",
        "en",
        "intermediate",
        90,
        ["shell"],
        "CC0-1.0",
        ["The Carpentries"],
        "Eastside Library",
    ),
    ("王芳的网页课", "zh", "beginner", 30, ["web"], "CC-BY-4.0", ["王芳"], "Chinatown Community Centre"),
)


def _entry(
    i: int,
    title: str,
    language: str,
    level: str,
    minutes: int,
    tags: list[str],
    licence: str,
    authors: list[str],
    organisation: str,
) -> dict[str, Any]:
    text = f'---\ntitle: "{title}"\nteaching: {minutes - 10}\nexercises: 10\nlevel: {level}\nlanguage: {language}\n---\n\n## Start\n\nOpen the editor.\n'
    return {
        "version_id": f"shot-v{i}",
        "commons_lesson_id": f"shot-l{i}",
        "number": 1,
        "seq": i + 1,
        "title": title,
        "level": level,
        "language": language,
        "minutes": minutes,
        "tags": tags,
        "licence": licence,
        "authors": authors,
        "organisation": organisation,
        "source_version_id": None,
        "parent_version_id": None,
        "published_at": "2026-11-01T10:00:00",
        "text": text,
    }


def commons_scenes(window) -> list[tuple[str, QWidget]]:
    """For ``make screenshots``: the Commons view listing shared lessons with their licence and usage."""
    db = window.ctx.db
    entries = [_entry(i, *shared) for i, shared in enumerate(SHARED)]
    store_page(db, {"entries": entries, "removed": [], "last_seq": len(entries), "more": False}, 0)
    store_usage(db, {"lessons": {"shot-l0": {"sessions": 14, "organisations": 3, "rating": 2.7}}}, '"shot"')
    page = window.show_page("lessons")
    page.refresh()
    page.views.show_commons()
    app = QApplication.instance()
    assert app is not None
    for _round in range(20):
        app.processEvents()
    shot = QLabel()
    shot.setPixmap(window.grab())
    page.views.setCurrentIndex(0)
    return [("lessons-commons", shot)]
