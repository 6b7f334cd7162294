"""A session's headcount and where it came from, in words a host (or a funder) reads.

People counted at the kiosk, added by the host, typed in from the paper sheet, or, when nobody signed
in, the host's estimate: a skipped check-in must never read as nobody coming. A session with sign-ins is
counted from them, never from an estimate (the rule ``reports`` counts by too).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.i18n import _, ngettext
from desktop.learning import estimate_is_wanted
from desktop.models import SignIn, TasterSession
from desktop.reports.definitions import live_sign_in
from desktop.sessions.wording import people_count
from desktop.signin.people import NotFound
from desktop.vocabulary import SIGN_IN_SOURCES


@dataclass(frozen=True)
class Headcount:
    """Standing sign-ins by source (``SIGN_IN_SOURCES``), and the host's estimate (None: none given)."""

    status: str
    by_source: dict[str, int]
    estimate: int | None

    @property
    def signed_in(self) -> int:
        return sum(self.by_source.values())

    @property
    def may_estimate(self) -> bool:
        """The host may give (or change) an estimate: the session is closed and nobody signed in."""
        return self.status == "closed" and self.signed_in == 0

    @property
    def wants_estimate(self) -> bool:
        """The host should be asked how many came (``learning.estimate_is_wanted``)."""
        return estimate_is_wanted(self.status, self.signed_in, self.estimate)


def session_headcount(session: Session, session_id: str) -> Headcount:
    ts = session.get(TasterSession, session_id)
    if ts is None or ts.deleted:
        raise NotFound(_("That session is no longer on this laptop."))
    counted = dict.fromkeys(SIGN_IN_SOURCES, 0)
    rows = session.execute(
        select(SignIn.source, func.count())
        .where(SignIn.session_id == session_id, live_sign_in())
        .group_by(SignIn.source)
    )
    for source, n in rows:
        counted[source if source in counted else "kiosk"] += n
    return Headcount(ts.status, counted, ts.headcount_estimate)


def _from_source(source: str, n: int) -> str:
    if source == "host":
        return ngettext("{n} added by the host", "{n} added by the host", n).format(n=n)
    if source == "paper":
        return ngettext("{n} from the paper sheet", "{n} from the paper sheet", n).format(n=n)
    return ngettext("{n} signed in at the kiosk", "{n} signed in at the kiosk", n).format(n=n)


def headcount_in_words(count: Headcount) -> str:
    """ "12 signed in at the kiosk, 3 added by the host, 4 from the paper sheet", or "About 15 (the host's
    estimate)", or that nobody signed in and there is no estimate yet."""
    if count.signed_in:
        return ", ".join(_from_source(source, n) for source, n in count.by_source.items() if n)
    if count.estimate == 0:
        return _("Nobody came (the host's estimate)")
    if count.estimate is not None:
        n = count.estimate
        return ngettext("About {n} (the host's estimate)", "About {n} (the host's estimate)", n).format(n=n)
    return _("Nobody signed in, and there is no estimate of how many came.")


def total_in_words(count: Headcount, over: bool, capacity: int) -> str:
    """The count beside a session, honest about where it came from: "10 people came" once it is over, or
    "about 15 came (estimate)" when the host counted by eye, or "nobody signed in"."""
    if count.signed_in or not over or count.status != "closed":
        return people_count(count.signed_in, capacity, over)
    if count.estimate is not None:
        n = count.estimate
        return ngettext("about {n} came (estimate)", "about {n} came (estimate)", n).format(n=n)
    return _("nobody signed in")
