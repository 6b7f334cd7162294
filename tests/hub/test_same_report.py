"""Point 5 of issue 16: the hub computes a laptop's report with the same definitions and gets the same
numbers. A real laptop with a demo chapter's records (sign-ins from the kiosk, the host and paper sheets,
a headcount estimate, exit cards, interventions, ladder steps, follow-ups and an erasure) syncs with a
real hub; its report tables and CSV equal the hub's, byte for byte, for several filters."""

from __future__ import annotations

from calendar import monthrange
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from desktop.demo import fill_demo
from desktop.i18n import language
from desktop.models import Intervention, Participant, SignIn, TasterSession, Venue
from desktop.reports.filters import ReportFilter
from desktop.reports.tables import ReportData, collect, csv_bytes
from desktop.signin.erasure import erase_participant
from hub.accounts_store import COORDINATOR, ORG_ADMIN
from hub.projection import hub_report
from hub.scope import NotFound, Scope
from tests.hub.test_projection import org_id_of, synced
from tests.sync.conftest import enrolled

NOW = datetime(2026, 6, 15, 12, 0)
TODAY = NOW.date()


@pytest.fixture(scope="module")
def chapter(any_hub, tmp_path_factory):
    """(laptop, org_id): a demo chapter recorded on a laptop, one person erased, all synced to the hub."""
    from tests.hubtools import Laptop

    org = f"Same report {any_hub.database_url.split(':')[0]}"
    laptop = Laptop.open(tmp_path_factory.mktemp("laptop"), name="chapter laptop")
    enrolled(any_hub, org, [laptop])
    fill_demo(laptop.db, participants=48, sessions=60, now=NOW)
    with laptop.db.transaction() as s:
        sources = set(s.scalars(select(SignIn.source).distinct()))
        assert sources == {"kiosk", "host", "paper"}, sources
        assert s.scalar(select(func.count()).where(TasterSession.headcount_estimate.is_not(None))), "no estimate"
        someone = s.scalars(
            select(Participant).join(SignIn, SignIn.participant_id == Participant.id).where(SignIn.voided.is_(False))
        ).first()
        assert someone is not None
        erase_participant(s, someone.id)
    synced(laptop)
    yield laptop, org_id_of(any_hub.engine, org)
    laptop.close()


def org_admin(org_id: int) -> Scope:
    return Scope(user_id=1, role=ORG_ADMIN, orgs=frozenset({org_id}), may_see_names=True)


def laptop_report(laptop, report_filter: ReportFilter) -> ReportData:
    with laptop.db.transaction() as s:
        return collect(s, report_filter, today=TODAY)


def filters(laptop) -> dict[str, ReportFilter]:
    with laptop.db.transaction() as s:
        changed_venue = s.scalars(select(Intervention.venue_id).order_by(Intervention.starts_on)).first()
        a_month_held = s.scalars(
            select(TasterSession.starts_at).where(TasterSession.starts_at < NOW).order_by(TasterSession.starts_at)
        ).all()[-6]
    assert changed_venue is not None
    year, month = a_month_held.year, a_month_held.month
    return {
        "all time": ReportFilter(),
        "one venue": ReportFilter(venue_ids=(changed_venue,)),
        "a month": ReportFilter(date(year, month, 1), date(year, month, monthrange(year, month)[1])),
        "Spanish-taught": ReportFilter(languages=("es",)),
    }


@pytest.mark.parametrize("which", ["all time", "one venue", "a month", "Spanish-taught"])
@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_hubs_report_equals_the_laptops_byte_for_byte(any_hub, chapter, which, lang):
    laptop, org_id = chapter
    report_filter = filters(laptop)[which]
    with language(lang):
        mine = laptop_report(laptop, report_filter)
        hubs = hub_report(any_hub.engine, org_admin(org_id), org_id, report_filter, today=TODAY)
        assert mine.report.sessions_held > 0, "a filter with nothing in it would prove nothing"
        assert hubs.report == mine.report
        assert hubs.tables() == mine.tables()  # the screen and the printed report
        assert csv_bytes(hubs) == csv_bytes(mine)
    if which == "one venue":
        assert mine.interventions, "the venue's change is compared before and after"
    if which == "all time":
        assert mine.report.first_timers and mine.report.returners


def test_a_coordinator_sees_the_report_of_their_venues_only(any_hub, chapter):
    laptop, org_id = chapter
    venue_id = filters(laptop)["one venue"].venue_ids[0]
    coordinator = Scope(
        user_id=2, role=COORDINATOR, orgs=frozenset({org_id}), venues=frozenset({venue_id}), may_see_names=True
    )
    theirs = hub_report(any_hub.engine, coordinator, org_id, ReportFilter(), today=TODAY)
    at_venue = hub_report(any_hub.engine, org_admin(org_id), org_id, ReportFilter(venue_ids=(venue_id,)), today=TODAY)
    everything = hub_report(any_hub.engine, org_admin(org_id), org_id, ReportFilter(), today=TODAY)
    assert theirs.report.sessions_held == at_venue.report.sessions_held < everything.report.sessions_held
    assert theirs.report.exit_cards == at_venue.report.exit_cards
    with laptop.db.transaction() as s:
        venues = set(s.scalars(select(Venue.id)))
    assert set(theirs.names) & venues == {venue_id}  # no other venue's name reaches them
    other = next(iter(venues - {venue_id}))
    with pytest.raises(NotFound):
        hub_report(any_hub.engine, coordinator, org_id, ReportFilter(venue_ids=(other,)), today=TODAY)
    with pytest.raises(NotFound):
        hub_report(any_hub.engine, coordinator, org_id + 1000, ReportFilter(), today=TODAY)
