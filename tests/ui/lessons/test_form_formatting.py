"""The form shows a lesson's text formatted, never as Markdown marks, and writes Markdown back:
what the host did not edit is saved exactly as it was written."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QFontMetrics, QTextCursor

from desktop.lessons.form import form_from_markdown
from desktop.ui.context import AppContext
from desktop.ui.lessons.dialogs import LessonEditor
from desktop.ui.lessons.rich_text import MarkdownBox
from desktop.ui.tasks import DbRunner, TaskRunner

SOLUTION = "Put this in the page:\n\n```html\n<p>Open <b>Tuesdays</b></p>\n```\n\nThen save it."
LESSON = f"""---
title: "A flyer"
teaching: 10
exercises: 10
---

::: instructor

**Timings (20 minutes)**

| When | What |
|---|---|
| 0:00 | Show a flyer |

:::

## Using `<p>` and **bold**

Say **hello** to everyone.

## A box inside

::: callout

Good to know.

:::

::: challenge

## Challenge 1: *open* hours

Write the opening hours.

::: solution

{SOLUTION}

:::

:::
"""


@pytest.fixture
def ctx(db, data_dir: Path) -> AppContext:
    from desktop.settings import Settings

    return AppContext(db, DbRunner(db, synchronous=True), TaskRunner(synchronous=True), Settings(data_dir), data_dir)


@pytest.fixture
def editor(qtbot, ctx: AppContext) -> LessonEditor:
    dialog = LessonEditor(ctx, None, LESSON, "Edit")
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def box(editor: LessonEditor, items: str, attr: str, row: int) -> MarkdownBox:
    listed = getattr(editor.form_editor, items)
    listed.list.setCurrentRow(row)
    found = listed.editors[attr]
    assert isinstance(found, MarkdownBox)
    return found


def test_a_solution_with_a_code_fence_is_shown_without_fences_and_saved_unchanged_when_not_edited(
    editor: LessonEditor,
) -> None:
    solution = box(editor, "challenges", "solution", 0)
    shown = solution.edit.toPlainText()
    assert "<p>Open <b>Tuesdays</b></p>" in shown and "```" not in shown and "html" not in shown.split("\n")[1]
    assert solution.formatted and not solution.note.isVisibleTo(editor)
    code = solution.edit.document().findBlockByNumber(1)
    assert code.text() == "<p>Open <b>Tuesdays</b></p>"
    cursor = QTextCursor(code)
    # Code in monospace: a narrow and a wide letter take the same room (Qt 6.11 reports fixedPitch()
    # as False for some monospaced faces, so the glyphs themselves are measured).
    metrics = QFontMetrics(cursor.charFormat().font())
    assert metrics.horizontalAdvance("iiii") == metrics.horizontalAdvance("MMMM")
    # Another field edited: the solution is written back byte for byte.
    editor.form_editor.title.setText("A salon flyer")
    assert form_from_markdown(editor.current_text()).challenges[0].solution == SOLUTION
    assert editor.current_text() == LESSON.replace('"A flyer"', "A salon flyer")


def test_a_host_note_shows_its_timing_plan_as_a_table_not_pipes(editor: LessonEditor) -> None:
    note = box(editor, "notes", "text", 0)
    shown = note.edit.toPlainText()
    assert "|" not in shown and "**" not in shown and "Timings (20 minutes)" in shown
    assert any(frame.__class__.__name__ == "QTextTable" for frame in note.edit.document().rootFrame().childFrames())


def test_editing_a_steps_bold_text_writes_markdown_that_reads_back(editor: LessonEditor) -> None:
    body = box(editor, "steps", "body", 0)
    assert body.edit.toPlainText() == "Say hello to everyone."
    cursor = body.edit.document().find("hello")
    body.edit.setTextCursor(cursor)
    body.edit.insertPlainText("good morning")  # typed over the bold word: it stays bold
    form = form_from_markdown(editor.current_text())
    assert form.steps[0].body == "Say **good morning** to everyone."
    assert form.steps[1] == form_from_markdown(LESSON).steps[1]


def test_text_with_a_lesson_box_inside_stays_as_written_and_says_to_use_advanced(editor: LessonEditor) -> None:
    body = box(editor, "steps", "body", 1)
    assert not body.formatted and body.note.isVisibleTo(editor)
    assert "Advanced" in body.note.text()
    assert body.edit.toPlainText() == "::: callout\n\nGood to know.\n\n:::"
    body.edit.moveCursor(QTextCursor.MoveOperation.End)
    body.edit.insertPlainText("\n\nMore.")
    assert form_from_markdown(editor.current_text()).steps[1].body == "::: callout\n\nGood to know.\n\n:::\n\nMore."


def test_list_labels_carry_no_markdown_marks(editor: LessonEditor) -> None:
    form = editor.form_editor
    labels = [
        lst.list.item(n).text() for lst in (form.steps, form.challenges, form.notes) for n in range(lst.list.count())
    ]
    assert labels == ["Using <p> and bold", "A box inside", "Challenge 1: open hours", "Timings (20 minutes)"]
