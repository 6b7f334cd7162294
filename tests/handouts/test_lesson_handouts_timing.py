"""The host copy has one timing plan: the author's own when the lesson gives one, otherwise the computed one."""

from __future__ import annotations

import pytest

from desktop.handouts.layout import Options
from desktop.handouts.lesson import lesson_pdf
from desktop.handouts.timing import PartSize, author_timings, timing_plan
from desktop.lessons.parse import parse_file, parse_text
from desktop.paths import bundled_lessons_dir
from tests.handouts.conftest import SAMPLE_LESSON, pdf_text

COMPUTED_HEADINGS = ("Timings for the host", "Tiempos para anfitriones")
PART_SHARES = ("About ", "Unos ")  # "About 12 min · 0:10–0:22" under each part's heading

OWN_TIMINGS = """---
title: Own timings
teaching: 20
exercises: 10
---

::: instructor

**Timings (30 minutes)**

| Minutes | What happens |
|---|---|
| 0–12 | Welcome and a demo |
| 12–30 | Challenge 1 and a **wrap-up** |

:::

## Opening

Some words.

::: challenge
Do it.
:::
"""


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize(
    ("lesson", "language"), [("en/first-python-program.md", "en"), ("es/primer-programa-python.md", "es")]
)
def test_a_starter_lesson_with_its_own_timings_prints_only_the_authors_minutes(lesson, language):
    text = _flat(
        pdf_text(lesson_pdf(parse_file(bundled_lessons_dir() / lesson), Options(language=language), host=True))
    )
    assert "0–10" in text and "85–90" in text and "70–85" in text
    assert not any(heading in text for heading in COMPUTED_HEADINGS)
    assert " min · 0:" not in text  # no computed share under each part's heading


def test_a_lesson_with_its_own_timings_prints_one_table_with_its_minutes():
    text = _flat(pdf_text(lesson_pdf(parse_text(OWN_TIMINGS), Options(), host=True)))
    assert "0–12" in text and "12–30" in text and "Welcome and a demo" in text
    assert "Timings for the host" not in text and " min · 0:" not in text and "shared out by part" not in text


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_lesson_without_timings_of_its_own_prints_the_computed_plan(language):
    text = _flat(pdf_text(lesson_pdf(parse_file(SAMPLE_LESSON), Options(language=language), host=True)))
    heading = COMPUTED_HEADINGS[language == "es"]
    assert text.count(heading) == 1
    assert "0:00–" in text and "–1:00" in text  # 30 + 30 minutes shared out, to the minute
    assert f"{PART_SHARES[language == 'es']}" in text and " min · 0:" in text  # each part's share


def test_the_plan_is_the_authors_when_the_lesson_has_a_minutes_table():
    plan = timing_plan(parse_text(OWN_TIMINGS), [PartSize("Opening", 100, 1)])
    assert plan.by_author
    assert [(s.label, s.start, s.end) for s in plan.slots] == [
        ("Welcome and a demo", 0, 12),
        ("Challenge 1 and a wrap-up", 12, 30),
    ]


def test_the_plan_is_computed_from_the_lessons_minutes_otherwise():
    doc = parse_file(SAMPLE_LESSON)  # teaching 30, exercises 30; no table of its own
    plan = timing_plan(doc, [PartSize("", 100, 0), PartSize("Say hello", 300, 1), PartSize("Numbers", 200, 0)])
    assert not plan.by_author
    assert [round(s.minutes) for s in plan.slots] == [5, 45, 10]
    assert plan.slots[-1].end == pytest.approx(60)


def test_a_table_that_is_not_minutes_is_not_taken_for_timings():
    doc = parse_text(
        "---\ntitle: T\n---\n\n| You write | It means |\n|---|---|\n| 0–10 | a range |\n\n"
        "| Minutes | What |\n|---|---|\n| ten | words, not minutes |\n"
    )
    assert author_timings(doc) == ()


def test_every_starter_lesson_has_one_timing_plan_on_its_host_copy():
    for path in bundled_lessons_dir().glob("*/*.md"):
        doc = parse_file(path)
        text = _flat(pdf_text(lesson_pdf(doc, Options(language=doc.meta.language), host=True)))
        computed = any(heading in text for heading in COMPUTED_HEADINGS)
        assert computed != bool(author_timings(doc)), path.name


def test_computed_minutes_are_whole_add_up_to_the_lesson_and_give_every_part_at_least_one():
    import itertools

    from desktop.handouts.timing import PartSize, computed_slots

    parts = [PartSize(f"Part {n}", chars=40, challenges=0) for n in range(11)] + [
        PartSize("Long part", chars=4000, challenges=1)
    ]
    slots = computed_slots(20, 10, parts)
    minutes = [slot.minutes for slot in slots]
    assert all(m >= 1 and m == int(m) for m in minutes), minutes
    assert sum(minutes) == 30 and slots[-1].end == 30
    assert all(a.end == b.start for a, b in itertools.pairwise(slots))
    assert minutes[-1] == max(minutes)  # the long part with the challenge keeps the most time


def test_whole_minutes_follow_the_largest_remainders():
    from desktop.handouts.timing import whole_minutes

    assert whole_minutes([10.4, 4.6], 15) == [10, 5]
    assert whole_minutes([1.0, 1.0, 1.0], 2) == [1, 1, 0]
    assert sum(whole_minutes([0.2] * 12, 5)) == 5
