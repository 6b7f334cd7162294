"""Enter paper sign-ins: the host types the rows of a printed sign-in sheet, fast, by keyboard.

One line a row, in the sheet's order: code, Tab, first name, Tab, Space for each tick, and Enter for the
next row (a new line appears at the end). A phone or email from the person's contact slip goes in the
last box. Saving enters the good rows and takes them off the list; a row with a problem stays, with
the problem in plain words beside it, and a row typed in before is recognised by its code.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.handouts.data import session_short_code
from desktop.i18n import _
from desktop.ops import signin as signin_ops
from desktop.signin.paper import PaperResult, PaperRow, RowCodeProblem, read_row_code, sheet_row_code
from desktop.ui.context import AppContext
from desktop.ui.widgets import Heading, Note, content_scroll

PROBLEM_STYLE = "color: #a00018;"
START_ROWS = 5


class RowLine:
    """The controls of one sheet row, laid out on one line of the grid."""

    def __init__(self, number: int) -> None:
        self.code = QLineEdit()
        self.name = QLineEdit()
        self.first_time = QCheckBox(_("First time"))
        self.contact_me = QCheckBox(_("Contact me"))
        self.photos_ok = QCheckBox(_("Photos OK"))
        self.contact = QLineEdit()
        self.problem = Note("")  # a screen reader hears a problem as it appears
        self.problem.setStyleSheet(PROBLEM_STYLE)
        self.code.setMaxLength(16)
        self.code.setMaximumWidth(self.code.fontMetrics().horizontalAdvance("WWW-000") * 2)
        self.code.setPlaceholderText(_("Code"))
        self.name.setPlaceholderText(_("First name"))
        self.contact.setPlaceholderText(_("From the slip, if any"))
        self.number(number)

    def number(self, n: int) -> None:
        """Names for a screen reader: which line, and what each box holds."""
        for widget, what in (
            (self.code, _("code")),
            (self.name, _("first name")),
            (self.first_time, _("first time here")),
            (self.contact_me, _("contact me about next sessions")),
            (self.photos_ok, _("photos OK")),
            (self.contact, _("phone or email from the slip")),
        ):
            widget.setAccessibleName(_("Line {n}: {what}").format(n=n, what=what))

    @property
    def widgets(self) -> tuple[QWidget, ...]:
        return (self.code, self.name, self.first_time, self.contact_me, self.photos_ok, self.contact, self.problem)

    @property
    def focusable(self) -> tuple[QWidget, ...]:
        return self.widgets[:-1]

    def is_blank(self) -> bool:
        return not (
            self.code.text().strip()
            or self.name.text().strip()
            or self.contact.text().strip()
            or any(b.isChecked() for b in (self.first_time, self.contact_me, self.photos_ok))
        )

    def row(self) -> PaperRow:
        return PaperRow(
            code=self.code.text(),
            first_name=self.name.text(),
            first_time=self.first_time.isChecked(),
            contact_me=self.contact_me.isChecked(),
            photos_ok=self.photos_ok.isChecked(),
            contact=self.contact.text(),
        )

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setAccessibleDescription(text)
        self.code.setAccessibleDescription(text)  # heard on landing on the row, not only on the label


class PaperSignInsDialog(QDialog):
    """The rows of one session's paper sheet, typed in and saved together."""

    def __init__(self, ctx: AppContext, session_id: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.session_id = session_id
        self.short = session_short_code(session_id)
        self.lines: list[RowLine] = []
        self._removed = 0  # grid rows left empty by saved lines (a grid never renumbers its rows)
        self.last_result: PaperResult | None = None
        heading = _("Enter paper sign-ins")
        self.setWindowTitle(f"{heading} — {title}")
        self.setAccessibleName(heading)

        layout = QVBoxLayout(self)
        layout.addWidget(Heading(heading, 2))
        layout.addWidget(
            Note(
                _(
                    "Type each row of the sheet for “{title}”: its code ({example}, or just 7), Tab, the first "
                    "name, then Tab and Space to tick each box that is ticked. Enter starts the next row. "
                    "If the person gave a contact slip, type its phone or email in the last box."
                ).format(title=title, example=sheet_row_code(self.short, 7))
            )
        )
        self.grid_box = QWidget()
        self.grid = QGridLayout(self.grid_box)
        self.grid.setContentsMargins(0, 0, 0, 0)
        for column, text in enumerate(
            (_("Code"), _("First name"), _("Ticks on the sheet"), "", "", _("Phone or email"), _("Problem"))
        ):
            if text:
                label = QLabel(f"<b>{text}</b>")
                label.setAccessibleName(text)
                self.grid.addWidget(label, 0, column)
        self.grid.setColumnStretch(1, 3)  # names are the longest thing typed
        self.grid.setColumnStretch(5, 2)
        self.grid.setColumnStretch(6, 2)
        self.grid.setRowStretch(1000, 1)  # rows stay at the top
        layout.addWidget(content_scroll(self.grid_box), 1)

        self.summary = Note("")
        self.summary.setAccessibleName(_("What was saved"))
        layout.addWidget(self.summary)

        buttons = QHBoxLayout()
        self.add_button = QPushButton(_("Add a &row"))
        self.save_button = QPushButton(_("&Save these sign-ins"))
        self.close_button = QPushButton(_("Close"))
        for b in (self.add_button, self.save_button, self.close_button):
            b.setAccessibleName(b.text().replace("&", ""))
            b.setAutoDefault(False)  # Enter moves to the next row; it never saves by surprise
            b.setDefault(False)
        self.save_button.setToolTip(_("Ctrl+S"))
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)

        self.add_button.clicked.connect(self.add_blank_line)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.accept)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        for _n in range(START_ROWS):
            self.add_line()
        self.resize(1100, 620)
        self.lines[0].code.setFocus()

    # Lines ----------------------------------------------------------------------------------

    def add_blank_line(self) -> None:
        self.add_line().code.setFocus()

    def add_line(self) -> RowLine:
        line = RowLine(len(self.lines) + 1)
        grid_row = len(self.lines) + 1 + self._removed
        for column, widget in enumerate(line.widgets):
            self.grid.addWidget(widget, grid_row, column)
            widget.show()  # now, not when the event loop next runs: Enter puts the cursor in it at once
        previous = self.lines[-1].focusable[-1] if self.lines else None
        if previous is not None:
            QWidget.setTabOrder(previous, line.code)
        for a, b in zip(line.focusable, line.focusable[1:], strict=False):
            QWidget.setTabOrder(a, b)
        QWidget.setTabOrder(line.focusable[-1], self.add_button)
        for widget in line.focusable:
            widget.installEventFilter(self)
        line.code.editingFinished.connect(lambda: self.check_code(line))
        self.lines.append(line)
        return line

    def _remove_line(self, line: RowLine) -> None:
        for widget in line.widgets:
            self.grid.removeWidget(widget)
            widget.deleteLater()
        self.lines.remove(line)
        self._removed += 1

    def _renumber(self) -> None:
        for n, line in enumerate(self.lines, 1):
            line.number(n)
        if self.lines:
            QWidget.setTabOrder(self.lines[-1].focusable[-1], self.add_button)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Enter on any box of a line (a check box too) goes to the code of the next line.
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
        ):
            line = next((ln for ln in self.lines if watched in ln.focusable), None)
            if line is not None:
                self.next_line(line)
                return True
        return super().eventFilter(watched, event)

    def next_line(self, line: RowLine) -> None:
        index = self.lines.index(line)
        following = self.lines[index + 1] if index + 1 < len(self.lines) else self.add_line()
        following.code.setFocus()

    def check_code(self, line: RowLine) -> None:
        """Say at once when a code is not one of this sheet's, before anything is saved."""
        if not line.code.text().strip():
            return
        try:
            code, _row = read_row_code(self.session_id, line.code.text())
        except RowCodeProblem as exc:
            line.show_problem(str(exc))
            return
        line.code.setText(code)
        if line.problem.text():
            line.show_problem("")

    # Saving ---------------------------------------------------------------------------------

    def save(self) -> None:
        filled = [line for line in self.lines if not line.is_blank()]
        if not filled:
            self._say(_("Nothing to save yet: type a row from the sheet first."))
            return
        rows = [line.row() for line in filled]
        sid = self.session_id
        self.save_button.setEnabled(False)
        self.ctx.ops.run(
            lambda s: signin_ops.enter_paper_rows(s, sid, rows),
            lambda result: self._saved(filled, result),
            self._refused,
        )

    def _saved(self, filled: list[RowLine], result: PaperResult) -> None:
        self.save_button.setEnabled(True)
        self.last_result = result
        notes = []
        for outcome in result.outcomes:
            line = filled[outcome.index]
            if outcome.status == "problem":
                line.show_problem(outcome.message)
            else:
                if outcome.status == "already":
                    notes.append(outcome.message)
                self._remove_line(line)
        if not any(line.is_blank() for line in self.lines):
            self.add_line()
        self._renumber()
        self._say("\n".join([result.summary, *notes]))
        problem = next((line for line in self.lines if line.problem.text()), None)
        (problem or next(line for line in self.lines if line.is_blank())).code.setFocus()

    def _refused(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        self._say(str(error))

    def _say(self, text: str) -> None:
        self.summary.setText(text)
