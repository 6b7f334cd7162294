"""Operations on the lesson library: write, save a version, restore one, remix, trash, import."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.orm import Session

from desktop.commons import take
from desktop.lessons import library
from desktop.lessons.library import ImportReport
from desktop.ops.changes import NOTHING, Done, Kind, OpChanges

LESSONS = OpChanges.of(Kind.LESSONS)


def create_lesson(session: Session, text: str, note: str = "") -> Done[str]:
    """A new lesson from Markdown (raises LessonError if it is not one); its id."""
    return Done(library.create_lesson(session, text, note=note).id, LESSONS)


def save_lesson(session: Session, lesson_id: str, text: str, note: str = "") -> Done[str]:
    """New text for a lesson, as its next version; nothing changes when the text is the same."""
    before = library.get_lesson(session, lesson_id).current_version
    lesson = library.save_lesson(session, lesson_id, text, note)
    return Done(lesson.id, LESSONS if lesson.current_version != before else NOTHING)


def restore_version(session: Session, lesson_id: str, number: int) -> Done[str]:
    """An older version made current again, as a new version."""
    before = library.get_lesson(session, lesson_id).current_version
    lesson = library.restore_version(session, lesson_id, number)
    return Done(lesson.id, LESSONS if lesson.current_version != before else NOTHING)


def remix_lesson(session: Session, lesson_id: str) -> Done[str]:
    """A copy of a lesson to change freely; the copy's id. A copy of a lesson taken from the commons
    keeps its lineage (its original source and the commons version it came from)."""
    copy = library.duplicate_lesson(session, lesson_id)
    if copy.remixed_from:
        take.carry_lineage(session, copy.remixed_from, copy.id)
    return Done(copy.id, LESSONS)


def trash_lesson(session: Session, lesson_id: str) -> Done[str]:
    return Done(library.trash_lesson(session, lesson_id).id, LESSONS)


def restore_from_trash(session: Session, lesson_id: str) -> Done[str]:
    return Done(library.restore_from_trash(session, lesson_id).id, LESSONS)


def import_paths(session: Session, paths: Sequence[str | Path]) -> Done[ImportReport]:
    """Lesson files and folders imported, each file whole; the report's ``failed`` lists every file
    that could not be read, with its reason, and the good files beside it are imported all the same."""
    return _imported(library.import_paths(session, paths))


def install_starter_lessons(session: Session, folder: Path | None = None) -> Done[ImportReport]:
    """The lessons shipped with On-Ramp added; those already here are left as they are."""
    return _imported(library.install_starter_lessons(session, folder))


def _imported(report: ImportReport) -> Done[ImportReport]:
    return Done(report, LESSONS if report.added or report.updated else NOTHING)
