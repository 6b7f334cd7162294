"""A take-home sheet's "Keep going" heading, its links and their QR code share a page, in large print too."""

from __future__ import annotations

from dataclasses import replace

import pytest

from desktop.handouts.data import Person
from desktop.handouts.layout import Options
from desktop.handouts.takehome import takehome_pdf
from tests.handouts.conftest import pdf_reader, smallest_text_size


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("large_print", [False, True], ids=["normal", "large-print"])
def test_keep_going_heading_links_and_code_are_on_one_page(session_info, language, large_print):
    info = replace(session_info, people=[Person("María de los Ángeles", language=language)])
    reader = pdf_reader(takehome_pdf(info, Options("a4", large_print, "en")))
    heading = "Sigue adelante" if language == "es" else "Keep going"
    (page,) = [p for p in reader.pages if heading in (p.extract_text() or "")]
    text = page.extract_text()
    assert "python.org" in text  # the first link
    assert page["/Resources"].get("/XObject"), "the QR code is drawn on another page"
    # The heading is not the last thing on its page.
    assert not text.rstrip().endswith(heading)


# A lesson with everything a sheet can list: eight long objectives and six links.
FULL_LESSON = """---
title: A household budget in a spreadsheet, with charts, sums and a savings plan for the year
resources:
{links}
---

::: objectives

{objectives}

:::

## Start

Open the spreadsheet.
""".format(
    links="\n".join(
        f"  - title: Further reading number {n} about spreadsheets and budgets\n"
        f"    url: https://example.org/budgets/further-reading-{n}/with/a/long/address"
        for n in range(1, 7)
    ),
    objectives="\n".join(
        f"- Objective {n}: put a month of spending into columns, add it up, and compare it with the month before"
        for n in range(1, 9)
    ),
)


def _full_session(session_info):
    from desktop.handouts.data import LessonInfo

    lesson = LessonInfo("l2", "budget", "A household budget", text=FULL_LESSON)
    people = [replace(p, helper=i % 2 == 0) for i, p in enumerate(session_info.people)]
    return replace(session_info, lessons=[lesson], people=people)


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("large_print", [False, True], ids=["normal", "large-print"])
@pytest.mark.parametrize("lesson", ["sample", "full"])
def test_each_take_home_sheet_is_one_page(session_info, paper, language, large_print, lesson):
    info = session_info if lesson == "sample" else _full_session(session_info)
    people = [replace(p, language=language) for p in info.people]
    data = takehome_pdf(replace(info, people=people), Options(paper, large_print, language))
    reader = pdf_reader(data)
    assert len(reader.pages) == len(people)
    first_link = "python.org" if lesson == "sample" else "further-reading-1"
    for page, person in zip(reader.pages, people, strict=True):
        text = "".join((page.extract_text() or "").split())  # an address may wrap
        assert person.first_name in text and first_link in text
    if large_print:
        assert smallest_text_size(data) >= 18
