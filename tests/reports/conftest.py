"""A small chapter whose every number is counted by hand in the tests.

Two venues, St Mary's Library (A) and Union Hall (B); two lessons, L1 and L2.

    session  day          venue lesson language  sign-ins (source)
    S1       Sat 10 Jan   A     L1     en        Ana, Ben, Dee (kiosk)
    S2       Sat 14 Feb   A     L1     en        Ana, Cruz, Dee (kiosk); one anonymous (host)
    S3       Sat 14 Mar   A     L2     es        Ana (kiosk, as helper) and Ana again (host); Eve (kiosk, voided)
    S7       Fri 20 Mar   A     L1     en        deleted session: Eve, Dee (kiosk) -- count nowhere
    S4       Sat 11 Apr   A     L2     en        Cruz (paper); Gus (kiosk, deleted sign-in)
    S5       Sat  9 May   A     L1     en        Eve, Fay, Hal (kiosk)
    S6       Sat 16 May   B     L2     es        Fay, Gus (kiosk)
    S8       Sat 13 Jun   A     L1     en        planned, nobody signed in: not held
    S9       Sat 20 Jun   B     L1     en        nobody signed in; the host's estimate: 12 came

Hal's record says the host made him a co-host. Recorded ladder steps: Ben co-hosted (1 May),
Gus helped (16 May), Cruz hosted (a deleted step: it does not count). Exit cards:

    card  session  rating will_return barriers           comment                   signed by
    c1    S1       3      yes         -                  -                         -
    c2    S2       2      maybe       time, childcare    Evenings are hard         Dee
    c3    S3       1      no          travel, other      The bus stopped running   -
    c4    S3       3      yes         -                  (deleted card)            -
    c5    S5       3      yes         childcare          Loved it                  Eve
    c6    S7       1      no          cost               (deleted session)         -
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pytest

from desktop.models import ExitCard, LadderStep, Lesson, Participant, SignIn, TasterSession, Venue


@dataclass
class Chapter:
    db: object
    venue: dict[str, str]
    lesson: dict[str, str]
    session: dict[str, str]
    person: dict[str, str]
    starts: dict[str, datetime]


@pytest.fixture
def chapter(db) -> Chapter:
    with db.transaction() as s:
        a, b = Venue(name="St Mary's Library"), Venue(name="Union Hall")
        l1, l2 = Lesson(slug="l1", title="Your first web page"), Lesson(slug="l2", title="Python for poets")
        s.add_all([a, b, l1, l2])
        s.flush()
        plan = {
            "S1": (datetime(2026, 1, 10, 10), a, l1, "en", False),
            "S2": (datetime(2026, 2, 14, 10), a, l1, "en", False),
            "S3": (datetime(2026, 3, 14, 10), a, l2, "es", False),
            "S7": (datetime(2026, 3, 20, 18), a, l1, "en", True),
            "S4": (datetime(2026, 4, 11, 10), a, l2, "en", False),
            "S5": (datetime(2026, 5, 9, 10), a, l1, "en", False),
            "S6": (datetime(2026, 5, 16, 10), b, l2, "es", False),
            "S8": (datetime(2026, 6, 13, 10), a, l1, "en", False),
            "S9": (datetime(2026, 6, 20, 10), b, l1, "en", False),
        }
        sessions = {
            key: TasterSession(
                venue_id=venue.id, starts_at=at, lesson_ids=[lesson.id], language=lang, deleted=deleted, title=key
            )
            for key, (at, venue, lesson, lang, deleted) in plan.items()
        }
        people = {
            name: Participant(first_name=name, last_name="Doe", stage="co_host" if name == "Hal" else "newcomer")
            for name in ("Ana", "Ben", "Cruz", "Dee", "Eve", "Fay", "Gus", "Hal")
        }
        sessions["S9"].headcount_estimate = 12
        s.add_all([*sessions.values(), *people.values()])
        s.flush()
        s.add(LadderStep(participant_id=people["Ben"].id, kind="co_hosted", taken_on=date(2026, 5, 1)))
        s.add(LadderStep(participant_id=people["Gus"].id, kind="helped", taken_on=date(2026, 5, 16)))
        s.add(LadderStep(participant_id=people["Cruz"].id, kind="hosted", taken_on=date(2026, 5, 1), deleted=True))

        def sign(key: str, name: str | None, source: str = "kiosk", **kw: object) -> None:
            pid = people[name].id if name else None
            s.add(SignIn(session_id=sessions[key].id, participant_id=pid, source=source, **kw))

        for name in ("Ana", "Ben", "Dee"):
            sign("S1", name)
        for name in ("Ana", "Cruz", "Dee"):
            sign("S2", name)
        sign("S2", None, "host")
        sign("S3", "Ana", as_helper=True)
        sign("S3", "Ana", "host")
        sign("S3", "Eve", voided=True)
        sign("S7", "Eve")
        sign("S7", "Dee")
        sign("S4", "Cruz", "paper")
        sign("S4", "Gus", deleted=True)
        for name in ("Eve", "Fay", "Hal"):
            sign("S5", name)
        for name in ("Fay", "Gus"):
            sign("S6", name)

        def card(key: str, rating: int, will: str, barriers: list[str], comment: str = "", by: str = "", **kw):
            s.add(
                ExitCard(
                    session_id=sessions[key].id,
                    participant_id=people[by].id if by else None,
                    rating=rating,
                    will_return=will,
                    barriers=barriers,
                    comment=comment,
                    created_at=plan[key][0].replace(hour=12),
                    **kw,
                )
            )

        card("S1", 3, "yes", [])
        card("S2", 2, "maybe", ["time", "childcare"], "Evenings are hard", by="Dee")
        card("S3", 1, "no", ["travel", "other"], "The bus stopped running")
        card("S3", 3, "yes", [], "Deleted card", deleted=True)
        card("S5", 3, "yes", ["childcare"], "Loved it", by="Eve")
        card("S7", 1, "no", ["cost"], "Deleted session")
        return Chapter(
            db,
            {"A": a.id, "B": b.id},
            {"L1": l1.id, "L2": l2.id},
            {k: v.id for k, v in sessions.items()},
            {k: v.id for k, v in people.items()},
            {k: v[0] for k, v in plan.items()},
        )
