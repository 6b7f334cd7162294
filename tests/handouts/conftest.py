"""Shared helpers for handout tests: read PDFs back the way a person's reader would."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
SAMPLE_LESSON = HERE / "sample_lesson.md"

# One name in each script a handout must print.
NAMES_IN_EVERY_SCRIPT = [
    "José Hernández",
    "Nguyễn Thị Hoa",
    "Αλέξανδρος",
    "Олена",
    "محمد الأحمد",
    "דוד כהן",
    "王芳",
    "はるか",
    "김민준",
]


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def pdf_reader(data: bytes):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(data))


def smallest_text_size(data: bytes) -> float:
    """The smallest size (pt) any visible text is drawn at, over every page."""
    sizes: list[float] = []

    def visit(text, cm, tm, _font, size):
        if text.strip():
            scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5
            sizes.append(size * scale)

    for page in pdf_reader(data).pages:
        page.extract_text(visitor_text=visit)
    return min(sizes)


@pytest.fixture
def session_info():
    """A session record with people in every script, a pairing and a lesson with resources."""
    from desktop.handouts.data import LessonInfo, NextSession, Person, SessionInfo, TableGroup

    people = [
        Person(
            first_name=name.split()[0],
            last_name=" ".join(name.split()[1:]),
            pronouns="she/her" if i % 2 else "",
            photo_ok=i % 3 != 0,
            first_visit=i % 2 == 0,
            visits=1 + i % 3,
        )
        for i, name in enumerate(NAMES_IN_EVERY_SCRIPT)
    ]
    return SessionInfo(
        id="3f6c2a9e-1111-4222-8333-944455556666",
        title="Your first Python program",
        starts_at=datetime(2026, 3, 14, 18, 0),
        venue_name="Greater Hope Baptist Church",
        venue_address="412 Elm Street",
        hosts=["Pat Volunteer"],
        people=people,
        lessons=[
            LessonInfo(
                "l1",
                "first-python-handout-test",
                "Your first Python program",
                text=SAMPLE_LESSON.read_text(encoding="utf-8"),
            )
        ],
        next_session=NextSession(
            "A web page for the food pantry", datetime(2026, 3, 28, 18, 0), "Greater Hope Baptist Church"
        ),
        tables=[TableGroup(1, ("José", "王芳")), TableGroup(2, ("محمد", "דוד", "Олена"))],
        round_number=1,
    )
