"""What keeps people away (/barriers): barrier rates by venue and by time of day, and what chapters changed.

A barrier's rate is the laptop's (``definitions.BARRIER_RATE``): exit cards naming it out of all the
exit cards from the sessions counted, each card read by ``definitions.names_barrier`` from the
sessions ``definitions.exit_card_clause`` covers. Every rate is shown with the counts behind it.
The changes a chapter recorded, with their before and after, are ``interventions.intervention_effects``
over the hub's projection, shown by ``tables.interventions_table``: as the laptop's report shows them,
its warnings about numbers too small to tell included.

The time of day is the session's start, in the venue's own time (as sessions are recorded), in
the bands of ``BANDS``: defined here once, and said in words by ``band_words``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import ColumnElement, Connection, Integer, case, cast, extract, func, select
from sqlalchemy.orm import Session

from desktop.i18n import N_, _, ngettext
from desktop.reports import definitions as d
from desktop.reports.definitions import Tables
from desktop.reports.filters import ReportFilter, describe
from desktop.reports.interventions import InterventionEffect, Rate, intervention_effects
from desktop.reports.tables import TextTable, filter_names, interventions_table, rate_text
from desktop.vocabulary import BARRIER_LABELS, BARRIERS
from hub.boards.venues import venue_labels
from hub.projection import report_tables
from hub.scope import Scope


@dataclass(frozen=True)
class Band:
    """A time of day: sessions starting from ``from_hour`` to before ``to_hour`` (24: midnight)."""

    key: str
    name: str  # a msgid
    from_hour: int
    to_hour: int


BANDS = (
    Band("morning", N_("Morning"), 0, 12),
    Band("afternoon", N_("Afternoon"), 12, 17),
    Band("evening", N_("Evening"), 17, 24),
)


def _clock(hour: int) -> str:
    return f"{hour:02d}:00"  # 24:00 for the end of the day, as timetables write it


def band_words() -> list[str]:
    """Each band in words, from ``BANDS``: "Morning: sessions starting from 00:00 to before 12:00"."""
    return [
        _("{band}: sessions starting from {start} to before {end}").format(
            band=_(b.name), start=_clock(b.from_hour), end=_clock(b.to_hour)
        )
        for b in BANDS
    ]


def band_of(starts_at: ColumnElement[object]) -> ColumnElement[str]:
    """The key of the band a session's start falls in, as SQL (SQLite and PostgreSQL alike)."""
    hour = cast(extract("hour", starts_at), Integer)
    return case(*((hour < b.to_hour, b.key) for b in BANDS[:-1]), else_=BANDS[-1].key)


@dataclass(frozen=True)
class BarrierCounts:
    """Exit cards, and the cards naming each barrier, of one group of sessions (a venue, a band)."""

    label: str
    exit_cards: int = 0
    named: dict[str, int] = field(default_factory=lambda: dict.fromkeys(BARRIERS, 0))

    def rate(self, key: str) -> Rate:
        return Rate(self.named.get(key, 0), self.exit_cards)


