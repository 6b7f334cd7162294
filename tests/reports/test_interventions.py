"""Each intervention's before and after, against a hand-counted venue.

St Mary's held a session every Saturday from 3 January 2026 (a deleted session on 20 December 2025 and
a planned one nobody came to on 27 December do not count as held). Today is 30 April 2026.

    Before the crèche (1 March):  3 Jan ... 28 Feb, 9 sessions: Ana and Ben at every one.
    From the crèche:             7 Mar ... 25 Apr, 8 sessions: Ana and Cruz at every one; Dee on 7 Mar,
                                 Eve on 7 and 14 Mar.
    Exit cards: 20 on 10 Jan, 8 naming childcare (3 more name only time); 20 on 14 Mar, 2 naming
    childcare (and a deleted card naming it).

Union Hall held its first session on 7 February (the host's estimate: 6), after its change on 1 February.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest

from desktop.i18n import set_language
from desktop.learning import InterventionDraft, record_intervention, remove_intervention
from desktop.models import ExitCard, Participant, SignIn, TasterSession, Venue
from desktop.models.database import Database
from desktop.reports import ReportFilter
from desktop.reports.interventions import MIN_SESSIONS, intervention_effects, window_days

TODAY = date(2026, 4, 30)
SATURDAYS = [datetime(2026, 1, 3, 10) + timedelta(weeks=i) for i in range(17)]  # 3 Jan ... 25 Apr
CRECHE = date(2026, 3, 1)


@dataclass
class Venues:
    db: Database
    venue: dict[str, str]
    intervention: dict[str, str]


@pytest.fixture
def venues(db) -> Venues:
    with db.transaction() as s:
        a, b = Venue(name="St Mary's Library"), Venue(name="Union Hall")
        s.add_all([a, b])
        s.flush()
        s.add(TasterSession(venue_id=a.id, starts_at=datetime(2025, 12, 20, 10), deleted=True))
        s.add(TasterSession(venue_id=a.id, starts_at=datetime(2025, 12, 27, 10)))
        sessions = [TasterSession(venue_id=a.id, starts_at=at) for at in SATURDAYS]
        hall = TasterSession(venue_id=b.id, starts_at=datetime(2026, 2, 7, 10), headcount_estimate=6)
        people = {n: Participant(first_name=n) for n in ("Ana", "Ben", "Cruz", "Dee", "Eve")}
        s.add_all([*sessions, hall, *people.values()])
        s.flush()
        before = [ts for ts in sessions if ts.starts_at.date() < CRECHE]
        after = [ts for ts in sessions if ts.starts_at.date() >= CRECHE]
        assert (len(before), len(after)) == (9, 8)

        def sign(ts: TasterSession, *names: str) -> None:
            s.add_all(SignIn(session_id=ts.id, participant_id=people[n].id) for n in names)

        for ts in before:
            sign(ts, "Ana", "Ben")
        for ts in after:
            sign(ts, "Ana", "Cruz")
        sign(after[0], "Dee", "Eve")
        sign(after[1], "Eve")

        def cards(ts: TasterSession, childcare: int, time_only: int, plain: int) -> None:
            kinds = [["childcare"]] * childcare + [["time"]] * time_only + [[]] * plain
            s.add_all(ExitCard(session_id=ts.id, rating=3, barriers=barriers) for barriers in kinds)

        cards(before[1], childcare=8, time_only=3, plain=9)
        cards(after[1], childcare=2, time_only=0, plain=18)
        s.add(ExitCard(session_id=after[1].id, rating=1, barriers=["childcare"], deleted=True))

        def change(venue: Venue, kind: str, starts_on: date, description: str = "") -> str:
            return record_intervention(s, InterventionDraft(venue.id, kind, description, starts_on)).id

        ids = {
            "creche": change(a, "childcare", CRECHE, description="A crèche in the side room"),
            "food": change(a, "food", date(2026, 4, 20)),
            "saturday": change(b, "time_changed", date(2026, 2, 1)),
        }
        remove_intervention(s, change(a, "other", date(2026, 3, 1)))
        return Venues(db, {"A": a.id, "B": b.id}, ids)


def _effects(venues: Venues, f: ReportFilter | None = None, today: date = TODAY):
    with venues.db.session() as s:
        return intervention_effects(s, f, today=today)


def _one(venues: Venues, key: str):
    return next(e for e in _effects(venues) if e.intervention_id == venues.intervention[key])


def test_the_windows_are_equal_and_as_long_as_the_shorter_side():
    # 3 Jan to 1 Mar is 57 days; 1 Mar to 30 Apr, both included, 61: the shorter wins.
    assert window_days(date(2026, 1, 3), CRECHE, None, TODAY) == 57
    # Stopped on 31 March: 31 days after.
    assert window_days(date(2026, 1, 3), CRECHE, date(2026, 3, 31), TODAY) == 31
    # Nothing before the change, or a change that starts tomorrow: nothing to compare.
    assert window_days(None, CRECHE, None, TODAY) == 0
    assert window_days(date(2026, 1, 3), date(2026, 5, 1), None, TODAY) == 0


def test_a_creche_shows_attendance_first_timers_returns_and_the_childcare_barrier_before_and_after(venues):
    creche = _one(venues, "creche")
    assert (creche.intervention_id, creche.kind_label, creche.barrier_label) == (
        venues.intervention["creche"],
        "Childcare (a crèche)",
        "Childcare",
    )
    # 57 days: before 3 Jan-28 Feb, after 1 Mar-26 Apr.
    assert creche.days == 57
    before, after = creche.before, creche.after
    assert (before.start, before.end, after.start, after.end) == (
        date(2026, 1, 3),
        date(2026, 2, 28),
        date(2026, 3, 1),
        date(2026, 4, 26),
    )
    # Before: 9 sessions, Ana and Ben at each: 18 visits, 2 people, both first came in it and came back.
    assert (before.sessions_held, before.visits, before.people, before.first_timers, before.returners) == (
        9,
        18,
        2,
        2,
        2,
    )
    # After: 8 sessions; Ana 8 + Cruz 8 + Dee 1 + Eve 2 = 19 visits; Cruz, Dee and Eve are new;
    # Ana (came before), Cruz and Eve (twice or more) returned: 3 of 4.
    assert (after.sessions_held, after.visits, after.people, after.first_timers, after.returners) == (8, 19, 4, 3, 3)
    assert (before.return_rate.part, before.return_rate.whole, after.return_rate.part, after.return_rate.whole) == (
        2,
        2,
        3,
        4,
    )
    # Childcare named on 8 of 20 cards before, 2 of 20 after (the deleted card does not count).
    assert (before.barrier_rate.part, before.barrier_rate.whole) == (8, 20)
    assert (after.barrier_rate.part, after.barrier_rate.whole) == (2, 20)
    assert after.barrier_rate.value == pytest.approx(0.1)
    # 9 and 8 sessions, 20 and 20 cards: enough on both sides.
    assert creche.warnings == [] and not creche.too_small


def test_a_change_that_stopped_is_compared_up_to_its_last_day(venues):
    with venues.db.transaction() as s:
        from desktop.learning import end_intervention

        end_intervention(s, venues.intervention["creche"], date(2026, 3, 31))
    creche = _one(venues, "creche")
    # 31 days: before 29 Jan-28 Feb (31 Jan, 7, 14, 21, 28 Feb: 5), after 1-31 Mar (7, 14, 21, 28 Mar: 4).
    assert (creche.before.start, creche.after.end) == (date(2026, 1, 29), date(2026, 3, 31))
    assert (creche.before.sessions_held, creche.after.sessions_held) == (5, 4)
    # 4 < MIN_SESSIONS after; the cards (20 on 10 Jan) fall outside the before window: 0 before.
    assert MIN_SESSIONS == 5
    assert creche.warnings == [
        "Sessions held: 5 before the change and 4 after it. With fewer than 5 on either side, "
        "they are too few to tell whether the change made a difference.",
        "Exit cards: 0 before the change and 20 after it. With fewer than 20 on either side, "
        "the barrier's share can differ by chance alone.",
    ]


def test_small_windows_warn_in_plain_words(venues):
    food = _one(venues, "food")
    # From 20 April to today is 11 days: before 9-19 Apr (11, 18 Apr), after 20-30 Apr (25 Apr).
    assert (food.days, food.before.sessions_held, food.after.sessions_held) == (11, 2, 1)
    # Ana and Cruz at each: 4 visits before, 2 after; both had come before.
    assert (food.before.visits, food.after.visits, food.after.returners, food.after.first_timers) == (4, 2, 2, 0)
    # Food answers cost; no card named it.
    assert food.barrier == "cost" and (food.after.barrier_rate.part, food.after.barrier_rate.whole) == (0, 0)
    assert len(food.warnings) == 2 and food.too_small


def test_a_change_with_no_session_before_it_has_nothing_to_compare(venues):
    saturday = _one(venues, "saturday")
    assert saturday.venue_id == venues.venue["B"] and saturday.days == 0
    assert saturday.before.start is None and saturday.after.sessions_held == 0
    assert saturday.warnings == [
        "No session was held at this venue before the change, so there is nothing to compare it with."
    ]
    set_language("es")
    try:
        spanish = _one(venues, "saturday").warnings
        assert spanish and spanish != saturday.warnings
    finally:
        set_language("en")


def test_the_filter_chooses_interventions_by_venue_and_start_and_removed_ones_never_show(venues):
    # Four recorded, one removed; oldest first.
    assert [e.intervention_id for e in _effects(venues)] == [
        venues.intervention[k] for k in ("saturday", "creche", "food")
    ]
    at_a = _effects(venues, ReportFilter(venue_ids=(venues.venue["A"],)))
    assert [e.kind for e in at_a] == ["childcare", "food"]
    since_april = _effects(venues, ReportFilter(start=date(2026, 4, 1)))
    assert [e.kind for e in since_april] == ["food"]
