"""The Lessons page, rendered offscreen on a real database, driven as a host would."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QMessageBox

from desktop.lessons.library import install_starter_lessons, starter_lesson_files
from desktop.ui.context import AppContext
from desktop.ui.lessons.page import LessonsPage
from desktop.ui.lessons.summary_list import SUMMARY_ROLE
from desktop.ui.tasks import DbRunner, TaskRunner

FIXTURES = Path(__file__).resolve().parents[2] / "lessons" / "fixtures"


@pytest.fixture
def ctx(db, data_dir: Path):
    from desktop.settings import Settings

    return AppContext(db, DbRunner(db, synchronous=True), TaskRunner(synchronous=True), Settings(data_dir), data_dir)


@pytest.fixture
def page(qtbot, ctx) -> LessonsPage:
    with ctx.db.transaction() as s:
        install_starter_lessons(s)
    widget = LessonsPage(ctx, "Lessons")
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    widget.refresh()
    return widget


def shown_titles(page: LessonsPage) -> list[str]:
    return [page.proxy.index(r, 0).data(SUMMARY_ROLE).title for r in range(page.proxy.rowCount())]


def test_the_library_lists_lessons_and_previews_the_first(page: LessonsPage) -> None:
    assert len(shown_titles(page)) >= 11
    assert page.detail is not None
    assert page.detail.summary.title == shown_titles(page)[0]
    assert page.detail.summary.title in page.preview.toPlainText()


def test_search_matches_words_in_the_text_without_accents(page: LessonsPage) -> None:
    page.search.setText("Thonny")
    assert set(shown_titles(page)) == {
        "Your first Python program",
        "Tu primer programa en Python",
        "Check your pay with Python",
    }
    page.search.setText("salon")
    assert "A flyer for your salon as a web page" in shown_titles(page)
    page.search.setText("zzzz no such words")
    assert shown_titles(page) == []
    assert "No lesson matches" in page.status.text()


def test_filters_by_language_length_and_level(page: LessonsPage) -> None:
    page.language.setCurrentIndex(page.language.findData("es"))
    assert len(shown_titles(page)) == 3
    page.duration.setCurrentIndex(page.duration.findData("61_to_90"))
    assert shown_titles(page) == ["Tu primer programa en Python"]
    page.language.setCurrentIndex(0)
    page.duration.setCurrentIndex(page.duration.findData("up_to_30"))
    assert shown_titles(page) == []
    page.duration.setCurrentIndex(0)
    page.offline_only.setChecked(True)
    assert len(shown_titles(page)) >= 11


def test_learner_preview_hides_solutions_and_notes_that_the_host_sees(page: LessonsPage) -> None:
    page.as_learner.setChecked(True)
    learner = page.preview.toPlainText()
    page.as_host.setChecked(True)
    host = page.preview.toPlainText()
    assert "Solution" not in learner and "For the host" not in learner
    assert "Solution" in host and "For the host" in host


def test_editing_saves_a_new_version_and_history_restores_the_old(page: LessonsPage, qtbot) -> None:
    original = page.detail
    editor = page.edit_lesson()
    text = editor.editor.toPlainText()
    editor.editor.setPlainText(text.replace(original.summary.title, "A brand-new title"))
    editor.update_preview()  # what the timer does after typing stops
    assert "A brand-new title" in editor.preview.toPlainText()
    editor.note.setText("Clearer title")
    editor.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert page.detail.summary.title == "A brand-new title"
    assert page.detail.summary.current_version == 2

    page.show_history()
    dialog = page.history_dialog
    assert dialog.list.count() == 2 and "Clearer title" in dialog.list.item(0).text()
    assert not dialog.restore_button.isEnabled()
    dialog.list.setCurrentRow(1)
    dialog.restore_button.click()
    assert page.detail.summary.title == original.summary.title
    assert page.detail.summary.current_version == 3


def test_the_editor_shows_the_line_of_a_problem_and_does_not_save(page: LessonsPage) -> None:
    before = page.detail
    editor = page.edit_lesson()
    editor.editor.setPlainText(editor.editor.toPlainText() + "\n::: solution\nOops\n:::\n")
    editor.update_preview()
    assert "Line" in editor.problem.text() and "inside a challenge" in editor.problem.text()
    editor.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert "Not saved" in editor.problem.text()
    assert editor.isVisible()
    page.refresh()
    assert page.detail.summary.current_version == before.summary.current_version


def test_new_lesson_from_the_template(page: LessonsPage) -> None:
    editor = page.new_lesson()
    editor.editor.setPlainText(editor.editor.toPlainText().replace("A new lesson", "Sewing patterns as code"))
    editor.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert page.detail.summary.title == "Sewing patterns as code"


def test_remix_keeps_a_link_to_the_original(page: LessonsPage) -> None:
    title = page.detail.summary.title
    page.remix_button.click()
    assert page.detail.summary.title == f"{title} (remix)"
    assert f"remixed from “{title}”" in page.detail_facts.text()


def test_the_list_follows_changes_to_lessons_made_elsewhere_and_no_others(page: LessonsPage, ctx) -> None:
    """A sync round (or another window) changed the lessons: the list reloads; other changes leave it be."""
    from desktop.lessons.library import create_lesson
    from desktop.ops import Kind, OpChanges
    from desktop.ui.lessons.dialogs import new_lesson_template

    with ctx.db.transaction() as s:
        create_lesson(s, new_lesson_template().replace("A new lesson", "Sewing patterns as code"))
    ctx.events.changed.emit(OpChanges.of(Kind.SIGN_INS, Kind.PAIRINGS))
    assert "Sewing patterns as code" not in shown_titles(page)
    ctx.events.changed.emit(OpChanges.from_tables(["lesson_versions"]))
    assert "Sewing patterns as code" in shown_titles(page)


def test_trash_and_restore(page: LessonsPage) -> None:
    title = page.detail.summary.title
    page.trash_button.click()
    assert title not in shown_titles(page)
    assert "in the trash" in page.status.text()
    page.show_which.setCurrentIndex(page.show_which.findData("trash"))
    assert shown_titles(page) == [title]
    assert page.trash_button.text().replace("&", "") == "Restore from trash"
    page.trash_button.click()
    page.show_which.setCurrentIndex(page.show_which.findData("library"))
    assert title in shown_titles(page)


def test_importing_a_folder_of_episodes_adds_them(page: LessonsPage, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(FIXTURES / "workbench"))
    page.import_folder_button.click()
    assert "3 lessons added" in page.status.text()
    assert "Loops" in shown_titles(page)


def test_a_bad_file_lists_its_line_in_plain_words_and_changes_nothing(
    page: LessonsPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = shown_titles(page)
    shutil.copy(FIXTURES / "bad" / "unclosed-div.md", tmp_path / "lesson.md")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(tmp_path / "lesson.md")], ""))
    page.import_file_button.click()
    assert page.import_problems is not None and page.import_problems.isVisible()
    assert page.import_problems.problems.toPlainText() == (
        "lesson.md — Line 9: this “::: challenge” is never closed: add a line ::: where it ends."
    )
    assert page.status.text() == "Nothing was imported: 1 file could not be read."
    page.refresh()
    assert shown_titles(page) == before


def test_a_folder_with_bad_files_imports_the_good_ones_and_shows_the_bad_ones_to_copy(
    page: LessonsPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "from a friend"
    folder.mkdir()
    for name in ("introduction.md", "loops.md"):
        shutil.copy(FIXTURES / "workbench" / "episodes" / name, folder / name)
    shutil.copy(FIXTURES / "bad" / "bad-yaml.md", folder / "salon.md")
    shutil.copy(FIXTURES / "bad" / "picture.md", folder / "photo.md")
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    page.import_folder_button.click()
    assert {"Introducing the Shell", "Loops"} <= set(shown_titles(page))
    dialog = page.import_problems
    assert dialog is not None and dialog.isVisible()
    assert dialog.summary.text() == "Imported 2 lessons; 2 files could not be read."
    assert page.status.text() == dialog.summary.text()
    assert dialog.problems.toPlainText().split("\n\n") == [
        "photo.md — This file is not text (it may be a picture or a Word document).",
        "salon.md — Line 4: a quotation mark is never closed.",
    ]
    assert str(tmp_path) not in dialog.problems.toPlainText()  # the file's name, not where it sits
    dialog.copy_button.click()
    from PySide6.QtGui import QGuiApplication

    assert QGuiApplication.clipboard().text() == (
        "Imported 2 lessons; 2 files could not be read.\n\n" + dialog.problems.toPlainText()
    )


def test_a_file_imported_with_something_to_check_shows_what_to_check(
    page: LessonsPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    episode = FIXTURES / "styles-old" / "real" / "shell-novice-01-intro.md"
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(episode)], ""))
    page.import_file_button.click()
    dialog = page.import_problems
    assert dialog is not None and dialog.isVisible()
    assert dialog.summary.text().endswith("1 file has something to check.")
    entries = dialog.problems.toPlainText().split("\n\n")
    assert entries[0] == "To check:" and entries[1].startswith(f"{episode.name} — Line ")
    assert "keypoints" in entries[1]


def test_export_writes_the_lesson(page: LessonsPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out.md"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    page.export_button.click()
    assert out.read_text(encoding="utf-8").startswith("---\ntitle:")
    assert "Exported to" in page.status.text()


def test_an_empty_library_offers_the_starter_lessons(qtbot, ctx) -> None:
    widget = LessonsPage(ctx, "Lessons")
    qtbot.addWidget(widget)
    widget.show()
    widget.refresh()
    shipped = len(starter_lesson_files())
    assert widget.starter_button.isVisible()
    assert widget.starter_button.text().replace("&", "") == f"Add the {shipped} starter lessons"
    assert widget.detail is None
    assert not widget.add_starters_button.isVisible()  # one way to add them while the card is there
    widget.starter_button.click()
    assert widget.proxy.rowCount() == shipped
    assert not widget.starter_button.isVisible()
    assert f"{shipped} lessons added." in widget.status.text()


def test_every_control_has_an_accessible_name(page: LessonsPage) -> None:
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QListView, QTextBrowser

    for cls in (QAbstractButton, QComboBox, QLineEdit, QListView, QTextBrowser):
        for w in page.findChildren(cls):
            if w.isVisible():
                assert w.accessibleName(), w


def accept_question(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Answer Yes to the page's question; the list gets what it said."""
    asked: list[str] = []

    def question(_parent, _title, text, *_args):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def test_add_starter_lessons_adds_the_missing_starters_after_one_lesson_was_imported(
    qtbot, ctx, monkeypatch: pytest.MonkeyPatch
) -> None:
    widget = LessonsPage(ctx, "Lessons")
    qtbot.addWidget(widget)
    widget.show()
    widget.import_paths([str(FIXTURES / "workbench" / "episodes" / "loops.md")])
    widget.refresh()
    assert widget.proxy.rowCount() == 1
    assert not widget.starter_button.isVisible()  # the big card is for an empty library only
    assert widget.add_starters_button.isVisible() and widget.add_starters_button.isEnabled()
    asked = accept_question(monkeypatch)
    widget.add_starters_button.click()
    shipped = len(starter_lesson_files())
    assert widget.proxy.rowCount() == 1 + shipped
    assert "trash" in asked[0]
    assert f"{shipped} lessons added." in widget.status.text()


def test_add_starter_lessons_leaves_a_trashed_starter_in_the_trash(
    page: LessonsPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    count = page.proxy.rowCount()
    page.trash_button.click()
    page.refresh()
    assert page.proxy.rowCount() == count - 1
    accept_question(monkeypatch)
    page.add_starters_button.click()
    page.refresh()
    assert page.proxy.rowCount() == count - 1
    assert "already in your library or in the trash" in page.status.text()