@dataclass(frozen=True)
class Barriers:
    """Everything the page shows, for one organisation, one date range and the venues chosen."""

    filter: ReportFilter
    filter_words: str
    by_venue: list[BarrierCounts]
    by_band: list[BarrierCounts]
    total: BarrierCounts
    changes: tuple[InterventionEffect, ...]
    names: dict[str, str]  # venue names by id

    def headline(self) -> str:
        """The page's answer at a glance: which barrier the exit cards named most (with its counts), or why none."""
        cards = self.total.exit_cards
        if not cards:
            return _(
                "No exit cards were filled in at these sessions in this period, so there are no barriers to count."
            )
        most = max(self.total.named.values(), default=0)
        if not most:
            return ngettext(
                "The {n} exit card of these sessions named no barrier.",
                "None of the {n} exit cards of these sessions named a barrier.",
                cards,
            ).format(n=cards)
        top = [_(BARRIER_LABELS[b]) for b in BARRIERS if self.total.named.get(b, 0) == most]
        return ngettext(
            "Named most often: {barriers}, on {rate} of the exit cards.",
            "Named most often, equally: {barriers}, each on {rate} of the exit cards.",
            len(top),
        ).format(barriers=", ".join(top), rate=rate_text(Rate(most, cards), hide_small=False))

    def venue_table(self) -> TextTable:
        return rates_table(
            _("Barriers by venue: exit cards naming each, out of the venue's exit cards"),
            _("Venue"),
            [*self.by_venue, self.total],
        )

    def band_table(self) -> TextTable:
        return rates_table(
            _("Barriers by time of day: exit cards naming each, out of the exit cards of sessions at that time"),
            _("Time of day"),
            [*self.by_band, self.total],
        )

    def changes_table(self) -> TextTable:
        """The laptop's table of the changes (exact counts, as on the laptop's screen and in its CSV)."""
        return interventions_table(self.changes, self.names, hide_small=False)


def rates_table(caption: str, first: str, rows: Sequence[BarrierCounts]) -> TextTable:
    """A row a group: its exit cards, then each barrier's rate with its counts ("25% (3 of 12)")."""
    return TextTable(
        caption,
        (first, _("Exit cards"), *(_(BARRIER_LABELS[b]) for b in BARRIERS)),
        tuple((c.label, str(c.exit_cards), *(rate_text(c.rate(b), hide_small=False) for b in BARRIERS)) for c in rows),
    )


def _count_where(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return cast(func.coalesce(func.sum(cast(condition, Integer)), 0), Integer)


def counted_by(conn: Connection, t: Tables, f: ReportFilter, key: ColumnElement[str]) -> dict[str, BarrierCounts]:
    """Exit cards and cards naming each barrier, of the sessions ``f`` covers, grouped by ``key``."""
    found = conn.execute(
        select(key, func.count(), *(_count_where(d.names_barrier(b, t)) for b in BARRIERS))
        .select_from(d.exit_card_join(t))
        .where(d.exit_card_clause(f, t))
        .group_by(key)
    )
    return {
        str(group): BarrierCounts(str(group), int(cards), dict(zip(BARRIERS, map(int, named), strict=True)))
        for group, cards, *named in found
    }


def barriers(conn: Connection, scope: Scope, org_id: int, report_filter: ReportFilter, *, today: date) -> Barriers:
    """The page's numbers over the viewer's records of ``org_id``. ``report_filter.venue_ids``: the venues
    chosen (none: every venue the viewer may see). NotFound for an organisation or venue outside ``scope``."""
    f = report_filter
    for venue_id in f.venue_ids:
        scope.require_venue(org_id, venue_id)
    t = report_tables(scope, org_id)
    names = venue_labels(conn, scope, org_id)  # alike venues told apart
    shown = f.venue_ids or tuple(sorted(names, key=lambda v: names[v].casefold()))
    per_venue = counted_by(conn, t, f, t.sessions.c.venue_id)
    by_venue = [_labelled(per_venue.get(v), names.get(v) or _("a venue")) for v in shown]
    per_band = counted_by(conn, t, f, band_of(t.sessions.c.starts_at))
    by_band = [_labelled(per_band.get(b.key), _(b.name)) for b in BANDS]
    total = BarrierCounts(
        _("All these sessions"),
        sum(c.exit_cards for c in by_band),
        {b: sum(c.named[b] for c in by_band) for b in BARRIERS},
    )
    session = Session(bind=conn)
    changes = tuple(intervention_effects(session, f, today=today, t=t))
    return Barriers(f, describe(f, filter_names(session, t) | names), by_venue, by_band, total, changes, names)


def _labelled(counts: BarrierCounts | None, label: str) -> BarrierCounts:
    if counts is None:
        return BarrierCounts(label)
    return BarrierCounts(label, counts.exit_cards, counts.named)
