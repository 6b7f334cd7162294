"""Days in the app's language, as the host's lists and a person's path show them ("sáb 14 mar 2026")."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QDate, QLocale

from desktop.i18n import current_language


def format_day(day: date | datetime) -> str:
    """A day with its weekday, in the current language; the time of day is left out."""
    if isinstance(day, datetime):
        day = day.date()
    return QLocale(current_language()).toString(QDate(day.year, day.month, day.day), "ddd d MMM yyyy")
