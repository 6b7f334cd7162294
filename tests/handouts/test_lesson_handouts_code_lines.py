"""Code on paper stays copyable: a long line wraps between words, never inside one.

Every starter lesson's host copy (which has every code block) is built in large
print, where lines are shortest, and read back: each word of each code block
must be found whole on a line of code, and a wrapped line's rest starts with a
continuation sign that is not set in the code's font.
"""

from __future__ import annotations

from collections import Counter

import pytest

from desktop.handouts.layout import Options
from desktop.handouts.lesson import lesson_pdf
from desktop.handouts.markdown import CONTINUED
from desktop.lessons.document import Block, Code, Div, LessonDoc, Markdown
from desktop.lessons.markdown import lesson_markdown
from desktop.lessons.parse import parse_file, parse_text
from desktop.paths import bundled_lessons_dir
from tests.handouts.pdf_pages import TextLine, read_pages

LESSONS = sorted(bundled_lessons_dir().glob("*/*.md"))
SIGN_FONT = "DejaVuSans"  # the symbol face the continuation sign is set in


def code_texts(doc: LessonDoc) -> list[str]:
    """Every code block of the lesson: fenced blocks of their own and those inside Markdown."""
    found: list[str] = []

    def walk(blocks: list[Block]) -> None:
        for block in blocks:
            if isinstance(block, Code):
                found.append(block.text)
            elif isinstance(block, Markdown):
                tokens = lesson_markdown().parse(block.text)
                found.extend(t.content for t in tokens if t.type in ("fence", "code_block"))
            elif isinstance(block, Div):
                walk(block.children)

    walk(doc.shown().body)
    return found


def _is_code(line: TextLine) -> bool:
    return all("Mono" in f or SIGN_FONT in f for f in line.fonts)


def printed_code_words(data: bytes, options: Options) -> tuple[Counter[str], list[TextLine]]:
    """The words on the PDF's code lines (continuation signs left out), and those lines."""
    lines = [line for page in read_pages(data, options.theme.margin) for line in page.lines if _is_code(line)]
    words: Counter[str] = Counter()
    for line in lines:
        words.update(w for w in line.text.split() if w != CONTINUED)
    return words, lines


CODE_LESSONS = [path for path in LESSONS if code_texts(parse_file(path))]


def test_the_starter_lessons_with_code_are_all_checked():
    assert len(CODE_LESSONS) >= 6


@pytest.mark.parametrize("path", CODE_LESSONS, ids=lambda p: p.stem)
def test_every_word_of_every_code_block_prints_whole_in_large_print(path):
    doc = parse_file(path)
    language = path.parent.name
    options = Options(language=language, large_print=True)
    printed, _lines = printed_code_words(lesson_pdf(doc, options, host=True), options)
    wanted = Counter(w for code in code_texts(doc) for w in code.split())
    missing = wanted - printed
    assert not missing, (path.name, sorted(missing))


def test_a_wrapped_code_line_breaks_at_a_space_and_marks_its_rest_outside_the_code_font():
    line = 'print("Hello there, this is a long line of words", "and it goes on for quite a while yet")'
    doc = parse_text(f"---\ntitle: Wrap\n---\n\n```python\n{line}\n```\n")
    options = Options(large_print=True)
    data = lesson_pdf(doc, options)
    printed, lines = printed_code_words(data, options)
    assert not Counter(line.split()) - printed
    continued = [c for c in lines if c.text.startswith(CONTINUED)]
    assert continued, [c.text for c in lines]
    assert all(any(SIGN_FONT in f for f in c.fonts) for c in continued)


def test_a_word_longer_than_a_line_shrinks_the_block_instead_of_breaking():
    address = "https://example.org/our-salon/page.html"  # with its attribute, longer than a large-print line
    doc = parse_text(f'---\ntitle: Long\n---\n\n```html\n<a href="{address}">Our page</a>\n```\n')
    options = Options(large_print=True)
    printed, _lines = printed_code_words(lesson_pdf(doc, options), options)
    assert printed[f'href="{address}">Our'] == 1
