"""build_counts gives build_report's counts, without the ladder and the remarks, for every filter."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from desktop.reports import ReportFilter, build_report
from desktop.reports.report import Report, build_counts


def without_ladder_and_remarks(report: Report) -> Report:
    return replace(report, ladder=Report(report.filter).ladder, remarks=[])


@pytest.mark.parametrize(
    "f",
    [
        ReportFilter(),
        ReportFilter(date(2026, 1, 1), date(2026, 3, 31)),
        ReportFilter(date(2026, 2, 1), date(2026, 2, 28)),
        ReportFilter(None, date(2026, 4, 30)),
        ReportFilter(date(2026, 3, 1), date(2026, 6, 30), venue_ids=("A",)),
    ],
    ids=["all time", "first quarter", "one month", "up to April", "one venue"],
)
def test_the_counts_are_the_reports_own(chapter, f):
    if f.venue_ids:
        f = replace(f, venue_ids=(chapter.venue["A"],))
    with chapter.db.transaction() as s:
        full, counts = build_report(s, f, viewer_is_host=True), build_counts(s, f)
    assert full.people and full.remarks and any(full.ladder.values()), "nothing to compare"
    assert counts == without_ladder_and_remarks(full)
    assert not any(counts.ladder.values()) and counts.remarks == []
