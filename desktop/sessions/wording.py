"""How a session's people are put into words: who is here while it runs, who came once it is over.

Every page that counts a session's people words it here, so a closed session never says "10 here now".
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from desktop.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from desktop.signin.attendance import RosterRow

# A session's status in words, wherever it is shown.
STATUS_LABELS = {"planned": N_("Planned"), "open": N_("Open"), "closed": N_("Closed")}


def session_is_over(status: str, ends_at: datetime, now: datetime) -> bool:
    """Closed, or planned and past its end without ever being opened: nobody is there any more.

    An open session that runs late is not over: people may still be in the room.
    """
    return status == "closed" or (status == "planned" and ends_at <= now)


def people_count(signed_in: int, capacity: int, over: bool) -> str:
    """The count beside a session: "3 of 12 signed in" while it is on, "10 people came" once it is over."""
    if over:
        return ngettext("{n} person came", "{n} people came", signed_in).format(n=signed_in)
    return _("{n} of {cap} signed in").format(n=signed_in, cap=capacity)


def people_count_short(signed_in: int, capacity: int, over: bool) -> str:
    """The same count in a list's narrow column: "3 of 12" while it is on, "10 came" once it is over."""
    if over:
        return ngettext("{n} came", "{n} came", signed_in).format(n=signed_in)
    return _("{n} of {cap}").format(n=signed_in, cap=capacity)


def roster_summary(people: Sequence[RosterRow], over: bool) -> str:
    """One sentence under the roster: how many are here now, or, once it is over, who came."""
    total = len(people)
    helpers = sum(p.as_helper for p in people)
    first = sum(p.first_visit for p in people)
    if over:
        parts = [
            ngettext("{n} person came", "{n} people came", total).format(n=total),
            ngettext("{n} helped", "{n} helped", helpers).format(n=helpers),
            ngettext("{n} came for the first time", "{n} came for the first time", first).format(n=first),
        ]
    else:
        here = sum(p.here for p in people)
        parts = [
            ngettext("{n} here now", "{n} here now", here).format(n=here),
            ngettext("{n} signed in", "{n} signed in", total).format(n=total),
            ngettext("{n} helping", "{n} helping", helpers).format(n=helpers),
            ngettext("{n} here for the first time", "{n} here for the first time", first).format(n=first),
        ]
    return ", ".join(parts) + "."
