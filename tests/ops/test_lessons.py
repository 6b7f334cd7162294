"""Lesson operations write through the library and say when the lessons changed."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from desktop.lessons.library import get_lesson, history
from desktop.models import Lesson, LessonVersion
from desktop.ops import Kind, OpChanges
from desktop.ops import lessons as ops

LESSONS = OpChanges.of(Kind.LESSONS)
TEXT = '---\ntitle: "Budget in a spreadsheet"\nteaching: 20\nexercises: 10\n---\n\n## Columns\n\nOne a month.\n'


def _count(db, model: type) -> int:
    with db.transaction() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def test_writing_saving_and_restoring_make_versions_and_change_the_lessons(db):
    with db.transaction() as s:
        created = ops.create_lesson(s, TEXT, "first go")
    lesson_id = created.value
    with db.transaction() as s:
        saved = ops.save_lesson(s, lesson_id, TEXT.replace("One a month", "One a week"), "weekly")
    with db.transaction() as s:
        restored = ops.restore_version(s, lesson_id, 1)
        assert [v.number for v in history(s, lesson_id)] == [3, 2, 1]
        assert "One a month" in get_lesson(s, lesson_id).text
    assert [created.changes, saved.changes, restored.changes] == [LESSONS] * 3
    assert saved.value == restored.value == lesson_id


def test_saving_the_same_text_again_changes_nothing(db):
    with db.transaction() as s:
        lesson_id = ops.create_lesson(s, TEXT).value
    with db.transaction() as s:
        again = ops.save_lesson(s, lesson_id, TEXT, "no change")
    assert not again.changes
    assert _count(db, LessonVersion) == 1


def test_remix_trash_and_restore_change_the_lessons(db):
    with db.transaction() as s:
        original = ops.create_lesson(s, TEXT).value
    with db.transaction() as s:
        remix = ops.remix_lesson(s, original)
        trashed = ops.trash_lesson(s, original)
        assert get_lesson(s, remix.value).remixed_from == original
        assert get_lesson(s, original).trashed_at is not None
    with db.transaction() as s:
        back = ops.restore_from_trash(s, original)
        assert get_lesson(s, original).trashed_at is None
    assert [remix.changes, trashed.changes, back.changes] == [LESSONS] * 3


def test_importing_adds_lessons_and_importing_them_again_changes_nothing(db, tmp_path: Path):
    (tmp_path / "budget.md").write_text(TEXT, encoding="utf-8")
    with db.transaction() as s:
        first = ops.import_paths(s, [str(tmp_path)])
    with db.transaction() as s:
        again = ops.import_paths(s, [str(tmp_path)])
    assert len(first.value.added) == 1 and first.changes == LESSONS
    assert again.value.unchanged == first.value.added and not again.changes


def test_a_bad_file_is_reported_in_the_result_and_the_good_one_is_imported(db, tmp_path: Path):
    (tmp_path / "good.md").write_text(TEXT, encoding="utf-8")
    (tmp_path / "bad.md").write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")
    with db.transaction() as s:
        done = ops.import_paths(s, [str(tmp_path)])
    assert len(done.value.added) == 1 and done.changes == LESSONS
    assert [(e.file_name, e.sentence) for e in done.value.failed] == [
        ("bad.md", "Line 2: a bracket [ is never closed: add ] where the list ends.")
    ]
    assert _count(db, Lesson) == 1


def test_the_starter_lessons_are_added_once(db):
    with db.transaction() as s:
        first = ops.install_starter_lessons(s)
    with db.transaction() as s:
        again = ops.install_starter_lessons(s)
    assert len(first.value.added) >= 11 and first.changes == LESSONS
    assert not again.value.added and not again.changes
