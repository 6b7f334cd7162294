"""The demo database gives every report something to show, counted by the reports domain itself."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from desktop.demo import fill_demo
from desktop.models import Intervention, LadderStep, Participant, SignIn, TasterSession, Venue, open_database
from desktop.reports import HEADCOUNT_SOURCES, ReportFilter, build_report
from desktop.reports.definitions import lapsed_people
from desktop.reports.lapsed import lapsed_list
from desktop.settings import LAPSED_AFTER_SESSIONS
from desktop.vocabulary import PATHWAY_STAGES

NOW = datetime(2026, 5, 20, 9, 0)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """One demo database for the module (made as `onramp demo` makes it), read-only in these tests."""
    db = open_database(tmp_path_factory.mktemp("demo") / "onramp.sqlite3")
    fill_demo(db, now=NOW)
    yield db
    db.close()


def test_every_venue_has_months_of_sessions_behind_it(demo):
    with demo.session() as s:
        first_held = dict(
            s.execute(
                select(TasterSession.venue_id, func.min(TasterSession.starts_at))
                .where(TasterSession.status == "closed")
                .group_by(TasterSession.venue_id)
            ).all()
        )
        venues = s.scalars(select(Venue.id)).all()
    assert set(first_held) == set(venues)
    assert all(NOW - first >= timedelta(days=60) for first in first_held.values())


def test_some_regulars_stopped_coming_some_agreed_to_be_contacted_and_some_were_followed_up(demo):
    with demo.session() as s:
        lapsed = s.execute(lapsed_people(LAPSED_AFTER_SESSIONS.default)).all()
        consent = dict(
            s.execute(
                select(Participant.id, Participant.contact_consent).where(
                    Participant.id.in_([row.participant_id for row in lapsed])
                )
            ).all()
        )
        listed = lapsed_list(s, viewer_is_host=True)
    assert len(lapsed) >= 4 and all(row.visits >= 2 for row in lapsed)
    assert any(consent.values()) and not all(consent.values())  # the host's list leaves some out
    assert {p.participant_id for p in listed} == {pid for pid, yes in consent.items() if yes}
    followed = [p for p in listed if p.followed_up_on is not None]
    assert 0 < len(followed) < len(listed)


def _window(demo, venue_id: str, start: date, end: date):
    with demo.session() as s:
        return build_report(s, ReportFilter(start, end, venue_ids=(venue_id,)))


def test_two_venues_changed_something_and_the_report_sees_it_before_and_after(demo):
    with demo.session() as s:
        changes = s.scalars(select(Intervention).where(Intervention.deleted.is_(False))).all()
    assert {c.kind for c in changes} == {"childcare", "food"}
    assert len({c.venue_id for c in changes}) == 2
    for change in changes:
        days = (NOW.date() - change.starts_on).days  # equal windows either side of the change
        before = _window(
            demo, change.venue_id, change.starts_on - timedelta(days=days), change.starts_on - timedelta(1)
        )
        after = _window(demo, change.venue_id, change.starts_on, NOW.date())
        assert before.sessions_held >= 1 and after.sessions_held >= 2
        per_session = [r.visits / r.sessions_held for r in (before, after)]
        assert per_session[1] > per_session[0] * 1.3, change.kind
        assert after.first_timers > before.first_timers, change.kind
        assert before.barrier_share(change.barrier) > after.barrier_share(change.barrier) + 0.3, change.kind


def test_people_stand_at_every_rung_of_the_ladder_with_the_steps_that_put_them_there(demo):
    with demo.session() as s:
        report = build_report(s, ReportFilter())
        steps = set(s.scalars(select(LadderStep.kind)).all())
        helper_sign_ins = s.scalar(select(func.count()).select_from(SignIn).where(SignIn.as_helper.is_(True)))
        stages_set_by_hand = s.scalar(
            select(func.count()).select_from(Participant).where(Participant.stage != "newcomer")
        )
    assert all(report.ladder[stage] > 0 for stage in PATHWAY_STAGES), report.ladder
    assert {"hosted", "co_hosted", "invited_to_host", "agreed_to_help"} <= steps
    assert helper_sign_ins >= 5
    assert stages_set_by_hand == 0  # every step comes from visits, helping and recorded steps


def test_sessions_are_counted_from_every_source_and_paper_rows_keep_their_codes(demo):
    with demo.session() as s:
        report = build_report(s, ReportFilter())
        paper_codes = s.scalars(select(SignIn.row_code).where(SignIn.source == "paper")).all()
        estimated = s.scalars(select(TasterSession).where(TasterSession.headcount_estimate.is_not(None))).all()
        signed = s.scalar(
            select(func.count()).select_from(SignIn).where(SignIn.session_id.in_([t.id for t in estimated]))
        )
    assert all(report.headcount_by_source[source] > 0 for source in HEADCOUNT_SOURCES), report.headcount_by_source
    assert paper_codes and all(code for code in paper_codes)
    assert len(set(paper_codes)) == len(paper_codes)
    assert [t.status for t in estimated] == ["closed"] and signed == 0


def test_the_same_seed_makes_the_same_demo(tmp_path, demo):
    again = open_database(tmp_path / "onramp.sqlite3")
    try:
        counts = fill_demo(again, now=NOW)
        reports = []
        for db in (demo, again):
            with db.session() as s:
                report = build_report(s, ReportFilter())
                lapsed = sorted(row.visits for row in s.execute(lapsed_people(3)).all())
                reports.append((report.headcount_by_source, report.ladder, report.barriers, lapsed))
    finally:
        again.close()
    assert reports[0] == reports[1]
    assert counts["interventions"] == 2 and counts["follow-ups"] >= 1


def test_a_tiny_demo_still_fills_without_its_stories(tmp_path):
    db = open_database(tmp_path / "onramp.sqlite3")
    try:
        counts = fill_demo(db, participants=3, sessions=1, now=NOW)
    finally:
        db.close()
    assert counts["participants"] == 3 and counts["sessions"] == 2  # the one asked for, and today's
    assert counts["interventions"] == counts["ladder steps"] == 0


def test_every_demo_pairing_round_seats_people_at_tables(demo):
    """The handouts' table cards print for any round the demo made (a round that seats nobody has none)."""
    from desktop.models import PairingGroup, PairingRound

    with demo.session() as s:
        rounds = set(s.scalars(select(PairingRound.id)))
        seated = set(s.scalars(select(PairingGroup.round_id)))
    assert rounds and rounds <= seated
