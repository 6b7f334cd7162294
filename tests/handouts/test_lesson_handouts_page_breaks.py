"""Lesson handouts break pages where a reader would accept it.

Every handout is built for real and read back page by page: no page may end
with a heading (a line set in bold throughout: headings and box titles),
every "Your answer:" has its ruled lines under it on the same page and the
challenge it answers above it, no page starts with a list's last item alone,
and a table breaks only with its header and rows enough on both sides.
"""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import pytest

from desktop.handouts.keep_with_next import TABLE_ROWS
from desktop.handouts.layout import Options
from desktop.handouts.lesson import WRITING_LINES, lesson_pdf
from desktop.lessons.box_titles import names_its_kind
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
BULLET = re.compile(r"^(•|\d+\.)\S")


def page_break_problems(data: bytes, options: Options) -> list[str]:
    """What a reader would object to at the page breaks of one PDF."""
    pages = read_pages(data, above=options.theme.margin)  # the footer is below the margin
    problems = []
    for page in pages:
        if page is not pages[-1] and page.lines and page.lines[-1].is_heading:
            problems.append(f"page {page.number} ends with the heading {page.lines[-1].text!r}")
        problems.extend(_answers_without_lines(page))
    problems.extend(_answers_away_from_their_challenge(pages))
    for before, page in pairwise(pages):
        problems.extend(_lone_last_item(before, page))
    return problems


def _answers_away_from_their_challenge(pages: list[Page]) -> list[str]:
    """A challenge's title and its answer space share a page; a challenge too long for one
    (its title heads a page, yet its answer is on the next) keeps its last lines with the answer."""
    problems = []
    title: tuple[int, int] | None = None  # (page, line) of the last challenge title
    for page in pages:
        for i, line in enumerate(page.lines):
            if line.is_heading and names_its_kind("challenge", line.text):
                title = (page.number, i)
            elif line.text in ANSWER_LABELS:
                too_long = title is not None and title[1] == 0 and title[0] < page.number
                if title is None or (title[0] != page.number and not too_long) or i == 0:
                    problems.append(f"page {page.number}: {line.text!r} is away from the challenge it answers")
    return problems


def _lone_last_item(before: Page, page: Page) -> list[str]:
    """A page starting with a list's item that is its only one there, the list having begun before."""
    items = [line for line in page.lines if BULLET.match(line.text)]
    starts_list = page.lines and BULLET.match(page.lines[0].text)
    continues = before.lines and any(BULLET.match(line.text) for line in before.lines[-4:])
    if starts_list and continues and len(items) == 1:
        return [f"page {page.number} starts with the list's last item {page.lines[0].text!r} alone"]
    return []


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


def _table_pages(data: bytes, options: Options, row: re.Pattern[str], header: str) -> list[tuple[int, bool]]:
    """Per page holding rows of the table: how many rows, and whether the header is above them."""
    found = []
    for page in read_pages(data, options.theme.margin):
        texts = [line.text for line in page.lines]
        rows = [i for i, text in enumerate(texts) if row.match(text)]
        if rows:
            found.append((len(rows), header in texts[: rows[0]]))
    return found


def _lesson_with_a_table_after(lines: int, rows: int) -> str:
    filler = "".join(f"Line {i} of the lesson.\n\n" for i in range(lines))
    table = "| Write | Means |\n|---|---|\n" + "".join(f"| row{i:02d} | meaning {i} |\n" for i in range(rows))
    return f"---\ntitle: Tables\n---\n\n{filler}## Words of Python\n\n{table}\nThe end.\n"


@pytest.mark.parametrize("rows", [4, 9])
@pytest.mark.parametrize("large_print", [False, True], ids=["normal", "large-print"])
def test_a_table_breaks_only_with_its_header_and_rows_enough_on_each_page(large_print, rows):
    """The header and at least TABLE_ROWS rows on each page; a short table moves whole."""
    options = Options(large_print=large_print)
    broken = 0
    for lines in range(15, 60):
        data = lesson_pdf(parse_text(_lesson_with_a_table_after(lines, rows)), options)
        pages = _table_pages(data, options, re.compile(r"^row\d\d"), "WriteMeans")
        assert all(header for _n, header in pages), (lines, pages)
        assert sum(n for n, _header in pages) == rows
        if rows < 2 * TABLE_ROWS:
            assert len(pages) == 1, (lines, pages)
        assert all(n >= TABLE_ROWS for n, _header in pages), (lines, pages)
        assert page_break_problems(data, options) == [], lines
        broken += len(pages) > 1
    assert broken or rows < 2 * TABLE_ROWS  # the table was broken somewhere, so the rule was tried


@pytest.mark.parametrize("objectives", range(0, 30, 3))
def test_the_host_timing_table_keeps_its_header_and_rows_together(objectives):
    goals = "".join(f"- Goal {i}\n" for i in range(objectives))
    parts = "".join(f"## Step {i}\n\nDo thing {i}.\n\n" for i in range(12))
    doc = parse_text(
        f"---\ntitle: Timed\nteaching: 60\nexercises: 30\n---\n\n::: objectives\n\n{goals or '- Learn'}\n:::\n\n{parts}"
    )
    options = Options(large_print=True)
    data = lesson_pdf(doc, options, host=True)
    pages = _table_pages(data, options, re.compile(r"^Step \d+\d:\d\d–"), "PartMinutesClock")
    assert sum(n for n, _header in pages) == 12, pages
    assert all(header and n >= TABLE_ROWS for n, header in pages), pages


def test_a_lists_last_item_never_starts_a_page_alone():
    options = Options(large_print=True)
    for lines in range(10, 40):
        filler = "".join(f"Line {i} of the lesson.\n\n" for i in range(lines))
        items = "".join(f"- Point number {i}\n" for i in range(6))
        data = lesson_pdf(parse_text(f"---\ntitle: List\n---\n\n{filler}{items}"), options)
        assert page_break_problems(data, options) == [], lines
