"""Each rule of the reports domain, against the hand-counted chapter in conftest.py."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from desktop.reports import ReportFilter
from desktop.reports import definitions as d
from desktop.vocabulary import PATHWAY_STAGES

Q1 = ReportFilter(date(2026, 1, 1), date(2026, 3, 31))
Q2 = ReportFilter(date(2026, 4, 1), date(2026, 6, 30))


def _people(chapter, f: ReportFilter) -> dict[str, dict]:
    names = {pid: name for name, pid in chapter.person.items()}
    people = d.people_in_window(f)
    with chapter.db.session() as s:
        rows = s.execute(
            select(people, d.is_first_timer(people).label("first"), d.is_returner(people).label("back"))
        ).mappings()
        return {names[r["participant_id"]]: dict(r) for r in rows}


def test_a_visit_is_one_person_at_one_session_whatever_the_duplicates_voids_and_deletions(chapter):
    ana, eve, gus = (chapter.person[n] for n in ("Ana", "Eve", "Gus"))
    with chapter.db.session() as s:
        before_s3 = dict(s.execute(d.visit_counts([ana], before=chapter.starts["S3"])).all())
        through_s3 = dict(s.execute(d.visit_counts([ana], through=chapter.starts["S3"])).all())
        ever = dict(s.execute(d.visit_counts([ana, eve, gus])).all())
    # Ana: S1, S2 before S3; S3 itself once although she signed in twice (kiosk and host).
    assert before_s3 == {ana: 2}
    assert through_s3 == {ana: 3}
    # Eve: S3 voided, S7 deleted session, S5 counts -> 1. Gus: S4 sign-in deleted, S6 counts -> 1.
    assert ever == {ana: 3, eve: 1, gus: 1}


def test_first_timers_and_returners_in_the_first_quarter(chapter):
    people = _people(chapter, Q1)
    # Q1 covers S1, S2, S3 (S7 is deleted). People: Ana (S1, S2, S3), Ben (S1), Cruz (S2), Dee (S1, S2).
    assert set(people) == {"Ana", "Ben", "Cruz", "Dee"}
    assert {n: p["visits_in_window"] for n, p in people.items()} == {"Ana": 3, "Ben": 1, "Cruz": 1, "Dee": 2}
    # Everyone's first visit ever was in Q1.
    assert {n for n, p in people.items() if p["first"]} == {"Ana", "Ben", "Cruz", "Dee"}
    # Ana and Dee came again within Q1; Ben and Cruz came once in it (Cruz's second visit is in April).
    assert {n for n, p in people.items() if p["back"]} == {"Ana", "Dee"}


def test_returners_include_people_whose_earlier_visit_was_before_the_window(chapter):
    people = _people(chapter, Q2)
    # Q2 covers S4, S5, S6, S8. People: Cruz (S4), Eve (S5), Fay (S5, S6), Hal (S5), Gus (S6).
    assert set(people) == {"Cruz", "Eve", "Fay", "Hal", "Gus"}
    # Cruz first came in February; Eve's voided S3 and deleted-session S7 do not count; Gus's S4 was deleted.
    assert {n for n, p in people.items() if p["first"]} == {"Eve", "Fay", "Hal", "Gus"}
    # Cruz had come before (S2); Fay came twice in Q2.
    assert {n for n, p in people.items() if p["back"]} == {"Cruz", "Fay"}


def test_a_venue_filter_still_counts_visits_elsewhere_as_earlier_visits(chapter):
    people = _people(chapter, ReportFilter(venue_ids=(chapter.venue["B"],)))
    # Union Hall held S6 only: Fay (first came to S5 at St Mary's) and Gus (first visit ever).
    assert {n: (p["first"], p["back"]) for n, p in people.items()} == {"Fay": (False, True), "Gus": (True, False)}


def test_the_ladder_step_comes_from_visits_helping_and_what_the_host_recorded(chapter):
    q1, q2 = _people(chapter, Q1), _people(chapter, Q2)
    with chapter.db.session() as s:
        from desktop.models import Participant

        def stages(f: ReportFilter) -> dict[str, str]:
            people, roles = d.people_in_window(f), d.ladder_roles(f)
            rows = s.execute(
                select(Participant.first_name, d.stage_rank(people, roles, Participant.stage))
                .select_from(people)
                .join(Participant, Participant.id == people.c.participant_id)
                .outerjoin(roles, roles.c.participant_id == people.c.participant_id)
            )
            return {name: PATHWAY_STAGES[rank] for name, rank in rows}

        # As of 31 March: Ana helped at S3 -> peer helper; Dee came twice -> returner; Ben and Cruz once so far.
        assert stages(Q1) == {"Ana": "peer_helper", "Ben": "newcomer", "Cruz": "newcomer", "Dee": "returner"}
        # (Ben's co-hosting step on 1 May is after 31 March.)
        # As of 30 June: Cruz and Fay twice (Cruz's "hosted" step was deleted); Gus's recorded helping
        # step makes him a peer helper; Hal was made co-host on his record though he came once.
        assert stages(Q2) == {
            "Cruz": "returner",
            "Eve": "newcomer",
            "Fay": "returner",
            "Gus": "peer_helper",
            "Hal": "co_host",
        }
        # All time: Ben's co-hosting step counts.
        assert stages(ReportFilter())["Ben"] == "co_host"
    assert q1["Ana"]["helped"] == 1 and q2["Hal"]["visits"] == 1


def _lapsed(chapter, n: int, as_of: datetime | None = None) -> set[str]:
    names = {pid: name for name, pid in chapter.person.items()}
    with chapter.db.session() as s:
        return {names[pid] for pid, *_ in s.execute(d.lapsed_people(n, as_of=as_of))}


def test_lapsed_people_missed_the_last_sessions_held_at_their_usual_venue(chapter):
    # St Mary's held S1, S2, S3, S4, S5 (S7 deleted, S8 had nobody); Union Hall held S6, and S9 (an estimate).
    # Twice or more: Ana (last S3, 14 Mar), Cruz (last S4, 11 Apr), Dee (last S2, 14 Feb), all usually at
    # St Mary's; Fay came once to each venue, so her usual venue is the later one, Union Hall.
    # N=3: the last three at St Mary's began with S3 on 14 Mar: only Dee missed them all.
    assert _lapsed(chapter, 3) == {"Dee"}
    # N=2: from S4 on 11 Apr: Ana and Dee. Union Hall's last two began with S6, where Fay was.
    assert _lapsed(chapter, 2) == {"Ana", "Dee"}
    # N=1: S5 alone, on 9 May: Ana, Cruz, Dee; and Fay missed S9 at Union Hall, held on the host's estimate.
    assert _lapsed(chapter, 1) == {"Ana", "Cruz", "Dee", "Fay"}
    # Union Hall held fewer than 3 sessions: nobody whose usual venue it is can have missed 3.
    assert "Fay" not in _lapsed(chapter, 3)


def test_lapsed_is_judged_as_of_a_moment(chapter):
    # Before 1 April St Mary's had held S1, S2, S3; Cruz had come only once.
    april = datetime(2026, 4, 1)
    # N=2: from S2 (14 Feb): Dee was at S2, Ana at S3 -> nobody.
    assert _lapsed(chapter, 2, as_of=april) == set()
    # N=1: S3 (14 Mar) alone: Dee missed it.
    assert _lapsed(chapter, 1, as_of=april) == {"Dee"}


def test_the_explanations_name_the_setting_and_read_in_spanish(chapter):
    from desktop.i18n import set_language

    assert any("last 3 sessions" in line for line in d.how_we_counted(3))
    set_language("es")
    try:
        spanish = d.how_we_counted(4)
        assert any("4" in line for line in spanish) and all(line not in d.EXPLANATIONS.values() for line in spanish)
    finally:
        set_language("en")
