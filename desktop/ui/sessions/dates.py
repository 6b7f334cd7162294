"""Dates the way the reader's language writes them ("Thu 19 Nov" / "jue 19 nov")."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from PySide6.QtCore import QDate, QDateTime, QLocale, QTime

from desktop.i18n import current_language


@lru_cache(maxsize=8)
def _locale(code: str) -> QLocale:
    return QLocale(code)  # building a QLocale is slow; lists format thousands of dates


def qdatetime(when: datetime) -> QDateTime:
    """``when`` for Qt, to the second (spelt out: not every PySide6 release types QDateTime(datetime))."""
    return QDateTime(QDate(when.year, when.month, when.day), QTime(when.hour, when.minute, when.second))


def day_and_time(when: datetime, with_year: bool = False) -> str:
    fmt = "ddd d MMM yyyy, HH:mm" if with_year else "ddd d MMM, HH:mm"
    return _locale(current_language()).toString(qdatetime(when), fmt)
