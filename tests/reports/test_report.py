"""build_report over the hand-counted chapter in conftest.py: every number, and who may see names."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from desktop.models import Participant
from desktop.reports import ReportFilter, build_report

Q1 = ReportFilter(date(2026, 1, 1), date(2026, 3, 31))
Q2 = ReportFilter(date(2026, 4, 1), date(2026, 6, 30))


def _report(chapter, f: ReportFilter | None = None, host: bool = False):
    with chapter.db.session() as s:
        return build_report(s, f, viewer_is_host=host)


def test_the_first_quarter_counted_by_hand(chapter):
    r = _report(chapter, Q1)
    # S1, S2, S3 held (S7 deleted). Sign-ins: kiosk S1 3 + S2 3 + S3 1 = 7; host: the anonymous one at S2
    # and Ana's second at S3 = 2; Eve's voided one at S3 does not count.
    assert r.sessions_held == 3
    assert r.headcount_by_source == {"kiosk": 7, "host": 2, "paper": 0, "estimate": 0}
    assert r.sign_ins == 9
    # Visits: S1 3 + S2 3 (the anonymous sign-in is nobody's visit) + S3 1 (Ana once) = 7.
    assert (r.visits, r.people, r.first_timers, r.returners) == (7, 4, 4, 2)
    assert r.return_rate == pytest.approx(0.5)
    # Cards c1, c2, c3 (c4 deleted).
    assert r.exit_cards == 3
    assert r.ratings == {1: 1, 2: 1, 3: 1}
    assert r.will_return == {"yes": 1, "maybe": 1, "no": 1}
    assert r.barriers == {"time": 1, "travel": 1, "childcare": 1, "language": 0, "access": 0, "cost": 0, "other": 1}
    assert r.barrier_share("time") == pytest.approx(1 / 3)
    assert r.ladder == {"newcomer": 2, "returner": 1, "peer_helper": 1, "co_host": 0, "host": 0}


def test_the_second_quarter_counted_by_hand(chapter):
    r = _report(chapter, Q2)
    # S4, S5, S6 held, and S9 by the host's estimate of 12; S8 had nobody.
    # Sign-ins: paper Cruz at S4 (Gus's was deleted); kiosk 3 at S5, 2 at S6.
    assert r.sessions_held == 4
    assert r.headcount_by_source == {"kiosk": 5, "host": 0, "paper": 1, "estimate": 12}
    assert r.sign_ins == 6, "an estimate is not a sign-in"
    # Visits 1 + 3 + 2 = 6 by Cruz, Eve, Fay (twice), Hal, Gus; first-timers all but Cruz; back: Cruz, Fay.
    assert (r.visits, r.people, r.first_timers, r.returners) == (6, 5, 4, 2)
    # Card c5 only.
    assert r.exit_cards == 1 and r.ratings[3] == 1 and r.will_return["yes"] == 1 and r.barriers["childcare"] == 1
    # Eve new; Cruz and Fay back; Gus helped (a recorded step); Hal co-host on his record.
    assert r.ladder == {"newcomer": 1, "returner": 2, "peer_helper": 1, "co_host": 1, "host": 0}


def test_all_time_shares(chapter):
    r = _report(chapter)
    # Eight people, each first came within "all time"; back: Ana, Cruz, Dee, Fay.
    assert (r.people, r.first_timers, r.returners) == (8, 8, 4)
    # Cards c1, c2, c3, c5: ratings 1, 2, 1, 3 -> happy 2 of 4; childcare on c2 and c5 -> half.
    assert r.exit_cards == 4
    assert r.rating_share(3) == pytest.approx(0.5)
    assert r.will_return_share("yes") == pytest.approx(0.5)
    assert r.barrier_share("childcare") == pytest.approx(0.5)
    assert r.barrier_share("cost") == 0.0, "c6 came from a deleted session"


@pytest.mark.parametrize(
    ("which", "expected"),
    [
        # Union Hall: S6 (Fay and Gus) and S9 (an estimate, nobody's visit); Gus is new, Fay came before.
        ("venue", (2, 2, 2, 1, 1)),
        # Spanish: S3 (Ana, Ana's duplicate) and S6 (Fay, Gus): people Ana, Fay, Gus; new: Gus; back: Ana, Fay.
        ("language", (2, 3, 3, 1, 2)),
        # Lesson L2: S3, S4, S6: Ana, Cruz, Fay, Gus; new: Gus; back: Ana, Cruz, Fay.
        ("lesson", (3, 4, 4, 1, 3)),
    ],
)
def test_venue_language_and_lesson_filters(chapter, which, expected):
    f = {
        "venue": ReportFilter(venue_ids=(chapter.venue["B"],)),
        "language": ReportFilter(languages=("es",)),
        "lesson": ReportFilter(lesson_ids=(chapter.lesson["L2"],)),
    }[which]
    r = _report(chapter, f)
    assert (r.sessions_held, r.people, r.visits, r.first_timers, r.returners) == expected


def test_comments_are_newest_first_and_other_texts_are_marked(chapter):
    r = _report(chapter)
    # c5 (9 May), c3 (14 Mar, names "Other"), c2 (14 Feb); c1 has no comment, c4 and c6 do not count.
    assert [(m.text, m.kind) for m in r.remarks] == [
        ("Loved it", "comment"),
        ("The bus stopped running", "other"),
        ("Evenings are hard", "comment"),
    ]
    assert r.remarks_total == 3


def test_names_go_with_comments_only_for_the_host_and_only_on_signed_cards(chapter):
    others = _report(chapter)
    assert all(m.name == "" for m in others.remarks)
    host = _report(chapter, host=True)
    # c5 signed by Eve, c2 by Dee; c3 anonymous.
    assert [m.name for m in host.remarks] == ["Eve Doe", "", "Dee Doe"]


def test_an_erased_person_is_never_named_even_to_the_host(chapter):
    with chapter.db.transaction() as s:
        s.get(Participant, chapter.person["Eve"]).erased = True
    assert [m.name for m in _report(chapter, host=True).remarks] == ["", "", "Dee Doe"]


def test_an_empty_database_gives_zeros_not_errors(db):
    with db.session() as s:
        r = build_report(s, Q1)
    assert (r.sessions_held, r.people, r.exit_cards, r.return_rate, r.barrier_share("time")) == (0, 0, 0, 0.0, 0.0)


def test_all_time_ladder_counted_by_hand(chapter):
    r = _report(chapter)
    # Eve came once; Cruz, Dee and Fay twice (Cruz's "hosted" step was deleted, Dee's S7 session too);
    # Ana helped at S3 and Gus has a recorded helping step; Ben co-hosted (a step), Hal is co-host on his record.
    assert r.ladder == {"newcomer": 1, "returner": 3, "peer_helper": 2, "co_host": 2, "host": 0}


@pytest.mark.parametrize("end", [None, date(2026, 4, 30)], ids=["all time", "up to April"])
def test_a_report_from_the_very_beginning_counts_as_one_from_a_day_before_the_first_session(chapter, end):
    # The first reads every visit up to its end in one pass; the second finds each person's first visit.
    from_the_beginning = _report(chapter, ReportFilter(None, end))
    from_a_day_before = _report(chapter, ReportFilter(date(2025, 1, 1), end))
    assert from_the_beginning.people and any(from_the_beginning.ladder.values()), "nothing to compare"
    assert replace(from_a_day_before, filter=from_the_beginning.filter) == from_the_beginning
