"""Lessons scenes: the host's preview, the editor and the history (adds a version to the demo database)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from desktop.i18n import _
from desktop.lessons.library import history
from desktop.ui.lessons.dialogs import HistoryDialog, LessonEditor
from desktop.ui.lessons.page import LessonsPage


def lessons_scenes(window: Any) -> list[tuple[str, QWidget]]:
    """The host's preview, the editor and the history, for ``make screenshots``."""
    from desktop.lessons.library import find_lesson

    page = LessonsPage(window.ctx, _("Lessons"))
    page.refresh()
    page.as_host.setChecked(True)
    page.preview.verticalScrollBar().setValue(page.preview.verticalScrollBar().maximum() // 3)
    detail = page.detail
    scenes: list[tuple[str, QWidget]] = [("lessons-host-preview", page)]
    if detail is not None:
        editor = LessonEditor(window.ctx, detail.summary.id, detail.text, _("Edit “{title}”").format(title=detail.summary.title))
        scenes.append(("lessons-editor", editor))

        def add_version(s: Any) -> list:
            from desktop.lessons.library import save_lesson

            lesson = find_lesson(s, detail.summary.id)
            if lesson is not None and lesson.current_version == 1:
                save_lesson(s, lesson.id, lesson.text.replace("teaching: 25", "teaching: 30"), _("More time for the demo"))
            return history(s, detail.summary.id)

        found: list = []
        window.ctx.db_runner.run(add_version, lambda result, _error: found.extend(result or []))
        scenes.append(("lessons-history", HistoryDialog(window.ctx, detail.summary.id, detail.summary.title, found)))
    return scenes
