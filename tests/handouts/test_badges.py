"""Badges never break a word: long names shrink, then wrap only between words; the first name stands out.

Each badge is read back from a real PDF, one text piece per drawn line with
the size it is drawn at, as a PDF reader or screen reader gets it.
"""

from __future__ import annotations

import pytest

from desktop.handouts.badges import badges_pdf, parse_names
from desktop.handouts.canvas_text import fit_words
from desktop.handouts.data import Person
from desktop.handouts.layout import Options
from desktop.handouts.typefaces import text_width
from tests.handouts.conftest import NAMES_IN_EVERY_SCRIPT, pdf_reader

LONG_NAMES = [
    ("Maximilianus", "Oppenheimerová"),  # a 12-letter first name, a 14-letter surname
    ("Αλεξάνδρα", "Παπαδοπούλου"),
    ("Minh Khai", "Nguyễn Thị"),
    ("Nguyễn Thị Minh Khai", ""),  # three parts and more, all typed as the first name
    ("María de los Ángeles", "Fernández-Castañeda"),
    ("Wolfeschlegelsteinhausenbergerdorff", "Smith"),  # one word too wide for a badge at any readable size
    ("Олександра", "Костянтинопольська"),
]
# One name in every script the shipped fonts cover: first word as the first name, the rest as the surname.
EVERY_SCRIPT = [(n.split()[0], " ".join(n.split()[1:])) for n in NAMES_IN_EVERY_SCRIPT] + [
    ("عبد الله", "بن سعيد الأحمد"),
    ("אברהם", "בן־גוריון"),
    ("欧阳", "娜娜"),
    ("さくら", "山田"),
    ("서연", "남궁"),
]


def drawn_lines(data: bytes) -> list[tuple[str, float]]:
    """Every line of text drawn on the badge's page, as read back: (text, size in points)."""
    lines: list[tuple[str, float]] = []

    def visit(text, _cm, tm, _font, size):
        if text.strip():
            lines.append((text.strip(), size * (tm[0] ** 2 + tm[1] ** 2) ** 0.5))

    pdf_reader(data).pages[0].extract_text(visitor_text=visit)
    return lines


def assert_badge_holds_the_name_whole(first: str, last: str, options: Options) -> None:
    lines = drawn_lines(badges_pdf([Person(first, last, pronouns="they/them")], options))
    size_of: dict[str, float] = {}
    for word in (first + " " + last).split():
        holding = [size for text, size in lines if word in text.split()]
        assert holding, f"{word!r} is not whole on any one line of the badge: {lines}"
        size_of[word] = holding[0]
    if last:
        smallest_first = min(size_of[w] for w in first.split())
        largest_rest = max(size_of[w] for w in last.split())
        assert smallest_first > largest_rest, (first, last, size_of)


@pytest.mark.parametrize(("first", "last"), LONG_NAMES, ids=[f + " " + last for f, last in LONG_NAMES])
@pytest.mark.parametrize("large_print", [False, True], ids=["normal", "large-print"])
def test_long_names_are_never_broken_inside_a_word_and_the_first_name_is_larger(first, last, large_print):
    assert_badge_holds_the_name_whole(first, last, Options("a4", large_print))


@pytest.mark.parametrize(("first", "last"), EVERY_SCRIPT, ids=[f + " " + last for f, last in EVERY_SCRIPT])
def test_a_name_in_every_supported_script_reads_back_whole_with_the_first_name_larger(first, last):
    assert_badge_holds_the_name_whole(first, last, Options("letter"))


def test_a_short_first_name_prints_at_full_size_on_one_line():
    lines = drawn_lines(badges_pdf([Person("Zoë", "Williams")], Options()))
    assert ("Zoë", pytest.approx(Options().theme.title)) in lines


def test_a_long_name_from_a_names_file_wraps_only_between_words():
    (person,) = parse_names("María de los Ángeles Fernández-Castañeda\n")
    lines = drawn_lines(badges_pdf([person], Options()))
    name_lines = [text for text, _size in lines if text != "Hello, my name is"]
    assert len(name_lines) > 1  # too wide for one line at a readable size: it wraps...
    assert " ".join(name_lines) == "María de los Ángeles Fernández-Castañeda"  # ...only at spaces


def test_fitted_lines_break_only_at_spaces_and_stay_inside_the_width():
    name = "Ana María de los Ángeles Fernández-Castañeda"
    width = 120.0
    lines = fit_words(name, width, 400, size=40, readable=24, floor=14, bold=True)
    texts = ["".join(t for _f, t, _w in line.line.runs) for line in lines]
    assert " ".join(texts) == name
    assert len(texts) > 1
    assert all(text_width(t, line.size, bold=True) <= width + 0.01 for t, line in zip(texts, lines, strict=True))


def test_a_word_too_wide_at_the_smallest_size_shrinks_its_own_line_instead_of_breaking():
    lines = fit_words("Bo Wolfeschlegelsteinhausenbergerdorff", 150, 400, size=40, readable=24, floor=14)
    texts = ["".join(t for _f, t, _w in line.line.runs) for line in lines]
    assert texts == ["Bo", "Wolfeschlegelsteinhausenbergerdorff"]
    assert lines[0].size == pytest.approx(14)  # the short word keeps the smallest readable size
    assert lines[1].size < 14 and lines[1].line.width <= 150  # the long one shrinks to fit, whole


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_a_plain_line_of_names_makes_its_first_word_the_large_first_name(paper):
    (person,) = parse_names("Bartholomew Wolfeschlegelsteinhausen\n")
    assert (person.first_name, person.last_name) == ("Bartholomew", "Wolfeschlegelsteinhausen")
    lines = dict(drawn_lines(badges_pdf([person], Options(paper))))
    # The first name stands out at a readable size; the long surname shrinks on its own line.
    assert lines["Bartholomew"] >= 24
    assert lines["Wolfeschlegelsteinhausen"] < lines["Bartholomew"]


def test_a_names_file_with_only_a_name_column_splits_each_name_as_a_plain_line_does():
    people = parse_names("name,pronouns\nBartholomew Wolfeschlegelsteinhausen,he/him\nZoë,\n")
    assert [(p.first_name, p.last_name) for p in people] == [("Bartholomew", "Wolfeschlegelsteinhausen"), ("Zoë", "")]
    with_surnames = parse_names("name,surname\nMary Ann,Smith\n")
    assert [(p.first_name, p.last_name) for p in with_surnames] == [("Mary Ann", "Smith")]
