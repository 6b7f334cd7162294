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


REFERENCE_LINK = FRONT + "See [R Markdown][rm].\n\n::: callout\nA note.\n:::\n\n[rm]: https://rmarkdown.rstudio.com/\n"


def test_a_reference_link_defined_at_the_end_of_the_file_prints_its_text_and_address() -> None:
    text = " ".join(pdf_text(lesson_pdf(parse_text(REFERENCE_LINK), Options())).split())
    assert "R Markdown" in text and "rmarkdown.rstudio.com" in text
    assert "[rm]" not in text and "[R Markdown]" not in text


OLD_STYLE_LISTS = (
    '---\ntitle: Old style\nquestions:\n- "Why X?"\nobjectives:\n- "Learn `X`"\n'
    'keypoints:\n- "X is good"\n---\n\nThe body of the lesson.\n'
)


def test_front_matter_questions_objectives_and_key_points_print_on_both_copies() -> None:
    doc = parse_text(OLD_STYLE_LISTS)
    for host in (False, True):
        text = pdf_text(lesson_pdf(doc, Options(), host=host))
        assert "What you will learn" in text and "Learn X" in text and "`" not in text
        assert "Questions" in text and "Why X?" in text
        assert "Key points" in text and text.index("The body of the lesson.") < text.index("X is good")


def test_front_matter_objectives_are_not_printed_twice_when_the_body_has_the_div() -> None:
    doc = parse_text(OLD_STYLE_LISTS.replace("The body", "::: objectives\n- Learn Y\n:::\n\nThe body"))
    text = pdf_text(lesson_pdf(doc, Options()))
    assert "Learn Y" in text and "Learn X" not in text
