"""Monthly series for the charts, against the hand-counted chapter in conftest.py.

Counted by hand, all time (S7 is a deleted session and counts nowhere):

    month  sessions held               visits        sign-ins kiosk/host/paper  estimate  exit cards (barriers)
    Jan    S1                   1      3 (A, B, D)   3 / 0 / 0                  0         c1 (none)               1
    Feb    S2                   1      3 (A, C, D)   3 / 1 (anonymous) / 0      0         c2 (time, childcare)    1
    Mar    S3                   1      1 (Ana once)  1 / 1 / 0 (Eve voided)     0         c3 (travel, other)      1
    Apr    S4                   1      1 (Cruz)      0 / 0 / 1 (Gus deleted)    0         -                       0
    May    S5, S6               2      5             5 / 0 / 0                  0         c5 (childcare)          1
    Jun    S9 (S8 not held)     1      0             0 / 0 / 0                  12        -                       0
"""

from __future__ import annotations

from datetime import date

from desktop.i18n import set_language
from desktop.reports import ReportFilter, build_report
from desktop.reports.series import attendance_series, barrier_series, ladder_funnel, percent

Q2 = ReportFilter(date(2026, 4, 1), date(2026, 6, 30))


def test_attendance_by_month_with_sign_ins_by_source_and_estimates(chapter):
    with chapter.db.session() as s:
        series = attendance_series(s)
    table = series.table()
    assert table.headers == (
        "Month",
        "Sessions held",
        "Visits",
        "Signed in at the kiosk",
        "Signed in by the host",
        "From a paper sheet",
        "The host's estimate",
    )
    assert table.rows == (
        ("January 2026", 1, 3, 3, 0, 0, 0),
        ("February 2026", 1, 3, 3, 1, 0, 0),
        ("March 2026", 1, 1, 1, 1, 0, 0),
        ("April 2026", 1, 1, 0, 0, 1, 0),
        ("May 2026", 2, 5, 5, 0, 0, 0),
        ("June 2026", 1, 0, 0, 0, 0, 12),
    )


def test_a_month_adds_up_to_the_report_for_that_month(chapter):
    with chapter.db.session() as s:
        may = ReportFilter(date(2026, 5, 1), date(2026, 5, 31))
        (month,) = attendance_series(s, may).months
        report = build_report(s, may)
        all_months = attendance_series(s).months
        everything = build_report(s)
    assert (month.sessions_held, month.visits, month.by_source) == (
        report.sessions_held,
        report.visits,
        report.headcount_by_source,
    )
    assert sum(m.visits for m in all_months) == everything.visits == 13
    assert sum(m.sessions_held for m in all_months) == everything.sessions_held == 7


def test_empty_months_of_the_range_are_shown_as_empty(chapter):
    with chapter.db.session() as s:
        summer = attendance_series(s, ReportFilter(date(2026, 6, 1), date(2026, 8, 31)))
        nothing = barrier_series(s, ReportFilter(venue_ids=("nowhere",)))
    # June: S9's estimate; July and August: nothing held, still listed.
    assert [(m.label, m.sessions_held, m.by_source["estimate"]) for m in summer.months] == [
        ("June 2026", 1, 12),
        ("July 2026", 0, 0),
        ("August 2026", 0, 0),
    ]
    # No range and nothing found: no months at all.
    assert nothing.months == []


def test_barriers_by_month_are_shares_of_that_months_exit_cards(chapter):
    with chapter.db.session() as s:
        series = barrier_series(s, Q2)
        year = barrier_series(s)
    # Q2: April no cards, May c5 (childcare), June no cards.
    assert [(m.label, m.exit_cards, m.counts["childcare"]) for m in series.months] == [
        ("April 2026", 0, 0),
        ("May 2026", 1, 1),
        ("June 2026", 0, 0),
    ]
    table = year.table()
    assert table.headers[:3] == ("Month", "Exit cards", "Time") and table.headers[-1] == "Something else"
    # February: c2 names time and childcare, 1 of 1 card each; travel none.
    feb = table.rows[1]
    assert feb[:2] == ("February 2026", 1)
    assert dict(zip(table.headers[2:], feb[2:], strict=True)) == {
        "Time": 1.0,
        "Getting here": 0.0,
        "Childcare": 1.0,
        "Language": 0.0,
        "Access": 0.0,
        "Cost": 0.0,
        "Something else": 0.0,
    }
    # March: c3 (travel, other); the deleted card and the deleted session's card do not count.
    assert year.months[2].exit_cards == 1 and year.months[2].counts["travel"] == 1
    assert year.months[2].counts["cost"] == 0 and percent(year.months[2].rate("travel")) == "100%"


def test_the_ladder_funnel_counts_people_at_each_step(chapter):
    with chapter.db.session() as s:
        funnel = ladder_funnel(s)
        q2 = ladder_funnel(s, Q2)
        report = build_report(s, Q2)
    # All time: Eve came once; Cruz, Dee and Fay twice or more; Ana helped at S3, Gus's helping step;
    # Ben's co-hosting step, Hal made co-host on his record; nobody hosted (Cruz's step was deleted).
    assert funnel.table().rows == (
        ("Newcomer", 1),
        ("Returner", 3),
        ("Peer helper", 2),
        ("Co-host", 2),
        ("Host", 0),
    )
    assert q2.people == report.ladder


def test_the_tables_read_in_spanish(chapter):
    set_language("es")
    try:
        with chapter.db.session() as s:
            table = attendance_series(s).table()
        assert table.rows[0][0] == "enero de 2026" and table.headers[0] != "Month"
    finally:
        set_language("en")
