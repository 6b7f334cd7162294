"""Previews: the learner's copy leaves out what only the host should see; labels follow the lesson's language."""

from __future__ import annotations

import pytest

from desktop.handouts.layout import Options
from desktop.handouts.lesson import lesson_pdf
from desktop.i18n import translate_in
from desktop.lessons.box_titles import BOX_LABELS
from desktop.lessons.parse import parse_file, parse_text
from desktop.lessons.render import to_html
from desktop.paths import bundled_lessons_dir
from tests.lessons.test_parse import OLD


def test_learner_html_has_challenges_but_no_solutions_or_notes() -> None:
    doc = parse_file(bundled_lessons_dir() / "en" / "household-budget.md")
    learner, host = to_html(doc, host=False), to_html(doc, host=True)
    assert "Challenge 2: totals" in learner and "Challenge 2: totals" in host
    assert "→ 520" not in learner and "→ 520" in host
    assert "Money is personal" not in learner and "Money is personal" in host
    assert "LibreOffice Calc" in host  # the materials are for the host


def test_a_spanish_lesson_is_labelled_in_spanish_whatever_the_app_language() -> None:
    doc = parse_file(bundled_lessons_dir() / "es" / "primer-programa-python.md")
    page = to_html(doc, host=True)
    assert "Desafío" in page and "Solución" in page and "Para anfitriones" in page
    assert "90 minutos" in page


def test_old_style_objectives_from_front_matter_are_shown() -> None:
    page = to_html(parse_file(OLD / "01-intro.md"), host=False)
    assert "What you will learn" in page and "Explain how the shell relates" in page
    assert "{: .challenge}" not in page


def test_front_matter_lists_show_in_workbench_order_on_both_previews() -> None:
    from desktop.lessons.parse import parse_text

    doc = parse_text(
        '---\ntitle: T\nquestions:\n- "Why X?"\nobjectives:\n- "Learn `X`"\nkeypoints:\n- "X is good"\n---\n\nBody text\n'
    )
    for host in (False, True):
        page = to_html(doc, host=host)
        assert "<li>Learn <code>X</code></li>" in page and "<li>Why X?</li>" in page
        assert (
            page.index("Questions")
            < page.index("What you will learn")
            < page.index("Body text")
            < page.index("Key points")
        )
        assert page.index("Key points") < page.index("X is good")


def test_a_reference_link_defined_at_the_end_of_the_file_is_a_link() -> None:
    from desktop.lessons.parse import parse_text

    doc = parse_text(
        "---\ntitle: T\n---\n\nSee [R Markdown][rm].\n\n::: callout\nx\n:::\n\n[rm]: https://rmarkdown.rstudio.com/\n"
    )
    for host in (False, True):
        page = to_html(doc, host=host)
        assert '<a href="https://rmarkdown.rstudio.com/">R Markdown</a>' in page and "[rm]" not in page


def test_text_is_escaped_in_code_and_titles() -> None:
    from desktop.lessons.parse import parse_text

    doc = parse_text('---\ntitle: "<b>Bold</b> & co"\n---\n\n```html\n<script>alert(1)</script>\n```\n')
    page = to_html(doc, host=False)
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; co" in page
    assert "&lt;script&gt;" in page and "<script>" not in page


def test_the_level_is_shown_in_words_of_the_lessons_language_not_as_stored() -> None:
    spanish = to_html(parse_file(bundled_lessons_dir() / "es" / "primer-programa-python.md"), host=True)
    assert "Principiante" in spanish and "beginner" not in spanish


@pytest.mark.parametrize("language", ["en", "es"])
def test_each_kind_of_box_has_the_same_label_on_screen_and_on_paper(language: str) -> None:
    from tests.handouts.conftest import pdf_text

    kinds = [k for k in BOX_LABELS if k not in ("objectives", "challenge", "solution")]
    body = "".join(f"::: {kind}\n\nInside {n}.\n\n:::\n\n" for n, kind in enumerate(kinds))
    body += ":::: challenge\n\nTry it.\n\n::: solution\n\nLike this.\n\n:::\n\n::::\n"
    doc = parse_text(f"---\ntitle: Boxes\nlanguage: {language}\n---\n\n::: objectives\n\n- Learn\n\n:::\n\n{body}")
    preview = to_html(doc, host=True)
    paper = " ".join(pdf_text(lesson_pdf(doc, Options(language=language), host=True)).split())
    for kind, label in BOX_LABELS.items():
        word = translate_in(language, label)
        assert f"<b>{word}</b>" in preview, kind
        assert word in paper, kind
    assert "Instructor note" not in preview and "Nota para anfitriones" not in preview
