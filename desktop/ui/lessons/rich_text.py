"""A box that shows a lesson's Markdown formatted (bold, lists, links, tables, code) and writes
Markdown back, through Qt's own GitHub-dialect Markdown support.

What was not edited is given back exactly as it was read: Qt writes Markdown its own way
(spacing, table padding), so its writing is used only once the host has changed the text.
Text Qt cannot show and give back faithfully (a ``:::`` box, a ``{: .language-python}``
line, raw HTML) stays plain, as written, with a note that says where to edit it.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QTextEdit, QVBoxLayout, QWidget

from desktop.i18n import _
from desktop.lessons.plain import has_lesson_formatting, same_rendering
from desktop.ui.widgets import Note

GITHUB = QTextDocument.MarkdownFeature.MarkdownDialectGitHub


def shown_faithfully(markdown: str) -> bool:
    """Whether ``markdown`` can be shown formatted and written back by Qt meaning the same."""
    if has_lesson_formatting(markdown):
        return False
    document = QTextDocument()
    document.setMarkdown(markdown, GITHUB)
    return same_rendering(markdown, document.toMarkdown(GITHUB))


class MarkdownBox(QWidget):
    """A formatted text box for one field; ``markdown()`` is its text as Markdown."""

    textChanged = Signal()  # named as QTextEdit's, so the form treats every box alike

    def __init__(self, name: str, lines: int = 4, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self.edit = QTextEdit()
        self.edit.setAccessibleName(name)
        self.edit.setTabChangesFocus(True)  # Tab moves on, as in every other field of the form
        self.edit.setMinimumHeight(self.edit.fontMetrics().lineSpacing() * lines + 12)
        self.edit.textChanged.connect(self._typed)
        self.note = Note(_("This part has special formatting; edit it under Advanced."))
        self.note.setVisible(False)
        self.setFocusProxy(self.edit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.note)
        self._original = ""
        self._changed = False  # by the host, since set_markdown: Qt's modified flag misses setPlainText
        self.formatted = True

    def _typed(self) -> None:
        self._changed = True
        self.textChanged.emit()

    def set_markdown(self, markdown: str) -> None:
        """Show ``markdown`` formatted, or as written when formatting would change it."""
        self._original = markdown
        self._changed = False
        self.formatted = shown_faithfully(markdown)
        self.edit.blockSignals(True)
        if self.formatted:
            self.edit.document().setMarkdown(markdown, GITHUB)
        else:
            self.edit.setPlainText(markdown)
        self.edit.blockSignals(False)
        self.note.setVisible(not self.formatted)

    def markdown(self) -> str:
        """The text as Markdown: exactly as it was given until the host changes it."""
        if not self._changed:
            return self._original
        if not self.formatted:
            return self.edit.toPlainText()
        return self.edit.document().toMarkdown(GITHUB).strip("\n")
