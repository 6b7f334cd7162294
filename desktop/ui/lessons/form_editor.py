"""The lesson as a form, for hosts who have never seen Markdown: plain fields, lists of steps,
challenges and notes to add, remove and reorder. ``desktop.lessons.form`` reads and writes the Markdown."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.languages import language_choices
from desktop.lessons.document import LEVEL_LABELS
from desktop.lessons.form import Challenge, HostNote, LessonForm, Step
from desktop.lessons.plain import plain_label, plain_title
from desktop.ui.lessons.rich_text import MarkdownBox
from desktop.ui.widgets import set_button_text

# The levels the lessons page filters by (the page imports this module through the editor).


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def _text_box(name: str, lines: int = 4) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setAccessibleName(name)
    box.setTabChangesFocus(True)  # Tab moves on, as in every other field of the form
    box.setMinimumHeight(box.fontMetrics().lineSpacing() * lines + 12)
    return box


@dataclass
class _Field:
    attr: str
    label: str  # what the label says, also the control's accessible name
    multiline: bool = False
    lines: int = 4


class ItemList(QGroupBox):
    """A list of steps, challenges or notes: pick one to edit its fields below; add, remove, move."""

    changed = Signal()

    def __init__(
        self,
        title: str,
        fields: list[_Field],
        new_item: Callable[[], Any],
        describe: Callable[[Any], str],
        names: dict[str, str],
    ) -> None:
        super().__init__(title)
        self.setAccessibleName(title.replace("&", ""))
        self.fields = fields
        self.new_item = new_item
        self.describe = describe
        self.items: list[Any] = []
        self._loading = False

        self.list = QListWidget()
        self.list.setAccessibleName(names["list"])
        self.list.setMaximumHeight(self.list.fontMetrics().lineSpacing() * 6 + 12)
        self.list.currentRowChanged.connect(self._show)
        buttons = QHBoxLayout()
        self.add_button = self._button(_("Add"), names["add"], self.add)
        self.remove_button = self._button(_("Remove"), names["remove"], self.remove)
        # "Move up" alone is said by all three lists: the name adds which item, after the words shown.
        self.up_button = self._button(_("Move up"), names["up"], lambda: self.move_item(-1), names["selected"])
        self.down_button = self._button(_("Move down"), names["down"], lambda: self.move_item(1), names["selected"])
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        self.editors: dict[str, QLineEdit | MarkdownBox] = {}
        form = QFormLayout()
        # Each label above its box: the boxes get the whole width, which their paragraphs need beside
        # the preview (in large text and Spanish, a label column left them a few words wide).
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        for spec in fields:
            editor: QLineEdit | MarkdownBox
            if spec.multiline:
                # Shown formatted, never as Markdown marks; Markdown is what it writes back.
                editor = MarkdownBox(spec.label, spec.lines)
                editor.textChanged.connect(self._edited)
            else:
                editor = QLineEdit()
                editor.setAccessibleName(spec.label)
                editor.textChanged.connect(self._edited)
            label = QLabel(spec.label + ":")
            label.setBuddy(editor)
            form.addRow(label, editor)
            self.editors[spec.attr] = editor

        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        layout.addLayout(form)
        self._update_buttons()

    def _button(self, text: str, description: str, slot: Callable[[], None], what: str = "") -> QPushButton:
        """A button heard by its text ("Move up: the selected step" with ``what``), explained by ``description``."""
        button = QPushButton()
        set_button_text(button, text, description)
        if what:
            button.setAccessibleName(_("{button}: {what}").format(button=text, what=what))
        button.clicked.connect(slot)
        return button

    def set_items(self, items: list[Any]) -> None:
        self.items = items
        self._loading = True
        self.list.clear()
        for item in items:
            self.list.addItem(self.describe(item))
        self._loading = False
        self.list.setCurrentRow(0 if items else -1)
        self._show(self.list.currentRow())

    def _show(self, row: int) -> None:
        if self._loading:
            return
        self._loading = True
        item = self.items[row] if 0 <= row < len(self.items) else None
        for spec in self.fields:
            editor = self.editors[spec.attr]
            value = self._value(item, spec.attr) if item is not None else ""
            if isinstance(editor, MarkdownBox):
                editor.set_markdown(value)
            else:
                editor.setText(value)
            editor.setEnabled(item is not None)
        self._loading = False
        self._update_buttons()

    @staticmethod
    def _value(item: Any, attr: str) -> str:
        value = getattr(item, attr)
        return "\n\n".join(value) if isinstance(value, list) else str(value)

    def _edited(self) -> None:
        row = self.list.currentRow()
        if self._loading or not 0 <= row < len(self.items):
            return
        item = self.items[row]
        for spec in self.fields:
            editor = self.editors[spec.attr]
            text = editor.markdown() if isinstance(editor, MarkdownBox) else editor.text()
            if isinstance(getattr(item, spec.attr), list):
                # Hints, one per paragraph; left as they were while the text still reads the same.
                if text != self._value(item, spec.attr):
                    setattr(item, spec.attr, [p.strip() for p in text.split("\n\n") if p.strip()])
            else:
                setattr(item, spec.attr, text)
        current = self.list.item(row)
        if current is not None:
            current.setText(self.describe(item))
        self.changed.emit()

    def add(self) -> None:
        row = self.list.currentRow() + 1 if self.items else 0
        self.items.insert(row, self.new_item())
        self._loading = True
        self.list.insertItem(row, self.describe(self.items[row]))
        self._loading = False
        self.list.setCurrentRow(row)
        self._show(row)
        first = self.editors[self.fields[0].attr]
        first.setFocus()
        self.changed.emit()

    def remove(self) -> None:
        row = self.list.currentRow()
        if not 0 <= row < len(self.items):
            return
        del self.items[row]
        self._loading = True
        self.list.takeItem(row)
        self._loading = False
        self.list.setCurrentRow(min(row, len(self.items) - 1))
        self._show(self.list.currentRow())
        self.changed.emit()

    def move_item(self, by: int) -> None:
        row = self.list.currentRow()
        to = row + by
        if not (0 <= row < len(self.items) and 0 <= to < len(self.items)):
            return
        self.items[row], self.items[to] = self.items[to], self.items[row]
        self._loading = True
        self.list.item(row).setText(self.describe(self.items[row]))
        self.list.item(to).setText(self.describe(self.items[to]))
        self._loading = False
        self.list.setCurrentRow(to)
        self._show(to)
        self.changed.emit()

    def _update_buttons(self) -> None:
        row = self.list.currentRow()
        self.remove_button.setEnabled(0 <= row < len(self.items))
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < len(self.items) - 1)


class LessonFormEditor(QWidget):
    """Every field of a lesson's form. ``changed`` is emitted on any edit; ``form()`` is the form as edited."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._form: LessonForm = LessonForm(title="")
        self._loading = False
        self.setAccessibleName(_("Lesson form"))

        self.title = QLineEdit()
        self.level = QComboBox()
        for code, level in LEVEL_LABELS.items():
            self.level.addItem(_(level), code)
        self.language = QComboBox()
        self.teaching = self._minutes()
        self.exercises = self._minutes()
        self.objectives = _text_box(_("What people will be able to do (one per line)"))
        self.questions = _text_box(_("Questions the lesson answers (one per line)"), 2)
        self.keypoints = _text_box(_("Key points to remember (one per line)"), 3)
        self.materials = _text_box(_("What to bring (one per line)"), 3)

        about = QFormLayout()
        rows: list[tuple[str, QWidget, str]] = [
            (_("&Title:"), self.title, _("Title")),
            (_("&Level:"), self.level, _("Level")),
            (_("Lan&guage:"), self.language, _("Language of the lesson")),
            (_("Teac&hing (minutes):"), self.teaching, _("Minutes of teaching")),
            (_("E&xercises (minutes):"), self.exercises, _("Minutes of exercises")),
            (_("&Objectives (one per line):"), self.objectives, self.objectives.accessibleName()),
            (_("&Questions (one per line):"), self.questions, self.questions.accessibleName()),
            (_("&Key points (one per line):"), self.keypoints, self.keypoints.accessibleName()),
            (_("&Materials (one per line):"), self.materials, self.materials.accessibleName()),
        ]
        for text, widget, name in rows:
            widget.setAccessibleName(name)
            label = QLabel(text)
            label.setBuddy(widget)
            about.addRow(label, widget)

        self.steps = ItemList(
            _("Ste&ps"),
            [_Field("heading", _("Step heading")), _Field("body", _("What to say and show"), True, 8)],
            lambda: Step(_("A new step")),
            lambda s: plain_title(s.heading, _("(text without a heading)")),
            {
                "list": _("Steps"),
                "add": _("Add a step"),
                "remove": _("Remove the selected step"),
                "up": _("Move the selected step up"),
                "down": _("Move the selected step down"),
                "selected": _("the selected step"),
            },
        )
        self.challenges = ItemList(
            _("Ch&allenges"),
            [
                _Field("title", _("Challenge title")),
                _Field("body", _("What people should do"), True, 5),
                _Field("hints", _("Hints (a blank line between hints)"), True, 3),
                _Field("solution", _("Solution"), True, 4),
            ],
            lambda: Challenge(_("A new challenge")),
            lambda c: plain_title(c.title, "") or plain_label(c.body, _("(challenge without a title)")),
            {
                "list": _("Challenges"),
                "add": _("Add a challenge"),
                "remove": _("Remove the selected challenge"),
                "up": _("Move the selected challenge up"),
                "down": _("Move the selected challenge down"),
                "selected": _("the selected challenge"),
            },
        )
        self.notes = ItemList(
            _("Host &notes"),
            [_Field("text", _("Note for the host (learners do not see it)"), True, 5)],
            HostNote,
            lambda n: plain_label(n.text, _("(empty note)")),
            {
                "list": _("Host notes"),
                "add": _("Add a host note"),
                "remove": _("Remove the selected host note"),
                "up": _("Move the selected host note up"),
                "down": _("Move the selected host note down"),
                "selected": _("the selected host note"),
            },
        )

        layout = QVBoxLayout(self)
        layout.addLayout(about)
        layout.addWidget(self.steps)
        layout.addWidget(self.challenges)
        layout.addWidget(self.notes)
        layout.addStretch(1)

        self.title.textChanged.connect(self._edited)
        self.level.currentIndexChanged.connect(self._edited)
        self.language.currentIndexChanged.connect(self._edited)
        self.teaching.valueChanged.connect(self._edited)
        self.exercises.valueChanged.connect(self._edited)
        for box in (self.objectives, self.questions, self.keypoints, self.materials):
            box.textChanged.connect(self._edited)
        for items in (self.steps, self.challenges, self.notes):
            items.changed.connect(self.changed)

    @staticmethod
    def _minutes() -> QSpinBox:
        box = QSpinBox()
        box.setRange(0, 24 * 60)
        box.setSingleStep(5)
        box.setSuffix(_(" min"))
        return box

    def set_form(self, form: LessonForm) -> None:
        """Show ``form`` (a copy is edited; ``form()`` gives it back)."""
        self._form = copy.copy(form)
        self._form.steps = copy.deepcopy(form.steps)
        self._form.challenges = copy.deepcopy(form.challenges)
        self._form.notes = copy.deepcopy(form.notes)
        self._loading = True
        self.title.setText(form.title)
        _choose(self.level, form.level, form.level)
        self.language.clear()
        for code, label in language_choices([form.language]):
            self.language.addItem(label, code)
        _choose(self.language, form.language, form.language)
        self.teaching.setValue(form.teaching)
        self.exercises.setValue(form.exercises)
        self.objectives.setPlainText("\n".join(form.objectives))
        self.questions.setPlainText("\n".join(form.questions))
        self.keypoints.setPlainText("\n".join(form.keypoints))
        self.materials.setPlainText("\n".join(form.materials))
        self.steps.set_items(self._form.steps)
        self.challenges.set_items(self._form.challenges)
        self.notes.set_items(self._form.notes)
        self._loading = False

    def form(self) -> LessonForm:
        form = copy.copy(self._form)
        form.title = self.title.text()
        form.level = self.level.currentData() or form.level
        form.language = self.language.currentData() or form.language
        form.teaching = self.teaching.value()
        form.exercises = self.exercises.value()
        for attr, box in (
            ("objectives", self.objectives),
            ("questions", self.questions),
            ("keypoints", self.keypoints),
            ("materials", self.materials),
        ):
            typed = _lines(box.toPlainText())
            # Left as read (spacing and all) while the box still shows the same lines.
            setattr(form, attr, getattr(self._form, attr) if typed == getattr(self._form, attr) else typed)
        form.steps = copy.deepcopy(self.steps.items)
        form.challenges = copy.deepcopy(self.challenges.items)
        form.notes = copy.deepcopy(self.notes.items)
        return form

    def _edited(self) -> None:
        if not self._loading:
            self.changed.emit()


def _choose(combo: QComboBox, code: str, label: str) -> None:
    """Select ``code``; a value not offered (typed in the Markdown) is added as it is, never dropped."""
    index = combo.findData(code)
    if index < 0:
        combo.addItem(label, code)
        index = combo.count() - 1
    combo.setCurrentIndex(index)
