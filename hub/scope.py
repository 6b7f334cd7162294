"""What a signed-in person may see: the one place every web page's query is scoped.

A ``Scope`` is worked out once per request from the account (``scope_of``). Readers of records
take a Scope and ask it (``org_ids``, ``venues_in``, ``require_org``), so a query cannot be written
without one. Out-of-scope ids answer ``NotFound`` (a 404, never a 403): whether something exists
in another organisation is itself not to be learnt.

- hub admin: every organisation, no names of people;
- organisation admin: every venue of their organisation, names included;
- coordinator: the venues of their chapters in their organisation, names included;
- funder: no records at all, only aggregates of the organisations that opted in to them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import Connection, select

from hub.accounts import User
from hub.accounts_store import (
    COORDINATOR,
    FUNDER,
    HUB_ADMIN,
    ORG_ADMIN,
    ROLES,
    chapter_venues,
    funder_orgs,
    user_chapters,
)
from hub.store import organisations


class NotFound(Exception):
    """Not there, or not this viewer's to see: the two answer alike."""


# The most digits an id typed in an address may have: more than any database integer holds is no id.
ID_DIGITS = 18


def id_asked(text: str) -> int:
    """An id from an address or a form (``?org=12``): plain digits 0-9, else NotFound, as any id not theirs.

    ``str.isdigit`` alone also says yes to "²" and to 5000 digits, which ``int`` refuses (a 500)."""
    if not (text.isascii() and text.isdigit()) or len(text) > ID_DIGITS:
        raise NotFound
    return int(text)


@dataclass(frozen=True)
class Scope:
    user_id: int
    role: str
    # Organisations whose records (sessions, venues, counts per venue) the viewer may read.
    orgs: frozenset[int]
    # For a coordinator: the venue ids they may read in their organisation. None: all venues.
    venues: frozenset[str] | None = None
    # For a funder: the organisations whose aggregates (and only aggregates) they may read.
    aggregate_orgs: frozenset[int] = field(default_factory=frozenset)
    # Whether people's names may be shown (ready-for-the-next-step lists and the like).
    may_see_names: bool = False

    @property
    def is_funder(self) -> bool:
        return self.role == FUNDER

    @property
    def is_hub_admin(self) -> bool:
        return self.role == HUB_ADMIN

    def require_org(self, org_id: int) -> int:
        """``org_id`` if the viewer may read its records, else NotFound."""
        if org_id not in self.orgs:
            raise NotFound
        return org_id

    def venues_in(self, org_id: int) -> frozenset[str] | None:
        """The venue ids of ``org_id`` the viewer may read (None: all of them). NotFound if none."""
        self.require_org(org_id)
        return self.venues

    def allows_venue(self, org_id: int, venue_id: str) -> bool:
        return org_id in self.orgs and (self.venues is None or venue_id in self.venues)

    def require_venue(self, org_id: int, venue_id: str) -> str:
        if not self.allows_venue(org_id, venue_id):
            raise NotFound
        return venue_id

    @property
    def administers(self) -> bool:
        """Whether the viewer manages accounts and reads the audit log (of ``orgs``; a hub admin: of all)."""
        return self.role in (HUB_ADMIN, ORG_ADMIN)

    def require_manageable(self, target: User) -> User:
        """``target`` if the viewer may disable, enable or re-invite it, else NotFound.

        A hub admin manages every account; an organisation admin their organisation's admins and
        coordinators. Nobody manages their own account here (they would lock themselves out).
        """
        if target.id == self.user_id:
            raise NotFound
        if self.role == HUB_ADMIN:
            return target
        if self.role == ORG_ADMIN and target.org_id in self.orgs and target.role in (ORG_ADMIN, COORDINATOR):
            return target
        raise NotFound

    def invitable_roles(self) -> tuple[str, ...]:
        """The roles of the accounts the viewer may create: a hub admin any; an organisation admin the
        admins and coordinators of their own organisation; anyone else none."""
        if self.role == HUB_ADMIN:
            return ROLES
        if self.role == ORG_ADMIN:
            return (ORG_ADMIN, COORDINATOR)
        return ()

    def require_invitable(self, role: str, org_id: int | None) -> None:
        """NotFound unless the viewer may create an account of ``role`` in ``org_id`` (for an admin or a
        coordinator of an organisation; None for the other roles)."""
        if role not in self.invitable_roles():
            raise NotFound
        if role in (ORG_ADMIN, COORDINATOR):
            if org_id is None:
                raise NotFound
            self.require_org(org_id)

    def require_aggregates(self, org_ids: Iterable[int]) -> frozenset[int]:
        """The organisations a funder page may add up: those asked for that opted in to this funder."""
        wanted = frozenset(org_ids)
        if not wanted <= self.aggregate_orgs:
            raise NotFound
        return wanted


def scope_of(conn: Connection, user: User) -> Scope:
    """The viewer's scope, read afresh for every request (a changed role applies at once)."""
    if user.disabled:
        return Scope(user.id, user.role, frozenset())
    if user.role == HUB_ADMIN:
        every = frozenset(conn.execute(select(organisations.c.id)).scalars())
        return Scope(user.id, user.role, every)
    if user.role == ORG_ADMIN and user.org_id is not None:
        return Scope(user.id, user.role, frozenset({user.org_id}), may_see_names=True)
    if user.role == COORDINATOR and user.org_id is not None:
        venues = frozenset(
            conn.execute(
                select(chapter_venues.c.venue_id)
                .join(user_chapters, user_chapters.c.chapter_id == chapter_venues.c.chapter_id)
                .where(user_chapters.c.user_id == user.id)
            ).scalars()
        )
        return Scope(user.id, user.role, frozenset({user.org_id}), venues=venues, may_see_names=True)
    if user.role == FUNDER and user.funder_id is not None:
        opted_in = frozenset(
            conn.execute(select(funder_orgs.c.org_id).where(funder_orgs.c.funder_id == user.funder_id)).scalars()
        )
        return Scope(user.id, user.role, frozenset(), aggregate_orgs=opted_in)
    return Scope(user.id, user.role, frozenset())  # an account missing its organisation sees nothing
