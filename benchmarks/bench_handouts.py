"""handouts: 50 personal take-home sheets in one PDF, time per page, against a bare reportlab
script that draws the same text on a canvas in the same run (ours also draws a QR code on each page).

Both use the same registered fonts, so the figure is the cost of our layout,
per-run font fallback and right-to-left shaping. Target: ratio <= 2.0.
"""

from __future__ import annotations

import io
from datetime import datetime

from benchmarks.harness import Figure, median_time

PEOPLE = 50
NAMES = [
    "José",
    "Nguyễn",
    "Zoë",
    "Siobhán",
    "王芳",
    "Олена",
    "محمد",
    "Αλέξανδρος",
    "דוד",
    "김민준",
    "はるか",
    "Darnell",
    "Keisha",
    "Lupe",
    "Trần",
    "Amara",
    "Björn",
    "Ewa",
    "Leila",
    "Aoife",
]
LESSON = """---
title: "Your first Python program"
id: first-python
teaching: 30
exercises: 30
resources:
  - title: Python for beginners
    url: https://www.python.org/about/gettingstarted/
---

::: objectives

- Run a line of Python
- Change a variable and see what happens
- Read an error message without fear

:::

See [the tutorial](https://docs.python.org/3/tutorial/).
"""


def _info():
    from desktop.handouts.data import LessonInfo, NextSession, Person, SessionInfo

    people = [
        Person(first_name=NAMES[i % len(NAMES)], first_visit=i % 3 == 0, visits=1 + i % 4, helper=i % 7 == 0)
        for i in range(PEOPLE)
    ]
    return SessionInfo(
        id="bench",
        title="Your first Python program",
        starts_at=datetime(2026, 3, 14, 18),
        venue_name="Greater Hope Baptist Church",
        people=people,
        lessons=[LessonInfo("l1", "first-python", "Your first Python program", text=LESSON)],
        next_session=NextSession("A web page for the food pantry", datetime(2026, 3, 28, 18), "Greater Hope"),
    )


def run() -> list[Figure]:
    from pypdf import PdfReader
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from desktop.handouts.layout import Options
    from desktop.handouts.takehome import takehome_pdf
    from desktop.handouts.typefaces import SANS, register_fonts

    register_fonts()
    info, options = _info(), Options("a4")
    ours_pdf = takehome_pdf(info, options)
    pages = [p.extract_text().splitlines() for p in PdfReader(io.BytesIO(ours_pdf)).pages]
    assert len(pages) == PEOPLE

    def ours() -> bytes:
        return takehome_pdf(_info(), options)

    def bare() -> bytes:
        out = io.BytesIO()
        c = Canvas(out, pagesize=A4)
        for lines in pages:
            y = A4[1] - 60
            for line in lines:
                c.setFont(SANS, 11)
                c.drawString(50, y, line)
                y -= 15
            c.showPage()
        c.save()
        return out.getvalue()

    t_ours = median_time(ours, repeat=7)
    t_bare = median_time(bare, repeat=7)
    per_ours, per_bare = t_ours / PEOPLE * 1000, t_bare / PEOPLE * 1000
    return [
        Figure(
            "take-home sheets, time per page",
            per_ours,
            "ms",
            "bare reportlab canvas drawing the same text (no QR code)",
            per_bare,
            "ratio <= 2.0",
            per_ours / per_bare <= 2.0,
        ),
    ]
