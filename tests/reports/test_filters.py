"""Report filters: each preset from a fixed day, and the filter said in words in English and Spanish."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.i18n import set_language
from desktop.reports import Preset, ReportFilter, describe, preset_range

MID_MAY = date(2026, 5, 20)


@pytest.mark.parametrize(
    ("preset", "today", "expected"),
    [
        (Preset.THIS_MONTH, MID_MAY, (date(2026, 5, 1), date(2026, 5, 31))),
        (Preset.LAST_MONTH, MID_MAY, (date(2026, 4, 1), date(2026, 4, 30))),
        (Preset.THIS_QUARTER, MID_MAY, (date(2026, 4, 1), date(2026, 6, 30))),
        (Preset.LAST_QUARTER, MID_MAY, (date(2026, 1, 1), date(2026, 3, 31))),
        (Preset.THIS_YEAR, MID_MAY, (date(2026, 1, 1), date(2026, 12, 31))),
        (Preset.ALL_TIME, MID_MAY, (None, None)),
        (Preset.CUSTOM, MID_MAY, (None, None)),
        # Across the turn of the year, and on the last day of a quarter or a leap February.
        (Preset.LAST_MONTH, date(2026, 1, 15), (date(2025, 12, 1), date(2025, 12, 31))),
        (Preset.LAST_QUARTER, date(2026, 2, 1), (date(2025, 10, 1), date(2025, 12, 31))),
        (Preset.THIS_QUARTER, date(2026, 12, 31), (date(2026, 10, 1), date(2026, 12, 31))),
        (Preset.THIS_MONTH, date(2028, 2, 10), (date(2028, 2, 1), date(2028, 2, 29))),
    ],
)
def test_each_preset_is_a_whole_calendar_period_around_today(preset, today, expected):
    assert preset_range(preset, today) == expected


def test_a_preset_filter_keeps_its_venues_lessons_and_languages():
    f = ReportFilter.preset(Preset.LAST_QUARTER, MID_MAY, venue_ids=["v"], lesson_ids=["l"], languages=["es"])
    assert f == ReportFilter(date(2026, 1, 1), date(2026, 3, 31), ("v",), ("l",), ("es",))


def test_the_last_day_is_included_to_midnight():
    f = ReportFilter(date(2026, 9, 1), date(2026, 11, 30))
    assert str(f.ends_before) == "2026-12-01 00:00:00" and str(f.starts_from) == "2026-09-01 00:00:00"


NAMES = {"v1": "St Mary's Library", "v2": "Union Hall", "l1": "Your first web page"}


@pytest.fixture
def spanish():
    set_language("es")
    yield
    set_language("en")


def test_a_filter_in_words_in_english():
    f = ReportFilter(date(2026, 9, 1), date(2026, 11, 30), venue_ids=("v1",), languages=("es",))
    assert describe(f, NAMES) == "Sessions from 1 September to 30 November 2026 at St Mary's Library, in Spanish"
    assert describe(ReportFilter(), NAMES) == "All sessions"
    f = ReportFilter(date(2025, 12, 1), date(2026, 1, 31), venue_ids=("v1", "v2"), lesson_ids=("l1",))
    assert describe(f, NAMES) == (
        "Sessions from 1 December 2025 to 31 January 2026 at St Mary's Library or Union Hall, "
        "teaching Your first web page"
    )
    assert describe(ReportFilter(start=date(2026, 3, 1)), NAMES) == "Sessions from 1 March 2026 on"


def test_a_filter_in_words_in_spanish(spanish):
    f = ReportFilter(date(2026, 9, 1), date(2026, 11, 30), venue_ids=("v1",), languages=("es",))
    assert describe(f, NAMES) == (
        "Sesiones del 1 de septiembre al 30 de noviembre de 2026 en St Mary's Library, en español"
    )
    assert describe(ReportFilter(), NAMES) == "Todas las sesiones"
    assert describe(ReportFilter(end=date(2026, 3, 31), languages=("en", "es")), NAMES) == (
        "Sesiones hasta el 31 de marzo de 2026, en inglés o español"
    )
