"""Dates and times as people read them, in English or Spanish, on this laptop's clock.

One table of month and weekday names serves every screen and handout. The language is passed in
(a handout is printed in its own language, whatever the app's is); a language without its own
table reads English.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

MONTHS: dict[str, tuple[str, ...]] = {
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    "es": (
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ),
}
WEEKDAYS: dict[str, tuple[str, ...]] = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "es": ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
}

# Times are stored in UTC (``desktop.models.utcnow``), except these, stored as the venue's wall-clock time.
WALL_CLOCK = frozenset({("sessions", "starts_at")})


def _names(table: dict[str, tuple[str, ...]], language: str) -> tuple[str, ...]:
    return table.get(language, table["en"])


def month_name(month: int, language: str) -> str:
    return _names(MONTHS, language)[month - 1]


def weekday_name(day: date, language: str) -> str:
    return _names(WEEKDAYS, language)[day.weekday()]


def day_text(day: date, language: str, *, with_year: bool = False) -> str:
    """ "Tuesday 3 March" ("martes 3 de marzo"); with the year, "Tuesday 3 March 2026"."""
    weekday, month = weekday_name(day, language), month_name(day.month, language)
    if language == "es":
        return f"{weekday} {day.day} de {month}" + (f" de {day.year}" if with_year else "")
    return f"{weekday} {day.day} {month}" + (f" {day.year}" if with_year else "")


def date_text(when: date, language: str, *, with_time: bool = True) -> str:
    """ "Tuesday 3 March 2026, 14:05" ("martes 3 de marzo de 2026, 14:05"); a date alone has no time."""
    text = day_text(when, language, with_year=True)
    return text + (f", {when:%H:%M}" if with_time and isinstance(when, datetime) else "")


def from_utc(moment: datetime) -> datetime:
    """A stored time (naive UTC, or aware) as naive local time on this laptop's clock."""
    aware = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
    return aware.astimezone().replace(tzinfo=None)


def stored_as_local(table: str, field: str, moment: datetime) -> datetime:
    """A stored time of ``table.field`` as naive local time: wall-clock fields are already local."""
    if (table, field) in WALL_CLOCK:
        return moment.replace(tzinfo=None) if moment.tzinfo is None else moment.astimezone().replace(tzinfo=None)
    return from_utc(moment)
