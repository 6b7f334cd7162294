"""The reports domain (no Qt): who comes, who comes back, who stopped coming, what people said, who is
ready to lead.

- ``filters``: ``ReportFilter`` (dates, venues, lessons, languages), its presets and ``describe``.
- ``definitions``: each rule once, as SQL building blocks with its explanation in plain words.
- ``report``: ``build_report(session, filter, viewer_is_host=...) -> Report``.
"""

from desktop.reports.filters import Preset, ReportFilter, describe, preset_range
from desktop.reports.report import HEADCOUNT_SOURCES, Remark, Report, build_report, share

__all__ = [
    "HEADCOUNT_SOURCES",
    "Preset",
    "Remark",
    "Report",
    "ReportFilter",
    "build_report",
    "describe",
    "preset_range",
    "share",
]
