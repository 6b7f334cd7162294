"""The Reports page: who came, first timers and returners, what made it hard to come."""

from __future__ import annotations


def test_reports_count_first_timers_and_returners(controller):
    page = controller.window.show_page("reports")
    report = page.report
    assert report is not None and report.people > 0
    # All time: everyone's first visit falls in the window; returners are those who came more than once.
    assert report.first_timers == report.people and 0 < report.returners < report.people
    assert sum(report.barriers.values()) > 0
