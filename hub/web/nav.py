"""The page registry: every page of the web side, its title and the roles that see it.

The menu, the home page and the browser tests' sweep (axe, 320 px, keyboard) all read ``PAGES``,
so a page added here is linked, listed and checked. Each page module adds its own line.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.i18n import N_
from hub.accounts_store import COORDINATOR, FUNDER, HUB_ADMIN, ORG_ADMIN, ROLES

ADMINS = frozenset({HUB_ADMIN, ORG_ADMIN})
RECORD_READERS = frozenset({HUB_ADMIN, ORG_ADMIN, COORDINATOR})  # everyone who may read an organisation's records
EVERYONE = frozenset(ROLES)
FUNDERS = frozenset({FUNDER})


@dataclass(frozen=True)
class Page:
    path: str
    title: str  # a msgid (N_): translated when shown
    roles: frozenset[str]
    summary: str = ""  # a msgid: one line on the home page saying what the page is for
    public: bool = False  # anyone may open it, signed in or not (the sweep visits it signed out too)


PAGES: list[Page] = [
    Page("/users", N_("People and access"), ADMINS, N_("Invite people, and stop or restore their access.")),
    Page("/users/new", N_("Invite someone"), ADMINS, N_("Give a new person access, by a link to set a password.")),
    Page("/audit", N_("Audit log"), ADMINS, N_("Every export and every change of who may see what.")),
    Page("/health", N_("Health board"), RECORD_READERS, N_("Which venues are active, going quiet or dormant.")),
    Page("/attention", N_("Needs attention"), RECORD_READERS, N_("What sessions and laptops are missing.")),
    Page("/leaders", N_("Leaders"), RECORD_READERS, N_("The ladder, who is ready for the next step, and hosts' load.")),
    Page("/report", N_("Report"), RECORD_READERS, N_("Counts for any dates, month by month, to print or download.")),
    Page(
        "/barriers", N_("What keeps people away"), RECORD_READERS, N_("Barriers by venue and time, and changes made.")
    ),
    Page("/funder", N_("Figures shared with you"), FUNDERS, N_("Counts across the organisations sharing them.")),
    Page("/find", N_("Find a session"), EVERYONE, N_("The public page of upcoming sessions."), public=True),
    # Public when the hub's admin says so (onramp-hub commons public on); else signed-in only (hub.web.pages.commons).
    Page("/commons", N_("Lesson commons"), EVERYONE, N_("Lessons every organisation shares, to use."), public=True),
]


def pages_for(role: str) -> list[Page]:
    """The pages a viewer with ``role`` may open, in menu order."""
    return [page for page in PAGES if role in page.roles]


def page_at(path: str) -> Page | None:
    return next((page for page in PAGES if page.path == path), None)
