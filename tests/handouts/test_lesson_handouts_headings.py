"""Box headings on paper name their kind once, in English and in Spanish."""

from __future__ import annotations

import pytest

from desktop.handouts.layout import Options
from desktop.handouts.lesson import lesson_pdf
from desktop.lessons.parse import parse_file, parse_text
from desktop.paths import bundled_lessons_dir
from tests.handouts.conftest import SAMPLE_LESSON, pdf_text


@pytest.mark.parametrize(
    ("lesson", "language", "heading", "kind"),
    [
        ("en/first-python-program.md", "en", "Challenge 1: three lines", "Challenge"),
        ("es/primer-programa-python.md", "es", "Desafío 1: tres líneas", "Desafío"),
    ],
)
def test_a_challenge_named_by_its_author_prints_its_kind_once(lesson, language, heading, kind):
    doc = parse_file(bundled_lessons_dir() / lesson)
    for host in (False, True):
        text = " ".join(pdf_text(lesson_pdf(doc, Options(language=language), host=host)).split())
        assert heading in text
        assert f"{kind}: {kind}" not in text


@pytest.mark.parametrize(("language", "heading"), [("en", "Challenge: Your name"), ("es", "Desafío: Your name")])
def test_a_challenge_with_a_title_of_its_own_is_labelled_with_its_kind(language, heading):
    text = " ".join(pdf_text(lesson_pdf(parse_file(SAMPLE_LESSON), Options(language=language))).split())
    assert heading in text


def test_a_box_title_prints_its_words_without_markdown_marks():
    doc = parse_text("---\ntitle: T\n---\n\n::: challenge\n\n## Exploring More `ls` Options\n\nTry it.\n\n:::\n")
    text = " ".join(pdf_text(lesson_pdf(doc, Options())).split())
    assert "Challenge: Exploring More ls Options" in text and "`" not in text
