"""Which sessions a report covers: a date range (from a preset or chosen), venues, lessons and languages.

A filter selects *sessions*; every count in a report is about the visits to,
and exit cards from, the sessions it selects. ``describe`` says the filter in
words for the page, the printed report and every export.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import Enum

from sqlalchemy import ColumnElement, FromClause, String, and_, cast, or_, true

from desktop.dates import month_name
from desktop.i18n import N_, _, current_language
from desktop.languages import language_name


class Preset(Enum):
    """The date ranges offered first; each is a whole calendar period around ``today``."""

    THIS_MONTH = "this_month"
    LAST_MONTH = "last_month"
    THIS_QUARTER = "this_quarter"
    LAST_QUARTER = "last_quarter"
    THIS_YEAR = "this_year"
    ALL_TIME = "all_time"
    CUSTOM = "custom"

    @property
    def label(self) -> str:
        """The preset's name, marked with N_: show it through ``_``."""
        return PRESET_LABELS[self]


PRESET_LABELS = {
    Preset.THIS_MONTH: N_("This month"),
    Preset.LAST_MONTH: N_("Last month"),
    Preset.THIS_QUARTER: N_("This quarter"),
    Preset.LAST_QUARTER: N_("Last quarter"),
    Preset.THIS_YEAR: N_("This year"),
    Preset.ALL_TIME: N_("All time"),
    Preset.CUSTOM: N_("Choose dates"),
}


def _month_end(year: int, month: int) -> date:
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return following - timedelta(days=1)


def preset_range(preset: Preset, today: date) -> tuple[date | None, date | None]:
    """First and last day (both included) of ``preset`` seen from ``today``; (None, None) for all time.

    CUSTOM has no range of its own: it answers (None, None) and the caller gives the dates.
    """
    if preset is Preset.THIS_MONTH:
        return today.replace(day=1), _month_end(today.year, today.month)
    if preset is Preset.LAST_MONTH:
        last = today.replace(day=1) - timedelta(days=1)
        return last.replace(day=1), last
    if preset in (Preset.THIS_QUARTER, Preset.LAST_QUARTER):
        first_month = 3 * ((today.month - 1) // 3) + 1
        start = date(today.year, first_month, 1)
        if preset is Preset.LAST_QUARTER:
            start = date(start.year - 1, 10, 1) if first_month == 1 else date(start.year, first_month - 3, 1)
        return start, _month_end(start.year, start.month + 2)
    if preset is Preset.THIS_YEAR:
        return date(today.year, 1, 1), date(today.year, 12, 31)
    return None, None


@dataclass(frozen=True)
class ReportFilter:
    """The sessions a report covers. Empty tuples mean "any"; ``start``/``end`` are included days.

    Lessons match a session that used any of them; languages match the session's language.
    """

    start: date | None = None
    end: date | None = None
    venue_ids: tuple[str, ...] = ()
    lesson_ids: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()

    @classmethod
    def preset(
        cls,
        preset: Preset,
        today: date,
        *,
        venue_ids: Sequence[str] = (),
        lesson_ids: Sequence[str] = (),
        languages: Sequence[str] = (),
    ) -> ReportFilter:
        start, end = preset_range(preset, today)
        return cls(start, end, tuple(venue_ids), tuple(lesson_ids), tuple(languages))

    @property
    def starts_from(self) -> datetime | None:
        """The first moment covered (sessions' ``starts_at`` is venue-local time, as these bounds)."""
        return datetime.combine(self.start, time.min) if self.start else None

    @property
    def ends_before(self) -> datetime | None:
        """The first moment no longer covered: midnight after ``end``."""
        return datetime.combine(self.end + timedelta(days=1), time.min) if self.end else None

    def date_clause(self, sessions: FromClause) -> ColumnElement[bool]:
        """Sessions whose start falls in the date range."""
        starts_at = sessions.c.starts_at
        parts: list[ColumnElement[bool]] = []
        if self.starts_from is not None:
            parts.append(starts_at >= self.starts_from)
        if self.ends_before is not None:
            parts.append(starts_at < self.ends_before)
        return and_(true(), *parts)

    def session_clause(self, sessions: FromClause) -> ColumnElement[bool]:
        """The sessions this filter covers, as a condition on a table shaped like ``sessions``."""
        return and_(self.date_clause(sessions), self.kind_clause(sessions))

    @property
    def picks_kinds(self) -> bool:
        """Whether the filter asks more of a session than its date (a venue, lesson or language)."""
        return bool(self.venue_ids or self.lesson_ids or self.languages)

    def kind_clause(self, sessions: FromClause) -> ColumnElement[bool]:
        """Sessions at the filter's venues, teaching its lessons, in its languages (any date)."""
        parts: list[ColumnElement[bool]] = [true()]
        if self.venue_ids:
            parts.append(sessions.c.venue_id.in_(self.venue_ids))
        if self.languages:
            parts.append(sessions.c.language.in_(self.languages))
        if self.lesson_ids:
            # lesson_ids is a JSON list of ids; matching the quoted id works on SQLite and PostgreSQL alike.
            listed = cast(sessions.c.lesson_ids, String)
            parts.append(or_(*(listed.like(f'%"{lesson_id}"%') for lesson_id in self.lesson_ids)))
        return and_(*parts)


def _day(day: date, with_year: bool) -> str:
    month = month_name(day.month, current_language())
    if with_year:
        return _("{day} {month} {year}").format(day=day.day, month=month, year=day.year)
    return _("{day} {month}").format(day=day.day, month=month)


def _either(names: Sequence[str]) -> str:
    """ "A", "A or B", "A, B or C"."""
    if len(names) <= 1:
        return "".join(names)
    return _("{some} or {last}").format(some=", ".join(names[:-1]), last=names[-1])


def describe(report_filter: ReportFilter, names: Mapping[str, str]) -> str:
    """The filter in one sentence of the current language, e.g. "Sessions from 1 September to
    30 November 2026 at St Mary's Library, in Spanish". ``names`` maps venue and lesson ids to
    their names (an id without a name is shown as "a venue" or "a lesson")."""
    f = report_filter
    if f.start and f.end:
        same_year = f.start.year == f.end.year
        text = _("Sessions from {start} to {end}").format(
            start=_day(f.start, with_year=not same_year), end=_day(f.end, with_year=True)
        )
    elif f.start:
        text = _("Sessions from {start} on").format(start=_day(f.start, with_year=True))
    elif f.end:
        text = _("Sessions up to {end}").format(end=_day(f.end, with_year=True))
    else:
        text = _("All sessions")
    if f.venue_ids:
        venues = [names.get(v) or _("a venue") for v in f.venue_ids]
        text = _("{sessions} at {venues}").format(sessions=text, venues=_either(venues))
    if f.lesson_ids:
        lessons = [names.get(v) or _("a lesson") for v in f.lesson_ids]
        text = _("{sessions}, teaching {lessons}").format(sessions=text, lessons=_either(lessons))
    if f.languages:
        languages = [language_name(code) for code in f.languages]
        text = _("{sessions}, in {languages}").format(sessions=text, languages=_either(languages))
    return text
