"""What a report's filter can be narrowed to: the venues, lessons and languages the records hold."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.reports.definitions import LAPTOP, Tables


@dataclass(frozen=True)
class FilterChoices:
    """(id, name) of venues and lessons, by name; session language codes, in code order."""

    venues: list[tuple[str, str]] = field(default_factory=list)
    lessons: list[tuple[str, str]] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)

    @property
    def names(self) -> dict[str, str]:
        """Venue and lesson ids to their names, as ``filters.describe`` takes them."""
        return dict(self.venues) | dict(self.lessons)


def filter_choices(session: Session, t: Tables = LAPTOP) -> FilterChoices:
    """Venues and lessons still on record (erased-from-the-list lessons too: old sessions taught them),
    and the languages sessions were held in."""
    v, le, ts = t.venues, t.lessons, t.sessions
    venues = session.execute(select(v.c.id, v.c.name).where(v.c.deleted.is_(False)).order_by(v.c.name))
    lessons = session.execute(select(le.c.id, le.c.title).where(le.c.deleted.is_(False)).order_by(le.c.title))
    languages = session.scalars(select(ts.c.language).where(ts.c.deleted.is_(False)).distinct().order_by(ts.c.language))
    return FilterChoices(
        [(i, n) for i, n in venues], [(i, title) for i, title in lessons], [code for code in languages if code]
    )
