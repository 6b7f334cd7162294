"""The files an import could not read, each with its reason, for a host to read and copy."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from desktop.i18n import _
from desktop.lessons.library import ImportReport
from desktop.ui.widgets import Heading, Note


class ImportProblemsDialog(QDialog):
    """ "Imported 12 lessons; 2 files could not be read", then one line per file that was not."""

    def __init__(self, report: ImportReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Import lessons"))
        self.setAccessibleName(_("What the import found"))
        layout = QVBoxLayout(self)

        self.summary = Heading(report.summary(), 3)
        self.summary.setAccessibleName(_("Import summary"))
        layout.addWidget(self.summary)
        explanations = []
        if report.failed:
            explanations.append(
                _(
                    "Each file below added nothing. Open it in a text editor, fix the line named, "
                    "and import it again; the other files are in the library already."
                )
            )
        if report.warnings:
            explanations.append(
                _("Files under “To check” were imported; each has a line worth a look in a text editor.")
            )
        layout.addWidget(Note(" ".join(explanations)))

        # Plain text, read-only but selectable: a host can copy it into an e-mail to whoever wrote the lesson.
        # A blank line between files: a long reason wraps, and each file still reads as one entry.
        entries = list(report.failure_lines())
        if report.warnings:
            entries += [_("To check:"), *report.warning_lines()]
        self.problems = QPlainTextEdit("\n\n".join(entries))
        self.problems.setReadOnly(True)
        self.problems.setAccessibleName(_("Files that could not be read or have something to check, and why"))
        self.problems.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        layout.addWidget(self.problems, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton(_("&Copy the list"))
        self.copy_button.setAccessibleName(_("Copy the list of files that could not be read"))
        self.copy_button.clicked.connect(self.copy)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(_("Close"))
        close.setAccessibleName(_("Close"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 360)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(f"{self.summary.text()}\n\n{self.problems.toPlainText()}")
