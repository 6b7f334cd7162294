"""The lessons that ship with On-Ramp are complete enough for a host to teach from."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.lessons.document import Div
from desktop.lessons.library import LessonFilter, install_starter_lessons, list_lessons
from desktop.lessons.parse import parse_file
from desktop.paths import bundled_lessons_dir

STARTERS = sorted(p for p in bundled_lessons_dir().rglob("*.md") if p.name != "README.md")


def test_there_are_at_least_eight_lessons_and_three_in_spanish() -> None:
    docs = [parse_file(p) for p in STARTERS]
    assert len(docs) >= 8
    assert sum(d.meta.language == "es" for d in docs) >= 3
    assert len({d.meta.id for d in docs}) == len(docs)  # ids are unique


@pytest.mark.parametrize("path", STARTERS, ids=lambda p: p.stem)
def test_each_lesson_has_timings_materials_offline_notes_and_solved_challenges(path: Path) -> None:
    doc = parse_file(path)
    text = path.read_text(encoding="utf-8")
    assert 30 <= doc.meta.minutes <= 90
    assert doc.meta.materials and doc.meta.audience and doc.meta.id
    assert "\noffline:" in text  # said outright, not left to the default
    assert doc.divs("instructor")
    assert doc.divs("objectives") and doc.divs("keypoints")
    challenges = doc.divs("challenge")
    assert challenges
    for challenge in challenges:
        assert challenge.title
        assert any(isinstance(c, Div) and c.kind == "solution" for c in challenge.children), challenge.title
    # The timing table in the instructor notes adds up to the lesson's length.
    assert f"({doc.meta.minutes} minut" in text


def test_starter_lessons_install_once(db) -> None:
    with db.transaction() as s:
        first = install_starter_lessons(s)
    with db.transaction() as s:
        second = install_starter_lessons(s)
        assert len(first.added) == len(STARTERS)
        assert second.added == [] and len(second.skipped) == len(STARTERS)
        assert len(list_lessons(s, LessonFilter(language="es"))) >= 3


def test_a_fresh_database_is_offered_every_starter_lesson_and_none_once_it_has_lessons(db) -> None:
    """The starters are offered, not put into every new database: a new laptop of an organisation
    gets the organisation's own (perhaps edited or trashed) copies from the hub instead."""
    from desktop.lessons.library import starter_lesson_files, starter_lessons_to_offer, trash_lesson

    with db.transaction() as s:
        assert list_lessons(s) == []
        assert starter_lessons_to_offer(s) == len(STARTERS) == len(starter_lesson_files())
        report = install_starter_lessons(s)
        assert starter_lessons_to_offer(s) == 0
    with db.transaction() as s:
        for lesson_id in report.added:
            trash_lesson(s, lesson_id)
    with db.transaction() as s:  # a host who put them all in the trash is not offered them again
        assert starter_lessons_to_offer(s) == 0
        assert install_starter_lessons(s).added == []
