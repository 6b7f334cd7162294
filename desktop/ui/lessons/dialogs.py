"""The lesson editor (a form, or the Markdown under "Advanced", with a live preview) and the version history."""

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
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.lessons.form import form_from_markdown, markdown_from_form
from desktop.lessons.library import VersionInfo
from desktop.lessons.parse import LessonError, parse_text
from desktop.lessons.render import to_html
from desktop.ops import lessons as ops
from desktop.ui.context import AppContext
from desktop.ui.lessons.form_editor import LessonFormEditor
from desktop.ui.widgets import Note, content_scroll, set_button_text


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
    """Edit a lesson as a form, or its Markdown under "Advanced", with a preview that follows as
    you type. Switching tabs carries the edits across. Saving makes a new version."""

    FORM, ADVANCED = 0, 1

    def __init__(
        self, ctx: AppContext, lesson_id: str | None, text: str, title: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.lesson_id = lesson_id
        self.saved_id: str | None = None
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.resize(1100, 680)

        self.form_editor = LessonFormEditor()
        self.editor = QPlainTextEdit()
        self.editor.setAccessibleName(_("Lesson text (Markdown)"))
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(QFont(self.font()).pointSizeF())
        self.editor.setFont(font)
        self.editor.setPlainText(text)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(_("How to edit the lesson"))
        self.tabs.addTab(content_scroll(self.form_editor), _("&Form"))
        self.tabs.addTab(self.editor, _("A&dvanced (Markdown)"))
        self.preview = preview_browser(_("Preview, as the host sees it"))
        splitter = QSplitter()
        splitter.addWidget(self.tabs)
        splitter.addWidget(self.preview)
        splitter.setSizes([600, 500])

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
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        set_button_text(cancel, cancel.text(), _("Close without saving"))  # Qt's own "Cancel", heard as shown
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
        self.form_editor.changed.connect(self._timer.start)
        # The side edited last holds the lesson as it stands (the other catches up on switching).
        self._edited = self.FORM
        self.editor.textChanged.connect(lambda: self._edited_in(self.ADVANCED))
        self.form_editor.changed.connect(lambda: self._edited_in(self.FORM))
        # A lesson that cannot be shown as a form opens where it can be fixed.
        if self._load_form(text):
            self.tabs.setCurrentIndex(self.FORM)
        else:
            self.tabs.setCurrentIndex(self.ADVANCED)
        self._edited = self.tabs.currentIndex()
        self.tabs.currentChanged.connect(self._switched)
        self.update_preview()
        (self.form_editor.title if self.tabs.currentIndex() == self.FORM else self.editor).setFocus()

    def _load_form(self, text: str) -> bool:
        """Show ``text`` in the form; if it cannot be, say why in plain words and return False."""
        try:
            form = form_from_markdown(text)
        except LessonError as exc:
            self.problem.setText(
                _("This lesson cannot be shown as a form until a problem is fixed here. {problem}").format(
                    problem=exc.sentence
                )
            )
            return False
        self.form_editor.set_form(form)
        return True

    def _edited_in(self, side: int) -> None:
        self._edited = side

    def _switched(self, index: int) -> None:
        """Carry the edits across: the form's Markdown to Advanced, Advanced's Markdown to the form."""
        if index == self.ADVANCED:
            if self._edited == self.FORM:
                text = markdown_from_form(self.form_editor.form())
                if text != self.editor.toPlainText():
                    self.editor.setPlainText(text)
            self._edited = self.ADVANCED
        elif self._edited == self.ADVANCED and not self._load_form(self.editor.toPlainText()):
            self.tabs.blockSignals(True)
            self.tabs.setCurrentIndex(self.ADVANCED)
            self.tabs.blockSignals(False)
            self.editor.setFocus()
            return
        else:
            self._edited = self.FORM
        self.update_preview()

    def current_text(self) -> str:
        """The lesson's Markdown as it stands, from the side edited last."""
        if self._edited == self.FORM:
            return markdown_from_form(self.form_editor.form())
        return self.editor.toPlainText()

    def update_preview(self) -> None:
        """Parse what is typed and show it; a problem is shown under the editor, the old preview stays."""
        try:
            doc = parse_text(self.current_text(), _("this lesson"))
        except LessonError as exc:
            self.problem.setText(exc.sentence)
            return
        self.problem.setText("")
        scroll = self.preview.verticalScrollBar().value()
        self.preview.setHtml(to_html(doc, host=True))
        self.preview.verticalScrollBar().setValue(scroll)

    def save(self) -> None:
        text, note = self.current_text(), self.note.text().strip()
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
            self.problem.setText(_("Not saved. {problem}").format(problem=error.sentence))
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
        self.restore_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        set_button_text(self.restore_button, _("&Restore this version"), _("Restore the selected version"))
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
            self.problem.setText(exc.sentence)

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
