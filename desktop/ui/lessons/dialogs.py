"""The lesson editor (Markdown on the left, live preview on the right) and the version history."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.lessons.library import VersionInfo
from desktop.lessons.parse import LessonError, parse_text
from desktop.lessons.render import to_html
from desktop.ops import lessons as ops
from desktop.ui.context import AppContext
from desktop.ui.widgets import Note


def new_lesson_template() -> str:
    return _(
        "---\n"
        'title: "A new lesson"\n'
        "teaching: 20\n"
        "exercises: 25\n"
        "level: beginner\n"
        "language: en\n"
        "offline: true\n"
        "materials:\n"
        "  - one laptop per pair\n"
        "---\n\n"
        "::: objectives\n\n"
        "- What people will be able to do at the end.\n\n"
        ":::\n\n"
        "::: instructor\n\n"
        "Timings, what to prepare, where people get stuck.\n\n"
        ":::\n\n"
        "## First steps\n\n"
        "Explain the idea in a few plain sentences.\n\n"
        "::: challenge\n\n"
        "## Try it\n\n"
        "What should people do?\n\n"
        "::: solution\n\n"
        "One answer.\n\n"
        ":::\n\n"
        ":::\n"
    )


def preview_browser(name: str) -> QTextBrowser:
    browser = QTextBrowser()
    browser.setAccessibleName(name)
    browser.setOpenLinks(False)  # a lesson's links never navigate the preview away
    return browser


class LessonEditor(QDialog):
    """Edit a lesson's Markdown with a preview that follows as you type. Saving makes a new version."""

    def __init__(
        self, ctx: AppContext, lesson_id: str | None, text: str, title: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.lesson_id = lesson_id
        self.saved_id: str | None = None
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.resize(1100, 720)

        self.editor = QPlainTextEdit()
        self.editor.setAccessibleName(_("Lesson text (Markdown)"))
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(QFont(self.font()).pointSizeF())
        self.editor.setFont(font)
        self.editor.setPlainText(text)
        self.preview = preview_browser(_("Preview, as the host sees it"))
        splitter = QSplitter()
        splitter.addWidget(self.editor)
        splitter.addWidget(self.preview)
        splitter.setSizes([550, 550])

        self.problem = Note("")
        self.problem.setAccessibleName(_("Problems in the lesson"))
        self.problem.setStyleSheet("color: #a00000;")
        note_label = QLabel(_("What &changed (optional):"))
        self.note = QLineEdit()
        self.note.setAccessibleName(_("What changed"))
        note_label.setBuddy(self.note)
        note_row = QHBoxLayout()
        note_row.addWidget(note_label)
        note_row.addWidget(self.note, 1)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setAccessibleName(_("Save as a new version"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.problem)
        layout.addLayout(note_row)
        layout.addWidget(self.buttons)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(300)
        self._timer.timeout.connect(self.update_preview)
        self.editor.textChanged.connect(self._timer.start)
        self.update_preview()
        self.editor.setFocus()

    def update_preview(self) -> None:
        """Parse what is typed and show it; a problem is shown under the editor, the old preview stays."""
        try:
            doc = parse_text(self.editor.toPlainText(), _("this lesson"))
        except LessonError as exc:
            self.problem.setText(_("Line {line}: {message}").format(line=exc.line, message=exc.message))
            return
        self.problem.setText("")
        scroll = self.preview.verticalScrollBar().value()
        self.preview.setHtml(to_html(doc, host=True))
        self.preview.verticalScrollBar().setValue(scroll)

    def save(self) -> None:
        text, note = self.editor.toPlainText(), self.note.text().strip()
        lesson_id = self.lesson_id
        self.buttons.setEnabled(False)
        if lesson_id is None:
            self.ctx.ops.run(lambda s: ops.create_lesson(s, text, note), self._saved, self._not_saved)
        else:
            self.ctx.ops.run(lambda s: ops.save_lesson(s, lesson_id, text, note), self._saved, self._not_saved)

    def _saved(self, lesson_id: str) -> None:
        self.buttons.setEnabled(True)
        self.saved_id = lesson_id
        self.accept()

    def _not_saved(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(error, LessonError):
            self.problem.setText(_("Not saved. Line {line}: {message}").format(line=error.line, message=error.message))
        else:
            self.problem.setText(_("Not saved: {error}").format(error=error))


class HistoryDialog(QDialog):
    """Every saved version of a lesson, newest first; any of them can be made current again."""

    def __init__(
        self, ctx: AppContext, lesson_id: str, title: str, versions: list[VersionInfo], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.lesson_id = lesson_id
        self.versions = versions
        self.setWindowTitle(_("History of “{title}”").format(title=title))
        self.setAccessibleName(self.windowTitle())
        self.resize(1000, 650)

        self.list = QListWidget()
        self.list.setAccessibleName(_("Versions"))
        self.list.setWordWrap(True)
        for v in versions:
            label = _("Version {n} — {when}").format(n=v.number, when=v.created_at.strftime("%Y-%m-%d %H:%M"))
            if v.note:
                label += f"\n{v.note}"
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, v.number)
            self.list.addItem(item)
        self.preview = preview_browser(_("The selected version"))
        splitter = QSplitter()
        splitter.addWidget(self.list)
        splitter.addWidget(self.preview)
        splitter.setSizes([300, 700])

        self.problem = Note("")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.restore_button = self.buttons.addButton(_("&Restore this version"), QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button.setAccessibleName(_("Restore the selected version"))
        self.restore_button.clicked.connect(self.restore)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.list.currentRowChanged.connect(self._show)
        self.list.setCurrentRow(0)
        self.list.setFocus()

    def _show(self, row: int) -> None:
        if row < 0:
            return
        version = self.versions[row]
        # The newest version is the current one: nothing to restore.
        self.restore_button.setEnabled(row > 0)
        try:
            self.preview.setHtml(to_html(parse_text(version.text), host=True))
        except LessonError as exc:
            self.preview.setPlainText(version.text)
            self.problem.setText(str(exc))

    def restore(self) -> None:
        row = self.list.currentRow()
        if row <= 0:
            return
        number, lesson_id = self.versions[row].number, self.lesson_id
        self.ctx.ops.run(
            lambda s: ops.restore_version(s, lesson_id, number),
            lambda _id: self.accept(),
            lambda error: self.problem.setText(_("Could not restore: {error}").format(error=error)),
        )
