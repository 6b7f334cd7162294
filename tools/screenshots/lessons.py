"""Lessons scenes: the host's preview, the editor and the history (adds a version to the demo database)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from desktop.i18n import _
from desktop.lessons.library import VersionInfo, history
from desktop.ops import lessons as ops
from desktop.ui.lessons.dialogs import HistoryDialog, LessonEditor
from desktop.ui.lessons.page import LessonsPage


def lessons_scenes(window: Any) -> list[tuple[str, QWidget]]:
    """The host's preview, the editor and the history, for ``make screenshots``."""
    page = LessonsPage(window.ctx, _("Lessons"))
    page.refresh()
    page.as_host.setChecked(True)
    page.preview.verticalScrollBar().setValue(page.preview.verticalScrollBar().maximum() // 3)
    detail = page.detail
    scenes: list[tuple[str, QWidget]] = [("lessons-host-preview", page)]
    if detail is not None:
        editor = LessonEditor(
            window.ctx, detail.summary.id, detail.text, _("Edit “{title}”").format(title=detail.summary.title)
        )
        scenes.append(("lessons-editor", editor))
        title = _("Edit “{title}”").format(title=detail.summary.title)
        further = LessonEditor(window.ctx, detail.summary.id, detail.text, title)
        further.form_editor.challenges.list.setCurrentRow(1)
        further.tabs.currentWidget().ensureWidgetVisible(further.form_editor.challenges, 0, 0)  # type: ignore[attr-defined]
        scenes.append(("lessons-editor-challenges", further))
        advanced = LessonEditor(window.ctx, detail.summary.id, detail.text, title)
        advanced.tabs.setCurrentIndex(LessonEditor.ADVANCED)
        scenes.append(("lessons-editor-advanced", advanced))

        lesson_id = detail.summary.id
        if detail.summary.current_version == 1:  # a second version, so the history has two to show
            more_time = detail.text.replace("teaching: 25", "teaching: 30")
            window.ctx.ops.run(lambda s: ops.save_lesson(s, lesson_id, more_time, _("More time for the demo")))
        found: list[VersionInfo] = []
        window.ctx.db_runner.run(lambda s: history(s, lesson_id), lambda result, _error: found.extend(result or []))
        scenes.append(("lessons-history", HistoryDialog(window.ctx, detail.summary.id, detail.summary.title, found)))
    return scenes
