"""Lesson handouts break pages where a reader would accept it.

Every handout is built for real and read back page by page: no page may end
with a heading (a line set in bold throughout: headings and box titles), and
every "Your answer:" has its ruled lines under it on the same page.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.handouts.layout import Options
from desktop.handouts.lesson import WRITING_LINES, lesson_pdf
from desktop.lessons.parse import parse_file, parse_text
from desktop.paths import bundled_lessons_dir
from tests.handouts.conftest import SAMPLE_LESSON
from tests.handouts.pdf_pages import Page, read_pages

FIXTURES = Path(__file__).resolve().parents[1] / "lessons" / "fixtures"
LESSONS = sorted(bundled_lessons_dir().glob("*/*.md"))
EPISODES = sorted((FIXTURES / "styles-old" / "_episodes").glob("*.md")) + sorted(
    (FIXTURES / "workbench" / "episodes").glob("*.md")
)
ANSWER_LABELS = ("Your answer:", "Tu respuesta:")


def page_break_problems(data: bytes, options: Options) -> list[str]:
    """What a reader would object to at the page breaks of one PDF."""
    pages = read_pages(data, above=options.theme.margin)  # the footer is below the margin
    problems = []
    for page in pages:
        if page is not pages[-1] and page.lines and page.lines[-1].is_heading:
            problems.append(f"page {page.number} ends with the heading {page.lines[-1].text!r}")
        problems.extend(_answers_without_lines(page))
    return problems


def _answers_without_lines(page: Page) -> list[str]:
    problems = []
    for i, line in enumerate(page.lines):
        if line.text in ANSWER_LABELS:
            floor = page.lines[i + 1].y if i + 1 < len(page.lines) else 0.0
            ruled = sum(1 for y in page.rules if floor < y < line.y)
            if ruled < WRITING_LINES:
                problems.append(f"page {page.number}: {line.text!r} has {ruled} lines to write on under it")
    return problems


def test_starter_lessons_and_episodes_are_all_checked():
    assert len(LESSONS) >= 10 and len(EPISODES) == 6


@pytest.mark.parametrize("large_print", [False, True], ids=["normal", "large-print"])
@pytest.mark.parametrize("path", [*LESSONS, SAMPLE_LESSON, *EPISODES], ids=lambda p: p.stem)
def test_no_page_ends_with_a_heading_and_every_answer_keeps_its_lines(path, large_print):
    doc = parse_file(path)
    answers = 0
    for language in ("en", "es"):
        options = Options(language=language, large_print=large_print)
        for host in (False, True):
            data = lesson_pdf(doc, options, host=host)
            assert page_break_problems(data, options) == [], (path.name, language, host)
            answers += sum(
                line.text in ANSWER_LABELS for page in read_pages(data, options.theme.margin) for line in page.lines
            )
    assert answers == 2 * len(doc.divs("challenge"))  # learner's copies, en and es: every one was looked at


def _lesson_with_a_heading_after(lines: int) -> str:
    filler = "".join(f"Line {i} of the lesson.\n\n" for i in range(lines))
    code = "\n".join(f"total = total + {i}" for i in range(30))
    return (
        f"---\ntitle: Breaks\n---\n\n{filler}## Try it yourself\n\n::: challenge\n\n## Exercise 1: change it\n\n"
        f"Change the words and run it again.\n\n:::\n\n## A long program\n\n```python\n{code}\n```\n"
    )


@pytest.mark.parametrize("large_print", [False, True], ids=["normal", "large-print"])
def test_a_heading_before_a_box_goes_with_the_box_wherever_the_page_ends(large_print):
    """The heading, the box's title and its first line move together, at every place the page may end."""
    options = Options(large_print=large_print)
    for lines in range(10, 50):
        data = lesson_pdf(parse_text(_lesson_with_a_heading_after(lines)), options)
        assert page_break_problems(data, options) == [], lines


def test_a_long_block_after_a_heading_starts_under_it_and_runs_on():
    """Keeping a heading with what follows does not push a long paragraph whole onto the next page."""
    long_paragraph = " ".join(f"word{i}" for i in range(900))
    text = "---\ntitle: Long\n---\n\n" + "Opening words.\n\n" * 30 + f"## A long read\n\n{long_paragraph}\n"
    options = Options()
    pages = read_pages(lesson_pdf(parse_text(text), options), options.theme.margin)
    first = [line.text for line in pages[0].lines]
    assert "A long read" in first
    assert first[-1].startswith("word") and first.index("A long read") < len(first) - 1
