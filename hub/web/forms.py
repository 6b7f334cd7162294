"""What the pages' forms share: reading a day typed in a box."""

from __future__ import annotations

from datetime import date

# The days a form may ask about. No session is held outside them, and a range running up to the
# calendar's last day (9999-12-31) would take the month arithmetic of the reports off its end.
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2999, 12, 31)


def form_day(text: str) -> date | None:
    """The day ``text`` names (2026-01-31), or None if it is not a day between FIRST_DAY and LAST_DAY."""
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        return None
    return day if FIRST_DAY <= day <= LAST_DAY else None
