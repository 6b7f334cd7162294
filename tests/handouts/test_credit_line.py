"""A lesson taken from the commons prints the credit line its licence asks for on the learner's and host's handouts."""

from __future__ import annotations

import re

import pytest

from desktop.handouts.request import HandoutRequest, gather, render
from desktop.lessons.library import create_lesson, save_lesson
from desktop.models.entities import LessonLineage
from desktop.models.local import CommonsEntry
from tests.handouts.conftest import pdf_text

LESSON = '---\ntitle: "{title}"\nlanguage: {lang}\nteaching: 20\n---\n\n## Start\n\nOpen the editor.\n'


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _taken(db, lang: str = "en", *, licence: str = "CC-BY-4.0", remix: bool = False) -> str:
    """A lesson taken from the commons; with ``remix``, from a remix of another organisation's original."""
    text = LESSON.format(title="Flyer for unions" if remix else "Flyer as a web page", lang=lang)
    with db.transaction() as s:
        s.add(
            CommonsEntry(
                version_id="p1", commons_lesson_id="cl", number=1, seq=1, title="t", licence=licence, text=text
            )
        )
        lesson = create_lesson(s, text)
        parent = ("Flyer for unions", ["Cy Park", "Di Moss"], "Union Hall") if remix else None
        s.add(
            LessonLineage(
                id=lesson.id,
                source_version_id="s1" if remix else "p1",
                source_title="Flyer as a web page",
                source_licence=licence,
                source_authors=["Ana Ruiz"],
                source_organisation="Salon Chapter",
                parent_version_id="p1",
                parent_title=parent[0] if parent else "Flyer as a web page",
                parent_licence=licence,
                parent_authors=parent[1] if parent else ["Ana Ruiz"],
                parent_organisation=parent[2] if parent else "Salon Chapter",
                taken_version_number=1,
            )
        )
        return lesson.id


def _handout(db, lesson_id: str, host: bool) -> str:
    with db.transaction() as s:
        gathered = gather(s, HandoutRequest(kind="lesson", lesson_id=lesson_id, host=host))
    return _words(pdf_text(render(gathered)))


@pytest.mark.parametrize("host", [False, True], ids=["learner", "host"])
def test_a_lesson_taken_from_the_commons_credits_its_authors_licence_and_link(db, host: bool):
    text = _handout(db, _taken(db), host)
    assert (
        'Credit: "Flyer as a web page" by Ana Ruiz (Salon Chapter), CC BY 4.0, '
        "https://creativecommons.org/licenses/by/4.0/"
    ) in text


def test_a_remix_credits_its_parent_and_its_original(db):
    text = _handout(db, _taken(db, remix=True), host=False)
    assert 'Credit: "Flyer for unions" by Cy Park and Di Moss (Union Hall), CC BY 4.0' in text
    assert 'original: "Flyer as a web page" by Ana Ruiz (Salon Chapter), CC BY 4.0' in text


def test_a_lesson_changed_here_says_it_was_adapted(db):
    lesson_id = _taken(db, licence="CC-BY-SA-4.0")
    with db.transaction() as s:
        save_lesson(s, lesson_id, LESSON.format(title="Flyer as a web page", lang="en") + "\nOur own step.\n")
    assert 'Credit: Adapted from "Flyer as a web page" by Ana Ruiz (Salon Chapter), CC BY-SA 4.0' in _handout(
        db, lesson_id, host=False
    )


def test_a_spanish_lesson_prints_its_credit_line_in_spanish(db):
    text = _handout(db, _taken(db, lang="es", licence="CC0-1.0"), host=False)
    assert (
        'Crédito: "Flyer as a web page" de Ana Ruiz (Salon Chapter), CC0 1.0 (no exige crédito; se da por cortesía)'
        in text
    )


def test_a_lesson_of_our_own_prints_no_credit_line(db):
    with db.transaction() as s:
        lesson_id = create_lesson(s, LESSON.format(title="Ours", lang="en")).id
    assert "Credit" not in _handout(db, lesson_id, host=False)
