"""Arrows and signs in lesson text print: "Tools → Options", "⌘+S" read back from the PDF."""

from __future__ import annotations

import pytest

from desktop.handouts.layout import Options
from desktop.handouts.lesson import lesson_pdf
from desktop.handouts.typefaces import uncovered
from desktop.lessons.parse import parse_file, parse_text
from desktop.paths import bundled_lessons_dir
from tests.handouts.conftest import pdf_text


@pytest.mark.parametrize(
    ("lesson", "words"),
    [
        ("es/primer-programa-python.md", "Herramientas → Opciones → General → Idioma"),
        ("en/household-budget.md", "(Insert → Chart)"),
        ("en/salon-flyer-web-page.md", "(Format → Make Plain Text)"),
        ("en/salon-flyer-web-page.md", "⌘+S"),
    ],
)
@pytest.mark.parametrize("large_print", [False, True], ids=["normal", "large-print"])
def test_a_starter_lessons_arrows_and_signs_print(lesson, words, large_print):
    doc = parse_file(bundled_lessons_dir() / lesson)
    options = Options(language=lesson[:2], large_print=large_print)
    text = " ".join(pdf_text(lesson_pdf(doc, options, host=True)).split())  # some are in notes for the host
    assert words in text


def test_arrows_print_in_headings_box_titles_and_lists():
    doc = parse_text(
        "---\ntitle: Menus\n---\n\n## File → Save\n\n- Tools → Options\n\n"
        "::: challenge\n\n## Open Edit → Paste\n\nTry ✓ and ☐.\n\n:::\n"
    )
    text = " ".join(pdf_text(lesson_pdf(doc, Options())).split())
    for words in ("File → Save", "Tools → Options", "Edit → Paste", "Try ✓ and ☐."):
        assert words in text


def test_no_character_of_a_starter_lesson_lacks_a_font():
    for path in sorted(bundled_lessons_dir().glob("*/*.md")):
        assert uncovered(path.read_text(encoding="utf-8")) == set(), path.name
