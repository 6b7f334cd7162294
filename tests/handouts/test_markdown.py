"""Markdown on paper: the handout prints what the lesson reader and the previews read."""

from __future__ import annotations

from desktop.handouts.layout import Options
from desktop.handouts.lesson import lesson_pdf
from desktop.lessons.parse import parse_text
from tests.handouts.conftest import pdf_text

FRONT = "---\ntitle: Paper\n---\n\n"


def test_a_div_inside_a_list_item_prints_its_words_not_its_colons() -> None:
    doc = parse_text(FRONT + "- Open the editor.\n\n  ::: callout\n  Save often.\n  :::\n")
    text = pdf_text(lesson_pdf(doc, Options()))
    assert "Save often." in text and ":::" not in text


def test_a_rule_at_the_start_of_a_part_is_not_taken_for_front_matter() -> None:
    doc = parse_text(FRONT + "::: callout\nA note.\n:::\n\n---\n\nWords between two rules.\n\n---\n")
    assert "Words between two rules." in pdf_text(lesson_pdf(doc, Options()))


def test_struck_out_words_print_struck_out_and_bold_nests() -> None:
    doc = parse_text(FRONT + "It costs ~~ten~~ **twelve *dollars***.\n")
    text = pdf_text(lesson_pdf(doc, Options()))
    assert "ten" in text and "twelve dollars" in text and "~~" not in text and "**" not in text
