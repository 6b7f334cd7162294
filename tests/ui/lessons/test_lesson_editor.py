"""The lesson editor's form, on a real database: a host edits fields, never Markdown, and saves."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDialogButtonBox,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QTextEdit,
)

from desktop.lessons.form import form_from_markdown
from desktop.lessons.library import get_lesson, install_starter_lessons, list_lessons
from desktop.lessons.parse import parse_text
from desktop.lessons.plain import same_rendering
from desktop.ui.context import AppContext
from desktop.ui.lessons.dialogs import LessonEditor, new_lesson_template
from desktop.ui.lessons.rich_text import MarkdownBox
from desktop.ui.tasks import DbRunner, TaskRunner


@pytest.fixture
def ctx(db, data_dir: Path) -> AppContext:
    from desktop.settings import Settings

    return AppContext(db, DbRunner(db, synchronous=True), TaskRunner(synchronous=True), Settings(data_dir), data_dir)


@pytest.fixture
def lesson(ctx: AppContext) -> tuple[str, str]:
    """The id and text of the starter lesson "Your first Python program"."""
    with ctx.db.transaction() as s:
        install_starter_lessons(s)
        found = next(x for x in list_lessons(s) if x.title == "Your first Python program")
        return found.id, get_lesson(s, found.id).text


@pytest.fixture
def editor(qtbot, ctx: AppContext, lesson: tuple[str, str]) -> LessonEditor:
    dialog = LessonEditor(ctx, lesson[0], lesson[1], "Edit")
    qtbot.addWidget(dialog)
    dialog.resize(1280, 720)
    dialog.show()
    return dialog


def stored_text(ctx: AppContext, lesson_id: str) -> str:
    with ctx.db.transaction() as s:
        return get_lesson(s, lesson_id).text


def save(editor: LessonEditor) -> None:
    editor.buttons.button(QDialogButtonBox.StandardButton.Save).click()


def test_the_editor_opens_on_the_form(editor: LessonEditor) -> None:
    assert editor.tabs.currentIndex() == LessonEditor.FORM
    assert editor.form_editor.title.text() == "Your first Python program"
    assert editor.form_editor.teaching.value() == 35
    assert editor.form_editor.language.currentData() == "en"
    assert editor.form_editor.challenges.list.count() == 4


def test_a_title_and_a_step_edited_in_the_form_are_saved_as_markdown_that_reads_back(
    editor: LessonEditor, ctx: AppContext, lesson: tuple[str, str]
) -> None:
    form = editor.form_editor
    form.title.setText("Python for the first time")
    form.steps.list.setCurrentRow(0)
    body = form.steps.editors["body"]
    assert isinstance(body, MarkdownBox)
    body.edit.moveCursor(QTextCursor.MoveOperation.End)
    body.edit.insertPlainText("\nAsk who has seen Python before.")
    editor.update_preview()
    assert "Python for the first time" in editor.preview.toPlainText()
    save(editor)
    assert editor.saved_id == lesson[0]
    text = stored_text(ctx, lesson[0])
    again = form_from_markdown(text)
    assert again.title == "Python for the first time"
    assert again.steps[0].body.endswith("Ask who has seen Python before.")
    # The edited text says what it said, plus the new sentence; everything else is as it was.
    before = form_from_markdown(lesson[1])
    assert same_rendering(again.steps[0].body, before.steps[0].body + "\n\nAsk who has seen Python before.")
    assert again.steps[1:] == before.steps[1:] and again.challenges == before.challenges
    assert text.split("\n## ", 2)[2] == lesson[1].split("\n## ", 2)[2]


def test_a_challenge_added_in_the_form_is_saved_with_its_solution_and_hint(
    editor: LessonEditor, ctx: AppContext, lesson: tuple[str, str]
) -> None:
    challenges = editor.form_editor.challenges
    challenges.list.setCurrentRow(challenges.list.count() - 1)
    challenges.add_button.click()
    for attr, value in (("title", "Challenge 5: change"), ("solution", "print(20 - 12.5)"), ("hints", "Subtract.")):
        field = challenges.editors[attr]
        field.edit.setPlainText(value) if isinstance(field, MarkdownBox) else field.setText(value)
    save(editor)
    again = form_from_markdown(stored_text(ctx, lesson[0]))
    assert again.challenges[-1].title == "Challenge 5: change"
    assert again.challenges[-1].solution == "print(20 - 12.5)"
    assert again.challenges[-1].hints == ["Subtract."]


def test_edits_cross_over_between_form_and_advanced(editor: LessonEditor) -> None:
    editor.form_editor.title.setText("Edited in the form")
    editor.tabs.setCurrentIndex(LessonEditor.ADVANCED)
    assert "title: Edited in the form" in editor.editor.toPlainText()
    editor.editor.setPlainText(editor.editor.toPlainText().replace("teaching: 35", "teaching: 50"))
    editor.tabs.setCurrentIndex(LessonEditor.FORM)
    assert editor.form_editor.title.text() == "Edited in the form"
    assert editor.form_editor.teaching.value() == 50
    assert parse_text(editor.current_text()).meta.teaching == 50


def test_markdown_that_cannot_be_a_form_says_so_and_stays_on_advanced(editor: LessonEditor) -> None:
    editor.tabs.setCurrentIndex(LessonEditor.ADVANCED)
    editor.editor.setPlainText(editor.editor.toPlainText().replace('program"', "program", 1))
    editor.tabs.setCurrentIndex(LessonEditor.FORM)
    assert editor.tabs.currentIndex() == LessonEditor.ADVANCED
    assert "cannot be shown as a form" in editor.problem.text() and "Line" in editor.problem.text()


def test_a_new_lesson_starts_on_the_form_and_saves(qtbot, ctx: AppContext) -> None:
    dialog = LessonEditor(ctx, None, new_lesson_template(), "New lesson")
    qtbot.addWidget(dialog)
    assert dialog.tabs.currentIndex() == LessonEditor.FORM
    dialog.form_editor.title.setText("Sewing patterns as code")
    dialog.form_editor.objectives.setPlainText("Read a pattern.\nWrite one.")
    save(dialog)
    assert dialog.saved_id is not None
    form = form_from_markdown(stored_text(ctx, dialog.saved_id))
    assert form.title == "Sewing patterns as code" and form.objectives == ["Read a pattern.", "Write one."]


def test_every_control_of_the_form_has_an_accessible_name_and_takes_the_keyboard(editor: LessonEditor) -> None:
    kinds = (QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QSpinBox, QListWidget, QAbstractButton)
    controls = [w for kind in kinds for w in editor.findChildren(kind)]
    assert len(controls) > 30
    nameless = [
        (type(w).__name__, getattr(w, "text", str)(), type(w.parent()).__name__)
        for w in controls
        # A spin box's own text field is part of the spin box, which has the name.
        if not w.accessibleName() and w.isVisibleTo(editor) and not isinstance(w.parent(), QSpinBox)
    ]
    assert nameless == []
    form_controls = [w for kind in kinds for w in editor.form_editor.findChildren(kind)]
    assert all(w.focusPolicy() & w.focusPolicy().TabFocus for w in form_controls)


def test_the_form_fits_a_small_screen_with_one_scroll_area(editor: LessonEditor) -> None:
    assert editor.minimumSizeHint().width() <= 1280 and editor.minimumSizeHint().height() <= 720
    scroll = editor.tabs.widget(LessonEditor.FORM)
    assert isinstance(scroll, QScrollArea) and scroll.findChildren(QScrollArea) == []


def test_a_problem_with_the_whole_text_is_said_without_a_line_number(editor: LessonEditor) -> None:
    editor.tabs.setCurrentIndex(LessonEditor.ADVANCED)
    editor.editor.setPlainText("")
    editor.update_preview()
    shown = editor.problem.text()
    assert shown and "Line" not in shown
    save(editor)
    assert editor.problem.text().startswith("Not saved.") and "Line" not in editor.problem.text()
