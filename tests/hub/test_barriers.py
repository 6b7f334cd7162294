"""Point 5 of issue 16: /barriers shows barrier rates by venue and by time of day with the counts behind
each, and the changes chapters recorded with their before and after, as the synced laptop counts them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import datetime
from html import unescape

import pytest
from sqlalchemy import select

from desktop.i18n import language
from desktop.models import ExitCard, TasterSession, Venue
from desktop.reports.filters import ReportFilter
from desktop.reports.interventions import Rate, intervention_effects
from desktop.reports.report import build_report
from desktop.reports.tables import filter_names, interventions_table, rate_text
from desktop.vocabulary import BARRIER_LABELS, BARRIERS
from hub.boards.barriers import BANDS, band_words
from tests.hub.test_hub_report import RANGE, START, TODAY, World, build_world, page_of, signed_in
from tests.hubtools import HubProcess


@pytest.fixture(scope="module")
def world(hub: HubProcess, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    yield from build_world(hub, tmp_path_factory.mktemp("laptops"))


def rate_cells(report) -> list[str]:
    return [str(report.exit_cards)] + [
        rate_text(Rate(report.barriers[b], report.exit_cards), hide_small=False) for b in BARRIERS
    ]


def barriers_page(world: World, who: str, **params: str):
    with signed_in(world, who) as client:
        answer = client.get("/barriers", params={**RANGE, "org": str(world.org_id), **params})
    assert answer.status_code == 200, answer.text
    return answer.text, page_of(answer.text)


def test_barrier_rates_by_venue_are_the_laptops_with_the_counts_behind_them(world):
    _html, page = barriers_page(world, "admin")
    header, *rows = page.tables[0]
    assert header[2:] == [BARRIER_LABELS[b] for b in BARRIERS]  # the kiosk's own words
    with world.laptop.db.transaction() as s:
        names = dict(s.execute(select(Venue.id, Venue.name)).all())
        expected = [
            [names[v], *rate_cells(build_report(s, ReportFilter(START, TODAY, (v,))))]
            for v in sorted(world.venues, key=lambda v: names[v].casefold())
        ]
        expected.append(["All these sessions", *rate_cells(build_report(s, ReportFilter(START, TODAY)))])
    assert rows == expected
    assert any(" of " in cell and not cell.startswith("0%") for row in rows for cell in row[2:])


def test_barrier_rates_by_time_of_day_follow_the_bands_said_in_words(world):
    html, page = barriers_page(world, "admin")
    for line in band_words():
        assert line in unescape(html)
    assert [b.from_hour for b in BANDS[1:]] == [b.to_hour for b in BANDS[:-1]]  # no hour in two bands or none
    assert (BANDS[0].from_hour, BANDS[-1].to_hour) == (0, 24)
    # Counted here by hand from the laptop's cards: each card in the band of its session's start hour.
    cards: Counter[str] = Counter()
    named: dict[str, Counter[str]] = {b.key: Counter() for b in BANDS}
    with world.laptop.db.transaction() as s:
        found = s.execute(
            select(ExitCard.barriers, TasterSession.starts_at)
            .join(TasterSession, TasterSession.id == ExitCard.session_id)
            .where(ExitCard.deleted.is_(False), TasterSession.deleted.is_(False))
        ).all()
    first, after = datetime.combine(START, datetime.min.time()), datetime.combine(TODAY, datetime.max.time())
    for barriers, starts_at in found:
        if first <= starts_at <= after:
            band = next(b.key for b in BANDS if b.from_hour <= starts_at.hour < b.to_hour)
            cards[band] += 1
            named[band].update(set(barriers))
    _header, *rows = page.tables[1]
    assert [r[0] for r in rows] == [b.name for b in BANDS] + ["All these sessions"]
    for band, row in zip(BANDS, rows, strict=False):
        whole = cards[band.key]
        assert row[1:] == [str(whole)] + [
            rate_text(Rate(named[band.key][b], whole), hide_small=False) for b in BARRIERS
        ], band.key
    assert rows[-1][1] == str(sum(cards.values())) and sum(1 for b in BANDS if cards[b.key]) >= 2


def test_the_changes_chapters_made_are_shown_as_the_laptop_shows_them(world):
    _html, page = barriers_page(world, "admin")
    with world.laptop.db.transaction() as s, language("en"):
        f = ReportFilter(START, TODAY)
        effects = intervention_effects(s, f, today=TODAY)
        theirs = interventions_table(effects, filter_names(s), hide_small=False)
    assert effects, "the demo recorded no change in the range: the comparison would prove nothing"
    assert page.tables[2] == [list(theirs.headers), *map(list, theirs.rows)]
    assert any(row[-1] for row in theirs.rows), "no warning about small numbers to compare"


def test_a_coordinator_sees_the_barriers_of_their_chapters_venues_only(world):
    html, page = barriers_page(world, "east")
    with world.laptop.db.transaction() as s:
        names = dict(s.execute(select(Venue.id, Venue.name)).all())
        east = build_report(s, ReportFilter(START, TODAY, tuple(world.east)))
        changes = intervention_effects(s, ReportFilter(START, TODAY, tuple(world.east)), today=TODAY)
    venues = [row[0] for row in page.tables[0][1:-1]]
    assert sorted(venues) == sorted(names[v] for v in world.east)
    assert page.tables[0][-1][1:] == rate_cells(east)
    assert page.tables[1][-1][1:] == rate_cells(east)  # every time of day, their venues only
    for venue_id in world.venues[2:]:
        assert names[venue_id] not in unescape(html)
    assert len(page.tables) == (3 if changes else 2)
