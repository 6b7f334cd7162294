"""How the hub names a venue: one name for each, so two venues called alike can be told apart.

Two laptops of one organisation may each have a "Curl Up & Dye Salon". Every page that names a venue
(the report's "Where", /barriers, /attention, /leaders) takes its names from ``venue_labels``: a venue
whose name no other venue the viewer sees shares keeps it as it is; venues sharing a name get their
chapter's name after it, or else their address, and as the last resort a number ("(2)").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, select

from hub.accounts_store import chapter_venues, chapters, user_chapters
from hub.projection import PROJECTED
from hub.scope import Scope


@dataclass(frozen=True)
class NamedVenue:
    """A venue as its laptop named it, with what else can tell it apart."""

    id: str
    name: str
    chapter: str = ""  # the name of a chapter it belongs to (the first by name), "" for none
    address: str = ""


def one_line(text: str) -> str:
    """An address on one line: its lines joined with commas, spaces tidied."""
    return ", ".join(part.strip() for part in text.replace("\r", "\n").split("\n") if part.strip())


def _clashes(labels: dict[str, str]) -> list[list[str]]:
    """The groups of venue ids whose labels read the same (ignoring case), each of two or more."""
    groups: dict[str, list[str]] = {}
    for venue_id, label in labels.items():
        groups.setdefault(label.strip().casefold(), []).append(venue_id)
    return [sorted(ids) for ids in groups.values() if len(ids) > 1]


def distinct_names(venues: Sequence[NamedVenue]) -> dict[str, str]:
    """venue id -> a name no other of ``venues`` reads the same as.

    A shared name is told apart by the first of these that does it for the whole group: the chapter
    ("Curl Up & Dye Salon (Northside)"), the address ("Curl Up & Dye Salon (12 High Street, Leeds)");
    failing both, the venues still alike are numbered in a stable order ("Curl Up & Dye Salon (2)").
    """
    by_id = {v.id: v for v in venues}
    labels = {v.id: v.name.strip() for v in venues}
    extras: tuple[Callable[[NamedVenue], str], ...] = (lambda v: v.chapter.strip(), lambda v: one_line(v.address))
    for group in _clashes(labels):
        for extra in extras:
            tried = {i: f"{by_id[i].name.strip()} ({extra(by_id[i])})" for i in group if extra(by_id[i])}
            if len(tried) == len(group) and not _clashes(tried):
                labels.update(tried)
                break
    for group in _clashes(labels):  # the last resort: still alike, so numbered
        for n, venue_id in enumerate(group[1:], start=2):
            labels[venue_id] = f"{labels[venue_id]} ({n})"
    return labels


def venue_labels(conn: Connection, scope: Scope, org_id: int) -> dict[str, str]:
    """venue id -> name, of the venues of ``org_id`` the viewer may read (not deleted), each told apart
    from the others (``distinct_names``). NotFound when ``org_id`` is not the viewer's to read."""
    allowed = scope.venues_in(org_id)
    v = PROJECTED["venues"]
    query = select(v.c.id, v.c.name, v.c.address).where(v.c.org_id == org_id, v.c.deleted.is_(False))
    if allowed is not None:
        query = query.where(v.c.id.in_(sorted(allowed)))
    found = conn.execute(query).all()
    # The chapters a venue is in, as the viewer knows them: a coordinator's own chapters only.
    named_by = select(chapter_venues.c.venue_id, chapters.c.name).join(
        chapters, chapters.c.id == chapter_venues.c.chapter_id
    )
    named_by = named_by.where(chapters.c.org_id == org_id)
    if allowed is not None:
        named_by = named_by.where(
            chapters.c.id.in_(select(user_chapters.c.chapter_id).where(user_chapters.c.user_id == scope.user_id))
        )
    chapter_of: dict[str, str] = {}
    for venue_id, chapter_name in sorted(conn.execute(named_by).all(), key=lambda r: str(r[1]).casefold()):
        chapter_of.setdefault(str(venue_id), str(chapter_name))
    return distinct_names(
        [NamedVenue(str(i), str(n or ""), chapter_of.get(str(i), ""), str(a or "")) for i, n, a in found]
    )
