"""Who is ready for the next step, and a person's own path, against a hand-counted ladder.

One venue, six Saturday sessions: T1 3 Jan, T2 10 Jan, T3 17 Jan, T4 24 Jan, T5 31 Jan, T6 7 Feb 2026.

    person  came to           helping and recorded steps                          ready for
    Ana     T1-T4 (4)         -                                                    help (4 visits)
    Ben     T1-T3 (3)         -                                                    - (3 < 4)
    Cruz    T1-T5 (5)         asked to help (1 Feb)                                - (already asked)
    Dee     T1-T4 (4)         said no for now (25 Jan)                             - (latest step)
    Eve     T1, T2            marked helper at T2; a "helped" step for T2 (10 Jan) - (T2 counts once: 1)
    Fay     T1, T2            marked helper at T2; a "helped" step, no session     co-host (helped 2)
                              (31 Jan)
    Gus     T1, T2            co-hosted (10 Jan, 24 Jan)                           host (co-hosted 2)
    Hal     T1, T2            co-hosted (10 Jan, 24 Jan), hosted (7 Feb)           - (a host)
    Ivy     T1-T4 (4)         erased                                               - (never listed)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest

from desktop.i18n import set_language
from desktop.models import LadderStep, Participant, SignIn, TasterSession, Venue
from desktop.models.database import Database
from desktop.reports import ReportFilter
from desktop.reports.ladder import (
    VISITS_BEFORE_ASKING_TO_HELP,
    PathStep,
    PathVisit,
    person_path,
    ready_for_next_step,
    ready_rule,
)
from desktop.signin.erasure import erase_participant

DAYS = {f"T{i + 1}": datetime(2026, 1, 3, 10) + timedelta(days=7 * i) for i in range(6)}


@dataclass
class Ladder:
    db: Database
    person: dict[str, str]
    session: dict[str, str]


@pytest.fixture
def ladder(db) -> Ladder:
    with db.transaction() as s:
        venue = Venue(name="Union Hall")
        s.add(venue)
        s.flush()
        sessions = {key: TasterSession(venue_id=venue.id, starts_at=at, title=key) for key, at in DAYS.items()}
        names = ("Ana", "Ben", "Cruz", "Dee", "Eve", "Fay", "Gus", "Hal", "Ivy")
        people = {n: Participant(first_name=n, last_name="Ruiz") for n in names}
        s.add_all([*sessions.values(), *people.values()])
        s.flush()
        came = {
            "Ana": "T1 T2 T3 T4",
            "Ben": "T1 T2 T3",
            "Cruz": "T1 T2 T3 T4 T5",
            "Dee": "T1 T2 T3 T4",
            "Eve": "T1 T2",
            "Fay": "T1 T2",
            "Gus": "T1 T2",
            "Hal": "T1 T2",
            "Ivy": "T1 T2 T3 T4",
        }
        for name, keys in came.items():
            for key in keys.split():
                helper = name in ("Eve", "Fay") and key == "T2"
                s.add(SignIn(session_id=sessions[key].id, participant_id=people[name].id, as_helper=helper))

        def step(name: str, kind: str, on: date, at: str | None = None) -> None:
            pid = people[name].id
            s.add(LadderStep(participant_id=pid, kind=kind, taken_on=on, session_id=sessions[at].id if at else None))

        step("Cruz", "invited_to_help", date(2026, 2, 1))
        step("Dee", "declined", date(2026, 1, 25))
        step("Eve", "helped", date(2026, 1, 10), "T2")
        step("Fay", "helped", date(2026, 1, 31))
        for name in ("Gus", "Hal"):
            step(name, "co_hosted", date(2026, 1, 10), "T2")
            step(name, "co_hosted", date(2026, 1, 24), "T4")
        step("Hal", "hosted", date(2026, 2, 7), "T6")
        s.flush()
        erase_participant(s, people["Ivy"].id)
        return Ladder(db, {n: p.id for n, p in people.items()}, {k: v.id for k, v in sessions.items()})


def _ready(ladder: Ladder, f: ReportFilter | None = None, host: bool = True):
    with ladder.db.session() as s:
        return ready_for_next_step(s, f, viewer_is_host=host)


def test_the_host_sees_who_is_ready_for_the_next_step_with_the_reason(ladder):
    ready = _ready(ladder)
    # Furthest along first: Gus (a co-host), Fay (a peer helper), Ana (a returner).
    assert [(r.full_name, r.stage, r.next_step) for r in ready] == [
        ("Gus Ruiz", "co_host", "host"),
        ("Fay Ruiz", "peer_helper", "co_host"),
        ("Ana Ruiz", "returner", "help"),
    ]
    assert [r.reason for r in ready] == [
        "Co-hosted 2 times and has not hosted yet.",
        "Helped 2 times and has not co-hosted yet.",
        "Came 4 times and has not helped yet.",
    ]
    assert [(r.short_name, r.stage_name, r.next_step_name) for r in ready][2] == (
        "Ana R.",
        "Returner",
        "Ready to be asked to help",
    )


def test_helping_at_one_session_counts_once_however_it_was_recorded(ladder):
    # Eve was marked helper at T2 and a "helped" step names T2: once, so she is not yet ready to co-host.
    assert "Eve Ruiz" not in [r.full_name for r in _ready(ladder)]
    with ladder.db.session() as s:
        assert person_path(s, ladder.person["Eve"]).helped == 1
        assert person_path(s, ladder.person["Fay"]).helped == 2


def test_readiness_is_judged_as_of_the_end_of_the_filter(ladder):
    # Up to 20 January: T1-T3. Ana came 3 times; Gus's second co-hosting (24 Jan) and Fay's recorded
    # helping (31 Jan) come later. Nobody is ready yet.
    assert _ready(ladder, ReportFilter(end=date(2026, 1, 20))) == []
    # Up to 24 January (T1-T4): Gus and Hal have co-hosted twice (Hal hosts only on 7 Feb); Ana, Cruz and
    # Dee came 4 times, and Cruz was not yet asked (1 Feb) nor had Dee said no (25 Jan).
    assert [r.full_name for r in _ready(ladder, ReportFilter(end=date(2026, 1, 24)))] == [
        "Gus Ruiz",
        "Hal Ruiz",
        "Ana Ruiz",
        "Cruz Ruiz",
        "Dee Ruiz",
    ]


def test_people_already_asked_or_who_said_no_for_now_are_left_alone(ladder):
    names = {r.full_name for r in _ready(ladder)}
    # Cruz (asked on 1 Feb) and Dee (said no on 25 Jan) came often enough; Ivy was erased.
    assert names.isdisjoint({"Cruz Ruiz", "Dee Ruiz", "Ivy Ruiz"})
    # Cruz was still ready on 31 January, the day before he was asked.
    assert "Cruz Ruiz" in [r.full_name for r in _ready(ladder, ReportFilter(end=date(2026, 1, 31)))]


def test_nobody_is_listed_for_a_viewer_who_is_not_the_host(ladder):
    assert _ready(ladder, host=False) == []


def test_the_rule_reads_in_plain_words_with_its_thresholds_in_english_and_spanish(ladder):
    assert f"came {VISITS_BEFORE_ASKING_TO_HELP} times or more" in ready_rule()
    set_language("es")
    try:
        assert "Said no for now" not in ready_rule() and str(VISITS_BEFORE_ASKING_TO_HELP) in ready_rule()
        assert _ready(ladder)[2].reason == "Vino 4 veces y todavía no ha ayudado."
    finally:
        set_language("en")


def test_a_persons_own_history_shows_their_path_in_order(ladder):
    with ladder.db.session() as s:
        path = person_path(s, ladder.person["Hal"])
    assert path is not None and (path.full_name, path.stage) == ("Hal Ruiz", "host")
    assert [(v.starts_at, v.venue_name, v.helped) for v in path.visits] == [
        (DAYS["T1"], "Union Hall", False),
        (DAYS["T2"], "Union Hall", False),
    ]
    assert [(step.kind, step.taken_on) for step in path.steps] == [
        ("co_hosted", date(2026, 1, 10)),
        ("co_hosted", date(2026, 1, 24)),
        ("hosted", date(2026, 2, 7)),
    ]
    # Visits and steps together, by date; on 10 Jan the visit comes before the step taken at it.
    timeline = [
        (type(e).__name__, e.starts_at.date() if isinstance(e, PathVisit) else e.taken_on) for e in path.timeline
    ]
    assert timeline == [
        ("PathVisit", date(2026, 1, 3)),
        ("PathVisit", date(2026, 1, 10)),
        ("PathStep", date(2026, 1, 10)),
        ("PathStep", date(2026, 1, 24)),
        ("PathStep", date(2026, 2, 7)),
    ]
    assert isinstance(path.timeline[2], PathStep) and path.timeline[2].label == "Co-hosted a session"


def test_a_persons_path_shows_helping_marked_at_sign_in_and_nothing_for_an_erased_person(ladder):
    with ladder.db.session() as s:
        eve = person_path(s, ladder.person["Eve"])
        assert person_path(s, ladder.person["Ivy"]) is None
    assert eve is not None and eve.stage == "peer_helper"
    assert [v.helped for v in eve.visits] == [False, True]


def test_a_merged_record_leads_to_the_path_of_the_record_kept(ladder):
    with ladder.db.transaction() as s:
        s.get(Participant, ladder.person["Ben"]).merged_into = ladder.person["Ana"]
    with ladder.db.session() as s:
        path = person_path(s, ladder.person["Ben"])
    assert path is not None and path.participant_id == ladder.person["Ana"] and len(path.visits) == 4
